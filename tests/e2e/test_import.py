"""`recist import` (issue 33): viewer exports (DICOM SR TID 1500, AIM JSON, AIM XML) → the native
measurements CSV, which `recist assess` reads unchanged.

- ePAD's patient 7 (AIM JSON, four time points) through import + assess reproduces ePAD's own
  RECIST table (tests/viewer/aim-json-epad-patient7/expected_patient7_recist_table.json) where
  the guideline and ePAD agree, and the one place they part is checked and explained below.
- Round trip: the imported track, assessed, equals the assessment of a hand-typed CSV of the same
  values.
- Refusals and exit codes (SPEC §5): 1 when a value was refused (the rest still written), 3 for
  a file that is no viewer export, 2 for a usage error.
"""
import csv
import glob
import io
import json
import os
import tempfile
from decimal import ROUND_HALF_UP, Decimal

from e2e import check, equal, main, path, run, write_temp

VIEWER = path("tests", "viewer")
PATIENT7 = sorted(f for f in glob.glob(os.path.join(VIEWER, "aim-json-epad-patient7", "*.json"))
                  if not os.path.basename(f).startswith("expected"))
WORK = tempfile.mkdtemp(prefix="recist-import-")


def half_up(x, places):
    """Half away from zero (the values here are positive or we round magnitudes) to `places` decimals."""
    q = Decimal(1).scaleb(-places)
    d = Decimal(str(x))
    r = abs(d).quantize(q, rounding=ROUND_HALF_UP)
    return float(r if d >= 0 else -r)


def imported(*args, expect=0):
    out = os.path.join(WORK, "track.csv")
    p = run("import", *args, "-o", out)
    equal(p.returncode, expect, f"recist import exit code (stderr {p.stderr[:600]})")
    with open(out, encoding="utf-8") as f:
        return out, f.read(), p.stderr


def assess(file):
    p = run("assess", "--format", "json", file)
    check(p.returncode == 0, f"assess: exit {p.returncode}: {p.stderr[:300]}")
    return json.loads(p.stdout)


def test_patient7_reproduces_epads_recist_table():
    out, _, _ = imported("--linear-unit", "cm", *PATIENT7)
    result = assess(out)
    equal(len(result["tracks"]), 1, "tracks")
    t = result["tracks"][0]
    with open(os.path.join(VIEWER, "aim-json-epad-patient7", "expected_patient7_recist_table.json")) as f:
        epad = json.load(f)["admin"]
    dates = [d[:4] + "-" + d[4:6] + "-" + d[6:] for d in epad["studyDates"]]
    equal(t["baseline"]["date"], dates[0], "baseline date")
    equal([tp["date"] for tp in t["timepoints"]], dates[1:], "follow-up dates")
    equal(t["baseline"]["targets"], 3, "target lesions")
    # ePAD's table: the lengths as written (in cm, unit "linear"), lesion by lesion.
    per_date = list(zip(*[row[3:] for row in epad["tTable"]]))
    sums = [t["baseline"]["sum_mm"]] + [tp["sum_mm"] for tp in t["timepoints"]]
    for i, values in enumerate(per_date):
        # The engine's sum is the sum of the recorded diameters, each rounded once to hundredths of a mm
        # (README "From the viewer"), exactly: RECIST 1.1 §4.2 sums the diameters as recorded.
        recorded = sum(Decimal(str(half_up(Decimal(v) * 10, 2))) for v in values)
        equal(Decimal(str(sums[i])), recorded, f"sum at {dates[i]}")
        # ePAD sums the unrounded floats: the two differ by at most 3 × 0.005 mm.
        check(abs(Decimal(str(sums[i])) - Decimal(str(epad["tSums"][i])) * 10) <= Decimal("0.015"),
              f"sum at {dates[i]}: {sums[i]} mm vs ePAD {epad['tSums'][i]} cm")
    # Where they part: on 2008-08-06 ePAD's sum 13.696532… cm is 136.97 mm to hundredths, the sum of
    # the recorded diameters 34.17 + 29.09 + 73.70 = 136.96 mm. RECIST 1.1 (§4.2, §4.3.2) sums the
    # recorded diameters, so 136.96 is the guideline's; neither changes any response below.
    equal(half_up(epad["tSums"][2] * 10, 2), 136.97, "ePAD's own sum, to hundredths of a mm")
    equal(sums[2], 136.96, "the engine's sum of recorded diameters")
    # Percent change from baseline and from the nadir: the engine reports one decimal (SPEC §2); at that
    # precision ePAD's percentages (two decimals, from unrounded sums) agree at every time point.
    for i, tp in enumerate(t["timepoints"], start=1):
        equal(tp["pct_from_baseline"], half_up(epad["tRRBaseline"][i], 1), f"% from baseline at {tp['date']}")
        equal(tp["pct_from_nadir"], half_up(epad["tRRMin"][i], 1), f"% from nadir at {tp['date']}")
        equal(tp["target"], epad["tResponseCats"][i], f"target response at {tp['date']}")
        equal(tp["overall"], epad["tResponseCats"][i], f"overall response at {tp['date']}")
    equal(epad["tResponseCats"][0], "BL", "ePAD's baseline")
    equal(t["bor"], "SD", "best overall response")


