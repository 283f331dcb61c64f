"""End-to-end: `recist compare` (issue 5) on the NCT07289048 example trial.

The investigator's records in data/nct07289048 carry errors planted by data/generate_trial.py and
listed in planted_errors.csv; `recist compare` must find exactly those, each under its category.
The reader-vs-reader part is checked against `recist assess` and against statistics recomputed here.
"""
import csv
import io
import json
import math

import json_schema
from e2e import check, equal, main, path, run, run_json, write_temp

PROFILE = path("data", "profiles", "nct07289048.ini")
TRIAL = path("data", "nct07289048", "measurements.csv")
BEST = path("data", "nct07289048", "investigator_bor.csv")
PLANTED = path("data", "nct07289048", "planted_errors.csv")


def compared(*files):
    return run_json("compare", "--profile", PROFILE, *files, expect_code=1)[1]


def primary_discrepancies(result):
    """(subject, reader, date, level, category) of every disagreement that does not merely follow
    from time points that differ."""
    found = set()
    for t in result["recorded"]:
        for c in t["comparisons"]:
            if not c["agree"] and c["category"] != "FOLLOWS_TIMEPOINTS":
                found.add((t["subject"], t["reader"], c["date"] or "", c["level"], c["category"]))
    return found


def planted():
    with open(PLANTED, newline="") as f:
        return {(r["subject"], r["reader"], r["date"], r["level"], r["category"]) for r in csv.DictReader(f)}


def test_finds_exactly_the_planted_errors():
    want = planted()
    categories = {p[4] for p in want}
    for c in ("ARITHMETIC", "WRONG_REFERENCE", "ABSOLUTE_5MM", "NODAL_CR", "NON_TARGET", "NEW_LESION", "NE_HANDLING",
              "CONFIRMATION"):
        check(c in categories, f"no planted error of category {c}")
    got = primary_discrepancies(compared(TRIAL, BEST))
    equal(sorted(got - want), [], "found but not planted")
    equal(sorted(want - got), [], "planted but not found")


def test_consequential_best_responses_come_from_planted_time_points():
    result = compared(TRIAL, BEST)
    with_timepoint_errors = {p[0] for p in planted() if p[3] == "timepoint"}
    follows = [(t["subject"], c["level"]) for t in result["recorded"] for c in t["comparisons"]
               if c["category"] == "FOLLOWS_TIMEPOINTS"]
    for subject, level in follows:
        check(subject in with_timepoint_errors, f"{subject} {level}: FOLLOWS_TIMEPOINTS without a time-point error")
    for t in result["recorded"]:
        for c in t["comparisons"]:
            if not c["agree"]:
                check(c["explanation"], f"{t['subject']} {c['level']}: a disagreement without an explanation")


