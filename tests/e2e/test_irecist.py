"""End-to-end: iRECIST beside RECIST 1.1 (issue 19; Seymour et al., Lancet Oncol 2017), through the
real binary on the files of tests/irecist/: pseudoprogression confirmed (iCPD), an iUPD not
confirmed then iPR (the reset) and a second iUPD, a new lesion only, the new-lesion target sum
+5.00 / +4.99 mm, the 4-8 week window (27/28 and 56/57 days), and a patient who stops at iUPD;
then the flag's interfaces (JSON block, CSV i_ columns, table, summary iORR/iDCR with exact
intervals, the profile key) and that without it the output is what it was."""
import csv
import io
import json

from e2e import check, equal, main, path, run, run_json, track, write_temp
from test_trial import clopper_pearson

CASES = path("tests", "irecist")


def assess(name, *extra):
    _, result = run_json("assess", "--criteria", "both", *extra, path(CASES, name), expect_code=0)
    return result


def sequence(t):
    """(RECIST 1.1 overall responses, iRECIST ones) of a track."""
    return [tp["overall"] for tp in t["timepoints"]], [tp["overall"] for tp in t["irecist"]["timepoints"]]


def test_pseudoprogression_confirmed_is_icpd():
    t = track(assess("pseudoprogression_confirmed.csv"), "P1")
    equal(sequence(t), (["PD", "PD"], ["iUPD", "iCPD"]), "P1")
    i = t["irecist"]
    equal((i["ibor"], i["first_iupd_date"], i["icpd_date"]), ("iCPD", "2025-02-12", "2025-03-26"), "P1 iBOR")
    reasons = " ".join(i["timepoints"][1]["reasons"])
    check("80.0 mm is 6.0 mm from the iUPD sum 74.0" in reasons, reasons)
    check("confirmed 42 days after 2025-02-12" in reasons, reasons)


def test_iupd_then_ipr_resets_and_a_second_iupd_stays_unconfirmed():
    t = track(assess("reset_second_iupd.csv"), "R1")
    equal(sequence(t), (["PD", "PR", "PD", "PD"], ["iUPD", "iPR", "iUPD", "iUPD"]), "R1")
    tps = t["irecist"]["timepoints"]
    check(any("is reset" in r for r in tps[1]["reasons"]), tps[1]["reasons"])
    # The iPR is tested against the first iUPD and resets it; the second iUPD is its own, measured
    # against the nadir (40 mm at the iPR), not the first.
    equal([tp["iupd_reference"] for tp in tps], ["2025-02-12", "2025-02-12", "2025-05-07", "2025-05-07"], "references")
    equal([tp["nadir_mm"] for tp in t["timepoints"]], [60, 60, 40, 40], "nadir")
    check(any("remains iUPD" in r for r in tps[3]["reasons"]), tps[3]["reasons"])
    # iBOR: the iPR, which an iUPD before it does not block (table 3, example 3); unconfirmed.
    equal((t["irecist"]["ibor"], t["irecist"]["confirmed_ibor"]), ("iPR", "iSD"), "R1 iBOR")
    equal((t["bor"], t["confirmed_bor"]), ("PD", "PD"), "R1 BOR")


def test_new_lesion_only():
    result = assess("new_lesion_only.csv")
    nl1, nl2 = track(result, "NL1"), track(result, "NL2")
    # Table 2, last row: the new lesion still there, unchanged, and the rest only stable: iUPD.
    equal(sequence(nl1), (["PD", "PD"], ["iUPD", "iUPD"]), "NL1: the new lesion unchanged")
    check(any("still there, without growth" in r for r in nl1["irecist"]["timepoints"][1]["reasons"]),
          nl1["irecist"]["timepoints"][1]["reasons"])
    equal(sequence(nl2), (["PD", "PD"], ["iUPD", "iCPD"]), "NL2: a second new lesion")
    check(any("new lesion N2 not there at the iUPD" in r for r in nl2["irecist"]["timepoints"][1]["reasons"]),
          nl2["irecist"]["timepoints"][1]["reasons"])
    equal(nl1["irecist"]["timepoints"][0]["new_non_targets"], 1, "NL1 N1 recorded NEW_NON_TARGET")
    equal(nl1["irecist"]["timepoints"][0]["new_target_sum_mm"], None, "NL1 has no new-lesion target")
    equal(nl2["irecist"]["timepoints"][1]["new_non_targets"], 2, "NL2 N1 and N2 not measurable")


