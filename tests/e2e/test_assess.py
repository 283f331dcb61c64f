"""End-to-end: `recist assess`, `validate` and `summary` on the bundled examples and on small files,
checking the JSON of SPEC 5.1, the other formats, the profile, exit codes and atomic output."""
import json
import os
import tempfile

from e2e import check, equal, main, path, run, run_json, track, write_temp

EXAMPLES = path("data", "examples", "measurements.csv")
RESPONSES = path("data", "examples", "responses.csv")
PROFILE = path("data", "profiles", "nct07289048.ini")


def test_examples_follow_their_courses():
    code, out = run_json("assess", "--profile", PROFILE, EXAMPLES)
    equal(code, 1, "exit code (EX-06 fails R5: an error finding)")
    equal(out["criteria"], "RECIST 1.1", "criteria")
    want = {"EX-01": ("PR", "PR"), "EX-02": ("PR", "SD"), "EX-03": ("CR", "CR"), "EX-04": ("SD", "SD"),
            "EX-05": ("PD", "PD"), "EX-06": ("SD", "SD")}
    for subject, (bor, cbor) in want.items():
        t = track(out, subject)
        equal((t["bor"], t["confirmed_bor"]), (bor, cbor), subject)
    ex5 = track(out, "EX-05")
    equal(ex5["pd_date"], "2026-05-14", "EX-05 backdated PD")
    equal(ex5["timepoints"][0]["new_lesions"], "EQUIVOCAL", "EX-05 new lesions on day 42")
    check(any("backdated" in r for r in ex5["timepoints"][0]["reasons"]), "EX-05 reason names the backdating")
    ex6 = track(out, "EX-06")
    codes = {f["code"] for f in ex6["findings"]}
    check({"TARGET_SITE_EXCLUDED", "NO_MEASURABLE_TARGET"} <= codes, f"EX-06 findings {codes}")
    equal(ex6["eligible"], False, "EX-06 eligible")


def test_json_fields_and_numbers():
    _, out = run_json("assess", EXAMPLES)
    t = track(out, "EX-01")
    for key in ("subject", "reader", "start_date", "baseline", "findings", "timepoints", "bor", "confirmed_bor",
                "first_response_date", "confirmation_date", "pd_date", "best_pct_change", "reasons"):
        check(key in t, f"TRACK has {key}")
    equal(t["baseline"], {"date": "2026-03-02", "sum_mm": 35.0, "targets": 2, "non_targets": 1}, "baseline")
    tp = t["timepoints"][0]
    equal((tp["date"], tp["visit"], tp["day"]), ("2026-04-16", "W6", 42), "first time point")
    equal((tp["sum_mm"], tp["pct_from_baseline"], tp["nadir_mm"], tp["pct_from_nadir"]), (24.0, -31.4, 35.0, -31.4), "numbers")
    equal((tp["target"], tp["non_target"], tp["new_lesions"], tp["overall"]), ("PR", "NON-CR/NON-PD", "NO", "PR"), "responses")
    equal(tp["reported"], None, "reported")
    equal(t["confirmation_date"], "2026-05-28", "confirmation date")
    equal(t["best_pct_change"], -31.4, "best percent change")
    check(any("42 days later" in r for r in t["reasons"]), "reasons say how the confirmation was reached")
    equal(out["errors"], [], "errors")
    equal(out["profile"]["sd_min_days"], 42, "default profile echoed")


def test_profile_file_and_flags_override_it():
    _, out = run_json("assess", "--profile", PROFILE, EXAMPLES)
    equal(out["profile"]["sd_min_days"], 35, "profile file")
    equal(out["profile"]["exclude_target_sites"], ["BRAIN"], "excluded sites")
    _, out = run_json("assess", "--profile", PROFILE, "--sd-min-days", "50", "--exclude-target-site", "liver", EXAMPLES)
    equal(out["profile"]["sd_min_days"], 50, "flag overrides the profile")
    equal(out["profile"]["exclude_target_sites"], ["LIVER"], "flag overrides the profile's sites")


def test_recorded_responses_file():
    code, out = run_json("assess", RESPONSES)
    equal(code, 0, "exit code")
    equal((track(out, "EX-09")["bor"], track(out, "EX-09")["confirmed_bor"]), ("PR", "SD"), "EX-09")
    ex10 = track(out, "EX-10")
    equal((ex10["bor"], ex10["confirmed_bor"]), ("CR", "PR"), "EX-10")
    equal([f["code"] for f in ex10["findings"]], ["CR_FOLLOWED_BY_PR"], "R16 warning")
    equal(ex10["timepoints"][0]["target"], None, "recorded time points have no components")


