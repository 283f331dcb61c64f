"""End-to-end: `recist compare --criteria irecist|both` (issue 29): recorded iRECIST responses
against the recomputation.

1. The pharmaverse's real iRECIST RS records (tests/irecist/pharmaverse, a cleaned copy: see its
   README) against the recomputation from their TU/TR: every disagreement, its category, and which
   side is right, decided below with the rule.
2. Each iRECIST category (ICPD_WINDOW, ICPD_GROWTH, IUPD_RESET, NEW_LESION_SUM) from a small track,
   by both ways of recording i-codes without SDTM: the native `reported` column and a
   recorded-responses file.
"""
import csv
import io
import json

import json_schema
from e2e import check, equal, main, path, run, run_json, write_temp

PHARMAVERSE = path("tests", "irecist", "pharmaverse")

# Every recorded iRECIST response of the 8 subjects that differs from the recomputation:
# (subject, level, recorded date, recorded, recomputed, category). The recorded iRECIST records do
# not follow the TU/TR schedule, so most of their time points have no measured assessment
# (recomputed None, OTHER): neither side can be decided there, and the iBOR that follows from
# them (FOLLOWS_TIMEPOINTS) is decided by the time points it follows from. Where both exist, the
# TU/TR measurements decide, and each recorded response is wrong by the rule named:
EXPECTED = {
    # 1015 WEEK 6: T02 and T03 not evaluated, the rest far below the nadir: target NE, no new
    # lesion, no non-target: iNE (R9, R13; Seymour 2017 table 2 keeps RECIST 1.1's components).
    # The record says TRGRESP iUPD, which no measurement supports. Recomputation right.
    ("01-701-1015", "timepoint", "2014-02-12", "iUPD", "iNE", "NE_HANDLING"),
    ("01-701-1015", "bor", None, "iUPD", "iCR", "FOLLOWS_TIMEPOINTS"),
    ("01-701-1015", "confirmed_bor", None, "iUPD", "iSD", "FOLLOWS_TIMEPOINTS"),
    # 1028: WEEK 6 agrees (iUPD, targets PD by R9); WEEK 12 and WEEK 18 have no TR records.
    ("01-701-1028", "timepoint", "2013-10-09", "iCPD", None, "OTHER"),
    ("01-701-1028", "timepoint", "2013-11-20", "iSD", None, "OTHER"),
    ("01-701-1028", "bor", None, "iCPD", "iSD", "FOLLOWS_TIMEPOINTS"),
    ("01-701-1028", "confirmed_bor", None, "iCPD", "iSD", "FOLLOWS_TIMEPOINTS"),
    # 1034 WEEK 6 (recorded 2014-08-11, measured 2014-08-12: matched by visit): non-target disease
    # only (no target lesion in TU), non-targets NON-CR/NON-PD, no new lesion: NON-iCR/NON-iUPD
    # (R11, R13). The record says TRGRESP iUPD for a track without targets. Recomputation right.
    ("01-701-1034", "timepoint", "2014-08-11", "iUPD", "NON-iCR/NON-iUPD", "NON_TARGET"),
    ("01-701-1034", "timepoint", "2014-09-25", "iSD", None, "OTHER"),
    ("01-701-1034", "timepoint", "2014-11-04", "NON-iCR/NON-iUPD", None, "OTHER"),
    ("01-701-1034", "bor", None, "iSD", "NON-iCR/NON-iUPD", "FOLLOWS_TIMEPOINTS"),
    ("01-701-1034", "confirmed_bor", None, "iSD", "NON-iCR/NON-iUPD", "FOLLOWS_TIMEPOINTS"),
    # 1097: WEEK 6 has no TR records (its TR ends at WEEK 3); iBOR iNE on both sides.
    ("01-701-1097", "timepoint", "2014-02-11", "iNE", None, "OTHER"),
    # 1115 WEEK 6 (matched by visit): sum 44 mm, -51.1% from the baseline 90 mm: target PR (R9),
    # no new lesion, no non-target: iPR. Recorded iUPD has no PD anywhere. Recomputation right.
    ("01-701-1115", "timepoint", "2013-01-10", "iUPD", "iPR", "ARITHMETIC"),
    ("01-701-1115", "bor", None, "iUPD", "iCR", "FOLLOWS_TIMEPOINTS"),
    ("01-701-1115", "confirmed_bor", None, "iUPD", "iSD", "FOLLOWS_TIMEPOINTS"),
    # 1118 WEEK 6: sum 38 mm, -51.3% from 78 mm: PR (R9), not iUPD. Recomputation right.
    ("01-701-1118", "timepoint", "2014-04-23", "iUPD", "iPR", "ARITHMETIC"),
    # 1118 WEEK 12 (recorded 06-05, measured 06-04, matched by visit): 33 mm is -57.7% from the
    # baseline: PR; iSD would judge it from the nadir 38 mm (R9 measures PR from the baseline).
    # Recomputation right.
    ("01-701-1118", "timepoint", "2014-06-05", "iSD", "iPR", "WRONG_REFERENCE"),
    ("01-701-1118", "timepoint", "2014-07-16", "iSD", None, "OTHER"),
    ("01-701-1118", "timepoint", "2014-08-27", "iUPD", None, "OTHER"),
    ("01-701-1118", "bor", None, "iSD", "iPR", "FOLLOWS_TIMEPOINTS"),
    ("01-701-1118", "confirmed_bor", None, "iSD", "iPR", "FOLLOWS_TIMEPOINTS"),
    # 1130 WEEK 6: 96 mm is +9.1% and +8 mm from the nadir 88 mm: not PD (R9 needs +20%): iSD.
    # Recorded iUPD is wrong. Recomputation right.
    ("01-701-1130", "timepoint", "2014-03-29", "iUPD", "iSD", "ARITHMETIC"),
    ("01-701-1130", "timepoint", "2014-05-16", "iCR", None, "OTHER"),
    ("01-701-1130", "timepoint", "2014-06-21", "iCR", None, "OTHER"),
    ("01-701-1130", "timepoint", "2014-08-02", "iUPD", None, "OTHER"),
    ("01-701-1130", "bor", None, "iCR", "iSD", "FOLLOWS_TIMEPOINTS"),
    ("01-701-1130", "confirmed_bor", None, "iCR", "iSD", "FOLLOWS_TIMEPOINTS"),
    # 1133 WEEK 6 (recorded 12-11, measured 12-09, matched by visit): every target 0 mm, no
    # non-target, no new lesion: iCR (R9, Seymour table 2 row 1). Recorded iSD is wrong.
    ("01-701-1133", "timepoint", "2012-12-11", "iSD", "iCR", "ARITHMETIC"),
    ("01-701-1133", "timepoint", "2013-01-22", "iPR", None, "OTHER"),
    ("01-701-1133", "timepoint", "2013-03-04", "iPR", None, "OTHER"),
    ("01-701-1133", "timepoint", "2013-04-18", "iUPD", None, "OTHER"),
    ("01-701-1133", "bor", None, "iPR", "iCR", "FOLLOWS_TIMEPOINTS"),
    ("01-701-1133", "confirmed_bor", None, "iPR", "iSD", "FOLLOWS_TIMEPOINTS"),
}


