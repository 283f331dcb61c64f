"""End-to-end tests of batch assessment at scale (issue 6): a trial from benchmarks/generate_trial,
sorted by subject and shuffled, gives the same results whatever the number of threads, and the same
tracks whether sorted or not; errors, --strict and the output targets behave as with one thread.
Those compare recist with recist (determinism); test_hand_worked_tracks_… holds the batch to
responses worked out by hand, so a wrong rule cannot pass every test here at once."""
import json
import os
import random
import subprocess
import tempfile

from e2e import BINARY, check, check_no_sanitizer_report, equal, main, run, write_temp

GENERATOR = os.path.join(os.path.dirname(BINARY), "benchmarks", "generate_trial")
SUBJECTS = "2000"
_files = {}


def generated(*args):
    """A generated trial (cached), as a path."""
    key = " ".join(args)
    if key not in _files:
        check(os.path.exists(GENERATOR), f"{GENERATOR} is missing: build with RECIST_BUILD_BENCHMARKS=ON")
        f = tempfile.NamedTemporaryFile(suffix=".csv", delete=False)
        f.close()
        subprocess.run([GENERATOR, "--subjects", SUBJECTS, *args, "-o", f.name], check=True, timeout=120)
        _files[key] = f.name
    return _files[key]


def lines_of(path):
    with open(path, newline="") as f:
        return f.read().splitlines(keepends=True)


def outputs_by_threads(path, *args):
    """stdout, stderr and exit code of `recist assess` with 1, 2 and 3 threads."""
    got = {}
    for threads in ("1", "2", "3"):
        p = run("assess", *args, "--threads", threads, path)
        got[threads] = (p.returncode, p.stdout, p.stderr)
    return got


def same_for_every_thread_count(got, what):
    for threads in ("2", "3"):
        check(got[threads] == got["1"], f"{what}: --threads {threads} differs from --threads 1")


def test_sorted_trial_same_bytes_with_any_thread_count():
    path = generated()
    for fmt in (["--format", "json"], ["--format", "csv"], ["--format", "csv", "--level", "track"],
                ["--format", "table", "--reasons"]):
        got = outputs_by_threads(path, *fmt)
        same_for_every_thread_count(got, " ".join(fmt))
        equal(got["1"][0], 0, f"exit code of {' '.join(fmt)}")
    tracks = json.loads(run("assess", "--format", "json", path).stdout)["tracks"]
    equal(len(tracks), int(SUBJECTS), "tracks")


# Worked by hand, not by recist (issue 35, item 7): one target of 100 mm; PR: 60 mm at day 42 and
# day 84 (−40 %, confirmed 42 ≥ 28 days later); PD: 125 mm at day 42 (+25 % and +25 mm ≥ 5);
# SD: 90 mm at day 42 (−10 %, at the SD minimum of 42 days).
HAND = {"PR": ((60, 60), ("PR", "PR", -40.0)), "PD": ((125,), ("PD", "PD", None)), "SD": ((90,), ("SD", "SD", -10.0))}


def hand_trial(subjects, shuffle):
    header = "subject,reader,date,visit,start_date,lesion,role,site,node,diameter_mm,status,method,slice_mm,irradiated\n"
    rows, expected = [], {}
    for i in range(subjects):
        kind = ("PR", "PD", "SD")[i % 3]
        subject = f"H-{i:05d}"
        follow, expected[subject] = HAND[kind]
        dates = ("2026-01-01", "2026-02-12", "2026-03-26")
        for k, mm in enumerate((100, *follow)):
            visit = "BASELINE" if k == 0 else f"W{6 * k}"
            rows.append(f"{subject},INVESTIGATOR,{dates[k]},{visit},2026-01-01,T1,TARGET,LIVER,N,{mm},,CT,5,N\n")
    if shuffle:
        random.Random(35).shuffle(rows)
    return write_temp(header + "".join(rows)), expected