def test_round_trip_equals_a_hand_typed_csv():
    out, text, _ = imported("--linear-unit", "cm", *PATIENT7)
    # The same values typed by hand, in another column order, roles on every row.
    typed = "date,subject,lesion,diameter_mm,site,role\n" + "".join(
        f"{d},7,{lesion},{v},{site},TARGET\n"
        for d, row in [("2008-04-03", ("29.17", "43.38", "55.81")), ("2008-06-06", ("17.60", "33.84", "76.67")),
                       ("2008-08-06", ("34.17", "29.09", "73.70")), ("2008-10-09", ("32.06", "34.79", "72.46"))]
        for lesion, v, site in zip(("Lesion1", "Lesion2", "Lesion3"), row, ("LIVER", "LIVER", "PANCREAS")))
    by_hand = assess(write_temp(typed))
    from_viewer = assess(out)
    equal(from_viewer["tracks"], by_hand["tracks"], "assessment of the imported track vs the hand-typed CSV")
    # And the imported CSV is already canonical: convert gives it back byte for byte.
    p = run("convert", out, "--to", "csv")
    equal(p.stdout, text, "recist convert of the imported CSV")


def test_sources_file_keeps_the_values_as_written():
    out, _, _ = imported("--linear-unit", "cm", *PATIENT7)
    with open(out + ".sources.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    equal(len(rows), 12, "source rows")
    first = [r for r in rows if r["date"] == "2008-04-03" and r["lesion"] == "Lesion1"][0]
    equal((first["diameter_mm"], first["exact_mm"], first["source_value"], first["source_unit"], first["quantity"]),
          ("29.17", "29.167238158334032", "2.9167238158334032", "linear", "Length"), "Lesion1 at baseline")
    equal(first["sop_instance_uid"], "2.25.220993518043380745702789895076687103672", "annotation UID")
    check(first["content_item"].endswith("/CalculationData/0"), first["content_item"])


def test_aim_xml_pair_is_one_lesion_followed_by_identifier_and_site():
    files = [os.path.join(VIEWER, "aim-xml-ncip", n) for n in ("0022FollowupA.xml", "0022BaselineA.xml")]
    out, text, err = imported(*files)
    equal(text.splitlines()[1:], ["409978,2000-07-01,0022,TARGET,LUNG,N,39.58,,INVESTIGATOR,,,CT,,N,",
                                  "409978,2000-08-10,0022,,,,42.22,,INVESTIGATOR,,,,,,"], "rows")
    check("taken as TARGET" in err, f"the role's warning: {err}")


def test_sr_files_and_their_refusals():
    sr = os.path.join(VIEWER, "epad_recist_bidirectional_sr.dcm")
    _, text, _ = imported(sr, expect=1)  # StudyDate is empty in ePAD's export
    _, text, err = imported(sr, "--date", "2008-06-06")
    equal(text.splitlines()[1], "7,2008-06-06,Lesion7,TARGET,LIVER,N,28.27,,INVESTIGATOR,,,CT,,N,", "ePAD SR row")
    check("role" not in err, f"ePAD says Target Lesion itself: {err}")
    px = os.path.join(VIEWER, "dcmjs_cornerstone3d_sample-sr_px.dcm")
    _, text, err = imported(px, expect=1)
    check("dcmjs_cornerstone3d_sample-sr_px.dcm: content item 1.5.1.3: NUM (G-A185,SRT,\"Long Axis\") has unit "
          "(1,UCUM,\"px\"), uncalibrated pixels: refused" in err, err)
    equal(len(text.splitlines()), 1, "only the header is written")
    v2 = os.path.join(VIEWER, "dcmjs_cornerstone4_structured_report.dcm")
    lesion_map = write_temp("source,lesion,role,site\n"
                            "2.25.727123647032892115231673449406461991117,T1,TARGET,LIVER\n"
                            "2.25.651422900859568186090466701257238916287,T2,TARGET,LUNG\n"
                            "2.25.947037941489396998006204118437034285316,NT1,NON-TARGET,LUNG\n")
    _, text, err = imported(v2, "--subject", "S1", "--date", "2020-06-17", "--lesion-map", lesion_map, expect=1)
    equal(text.splitlines()[1:], ["S1,2020-06-17,T1,TARGET,LIVER,N,93.9,,INVESTIGATOR,,,CT,,N,",
                                  "S1,2020-06-17,T2,TARGET,LUNG,N,39.37,,INVESTIGATOR,,,CT,,N,",
                                  "S1,2020-06-17,NT1,NON-TARGET,LUNG,N,,PRESENT,INVESTIGATOR,,,CT,,N,"], "rows")
    equal(err.count("is coded as Length but its meaning names an area"), 2, "the two areas refused")
    check("content item 1.5.1.4: NUM (111010,DCM,\"Center\") is empty" in err, err)


def test_exit_codes():
    junk = write_temp("subject,date\n", suffix=".txt")
    p = run("import", junk, "-o", os.path.join(WORK, "x.csv"))
    equal(p.returncode, 3, f"a file that is no viewer export ({p.stderr})")
    check(not os.path.exists(os.path.join(WORK, "x.csv")), "nothing written for an unreadable input")
    equal(run("import").returncode, 2, "no FILE")
    equal(run("import", PATIENT7[0], "--linear-unit", "inch").returncode, 2, "a bad --linear-unit")
    equal(run("import", "--help").returncode, 0, "--help")
    p = run("import", PATIENT7[0])
    equal(p.returncode, 1, "\"linear\" without --linear-unit")
    check("give --linear-unit cm" in p.stderr, p.stderr)


if __name__ == "__main__":
    main([test_patient7_reproduces_epads_recist_table, test_round_trip_equals_a_hand_typed_csv,
          test_sources_file_keeps_the_values_as_written, test_aim_xml_pair_is_one_lesion_followed_by_identifier_and_site,
          test_sr_files_and_their_refusals, test_exit_codes])