def test_new_lesion_target_sum_needs_5_mm():
    result = assess("new_lesion_sum.csv")
    s500, s499 = track(result, "S500"), track(result, "S499")
    equal([tp["new_target_sum_mm"] for tp in s500["irecist"]["timepoints"]], [12, 17], "S500 sums")
    equal(s500["irecist"]["timepoints"][0]["new_targets"], 1, "N1 (12 mm, NEW) classified a new-lesion target")
    equal(sequence(s500)[1], ["iUPD", "iCPD"], "+5.00 mm")
    equal(sequence(s499)[1], ["iUPD", "iUPD"], "+4.99 mm")
    # Neither enters the original target sum.
    equal([tp["sum_mm"] for tp in s500["timepoints"]], [60, 60], "target sums")


def test_confirmation_window_is_28_to_56_days():
    result = assess("window.csv")
    got = {s: sequence(track(result, s))[1] for s in ("W27", "W28", "W56", "W57")}
    equal(got, {"W27": ["iUPD", "iUPD"], "W28": ["iUPD", "iCPD"], "W56": ["iUPD", "iCPD"], "W57": ["iUPD", "iUPD"]},
          "by days after the iUPD")
    w27 = track(result, "W27")["irecist"]["timepoints"][1]
    check(any("too early to confirm" in r for r in w27["reasons"]), w27["reasons"])
    w57 = track(result, "W57")["irecist"]["timepoints"][1]
    check(any("stays unconfirmed" in r and "later than icpd-max-days 56" in r for r in w57["reasons"]), w57["reasons"])
    equal(w57["iupd_reference"], "2025-04-10", "W57: a new iUPD of its own")
    # The profile keys move the window.
    _, wider = run_json("assess", "--criteria", "both", "--icpd-max-days", "57", path(CASES, "window.csv"))
    equal(sequence(track(wider, "W57"))[1], ["iUPD", "iCPD"], "W57 with icpd-max-days 57")


def test_stop_at_iupd_is_iupd():
    t = track(assess("stop_at_iupd.csv"), "STOP")
    equal(sequence(t), (["PD"], ["iUPD"]), "STOP")
    equal((t["irecist"]["ibor"], t["irecist"]["confirmed_ibor"], t["irecist"]["icpd_date"]), ("iUPD", "iUPD", None), "STOP")


def test_without_the_flag_the_output_is_unchanged():
    for name in ("pseudoprogression_confirmed.csv", "new_lesion_only.csv", "window.csv"):
        plain = run("assess", "--format", "json", path(CASES, name)).stdout
        explicit = run("assess", "--format", "json", "--criteria", "recist", path(CASES, name)).stdout
        equal(plain, explicit, name)
        result = json.loads(plain)
        check(all("irecist" not in t for t in result["tracks"]), name)
        check("criteria" not in result["profile"], name)
        both = assess(name)
        for a, b in zip(result["tracks"], both["tracks"]):
            b = dict(b)
            del b["irecist"]
            equal(b, a, f"{name}: RECIST 1.1 fields under --criteria both")


def test_csv_has_i_columns_and_table_both_columns():
    p = run("assess", "--criteria", "both", "--format", "csv", path(CASES, "reset_second_iupd.csv"))
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    equal([(r["overall"], r["i_overall"]) for r in rows], [("PD", "iUPD"), ("PR", "iPR"), ("PD", "iUPD"), ("PD", "iUPD")], "csv")
    p = run("assess", "--criteria", "both", "--format", "csv", "--level", "track", path(CASES, "reset_second_iupd.csv"))
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    equal((rows[0]["bor"], rows[0]["i_bor"], rows[0]["i_confirmed_bor"]), ("PD", "iPR", "iSD"), "csv track")
    table = run("assess", "--criteria", "both", "--format", "table", path(CASES, "reset_second_iupd.csv")).stdout
    check("iRECIST" in table and "iBOR iPR · confirmed iBOR iSD" in table, table)


