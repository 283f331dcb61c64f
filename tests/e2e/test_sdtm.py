"""CDISC SDTM input and the SDTM RS / ADaM ADRS writers (SPEC 4.3, schemas/sdtm-mapping.md).

The NCT07289048 trial as native CSV, native XML (recist convert), SDTM CSV, SAS XPORT and
Dataset-XML gives byte-identical `recist assess --format json` output; the checked-in SDTM files are
what data/sdtm/make_sdtm.py writes today; the RS and ADRS outputs agree with the JSON results.
"""
import atexit
import csv
import filecmp
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

from e2e import check, equal, main, path, run

WORK = tempfile.mkdtemp(prefix="recist-sdtm-")
atexit.register(shutil.rmtree, WORK, True)
TRIAL = path("data", "nct07289048", "measurements.csv")
TRIAL_SDTM = path("data", "sdtm", "nct07289048")
SCRIPT = path("data", "sdtm", "make_sdtm.py")
FORMATS = ("csv", "xpt", "xml")


def make_sdtm(native, out, *extra):
    p = subprocess.run([sys.executable, SCRIPT, native, out, *extra], capture_output=True, text=True, timeout=120)
    equal(p.returncode, 0, f"make_sdtm.py {native}: {p.stderr}")
    return p


def assess(*args, fmt="json"):
    p = run("assess", "--format", fmt, *args)
    check(p.returncode in (0, 1), f"assess {args}: exit {p.returncode}: {p.stderr[:500]}")
    return p


def test_five_routes_of_the_trial_give_byte_identical_results():
    native = assess(TRIAL)
    result = json.loads(native.stdout)
    check(len(result["tracks"]) == 76 and not result["errors"], "the trial reads as 76 tracks without errors")
    check(any(tp["reported"] for t in result["tracks"] for tp in t["timepoints"]), "reported responses are compared")
    routes = {f"SDTM {kind}": os.path.join(TRIAL_SDTM, kind) for kind in FORMATS}
    if "--to" in run("convert", "--help").stdout:
        xml = os.path.join(WORK, "trial.xml")
        p = run("convert", TRIAL, "--to", "xml", "-o", xml)
        check(p.returncode in (0, 1), f"convert --to xml: {p.stderr[:300]}")
        routes["native XML"] = xml
    check(len(routes) == 4, f"native XML route missing: {sorted(routes)}")
    for name, source in routes.items():
        p = assess(source)
        equal(p.returncode, native.returncode, f"{name}: exit code")
        equal(p.stdout, native.stdout, f"{name}: JSON differs from the native CSV's")


def test_the_checked_in_sdtm_files_are_what_the_script_writes():
    out = os.path.join(WORK, "nct07289048")
    make_sdtm(TRIAL, out)
    for kind in FORMATS:
        a, b = os.path.join(out, kind), os.path.join(TRIAL_SDTM, kind)
        equal(sorted(os.listdir(a)), sorted(os.listdir(b)), f"{kind}: files")
        _, mismatch, errors = filecmp.cmpfiles(a, b, os.listdir(a), shallow=False)
        check(not mismatch and not errors, f"{kind}: {mismatch + errors} differ from a fresh make_sdtm.py run")


def test_every_feature_survives_the_sdtm_route():
    # Fragments, merged, too small, NE, equivocal new lesions, irradiation, slice thickness, several
    # readers, quotes and commas in ids and visit names. One thing SDTM cannot say: a start date
    # for one reader of a subject only (DM has one per subject), so that track is compared apart.
    source = path("tests", "native", "all_features.csv")
    out = os.path.join(WORK, "all_features")
    p = make_sdtm(source, out)
    check("AF-01 has a start_date for some readers only" in p.stderr, f"no warning: {p.stderr!r}")
    want = json.loads(assess(source).stdout)
    for kind in FORMATS:
        got = json.loads(assess(os.path.join(out, kind)).stdout)
        equal(len(got["tracks"]), len(want["tracks"]), f"{kind}: tracks")
        for g, w in zip(got["tracks"], want["tracks"]):
            if (w["subject"], w["reader"]) == ("AF-01", "BICR"):
                equal(g["start_date"], "2026-03-05", f"{kind}: AF-01/BICR takes the subject's RFXSTDTC")
                equal(w["start_date"], "2026-03-02", "AF-01/BICR natively defaults to its baseline")
                continue
            equal(g, w, f"{kind}: track {w['subject']}/{w['reader']}")
    examples = path("data", "examples", "measurements.csv")
    make_sdtm(examples, os.path.join(WORK, "examples"))
    for kind in FORMATS:
        equal(assess(os.path.join(WORK, "examples", kind)).stdout, assess(examples).stdout, f"examples {kind}")


def rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_the_hand_written_worked_example():
    # FORMATS.md §1.7, written by hand in CDISC style (TRLNKGRP, NEWLIND rows, TULAT, TUDY, …) and
    # not by make_sdtm.py: the same results as its native CSV, and the numbers the research note
    # works out (sums 32 and 14, ADY 43 and 85, confirmed PR dated 2026-02-23).
    demo = path("data", "sdtm", "recist-demo")
    native = assess(os.path.join(demo, "measurements.csv")).stdout
    equal(assess(demo).stdout, native, "recist-demo: SDTM vs native")
    t = json.loads(native)["tracks"][0]
    equal([(tp["sum_mm"], tp["overall"], tp["reported"]) for tp in t["timepoints"]], [(32, "PR", "PR"), (14, "PR", "PR")],
          "sums and responses")
    adrs = [(r["PARAMCD"], r["AVALC"], r["ADT"], r["ADY"]) for r in rows(assess(demo, fmt="adrs").stdout)]
    equal(adrs, [("OVR", "PR", "2026-02-23", "43"), ("OVR", "PR", "2026-04-06", "85"), ("BOR", "PR", "2026-02-23", "43"),
                 ("CBOR", "PR", "2026-02-23", "43")], "ADRS")
    # Our RS rows say what the investigator's hand-written RS says, test by test and visit by visit.
    with open(os.path.join(demo, "rs.csv"), encoding="utf-8") as f:
        recorded = sorted((r["RSTESTCD"], r["VISIT"], r["RSSTRESC"]) for r in csv.DictReader(f))
    computed = sorted((r["RSTESTCD"], r["VISIT"], r["RSSTRESC"]) for r in rows(assess(demo, fmt="sdtm-rs").stdout)
                      if r["RSTESTCD"] != "BESTRESP")
    equal(computed, recorded, "computed RS vs the investigator's RS")


RS_COLUMNS = "STUDYID,DOMAIN,USUBJID,RSSEQ,RSGRPID,RSTESTCD,RSTEST,RSCAT,RSORRES,RSSTRESC,RSEVAL,RSEVALID,VISIT,RSDTC,RSDY"
ADRS_COLUMNS = "STUDYID,USUBJID,PARAMCD,PARAM,PARCAT1,PARCAT2,PARCAT3,AVALC,AVAL,ADT,ADY,DAY,AVISIT,ANL01FL"
TERMS = {"TRGRESP": {"CR", "PR", "SD", "PD", "NE"}, "NTRGRESP": {"CR", "NON-CR/NON-PD", "PD", "NE"},
         "NEWLIND": {"Y", "N"}, "NEWLPROG": {"EQUIVOCAL", "UNEQUIVOCAL"},
         "OVRLRESP": {"CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"},
         "BESTRESP": {"CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"}}
AVAL = {"CR": "1", "PR": "2", "SD": "3", "NON-CR/NON-PD": "4", "PD": "5", "NE": "6"}


def study_day(day):
    return day + 1 if day >= 0 else day


def test_sdtm_rs_rows_follow_the_results():
    result = json.loads(assess(TRIAL).stdout)
    text = assess(TRIAL, fmt="sdtm-rs").stdout
    equal(text.splitlines()[0], RS_COLUMNS, "RS columns")
    records = rows(text)
    seq = {}
    for r in records:
        check(r["RSSTRESC"] in TERMS[r["RSTESTCD"]], f"{r['RSTESTCD']} {r['RSSTRESC']!r} is not a controlled term")
        equal(r["RSORRES"], r["RSSTRESC"], "RSORRES = RSSTRESC")
        equal((r["DOMAIN"], r["RSCAT"], r["RSEVALID"]), ("RS", "RECIST 1.1", "RECIST ENGINE"), "fixed values")
        equal(r["RSEVAL"], "INVESTIGATOR" if r["RSGRPID"] == "INVESTIGATOR" else "INDEPENDENT ASSESSOR", "RSEVAL")
        seq[r["USUBJID"]] = seq.get(r["USUBJID"], 0) + 1
        equal(int(r["RSSEQ"]), seq[r["USUBJID"]], "RSSEQ runs per subject")
        check(r["RSDY"] != "0", "no study day 0")
    by_track = {}
    for r in records:
        by_track.setdefault((r["USUBJID"], r["RSGRPID"]), []).append(r)
    for t in result["tracks"]:
        mine = by_track[(t["subject"], t["reader"])]
        overall = [r for r in mine if r["RSTESTCD"] == "OVRLRESP"]
        equal([(r["RSDTC"], r["VISIT"], r["RSSTRESC"], int(r["RSDY"])) for r in overall],
              [(tp["date"], tp["visit"], tp["overall"], study_day(tp["day"])) for tp in t["timepoints"]],
              f"{t['subject']}/{t['reader']} OVRLRESP")
        targets = [r["RSSTRESC"] for r in mine if r["RSTESTCD"] == "TRGRESP"]
        equal(targets, [tp["target"] for tp in t["timepoints"] if tp["target"] not in (None, "NA")], "TRGRESP")
        progression = [r["RSSTRESC"] for r in mine if r["RSTESTCD"] == "NEWLPROG"]
        equal(progression, [{"YES": "UNEQUIVOCAL", "EQUIVOCAL": "EQUIVOCAL"}[tp["new_lesions"]]
                            for tp in t["timepoints"] if tp["new_lesions"] != "NO"], "NEWLPROG")
        best = [r for r in mine if r["RSTESTCD"] == "BESTRESP"]
        equal([r["RSSTRESC"] for r in best], [t["confirmed_bor"]], "BESTRESP is the confirmed BOR")