def disagreements(result):
    return {(t["subject"], c["level"], c["date"], c["recorded"], c["computed"], c["category"])
            for t in result["irecist"]["recorded"] for c in t["comparisons"] if not c["agree"]}


def test_pharmaverse_irecist_records_against_the_recomputation():
    _, r = run_json("compare", "--criteria", "both", PHARMAVERSE, expect_code=1)
    equal(r["errors"], [], "the cleaned copy reads without errors")
    equal(r["disagreements"], 0, "RECIST 1.1: the investigator's RS agrees with the recomputation")
    got = disagreements(r)
    equal(sorted(got - EXPECTED, key=str), [], "disagreements not decided in this test")
    equal(sorted(EXPECTED - got, key=str), [], "decided disagreements not found")
    equal(r["irecist"]["disagreements"], len(EXPECTED), "count")
    subjects = {t["subject"] for t in r["irecist"]["recorded"]}
    equal(len(subjects), 8, "all 8 subjects have iRECIST records")
    # The one time point that agrees (1028 WEEK 6) and 1097's iBOR; kappa over the matched pairs.
    stats = r["irecist"]["statistics"][0]
    equal((stats["source_a"], stats["timepoints"]["n"], stats["timepoints"]["agreement"]["count"]),
          ("INVESTIGATOR recorded", 8, 1), "matched time points")
    equal(len(stats["timepoints"]["codes"]), 7, "the 7 i-codes")
    with open(path("schemas", "compare.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    equal(json_schema.errors(r, schema), [], "schema errors")
    # --criteria irecist writes the same as both; without it there is no iRECIST part.
    _, only = run_json("compare", "--criteria", "irecist", PHARMAVERSE, expect_code=1)
    equal(only["irecist"], r["irecist"], "irecist = both")
    _, plain = run_json("compare", PHARMAVERSE, expect_code=0)
    check("irecist" not in plain, "no iRECIST part by default")


def test_pharmaverse_table_and_csv():
    table = run("compare", "--criteria", "both", "--format", "table", PHARMAVERSE).stdout
    check("== iRECIST · iCPD window 28-56 days · 34 disagreements" in table, table[-3000:])
    check("matched by visit WEEK 6 (recorded 2013-01-10, measured 2013-01-11)" in table, table)
    rows = list(csv.DictReader(io.StringIO(run("compare", "--criteria", "both", "--format", "csv",
                                               PHARMAVERSE).stdout)))
    irecist = [r for r in rows if r["kind"] == "irecist"]
    equal(sum(r["agree"] == "false" for r in irecist), len(EXPECTED), "CSV rows that disagree")


# A target T1 (LIVER, baseline 50 mm) and a non-target NT1; each follow-up: day, T1, reported
# i-code, extra rows. Dates from 2025-01-01.
def track(subject, follow_ups):
    import datetime
    day0 = datetime.date(2025, 1, 1)
    d = lambda n: (day0 + datetime.timedelta(days=n)).isoformat()
    rows = [f"{subject},{d(0)},T1,TARGET,LIVER,50,,", f"{subject},{d(0)},NT1,NON-TARGET,BONE,,PRESENT,"]
    recorded = [f"{subject},{d(0)},"]
    for day, t1, code, extra in follow_ups:
        rows.append(f"{subject},{d(day)},T1,,,{t1},,{code}")
        rows.append(f"{subject},{d(day)},NT1,,,,PRESENT,")
        rows += [f"{subject},{d(day)},{e}," for e in extra]
        recorded.append(f"{subject},{d(day)},{code}")
    return rows, recorded


# (subject, follow-ups, the date of the disagreement, recorded, recomputed, category).
CASES = [
    # iUPD day 42; an early scan day 60 (18 days) is disregarded; day 70 is 28 days after the
    # iUPD and confirms: iCPD. A reader who let the early scan anchor the window says iUPD.
    ("WIN", [(42, "60", "iUPD", []), (60, "61", "iUPD", []), (70, "66", "iUPD", [])],
     "2025-03-12", "iUPD", "iCPD", "ICPD_WINDOW"),
    # 60 → 64.99: 4.99 mm above the iUPD sum, not 5: still iUPD; recorded iCPD.
    ("GRO", [(42, "60", "iUPD", []), (84, "64.99", "iCPD", [])], "2025-03-26", "iCPD", "iUPD", "ICPD_GROWTH"),
    # FAQ scenario F: PR, then a new lesion (iUPD), then nothing changes: iUPD; recorded iPR.
    ("RES", [(42, "30", "iPR", []), (84, "30", "iUPD", ["N1,NEW,LUNG,12,"]), (126, "30", "iPR", ["N1,,,12,"])],
     "2025-05-07", "iPR", "iUPD", "IUPD_RESET"),
    # A new-lesion target 12 → 17 mm: its own sum 5 mm above the iUPD: iCPD; recorded iUPD.
    ("NLS", [(42, "50", "iUPD", ["N1,NEW,LUNG,12,"]), (84, "50", "iUPD", ["N1,,,17,"])],
     "2025-03-26", "iUPD", "iCPD", "NEW_LESION_SUM"),
    # A new-lesion non-target (recorded NEW_NON_TARGET) grows 14 → 19 mm: any increase (5 mm),
    # iCPD; recorded iUPD.
    ("NNT", [(42, "50", "iUPD", ["L1,NEW_NON_TARGET,LUNG,14,"]), (84, "50", "iUPD", ["L1,,,19,"])],
     "2025-03-26", "iUPD", "iCPD", "ICPD_GROWTH"),
]


def case_files():
    measured, plain, recorded = [], [], ["subject,date,response"]
    for subject, follow_ups, *_ in CASES:
        rows, rec = track(subject, follow_ups)
        measured += rows
        plain += [",".join(r.split(",")[:-1]) for r in rows]
        recorded += rec
    header = "subject,date,lesion,role,site,diameter_mm,status"
    return (write_temp(header + ",reported\n" + "\n".join(measured) + "\n"),
            write_temp(header + "\n" + "\n".join(plain) + "\n"), write_temp("\n".join(recorded) + "\n"))


def categories(result):
    return {(t["subject"], c["date"], c["recorded"], c["computed"], c["category"])
            for t in result["irecist"]["recorded"] for c in t["comparisons"]
            if not c["agree"] and c["level"] == "timepoint"}


def test_each_irecist_category_by_reported_column_and_recorded_file():
    with_reported, plain, recorded = case_files()
    want = {(s, date, rec, comp, cat) for s, _, date, rec, comp, cat in CASES}
    _, a = run_json("compare", "--criteria", "both", with_reported, expect_code=1)
    equal(a["errors"], [], "i-codes are read in the reported column")
    equal(sorted(categories(a)), sorted(want), "native reported column")
    _, b = run_json("compare", "--criteria", "both", plain, recorded, expect_code=1)
    equal(b["errors"], [], "i-codes are read in a recorded-responses file")
    equal(sorted(categories(b)), sorted(want), "recorded-responses file")
    res = [c for t in a["irecist"]["recorded"] if t["subject"] == "RES" for c in t["comparisons"] if not c["agree"]]
    check("scenario F" in res[0]["explanation"], res[0]["explanation"])
    # Without --criteria an i-code is an error, as before issue 29 (byte for byte the same output).
    p = run("compare", with_reported)
    check(p.returncode != 0 and "column reported" in p.stderr and '"iUPD"' in p.stderr, p.stderr)
    p = run("compare", plain, recorded)
    check(p.returncode != 0 and "column response" in p.stderr, p.stderr)


def test_a_bad_code_is_still_an_error_naming_the_line():
    bad = write_temp("subject,date,lesion,role,site,diameter_mm,reported\nX,2025-01-01,T1,TARGET,LIVER,50,\n"
                     "X,2025-02-12,T1,,,60,iXYZ\n")
    p = run("compare", "--criteria", "both", bad)
    check(p.returncode in (1, 3), p.returncode)
    check(":3:" in p.stderr and "reported" in p.stderr and "iXYZ" in p.stderr, p.stderr)


if __name__ == "__main__":
    main([test_pharmaverse_irecist_records_against_the_recomputation, test_pharmaverse_table_and_csv,
          test_each_irecist_category_by_reported_column_and_recorded_file,
          test_a_bad_code_is_still_an_error_naming_the_line])
