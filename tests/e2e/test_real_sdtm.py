"""Real SDTM as published (issue 28, README "Real SDTM"): pharmaversesdtm's onco_recist domains.

The fixture (../shared/fixtures/pharmaversesdtm, third-party, Apache-2.0) is read as published, in
CSV and in SAS XPORT and Dataset-XML copies written by data/sdtm/make_sdtm.py's own writers: the
track counts and the findings by class are the same in the three formats; every track with complete
dates is assessed, all 24 with --impute-partial-dates admiral; BOR and CBOR, recomputed from TR and
from the recorded RS (--convention admiralonco), equal the pharmaverse's own ADRS rows.
"""
import atexit
import collections
import csv
import importlib.util
import io
import json
import os
import re
import shutil
import tempfile

from e2e import check, equal, main, path, run

FIXTURE = os.path.normpath(path("..", "shared", "fixtures", "pharmaversesdtm"))
if not os.path.isdir(FIXTURE):
    FIXTURE = "/work/shared/fixtures/pharmaversesdtm"
ONCO = os.path.join(FIXTURE, "onco_recist")
ADRS = os.path.join(FIXTURE, "adrs_onco_recist_subjects.csv")
WORK = tempfile.mkdtemp(prefix="recist-real-sdtm-")
atexit.register(shutil.rmtree, WORK, True)
DOMAINS = ("tu", "tr", "rs", "dm")
PARTIAL_SUBJECT = "01-701-1015"  # its WEEK 6 is dated "2014-02" in TR and RS