def test_adrs_parameters_and_study_days():
    result = json.loads(assess(TRIAL).stdout)
    text = assess(TRIAL, fmt="adrs").stdout
    equal(text.splitlines()[0], ADRS_COLUMNS, "ADRS columns")
    records = rows(text)
    for r in records:
        equal(r["AVAL"], AVAL[r["AVALC"]], f"AVAL of {r['AVALC']}")
        if r["ADT"]:
            equal(int(r["ADY"]), study_day(int(r["DAY"])), "ADY is the CDISC study day of DAY")
            check(r["ADY"] != "0", "no study day 0")
    negative = [r for r in records if r["DAY"] and int(r["DAY"]) < 0]
    for t in result["tracks"]:
        # PARCAT2 is the reader in admiral's title case ("Investigator", "Radiologist 1").
        mine = [r for r in records if (r["USUBJID"], r["PARCAT2"].upper()) == (t["subject"], t["reader"].upper())]
        equal([r["PARAMCD"] for r in mine], ["OVR"] * len(t["timepoints"]) + ["BOR", "CBOR"], "parameters")
        equal([(r["ADT"], r["AVALC"], int(r["DAY"])) for r in mine[:-2]],
              [(tp["date"], tp["overall"], tp["day"]) for tp in t["timepoints"]], "OVR per time point")
        equal((mine[-2]["AVALC"], mine[-1]["AVALC"]), (t["bor"], t["confirmed_bor"]), "BOR, CBOR")
        if t["confirmed_bor"] == "CR":  # dated at the first CR, which may follow a PR
            first_cr = next(tp["date"] for tp in t["timepoints"] if tp["overall"] == "CR")
            equal(mine[-1]["ADT"], first_cr, "CBOR CR dated at the first CR")
        if t["confirmed_bor"] == "PR":
            equal(mine[-1]["ADT"], t["first_response_date"], "CBOR PR dated at the first response")
        if t["confirmed_bor"] == "PD":
            equal(mine[-1]["ADT"], t["pd_date"], "CBOR PD dated at the PD")
        flags = [r["ANL01FL"] for r in mine[:-2]]
        first_pd = next((i for i, tp in enumerate(t["timepoints"]) if tp["overall"] == "PD"), len(flags) - 1)
        equal(flags, ["Y"] * (first_pd + 1) + [""] * (len(flags) - first_pd - 1), "ANL01FL up to the first PD")
    check(not negative, "follow-ups are after the start date in the trial")


def test_sdtm_input_errors_at_the_command_line():
    p = run("assess", "--format", "json", os.path.join(TRIAL_SDTM, "xpt", "tr.xpt"))
    equal(p.returncode, 3, "a lone SDTM dataset")
    check("SAS XPORT" in p.stderr and "give the folder" in p.stderr, p.stderr)
    p = run("assess", "--format", "json", "--input-format", "sdtm", TRIAL)
    equal(p.returncode, 3, "--input-format sdtm on a file")
    empty = os.path.join(WORK, "empty")
    os.makedirs(empty)
    p = run("assess", "--format", "json", empty)
    equal(p.returncode, 3, "a folder without SDTM datasets")
    check("needs tu and tr" in p.stderr, p.stderr)
    p = run("summary", "--format", "adrs", TRIAL)
    equal(p.returncode, 2, "adrs is a format of recist assess")


if __name__ == "__main__":
    main([test_five_routes_of_the_trial_give_byte_identical_results, test_the_checked_in_sdtm_files_are_what_the_script_writes,
          test_every_feature_survives_the_sdtm_route, test_the_hand_written_worked_example,
          test_sdtm_rs_rows_follow_the_results,
          test_adrs_parameters_and_study_days, test_sdtm_input_errors_at_the_command_line])
