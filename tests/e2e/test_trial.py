"""End-to-end: the NCT07289048 example trial (data/nct07289048, issue 3 part 6).

`recist summary` is checked against numbers this test computes on its own from the per-track
results of `recist assess`: best-response counts, N, the tracks failing R5, and the ORR/DCR with
an exact Clopper-Pearson interval found by bisection on the binomial CDF.
"""
import csv
import datetime
import math
import subprocess
import sys

from e2e import check, equal, main, path, run, run_json

PROFILE = path("data", "profiles", "nct07289048.ini")
TRIAL = path("data", "nct07289048", "measurements.csv")
CODES = ["CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"]


def binomial_cdf(k, n, p):
    """P(X <= k) for X ~ Binomial(n, p)."""
    if k < 0:
        return 0.0
    return sum(math.comb(n, i) * p ** i * (1 - p) ** (n - i) for i in range(0, min(k, n) + 1))


def bisect(f, lo=0.0, hi=1.0):
    """The root of a function increasing on [lo, hi], to 1e-12."""
    for _ in range(200):
        mid = (lo + hi) / 2
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def clopper_pearson(k, n, alpha=0.05):
    """Exact two-sided interval: P(X >= k | p_low) = alpha/2 and P(X <= k | p_high) = alpha/2."""
    low = 0.0 if k == 0 else bisect(lambda p: (1 - binomial_cdf(k - 1, n, p)) - alpha / 2)
    high = 1.0 if k == n else bisect(lambda p: alpha / 2 - binomial_cdf(k, n, p))
    return low, high


def date(text):
    return datetime.date.fromisoformat(text).toordinal()


def assessed():
    code, result = run_json("assess", "--profile", PROFILE, TRIAL)
    equal(code, 1, "assess exit code (the two tracks failing R5 are error findings)")
    return result


def expected_summary(result):
    """Per reader: tracks, failing R5, N and the counts of each best response, from the tracks."""
    readers = {}
    for t in result["tracks"]:
        if t["baseline"] is None:
            continue
        r = readers.setdefault(t["reader"], {"tracks": 0, "failing": [], "confirmed": dict.fromkeys(CODES, 0),
                                             "unconfirmed": dict.fromkeys(CODES, 0)})
        r["tracks"] += 1
        if any(f["code"] == "NO_MEASURABLE_TARGET" for f in t["findings"]):
            r["failing"].append(t["subject"])
            continue
        r["confirmed"][t["confirmed_bor"]] += 1
        r["unconfirmed"][t["bor"]] += 1
    for r in readers.values():
        r["n"] = r["tracks"] - len(r["failing"])
    return readers


def summary_json():
    code, result = run_json("summary", "--profile", PROFILE, TRIAL)
    equal(code, 1, "summary exit code")
    return {r["reader"]: r for r in result["summary"]["readers"]}


def test_generated_files_are_up_to_date():
    p = subprocess.run([sys.executable, path("data", "generate_trial.py"), "--check"], capture_output=True, text=True)
    equal(p.returncode, 0, "generate_trial.py --check: " + p.stderr.strip())


def test_trial_shape():
    result = assessed()
    subjects = {t["subject"] for t in result["tracks"]}
    # 35, and since issue 19 three more with pseudoprogression (iRECIST), 06-001 .. 06-003.
    equal(len(subjects), 38, "patients")
    readers = {t["reader"] for t in result["tracks"]}
    equal(readers, {"INVESTIGATOR", "READER2"}, "readers")
    for t in result["tracks"]:
        start = t["start_date"]
        baseline = t["baseline"]["date"]
        days = date(start) - date(baseline)
        check(0 <= days <= 28, f"{t['subject']}: baseline {baseline} is {days} days before C1D1 {start}")
        check(t["timepoints"], f"{t['subject']}/{t['reader']}: no follow-up")


def test_engine_agrees_with_investigator_except_planted_errors():
    planted = {(p["subject"], p["date"]) for p in csv.DictReader(open(path("data", "nct07289048", "planted_errors.csv")))
               if p["level"] == "timepoint"}
    check(planted, "no planted time-point errors")
    found = set()
    for t in assessed()["tracks"]:
        if t["reader"] != "INVESTIGATOR":
            continue
        for tp in t["timepoints"]:
            check(tp["reported"] is not None, f"{t['subject']} {tp['date']}: no reported response")
            if tp["reported"] != tp["overall"]:
                found.add((t["subject"], tp["date"]))
    equal(sorted(found), sorted(planted), "time points where the investigator's record differs")


