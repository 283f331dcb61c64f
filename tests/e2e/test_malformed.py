"""The malformed-input corpus: every file in tests/malformed/ is read by the real binary and must
fail (or pass) exactly as its sidecar says.

Sidecar format. Each corpus file NAME.EXT (or folder NAME, e.g. an SDTM folder) has a sidecar
NAME.expect.json:

    {
      "args": ["--strict"],          optional: extra arguments after the file
      "exit": 3,                     required: the exit code of `recist assess --format json FILE ARGS`
      "errors": [                    required: errors that must be reported (others may be too)
        {"line": 4,                  exact line (record number for XPT/Dataset-XML; 0: whole file)
         "column": "diameter_mm",    exact column / variable / attribute; null when none
         "message_contains": "negative"}   a substring of the message
      ],
      "error_count": 1,              optional: the exact number of errors reported
      "tracks": ["S2"],              optional: the subjects assessed, in output order (JSON only)
      "stderr_contains": "...",      optional: a substring of standard error
      "schema_valid": false,         XML only: whether the file validates against
                                     schemas/recist-native.xsd (checked by test_schemas.py)
      "comment": "..."               optional: why the case is there
    }

Errors are taken from the JSON `errors` when standard output is JSON (exit 0 or 1), else from the
standard-error lines `recist: FILE:LINE: column COL: MESSAGE` (`FILE: MESSAGE` for line 0).
"""
import glob
import json
import os
import re

from e2e import check, equal, main, path, run

CORPUS = path("tests", "malformed")
STDERR_LINE = re.compile(r"^recist: (?P<file>[^:]+)(?::(?P<line>\d+))?: (?:column (?P<column>.*?): )?(?P<message>.*)$")


def corpus():
    """(file, sidecar dict) of every corpus file."""
    out = []
    for sidecar in sorted(glob.glob(os.path.join(CORPUS, "*.expect.json"))):
        stem = sidecar[: -len(".expect.json")]
        inputs = [f for f in glob.glob(glob.escape(stem) + ".*") if f != sidecar]
        inputs += [stem] if os.path.isdir(stem) else []
        check(len(inputs) == 1, f"{os.path.basename(sidecar)}: expected one input beside it, found {inputs}")
        with open(sidecar, encoding="utf-8") as f:
            out.append((inputs[0], json.load(f)))
    return out


def reported_errors(p):
    """The errors of a run, as dicts with line, column (None when none) and message."""
    try:
        result = json.loads(p.stdout)
        return [{"line": e["line"], "column": e["column"], "message": e["message"]} for e in result["errors"]], result
    except json.JSONDecodeError:
        pass
    errors = []
    for line in p.stderr.splitlines():
        m = STDERR_LINE.match(line)
        if m:
            errors.append({"line": int(m["line"] or 0), "column": m["column"], "message": m["message"]})
    return errors, None


def check_case(file, expect):
    name = os.path.basename(file)
    p = run("assess", "--format", "json", file, *expect.get("args", []))
    equal(p.returncode, expect["exit"], f"{name}: exit code (stderr: {p.stderr[:300]!r})")
    errors, result = reported_errors(p)
    for want in expect["errors"]:
        found = [e for e in errors if e["line"] == want["line"] and e["column"] == want["column"]]
        check(found, f"{name}: no error at line {want['line']} column {want['column']!r}; reported: {errors}")
        check(any(want["message_contains"] in e["message"] for e in found),
              f"{name}: line {want['line']} column {want['column']!r}: no message containing "
              f"{want['message_contains']!r} in {[e['message'] for e in found]}")
    if "error_count" in expect:
        equal(len(errors), expect["error_count"], f"{name}: number of errors ({errors})")
    if "tracks" in expect:
        check(result is not None, f"{name}: no JSON on standard output")
        equal([t["subject"] for t in result["tracks"]], expect["tracks"], f"{name}: tracks assessed")
    if "stderr_contains" in expect:
        check(expect["stderr_contains"] in p.stderr, f"{name}: stderr lacks {expect['stderr_contains']!r}: {p.stderr[:300]!r}")
    for e in errors:  # every error names a place a user can find
        check(e["message"], f"{name}: an error without a message: {e}")


def test_corpus_is_large_enough():
    cases = corpus()
    check(len(cases) >= 30, f"only {len(cases)} corpus files")


def test_every_corpus_file_fails_as_its_sidecar_says():
    failures = []
    for file, expect in corpus():
        try:
            check_case(file, expect)
        except AssertionError as e:
            failures.append(str(e))
    check(not failures, f"{len(failures)} corpus files:\n  " + "\n  ".join(failures))


def test_one_bad_subject_is_skipped_and_strict_stops():
    # The multi-subject cases above leave out the bad subject and assess the rest (exit 1);
    # with --strict the same file stops at the first error (exit 3, no result written).
    multi = [(f, e) for f, e in corpus() if e["exit"] == 1 and e.get("tracks")]
    check(len(multi) >= 10, f"only {len(multi)} multi-subject cases")
    for file, _ in multi:
        p = run("assess", "--format", "json", "--strict", file)
        equal(p.returncode, 3, f"{os.path.basename(file)} --strict: exit code")
        equal(p.stdout, "", f"{os.path.basename(file)} --strict: standard output")
        check(STDERR_LINE.match(p.stderr.splitlines()[0]), f"{os.path.basename(file)} --strict: {p.stderr[:200]!r}")


if __name__ == "__main__":
    main([test_corpus_is_large_enough, test_every_corpus_file_fails_as_its_sidecar_says,
          test_one_bad_subject_is_skipped_and_strict_stops])