def load_make_sdtm():
    spec = importlib.util.spec_from_file_location("make_sdtm", path("data", "sdtm", "make_sdtm.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copies():
    """The fixture's folder in each format: csv as published, xpt and xml written by make_sdtm.py."""
    folders = {"csv": ONCO}
    ms = load_make_sdtm()
    for kind in ("xpt", "xml"):
        os.makedirs(os.path.join(WORK, kind), exist_ok=True)
        folders[kind] = os.path.join(WORK, kind)
    for name in DOMAINS:
        domain = name.upper()
        with open(os.path.join(ONCO, f"{name}.csv"), newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        names = list(rows[0].keys())
        ms.VARIABLES[domain] = [(n, n) for n in names]
        # SDTM's numeric variables as SAS numbers (the values as R wrote them), the rest as text.
        numeric = {n for n in names if n in ms.NUMERIC or n in ("AGE", "DMDY")}
        ms.NUMERIC = ms.NUMERIC | numeric
        records = [{n: (float(r[n]) if n in numeric and r[n] != "" else r[n]) for n in names} for r in rows]
        ms.write_xpt(os.path.join(WORK, "xpt", f"{name}.xpt"), domain, records)
        xml_records = [{n: r[n] for n in names} for r in rows]  # Dataset-XML holds the text as given
        ms.write_dataset_xml(os.path.join(WORK, "xml", f"{name}.xml"), domain, xml_records, "CDISCPILOT01")
    return folders


FOLDERS = None


def folders():
    global FOLDERS
    if FOLDERS is None:
        FOLDERS = copies()
    return FOLDERS


def assess_json(folder, *extra, command="assess"):
    p = run(command, "--format", "json", folder, *extra)
    return p, json.loads(p.stdout) if p.stdout else None


def comparable(tracks):
    """Tracks with the record numbers taken out of the findings: a CSV record is its line (the
    header is line 1), an XPT or Dataset-XML record its position."""
    out = json.loads(json.dumps(tracks))
    for t in out:
        for f in t["findings"]:
            f["message"] = re.sub(r"record \d+", "record N", f["message"])
    return out


def finding_classes(doc):
    return collections.Counter((f["severity"], f["code"]) for t in doc["tracks"] for f in t["findings"])


def test_as_published_every_track_with_complete_dates_is_assessed_in_every_format():
    results = {}
    for kind, folder in folders().items():
        p, doc = assess_json(folder)
        equal(p.returncode, 1, f"{kind}: exit code (error findings and input errors; {p.stderr[:300]})")
        tracks = {(t["subject"], t["reader"]) for t in doc["tracks"]}
        equal(len(tracks), 21, f"{kind}: tracks assessed")
        left_out = {(s, r) for s in [PARTIAL_SUBJECT] for r in ("INVESTIGATOR", "RADIOLOGIST 1", "RADIOLOGIST 2")}
        check(not tracks & left_out, f"{kind}: the partial-date subject's tracks are left out")
        # The remaining errors: the partial date, on each TR record of that visit and on its RS rows.
        errors = collections.Counter((os.path.basename(e["file"]), e["column"]) for e in doc["errors"])
        equal(dict(errors), {(f"tr.{kind}", "TRDTC"): 12, (f"rs.{kind}", "RSDTC"): 3}, f"{kind}: errors by class")
        check(all('"2014-02": a partial date' in e["message"] for e in doc["errors"]), f"{kind}: messages")
        # Warnings a data manager agrees with: TUMSTATE records repeated but for TRSEQ (01-701-1034
        # and 01-701-1097, each evaluator); errors: those two subjects have non-targets only (R5).
        equal(dict(finding_classes(doc)), {("warning", "DUPLICATE_RECORD"): 6, ("error", "NO_MEASURABLE_TARGET"): 6},
              f"{kind}: findings by class")
        results[kind] = comparable(doc["tracks"])
    equal(results["xpt"], results["csv"], "SAS XPORT copy: the same tracks as the CSV")
    equal(results["xml"], results["csv"], "Dataset-XML copy: the same tracks as the CSV")


def test_impute_partial_dates_admiral_reads_all_24_with_every_imputed_date_flagged():
    results = {}
    for kind, folder in folders().items():
        p, doc = assess_json(folder, "--impute-partial-dates", "admiral")
        equal(p.returncode, 1, f"{kind}: exit code (the R5 error findings)")
        equal(len(doc["tracks"]), 24, f"{kind}: tracks")
        equal(doc["errors"], [], f"{kind}: no input error")
        equal(doc["profile"].get("impute_partial_dates"), "admiral", f"{kind}: the profile says so")
        classes = finding_classes(doc)
        equal(classes[("warning", "DATE_IMPUTED")], 3, f"{kind}: one DATE_IMPUTED per imputed date")
        flagged = [(t["subject"], tp["date"], tp["adtf"]) for t in doc["tracks"] for tp in t["timepoints"] if "adtf" in tp]
        equal(flagged, [(PARTIAL_SUBJECT, "2014-02-28", "D")] * 3, f"{kind}: flagged time points")
        results[kind] = comparable(doc["tracks"])
    equal(results["xpt"], results["csv"], "SAS XPORT copy")
    equal(results["xml"], results["csv"], "Dataset-XML copy")
    # The CSV output flags it too, in its own column.
    p = run("assess", "--format", "csv", ONCO, "--impute-partial-dates", "admiral")
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    equal(sorted({r["adtf"] for r in rows}), ["", "D"], "CSV adtf column")
    equal(run("assess", ONCO, "--impute-partial-dates", "first").returncode, 2, "an unknown imputation")


def pharmaverse_best():
    best = {}
    with open(ADRS, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["PARAMCD"] in ("BOR", "CBOR"):
                best[(r["USUBJID"], r["PARAMCD"])] = (r["AVALC"], r["ADT"])
    equal(len(best), 16, "8 subjects' BOR and CBOR in the fixture")
    return best


def ours(track_csv):
    got = {}
    for r in csv.DictReader(io.StringIO(track_csv)):
        if r["reader"] == "INVESTIGATOR":  # adrs_onco is the investigator's
            got[(r["subject"], "BOR")] = (r["bor"], r.get("bor_date"))
            got[(r["subject"], "CBOR")] = (r["confirmed_bor"], r.get("confirmed_bor_date"))
    return got


def test_bor_and_cbor_equal_the_pharmaverse_adrs_from_tr_and_from_recorded_rs():
    expected = pharmaverse_best()
    admiralonco = ("--convention", "admiralonco", "--impute-partial-dates", "admiral")
    # Recomputed from TR (every format).
    for kind, folder in folders().items():
        p = run("assess", "--format", "csv", "--level", "track", folder, *admiralonco)
        equal(ours(p.stdout), expected, f"{kind}: BOR/CBOR recomputed from TR")
    # From the recorded RS: its OVRLRESP per visit (as the engine read and dated them) as recorded
    # time-point responses (SPEC 4.2), best responses derived by admiralonco's conventions.
    p, doc = assess_json(ONCO, "--impute-partial-dates", "admiral")
    recorded = os.path.join(WORK, "recorded.csv")
    with open(recorded, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["subject", "reader", "start_date", "date", "visit", "response"])
        for t in doc["tracks"]:
            for tp in t["timepoints"]:
                if tp["reported"]:
                    w.writerow([t["subject"], t["reader"], t["start_date"], tp["date"], tp["visit"], tp["reported"]])
    p = run("assess", "--format", "csv", "--level", "track", recorded, "--convention", "admiralonco")
    check(p.returncode in (0, 1), p.stderr[:300])
    equal(ours(p.stdout), expected, "BOR/CBOR from the recorded RS")
    # Under our SPEC's conventions the values are the same (dates are admiralonco's only): the
    # unconfirmed CRs of 01-701-1015, -1115 and -1133 stay SD when confirmation is required (R15:
    # no CR 28 days later), 01-701-1097's one NON-CR/NON-PD before 42 days is NE (R14's SD minimum).
    p = run("assess", "--format", "csv", "--level", "track", ONCO, "--impute-partial-dates", "admiral")
    spec = {k: v[0] for k, v in ours(p.stdout).items()}
    equal(spec, {k: v[0] for k, v in expected.items()}, "BOR/CBOR values under the SPEC's conventions")


def test_adrs_ovr_rows_and_their_adtf_equal_the_pharmaverse_rows():
    # --format adrs with the imputation: ADTF closes each row; the investigator's OVR records equal
    # adrs_onco's in visit, response, date and date flag, and PARAM/PARCAT1-3 are admiral's words
    # (AVISITN and the SRC* traceability variables are not yet written: README "Real SDTM").
    p = run("assess", "--format", "adrs", ONCO, "--impute-partial-dates", "admiral")
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    check("ADTF" in rows[0], "ADTF column")
    ours = sorted((r["USUBJID"], r["AVISIT"], r["AVALC"], r["ADT"], r["ADTF"]) for r in rows
                  if r["PARAMCD"] == "OVR" and r["PARCAT2"] == "Investigator")
    with open(ADRS, newline="", encoding="utf-8") as f:
        pharmaverse = list(csv.DictReader(f))
    for code in ("OVR", "BOR", "CBOR"):
        words = {(r["PARAM"], r["PARCAT1"], r["PARCAT2"], r["PARCAT3"]) for r in pharmaverse if r["PARAMCD"] == code}
        mine = {(r["PARAM"], r["PARCAT1"], r["PARCAT2"], r["PARCAT3"]) for r in rows
                if r["PARAMCD"] == code and r["PARCAT2"] == "Investigator"}
        equal(mine, words, f"{code}: PARAM and PARCAT1-3 as adrs_onco writes them")
    # BOR and CBOR records under admiralonco's convention: value, date, visit and ANL01FL as theirs.
    p = run("assess", "--format", "adrs", ONCO, "--impute-partial-dates", "admiral", "--convention", "admiralonco")
    best = sorted((r["USUBJID"], r["PARAMCD"], r["AVALC"], r["AVAL"], r["ADT"], r["AVISIT"], r["ANL01FL"])
                  for r in csv.DictReader(io.StringIO(p.stdout))
                  if r["PARAMCD"] in ("BOR", "CBOR") and r["PARCAT2"] == "Investigator")
    equal(best, sorted((r["USUBJID"], r["PARAMCD"], r["AVALC"], r["AVAL"], r["ADT"], r["AVISIT"], r["ANL01FL"])
                       for r in pharmaverse if r["PARAMCD"] in ("BOR", "CBOR")), "BOR and CBOR records")
    with open(ADRS, newline="", encoding="utf-8") as f:
        theirs = sorted((r["USUBJID"], r["AVISIT"], r["AVALC"], r["ADT"], r["ADTF"]) for r in csv.DictReader(f)
                        if r["PARAMCD"] == "OVR")
    equal(ours, theirs, "OVR records")
    check(("01-701-1015", "WEEK 6", "NE", "2014-02-28", "D") in ours, "the imputed date flagged D")
    # Without the option the ADRS keeps its columns.
    p = run("assess", "--format", "adrs", ONCO)
    check("ADTF" not in p.stdout.splitlines()[0], "no ADTF without the imputation")


def test_exit_codes_agree_across_commands():
    # The partial-date subject alone: every track is left out, yet the input is readable (exit 1,
    # the result written with the errors), the same for validate, assess and compare.
    one = os.path.join(WORK, "one")
    os.makedirs(one, exist_ok=True)
    for name in DOMAINS:
        with open(os.path.join(ONCO, f"{name}.csv"), encoding="utf-8") as f:
            lines = f.read().splitlines(keepends=True)
        with open(os.path.join(one, f"{name}.csv"), "w", encoding="utf-8") as f:
            f.writelines([lines[0]] + [l for l in lines[1:] if f'"{PARTIAL_SUBJECT}"' in l])
    for command in ("validate", "assess", "compare"):
        p, doc = assess_json(one, command=command)
        equal(p.returncode, 1, f"{command}: exit code")
        equal(len(doc["errors"]), 15, f"{command}: errors listed in the result")
        p, doc = assess_json(one, "--impute-partial-dates", "admiral", command=command)
        equal(p.returncode, 0, f"{command} with imputation: exit code ({p.stderr[:200]})")
    # An input unreadable as a whole stays exit 3.
    equal(run("assess", os.path.join(WORK, "no-such-folder")).returncode, 3, "no such folder")


def test_a_generated_study_with_the_same_defects_gives_the_clean_study_s_responses():
    # make_sdtm.py --defects: empty TULOC on non-targets, both axes and DIAMETER, repeated TUMSTATE
    # records, partial dates in every 50th track; read in each format with the imputation.
    import subprocess
    import sys
    native = path("data", "nct07289048", "measurements.csv")
    script = path("data", "sdtm", "make_sdtm.py")
    out = {}
    for name, extra in (("clean", []), ("defects", ["--defects"])):
        target = os.path.join(WORK, name)
        p = subprocess.run([sys.executable, script, native, target, *extra], capture_output=True, text=True, timeout=120)
        equal(p.returncode, 0, f"make_sdtm.py {extra}: {p.stderr}")
        out[name] = target
    _, clean = assess_json(os.path.join(out["clean"], "csv"))
    best = {(t["subject"], t["reader"]): (t["bor"], t["confirmed_bor"]) for t in clean["tracks"]}
    for kind in ("csv", "xpt", "xml"):
        p, doc = assess_json(os.path.join(out["defects"], kind), "--impute-partial-dates", "admiral")
        equal(doc["errors"], clean["errors"], f"{kind}: input errors")
        got = {(t["subject"], t["reader"]): (t["bor"], t["confirmed_bor"]) for t in doc["tracks"]}
        equal(got, best, f"{kind}: best responses as the clean study's")
        added = finding_classes(doc) - finding_classes(clean)
        equal(sorted(added), [("warning", "DATE_IMPUTED"), ("warning", "DUPLICATE_RECORD"), ("warning", "SITE_UNKNOWN")],
              f"{kind}: the defects are each seen")


if __name__ == "__main__":
    main([test_as_published_every_track_with_complete_dates_is_assessed_in_every_format,
          test_impute_partial_dates_admiral_reads_all_24_with_every_imputed_date_flagged,
          test_bor_and_cbor_equal_the_pharmaverse_adrs_from_tr_and_from_recorded_rs,
          test_adrs_ovr_rows_and_their_adtf_equal_the_pharmaverse_rows,
          test_exit_codes_agree_across_commands,
          test_a_generated_study_with_the_same_defects_gives_the_clean_study_s_responses])