def test_standard_input():
    with open(EXAMPLES) as f:
        text = f.read()
    p = run("assess", "--format", "json", "-", stdin=text)
    equal(p.returncode, 0, "exit code")
    equal(len(json.loads(p.stdout)["tracks"]), 6, "tracks from stdin")


def test_table_and_csv_formats():
    p = run("assess", "--format", "table", "--reasons", EXAMPLES)
    check("EX-03" in p.stdout and "confirmed BOR CR" in p.stdout, "table shows the best responses")
    check("R9" in p.stdout, "--reasons prints the reasons")
    p = run("assess", "--format", "csv", EXAMPLES)
    lines = p.stdout.splitlines()
    check(lines[0].startswith("subject,reader,start_date,date,visit,day,sum_mm"), "time-point CSV header")
    equal(len(lines), 1 + 11, "one row per time point")
    p = run("assess", "--format", "csv", "--level", "track", EXAMPLES)
    lines = p.stdout.splitlines()
    equal(len(lines), 1 + 6, "one row per track")
    check(",CR,CR," in lines[3], f"EX-03 row: {lines[3]}")


def test_summary_command():
    code, out = run_json("summary", "--profile", PROFILE, EXAMPLES)
    reader = out["summary"]["readers"][0]
    equal((reader["tracks"], reader["n"], reader["failing_eligibility"]), (6, 5, ["EX-06"]), "denominators")
    equal(reader["confirmed"]["orr"]["count"], 2, "confirmed responders (EX-01 PR, EX-03 CR)")
    equal(out["tracks"], [], "summary prints no tracks")
    p = run("summary", "--profile", PROFILE, "--format", "table", EXAMPLES)
    check("ORR confirmed   2/5 = 40.0% (95% CI 5.3% to 85.3%" in p.stdout, p.stdout)
    check("Primary endpoint, confirmed objective response rate: 2/5 = 40.0% (exact 95% CI 5.3% to 85.3%)"
          in p.stdout, "the primary endpoint is named")


def test_validate_command():
    code, out = run_json("validate", "--profile", PROFILE, EXAMPLES)
    equal(code, 1, "exit code (an error finding)")
    found = {t["subject"]: [f["code"] for f in t["findings"]] for t in out["tracks"]}
    equal(found["EX-01"], [], "EX-01 is clean")
    check("TARGET_SITE_EXCLUDED" in found["EX-06"], "EX-06 brain target")


def test_validate_streams_a_large_file_the_same_on_any_thread_count():
    # The example trial copied under 120 sets of subject ids (about 1.4 MB, several batch chunks),
    # with one bad row in the middle: validate streams like assess, and lists every track in input
    # order, the bad one left out, whatever the number of threads.
    lines = open(path("data", "nct07289048", "measurements.csv")).read().splitlines()
    header, rows = lines[0], lines[1:]
    subject = header.split(",").index("subject")
    copies = []
    for k in range(120):
        for row in rows:
            fields = row.split(",")
            fields[subject] = f"C{k:03d}-{fields[subject]}"
            copies.append(",".join(fields))
    bad_line = len(copies) // 2
    fields = copies[bad_line].split(",")
    fields[header.split(",").index("date")] = "2026-02-30"
    copies[bad_line] = ",".join(fields)
    big = write_temp(header + "\n" + "\n".join(copies) + "\n")
    results = [run_json("validate", "--threads", str(n), "--profile", PROFILE, big, expect_code=1)[1] for n in (1, 2)]
    equal(results[0], results[1], "validate output with 1 and 2 threads")
    _, single = run_json("validate", "--profile", PROFILE, path("data", "nct07289048", "measurements.csv"))
    equal(len(results[0]["tracks"]), 120 * len(single["tracks"]) - 1, "every track but the bad one")
    equal((results[0]["errors"][0]["line"], results[0]["errors"][0]["column"]), (bad_line + 2, "date"), "the bad row")