def test_sdtm_rs_has_irecist_rows():
    p = run("assess", "--criteria", "both", "--format", "sdtm-rs", path(CASES, "reset_second_iupd.csv"))
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    i = [(r["RSTESTCD"], r["RSORRES"], r["RSDTC"]) for r in rows if r["RSCAT"] == "IRECIST"]
    equal(i, [("OVRLRESP", "iUPD", "2025-02-12"), ("OVRLRESP", "iPR", "2025-03-26"), ("OVRLRESP", "iUPD", "2025-05-07"),
              ("OVRLRESP", "iUPD", "2025-06-18"), ("BESTRESP", "iSD", "2025-03-26")], "IRECIST rows")
    equal([int(r["RSSEQ"]) for r in rows], list(range(1, len(rows) + 1)), "RSSEQ runs on across both categories")
    plain = run("assess", "--format", "sdtm-rs", path(CASES, "reset_second_iupd.csv")).stdout
    equal([l for l in p.stdout.splitlines() if ",IRECIST," not in l], plain.splitlines(), "the RECIST 1.1 rows as before")


def test_summary_reports_iorr_and_idcr_with_exact_intervals():
    files = [path(CASES, n) for n in ("pseudoprogression_confirmed.csv", "reset_second_iupd.csv", "new_lesion_only.csv",
                                      "new_lesion_sum.csv", "window.csv", "stop_at_iupd.csv")]
    _, s = run_json("summary", "--criteria", "both", "--require-confirmation", "false", *files)
    _, a = run_json("assess", "--criteria", "both", *files)
    reader = s["summary"]["readers"][0]
    n = reader["n"]
    ibors = [t["irecist"]["ibor"] for t in a["tracks"]]
    k_orr = sum(b in ("iCR", "iPR") for b in ibors)
    k_dcr = sum(b in ("iCR", "iPR", "iSD", "NON-iCR/NON-iUPD") for b in ibors)
    got = reader["irecist"]["unconfirmed"]
    equal((got["iorr"]["count"], got["idcr"]["count"], n), (k_orr, k_dcr, len(ibors)), "counts")
    for key, k in (("iorr", k_orr), ("idcr", k_dcr)):
        low, high = clopper_pearson(k, n)
        check(abs(got[key]["ci_low"] - low) < 1e-6 and abs(got[key]["ci_high"] - high) < 1e-6, (key, got[key], low, high))
    table = run("summary", "--criteria", "both", "--format", "table", *files).stdout
    check("iORR confirmed" in table and "ORR confirmed" in table, table)


def test_profile_key_and_bad_values():
    profile = write_temp("criteria = both\nicpd-min-days = 29\n", suffix=".ini")
    _, r = run_json("assess", "--profile", profile, path(CASES, "window.csv"))
    equal((r["profile"]["criteria"], r["profile"]["icpd_min_days"]), ("both", 29), "echo")
    equal(sequence(track(r, "W28"))[1], ["iUPD", "iUPD"], "W28 with icpd-min-days 29")
    _, c = run_json("compare", "--criteria", "both", path(CASES, "window.csv"), expect_code=0)
    equal(c["irecist"]["recorded"], [], "compare of iRECIST (issue 29): nothing recorded, nothing to compare")
    p = run("assess", "--criteria", "irecistt", path(CASES, "window.csv"))
    equal(p.returncode, 2, "usage error")
    check("expected recist, irecist or both" in p.stderr, p.stderr)