def test_recorded_responses_from_a_separate_file_give_the_same_discrepancies():
    # Split the trial into measurements without `reported` and a SPEC 4.2 responses file.
    with open(TRIAL, newline="") as f:
        rows = list(csv.DictReader(f))
    columns = [c for c in rows[0] if c != "reported"]
    measurements, responses, seen = io.StringIO(), io.StringIO(), set()
    w = csv.DictWriter(measurements, columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    r = csv.writer(responses, lineterminator="\n")
    r.writerow(["subject", "reader", "date", "visit", "start_date", "response"])
    for row in rows:
        key = (row["subject"], row["reader"], row["date"])
        if row["reported"] and key not in seen:
            seen.add(key)
            r.writerow([row["subject"], row["reader"], row["date"], row["visit"], row["start_date"], row["reported"]])
    got = primary_discrepancies(compared(write_temp(measurements.getvalue()), write_temp(responses.getvalue()), BEST))
    equal(sorted(got), sorted(planted()), "discrepancies with the responses in their own file")


def test_reader_pd_dates_match_assess_and_discordance_rates():
    code, assessed = run_json("assess", "--profile", PROFILE, TRIAL)
    pd = {(t["subject"], t["reader"]): t["pd_date"] for t in assessed["tracks"]}
    result = compared(TRIAL, BEST)
    pairs = [r for r in result["readers"]]
    equal(len(pairs), len({t["subject"] for t in assessed["tracks"]}), "one reader pair per subject")
    timings = []
    for p in pairs:
        equal((p["reader_a"], p["reader_b"]), ("INVESTIGATOR", "READER2"), "pair order")
        a, b = pd[(p["subject"], "INVESTIGATOR")], pd[(p["subject"], "READER2")]
        equal((p["pd_date_a"], p["pd_date_b"]), (a, b), f"{p['subject']} PD dates")
        want = ("NEITHER" if not a and not b else "A_ONLY" if not b else "B_ONLY" if not a else
                "SAME" if a == b else "A_EARLIER" if a < b else "A_LATER")
        equal(p["pd_timing"], want, f"{p['subject']} PD timing")
        timings.append(want)
    check(any(t not in ("SAME", "NEITHER") for t in timings), "the trial should have discordant PD dates")
    stats = [s for s in result["statistics"] if s["kind"] == "reader_vs_reader"]
    equal(len(stats), 1, "reader pairs")
    prog = stats[0]["progression"]
    n = {k: timings.count(k.upper()) for k in ("same", "a_earlier", "a_later", "a_only", "b_only", "neither")}
    for k, v in n.items():
        equal(prog[k], v, f"progression {k}")
    equal((prog["edr"]["count"], prog["edr"]["n"]),
          (n["a_earlier"] + n["a_only"], n["same"] + n["a_earlier"] + n["a_later"] + n["a_only"]), "EDR")
    equal((prog["ldr"]["count"], prog["ldr"]["n"]),
          (n["a_later"] + n["b_only"], n["a_earlier"] + n["a_later"] + n["a_only"] + n["b_only"]), "LDR")


def kappa(matrix):
    """Cohen's kappa and its Fleiss-Cohen-Everitt standard error, written out independently."""
    n = sum(map(sum, matrix))
    k = len(matrix)
    p = [[c / n for c in row] for row in matrix]
    rows = [sum(p[i]) for i in range(k)]
    cols = [sum(p[i][j] for i in range(k)) for j in range(k)]
    po = sum(p[i][i] for i in range(k))
    pe = sum(rows[i] * cols[i] for i in range(k))
    kap = (po - pe) / (1 - pe)
    a = sum(p[i][i] * (1 - (rows[i] + cols[i]) * (1 - kap)) ** 2 for i in range(k))
    b = (1 - kap) ** 2 * sum(p[i][j] * (cols[i] + rows[j]) ** 2 for i in range(k) for j in range(k) if i != j)
    c = (kap - pe * (1 - kap)) ** 2
    return kap, math.sqrt(max(0.0, (a + b - c) / (n * (1 - pe) ** 2)))


def test_agreement_tables_and_kappa():
    result = compared(TRIAL, BEST)
    for s in result["statistics"]:
        for name in ("timepoints", "bor", "confirmed_bor"):
            t = s[name]
            equal(sum(map(sum, t["matrix"])), t["n"], f"{s['source_a']} {name} n")
            diagonal = sum(t["matrix"][i][i] for i in range(len(t["matrix"])))
            equal(t["agreement"]["count"], diagonal, f"{s['source_a']} {name} agreement")
            value, se = kappa(t["matrix"])
            check(abs(t["kappa"]["value"] - value) < 1e-5, f"{s['source_a']} {name} kappa {t['kappa']['value']} vs {value}")
            check(abs(t["kappa"]["se"] - se) < 1e-5, f"{s['source_a']} {name} kappa se {t['kappa']['se']} vs {se}")
    recorded = [s for s in result["statistics"] if s["kind"] == "recorded_vs_recomputed"]
    equal([s["source_a"] for s in recorded], ["INVESTIGATOR recorded"], "recorded sources")
    tp_errors = sum(1 for p in planted() if p[3] == "timepoint")
    t = recorded[0]["timepoints"]
    equal(t["n"] - t["agreement"]["count"], tp_errors, "time points that disagree")


def test_table_lists_disagreements_by_subject_first():
    p = run("compare", "--profile", PROFILE, "--format", "table", TRIAL, BEST)
    equal(p.returncode, 1, "exit code")
    text = p.stdout
    check("disagreements, by subject" in text, "no disagreement header:\n" + text[:500])
    check(text.index("disagreements, by subject") < text.index("== Agreement"), "disagreements must come first")
    for subject, _, date, level, category in planted():
        block = text[text.index("\n" + subject + "\n"):]
        check(category in block.split("\n\n")[0], f"{subject}: {category} not in its block")


def test_csv_has_every_comparison():
    result = compared(TRIAL, BEST)
    p = run("compare", "--profile", PROFILE, "--format", "csv", TRIAL, BEST)
    equal(p.returncode, 1, "exit code")
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    recorded = [r for r in rows if r["kind"] == "recorded"]
    equal(len(recorded), sum(len(t["comparisons"]) for t in result["recorded"]), "recorded rows")
    bad = {(r["subject"], r["source_a"].split()[0], r["date"], r["level"], r["category"])
           for r in recorded if r["agree"] == "false" and r["category"] != "FOLLOWS_TIMEPOINTS"}
    equal(sorted(bad), sorted(planted()), "CSV discrepancies")
    readers = [r for r in rows if r["kind"] == "readers" and r["level"] == "pd_date"]
    equal(len(readers), len(result["readers"]), "one PD-date row per reader pair")


def test_json_validates_against_the_schema():
    with open(path("schemas", "compare.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    result = compared(TRIAL, BEST)
    equal(json_schema.errors(result, schema), [], "schema errors")
    broken = json.loads(json.dumps(result))
    broken["recorded"][0]["comparisons"][0]["category"] = "TYPO"
    broken["statistics"][0]["extra"] = 1
    check(len(json_schema.errors(broken, schema)) >= 2, "the schema must reject an unknown category and key")


def test_exit_0_when_everything_agrees():
    with open(TRIAL, newline="") as f:
        lines = f.read().splitlines()
    one = [lines[0]] + [l for l in lines[1:] if l.startswith("01-001,INVESTIGATOR,")]
    code, result = run_json("compare", "--profile", PROFILE, write_temp("\n".join(one) + "\n"), expect_code=0)
    equal(result["agree"], True, "agree")
    equal(result["disagreements"], 0, "disagreements")
    check(result["recorded"] and all(c["agree"] for c in result["recorded"][0]["comparisons"]), "comparisons")


def test_bad_best_response_file_names_line_and_column():
    bad = write_temp("subject,reader,bor,confirmed_bor\n01-001,INVESTIGATOR,GOOD,PR\n")
    p = run("compare", "--profile", PROFILE, "--format", "json", TRIAL, bad)
    equal(p.returncode, 1, "exit code (a bad row is left out, results still written)")
    check(":2: column bor:" in p.stderr and "GOOD" in p.stderr, "error message: " + p.stderr)
    json.loads(p.stdout)


if __name__ == "__main__":
    main([test_finds_exactly_the_planted_errors, test_consequential_best_responses_come_from_planted_time_points,
          test_recorded_responses_from_a_separate_file_give_the_same_discrepancies,
          test_reader_pd_dates_match_assess_and_discordance_rates, test_agreement_tables_and_kappa,
          test_table_lists_disagreements_by_subject_first, test_csv_has_every_comparison,
          test_json_validates_against_the_schema,
          test_exit_0_when_everything_agrees, test_bad_best_response_file_names_line_and_column])