def test_hand_worked_tracks_through_the_batch_on_any_thread_count():
    for shuffle in (False, True):
        trial, expected = hand_trial(3000, shuffle)
        for threads in ("1", "2"):
            doc = json.loads(run("assess", "--format", "json", "--threads", threads, trial).stdout)
            equal(len(doc["tracks"]), len(expected), "tracks")
            for t in doc["tracks"]:
                bor, confirmed, pct = expected[t["subject"]]
                equal((t["bor"], t["confirmed_bor"]), (bor, confirmed), f"{t['subject']} (shuffled {shuffle}, {threads} threads)")
                if pct is not None:
                    equal(t["best_pct_change"], pct, f"{t['subject']} best % change")
            counts = doc["summary"]["readers"][0]["confirmed"]["counts"]
            equal((counts["PR"], counts["PD"], counts["SD"]), (1000, 1000, 1000), "R18 counts")


def test_shuffled_trial_same_bytes_with_any_thread_count():
    got = outputs_by_threads(generated("--shuffle"), "--format", "json")
    same_for_every_thread_count(got, "shuffled json")
    p = run("summary", "--format", "json", "--threads", "1", generated("--shuffle"))
    q = run("summary", "--format", "json", "--threads", "2", generated("--shuffle"))
    equal(q.stdout, p.stdout, "shuffled summary")


def test_sorted_and_shuffled_give_the_same_tracks():
    sorted_out = json.loads(run("assess", "--format", "json", "--threads", "2", generated()).stdout)
    shuffled_out = json.loads(run("assess", "--format", "json", "--threads", "2", generated("--shuffle")).stdout)
    key = lambda t: (t["subject"], t["reader"])  # noqa: E731

    def comparable(t):
        # A time point's reasons name the targets in the order they first appear in the file, which
        # shuffling changes; everything else must be the same.
        return {**t, "timepoints": [{**tp, "reasons": len(tp["reasons"])} for tp in t["timepoints"]]}

    a = {key(t): comparable(t) for t in sorted_out["tracks"]}
    b = {key(t): comparable(t) for t in shuffled_out["tracks"]}
    equal(len(a), int(SUBJECTS), "distinct tracks")
    equal(set(b), set(a), "track keys")
    for k in a:
        check(b[k] == a[k], f"track {k} differs between the sorted and the shuffled file")
    equal(shuffled_out["summary"], sorted_out["summary"], "summary")
    check([key(t) for t in shuffled_out["tracks"]] != [key(t) for t in sorted_out["tracks"]],
          "the shuffled file should list the tracks in another order (first appearance)")


def test_two_readers_and_a_row_out_of_place():
    # Two readers per subject; one row of the first track moved to the end makes the input
    # ungrouped: it is read again the compact way and gives the grouped file's results.
    path = generated("--readers", "2")
    lines = lines_of(path)
    track = lambda line: line.split(",")[:2]  # noqa: E731 - subject, reader
    last = next(i for i in range(1, len(lines)) if track(lines[i + 1]) != track(lines[1]))
    moved = lines[:last] + lines[last + 1:] + [lines[last]]  # the first track's last row, at the end
    out_of_place = write_temp("".join(moved))
    for threads in ("1", "2"):
        a = run("assess", "--format", "json", "--threads", threads, path)
        b = run("assess", "--format", "json", "--threads", threads, out_of_place)
        equal(b.returncode, a.returncode, "exit code")
        check(b.stdout == a.stdout, f"results with one row out of place differ, --threads {threads}")
    equal(len(json.loads(a.stdout)["tracks"]), 2 * int(SUBJECTS), "tracks of two readers")


def planted_errors():
    """The sorted trial with a bad date every 997 rows and a wrong field count every 1511 rows."""
    lines = lines_of(generated())
    out = [lines[0]]
    for i, line in enumerate(lines[1:]):
        fields = line.rstrip("\n").split(",")
        if i % 997 == 5:
            fields[1] = "2025-02-30"
        if i % 1511 == 7:
            fields[7] = "12,5"
        out.append(",".join(fields) + "\n")
    return write_temp("".join(out)), sum(1 for i in range(len(lines) - 1) if i % 997 == 5 or i % 1511 == 7)