def test_new_roles_round_trip_and_stay_new_under_recist():
    src = write_temp("subject,date,lesion,role,site,diameter_mm,status\n"
                     "X,2025-01-01,T1,TARGET,LIVER,30,\nX,2025-01-01,NT1,NON-TARGET,BONE,,\n"
                     "X,2025-02-12,T1,,,30,\nX,2025-02-12,NT1,,,,PD\nX,2025-02-12,N1,NEW_TARGET,LUNG,14,\n"
                     "X,2025-03-26,T1,,,30,\nX,2025-03-26,NT1,,,,INCREASED\nX,2025-03-26,N1,,,14,\n")
    xml = run("convert", src, "--to", "xml").stdout
    check('role="NEW_TARGET"' in xml and 'status="INCREASED"' in xml, xml)
    back = run("convert", write_temp(xml, suffix=".xml"), "--to", "csv").stdout
    check(",NEW_TARGET," in back and ",INCREASED" in back, back)
    _, r = run_json("assess", "--criteria", "both", src)
    t = track(r, "X")
    equal([tp["new_lesions"] for tp in t["timepoints"]], ["YES", "YES"], "RECIST 1.1 reads NEW_TARGET as NEW")
    equal([tp["non_target"] for tp in t["timepoints"]], ["PD", "PD"], "RECIST 1.1 reads INCREASED as PD")
    equal(sequence(t)[1], ["iUPD", "iCPD"], "a non-target increased further confirms")
    # Quoted and padded, the rows go through the checking reader rather than the fast path.
    quoted = write_temp("subject,date,lesion,role,site,diameter_mm,status\n"
                        "X,2025-01-01,T1,TARGET,LIVER,30,\nX,2025-02-12,T1,,,30,\n"
                        'X,2025-02-12,N1," NEW_TARGET ","LUNG",14,\nX,2025-03-26,T1,,,30,\nX,2025-03-26,N1,,,19," INCREASED"\n')
    _, r = run_json("assess", "--criteria", "both", quoted)
    got = [(tp["overall"], tp["new_target_sum_mm"], tp["new_targets"]) for tp in track(r, "X")["irecist"]["timepoints"]]
    equal(got, [("iUPD", 14, 1), ("iCPD", 19, 1)], "quoted NEW_TARGET and INCREASED")


def test_example_trial_shows_both_readings():
    # data/generate_trial.py's three pseudoprogression patients: RECIST 1.1 stops at the first PD,
    # iRECIST goes on; the 35 patients before them have no iUPD that is not a RECIST 1.1 PD.
    _, r = run_json("assess", "--criteria", "both", "--profile", path("data", "profiles", "nct07289048.ini"),
                    path("data", "nct07289048", "measurements.csv"))
    for subject, want in (("06-001", ("iUPD", "iPR", "iPR", "iPR", "iPR")), ("06-002", ("iUPD", "iPR", "iPR", "iPR", "iPR")),
                          ("06-003", ("iUPD", "iCPD", "iCPD", "iCPD"))):
        t = track(r, subject)
        got = tuple(sequence(t)[1]) + (t["irecist"]["ibor"], t["irecist"]["confirmed_ibor"])
        equal(got, want, subject)
        equal(t["confirmed_bor"], "PD", subject)
    # Without a PD, iRECIST reads every time point as RECIST 1.1 does (Seymour 2017, table 2, rows 1-4).
    as_i = {"CR": "iCR", "PR": "iPR", "SD": "iSD", "NON-CR/NON-PD": "NON-iCR/NON-iUPD", "NE": "iNE"}
    without_pd = [t for t in r["tracks"] if "PD" not in sequence(t)[0]]
    check(len(without_pd) > 10, "the trial has tracks without PD")
    for t in without_pd:
        rec, i = sequence(t)
        equal(i, [as_i[x] for x in rec], t["subject"])
    _, s = run_json("summary", "--criteria", "both", "--profile", path("data", "profiles", "nct07289048.ini"),
                    path("data", "nct07289048", "measurements.csv"))
    inv = [x for x in s["summary"]["readers"] if x["reader"] == "INVESTIGATOR"][0]
    check(inv["irecist"]["confirmed"]["iorr"]["count"] == inv["confirmed"]["orr"]["count"] + 2,
          "iORR counts the two confirmed iPR after an iUPD beside ORR's responses")


if __name__ == "__main__":
    main([test_pseudoprogression_confirmed_is_icpd, test_iupd_then_ipr_resets_and_a_second_iupd_stays_unconfirmed,
          test_new_lesion_only, test_new_lesion_target_sum_needs_5_mm, test_confirmation_window_is_28_to_56_days,
          test_stop_at_iupd_is_iupd, test_without_the_flag_the_output_is_unchanged,
          test_csv_has_i_columns_and_table_both_columns, test_sdtm_rs_has_irecist_rows, test_summary_reports_iorr_and_idcr_with_exact_intervals,
          test_profile_key_and_bad_values, test_new_roles_round_trip_and_stay_new_under_recist,
          test_example_trial_shows_both_readings])