def test_bad_rows_are_reported_and_the_track_left_out():
    bad = write_temp("subject,date,lesion,role,site,diameter_mm\n"
                     "A,2026-03-02,T1,TARGET,LIVER,20\nA,2026-04-13,T1,,,12\n"
                     "B,2026-03-02,T1,TARGET,LIVER,20\nB,2026-02-30,T1,,,-4\n")
    code, out = run_json("assess", bad)
    equal(code, 1, "exit code: one track left out, the other written")
    equal([t["subject"] for t in out["tracks"]], ["A"], "tracks written")
    errs = [(e["line"], e["column"]) for e in out["errors"]]
    equal(errs, [(5, "date"), (5, "diameter_mm")], "errors located")
    check("2026-02-30" in out["errors"][0]["message"], "message quotes the bad value")
    p = run("assess", "--format", "json", "--strict", bad)
    equal(p.returncode, 3, "--strict stops at the first bad track")
    equal(p.stdout, "", "--strict writes no partial result")


def test_a_file_with_only_bad_tracks_is_exit_1():
    # Issue 28: an unreadable track is never an unreadable input; validate, assess and compare
    # agree (exit 1, the result written with no track and the errors listed).
    bad = write_temp("subject,date,lesion,role,site,diameter_mm\nA,2026-03-02,T1,TARGET,LIVER,abc\n")
    for command in ("assess", "validate", "compare"):
        p = run(command, "--format", "json", bad)
        equal(p.returncode, 1, f"{command}: exit code")
        check(f"{bad}:2: column diameter_mm:" in p.stderr, f"{command}: stderr names file, line, column: {p.stderr}")
        check(json.loads(p.stdout)["errors"], f"{command}: the errors are in the result")


def test_usage_errors_are_exit_2():
    equal(run("assess").returncode, 2, "no file")
    equal(run("assess", "--format", "xml", EXAMPLES).returncode, 2, "bad format")
    equal(run("frobnicate", EXAMPLES).returncode, 2, "unknown command")
    equal(run("assess", "--confirm-min-days", "-3", EXAMPLES).returncode, 2, "negative days")
    equal(run("assess", "--help").returncode, 0, "help")


def test_a_percent_token_in_an_option_is_a_usage_error_not_a_hang():
    # Found by tests/fuzz (profile_ini): Boost.Program_options 1.74 looped for ever writing the
    # message of an error whose option or value holds its own placeholder, such as
    # "%canonical_option%" (timeout: a hang fails the test instead of stalling the suite).
    cases = [("profile", write_temp("%canonical_option% = 1\n", suffix=".ini")),
             ("profile value", write_temp("confirm-min-days = %value%\n", suffix=".ini"))]
    for what, ini in cases:
        p = run("assess", "--profile", ini, EXAMPLES, timeout=20)
        equal(p.returncode, 2, what)
        check("holds a '%'" in p.stderr and ini in p.stderr, f"{what}: {p.stderr!r}")
    for args in (["--%canonical_option%"], ["--confirm-min-days", "%value%"]):
        p = run("assess", *args, EXAMPLES, timeout=20)
        equal(p.returncode, 2, f"{args}")
        check("holds a '%'" in p.stderr, f"{args}: {p.stderr!r}")


def test_unreadable_file_is_exit_3():
    p = run("assess", path("no", "such", "file.csv"))
    equal(p.returncode, 3, "exit code")
    check("cannot open" in p.stderr, p.stderr)


def test_output_is_written_atomically():
    folder = tempfile.mkdtemp()
    target = os.path.join(folder, "out.json")
    p = run("assess", "--format", "json", "-o", target, EXAMPLES)
    equal(p.returncode, 0, "exit code")
    with open(target) as f:
        equal(len(json.load(f)["tracks"]), 6, "tracks written")
    equal(os.listdir(folder), ["out.json"], "no temporary file left")
    before = open(target).read()
    p = run("assess", "--format", "json", "-o", target, path("no", "such", "file.csv"))
    equal(p.returncode, 3, "exit code")
    equal(open(target).read(), before, "a failed run leaves the previous file untouched")
    equal(os.listdir(folder), ["out.json"], "no temporary file left after a failure")


main([test_examples_follow_their_courses, test_json_fields_and_numbers, test_profile_file_and_flags_override_it,
      test_recorded_responses_file, test_standard_input, test_table_and_csv_formats, test_summary_command,
      test_validate_command, test_validate_streams_a_large_file_the_same_on_any_thread_count,
      test_bad_rows_are_reported_and_the_track_left_out,
      test_a_file_with_only_bad_tracks_is_exit_1, test_usage_errors_are_exit_2,
      test_a_percent_token_in_an_option_is_a_usage_error_not_a_hang, test_unreadable_file_is_exit_3,
      test_output_is_written_atomically])