def generator_courses():
    """data/generate_trial.py's own description of each patient (imported, not run)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("generate_trial", path("data", "generate_trial.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {c.subject: c for c in module.COURSES}


def test_compare_finds_the_planted_errors_and_the_readers_own_readings():
    # Independent of recist: the planted errors (planted_errors.csv) and the generator's Courses, which
    # say where READER2 reads the scans differently. README: 27 = 17 planted + 2 best responses that
    # follow from a planted time point + 8 between the readers.
    planted = {(p["subject"], p["level"], p["date"] or None, p["category"])
               for p in csv.DictReader(open(path("data", "nct07289048", "planted_errors.csv")))}
    equal(len(planted), 17, "planted errors")
    code, result = run_json("compare", "--profile", PROFILE, TRIAL, path("data", "nct07289048", "investigator_bor.csv"))
    equal(code, 1, "compare exit code (disagreements)")
    recorded = {(t["subject"], c["level"], c["date"], c["category"]) for t in result["recorded"]
                for c in t["comparisons"] if not c["agree"]}
    following = recorded - planted
    equal(sorted(planted - recorded), [], "planted errors compare does not find")
    planted_timepoints = {s for s, level, _, _ in planted if level == "timepoint"}
    for subject, level, _, category in following:
        check(level in ("bor", "confirmed_bor") and category == "FOLLOWS_TIMEPOINTS" and subject in planted_timepoints,
              f"{subject} {level} {category}: a disagreement with no planted error behind it")
    equal(len(following), 2, "best responses following from a planted time point")
    courses = generator_courses()
    differently = sorted(s for s, c in courses.items() if c.reader2)
    disagreeing = sorted(r["subject"] for r in result["readers"] if not r["agree"])
    equal(disagreeing, differently, "subjects whose readers disagree (the generator's reader2 courses)")
    equal(result["disagreements"], 27, "disagreements in all")


def test_counts_and_eligibility_match_the_tracks():
    want = expected_summary(assessed())
    got = summary_json()
    equal(sorted(got), sorted(want), "readers")
    for reader, w in want.items():
        g = got[reader]
        equal(g["tracks"], w["tracks"], f"{reader} tracks")
        equal(g["n"], w["n"], f"{reader} N")
        equal(sorted(g["failing_eligibility"]), sorted(w["failing"]), f"{reader} failing R5")
        check(w["failing"], f"{reader}: the trial should have patients failing R5")
        for kind in ("confirmed", "unconfirmed"):
            equal(g[kind]["counts"], w[kind], f"{reader} {kind} counts")


def test_orr_and_dcr_with_exact_intervals():
    want = expected_summary(assessed())
    got = summary_json()
    for reader, w in want.items():
        for kind in ("confirmed", "unconfirmed"):
            c = w[kind]
            for name, k in (("orr", c["CR"] + c["PR"]), ("dcr", c["CR"] + c["PR"] + c["SD"] + c["NON-CR/NON-PD"])):
                g = got[reader][kind][name]
                low, high = clopper_pearson(k, w["n"])
                equal((g["count"], g["n"]), (k, w["n"]), f"{reader} {kind} {name}")
                check(abs(g["rate"] - k / w["n"]) < 1e-6, f"{reader} {kind} {name} rate {g['rate']}")
                check(abs(g["ci_low"] - low) < 1e-5 and abs(g["ci_high"] - high) < 1e-5,
                      f"{reader} {kind} {name}: CI {g['ci_low']}..{g['ci_high']}, expected {low:.6f}..{high:.6f}")


def test_table_prints_the_primary_endpoint():
    want = expected_summary(assessed())["INVESTIGATOR"]
    p = run("summary", "--profile", PROFILE, "--format", "table", TRIAL)
    equal(p.returncode, 1, "summary exit code")
    k = want["confirmed"]["CR"] + want["confirmed"]["PR"]
    low, high = clopper_pearson(k, want["n"])
    pct = lambda v: f"{100 * v:.1f}%"
    lines = [l for l in p.stdout.splitlines() if "ORR" in l and "confirmed" in l and "unconfirmed" not in l]
    check(lines, "no confirmed-ORR line in:\n" + p.stdout)
    first = lines[0]
    for piece in (f"{k}/{want['n']}", pct(k / want["n"]), pct(low), pct(high)):
        check(piece in first, f"{piece!r} not in the primary endpoint line {first!r}")


if __name__ == "__main__":
    main([test_generated_files_are_up_to_date, test_trial_shape,
          test_engine_agrees_with_investigator_except_planted_errors,
          test_compare_finds_the_planted_errors_and_the_readers_own_readings, test_counts_and_eligibility_match_the_tracks,
          test_orr_and_dcr_with_exact_intervals, test_table_prints_the_primary_endpoint])