def test_errors_are_the_same_with_any_thread_count():
    path, planted = planted_errors()
    got = outputs_by_threads(path, "--format", "json")
    same_for_every_thread_count(got, "json with errors")
    code, stdout, stderr = got["1"]
    equal(code, 1, "exit code with bad rows")
    errors = json.loads(stdout)["errors"]
    equal(len(errors), 101, "errors listed (the cap) and one entry saying how many more")
    more = errors.pop()
    check(more["line"] == 0 and more["message"].startswith("… and ") and "not listed" in more["message"],
          f"last entry counts the errors not listed: {more}")
    lines = [e["line"] for e in errors]
    equal(lines, sorted(lines), "row errors in input order")
    check(all(e["file"] == path for e in errors), "errors name the file")
    check(any(e["column"] == "date" and "2025-02-30" in e["message"] for e in errors), "bad date reported")
    check(any(e["column"] is None and "fields, but the header has" in e["message"] for e in errors),
          "field count reported")
    # Beyond the cap, errors are counted: the planted rows, and tracks that lost a first row.
    not_listed = int(stderr.split("… and ")[1].split()[0]) if "… and " in stderr else 0
    check(len(errors) + not_listed >= planted, f"{len(errors)} + {not_listed} errors, {planted} rows planted")
    # The same rows shuffled: the same errors, still in line order.
    rows = lines_of(path)
    header, body = rows[0], rows[1:]
    random.Random(1).shuffle(body)
    shuffled = write_temp(header + "".join(body))
    got = outputs_by_threads(shuffled, "--format", "json")
    same_for_every_thread_count(got, "shuffled json with errors")


def test_strict_stops_with_nothing_written_whatever_the_threads():
    path, _ = planted_errors()
    got = outputs_by_threads(path, "--format", "json", "--strict")
    same_for_every_thread_count(got, "--strict")
    code, stdout, stderr = got["1"]
    equal(code, 3, "exit code under --strict")
    equal(stdout, "", "standard output under --strict")
    equal(len(stderr.strip().splitlines()), 1, "one error under --strict")
    out = os.path.join(tempfile.mkdtemp(), "out.json")
    p = run("assess", "--format", "json", "--strict", "--threads", "2", "-o", out, path)
    equal(p.returncode, 3, "exit code with -o")
    check(not os.listdir(os.path.dirname(out)), "no output file (nor temporary file) under --strict")


def test_output_file_and_standard_input_match_standard_output():
    path = generated()
    expected = run("assess", "--format", "csv", "--threads", "2", path).stdout
    out = os.path.join(tempfile.mkdtemp(), "out.csv")
    p = run("assess", "--format", "csv", "--threads", "2", "-o", out, path)
    equal(p.returncode, 0, "exit code with -o")
    with open(out, newline="") as f:
        equal(f.read(), expected, "-o FILE")
    with open(path) as f:
        p = run("assess", "--format", "csv", "--threads", "2", "-", stdin=f.read())
    equal(p.stdout, expected, "standard input")
    # Standard input is spooled to an unnamed temporary file and read like a file, shuffled too;
    # without a usable temporary folder it is read into memory, with the same results.
    shuffled = generated("--shuffle")
    expected = run("assess", "--format", "json", "--threads", "1", shuffled).stdout
    with open(shuffled) as f:
        text = f.read()
    for threads in ("1", "2"):
        p = run("assess", "--format", "json", "--threads", threads, "-", stdin=text)
        equal(p.stdout, expected, f"shuffled standard input, {threads} thread(s)")
    out = os.path.join(tempfile.mkdtemp(), "out.json")
    env = dict(os.environ, TMPDIR=os.path.join(os.path.dirname(out), "no such folder"))
    p = subprocess.run([BINARY, "assess", "--format", "json", "-o", out, "-"], input=text, capture_output=True,
                       text=True, env=env, timeout=120)
    check_no_sanitizer_report(p.returncode, p.stderr)
    equal(p.returncode, 0, "exit code without a temporary folder")
    with open(out) as f:
        equal(f.read(), expected, "standard input read into memory")


if __name__ == "__main__":
    try:
        main([test_sorted_trial_same_bytes_with_any_thread_count,
              test_shuffled_trial_same_bytes_with_any_thread_count,
              test_sorted_and_shuffled_give_the_same_tracks,
              test_hand_worked_tracks_through_the_batch_on_any_thread_count,
              test_two_readers_and_a_row_out_of_place,
              test_errors_are_the_same_with_any_thread_count,
              test_strict_stops_with_nothing_written_whatever_the_threads,
              test_output_file_and_standard_input_match_standard_output])
    finally:
        for name in _files.values():
            os.unlink(name)
