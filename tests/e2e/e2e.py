"""Shared helpers of the end-to-end tests: run the real `recist` binary and check what it prints.

Each tests/e2e/test_*.py is run by CTest as `python3 test_X.py PATH/TO/recist SOURCE_DIR`; it calls
`main(tests)` with its test functions, which prints one line per test and exits 1 on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile

BINARY = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "recist"
SOURCE = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def path(*parts):
    """A path under the source tree."""
    return os.path.join(SOURCE, *parts)


# What AddressSanitizer, LeakSanitizer and UBSan print when they report (build-asan, issue 35), and
# the exit code tests/CMakeLists.txt gives their reports there: a report is never a test's exit 1.
SANITIZER_BANNERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                     "SUMMARY: UndefinedBehaviorSanitizer")
SANITIZER_EXIT = 86


def check_no_sanitizer_report(returncode, stderr, what="recist"):
    """Raises when a run ended with a sanitizer report: its banner in `stderr`, or exit 86."""
    for banner in SANITIZER_BANNERS:
        at = stderr.find(banner)
        if at >= 0:
            raise AssertionError(f"{what}: sanitizer report ({banner!r}), exit {returncode}: {stderr[max(0, at - 100):at + 900]}")
    if returncode == SANITIZER_EXIT:
        raise AssertionError(f"{what}: exit {SANITIZER_EXIT}, the sanitizers' exit code: {stderr[:500]}")


def run(*args, stdin=None, timeout=120, env=None):
    """Runs recist with the arguments; returns the CompletedProcess as text: standard output decoded
    as UTF-8 strictly (every output must be UTF-8), standard error leniently (a message may quote an
    input's bytes). A sanitizer report in standard error fails the test, whatever it expects. `env`:
    variables to set (or, as None, to take out) for this run only."""
    environment = None
    if env is not None:
        environment = {k: v for k, v in {**os.environ, **env}.items() if v is not None}
    p = subprocess.run([BINARY, *args], input=None if stdin is None else stdin.encode("utf-8"),
                       capture_output=True, timeout=timeout, env=environment)
    p.stderr = p.stderr.decode("utf-8", "backslashreplace")
    check_no_sanitizer_report(p.returncode, p.stderr, "recist " + " ".join(args)[:200])
    p.stdout = p.stdout.decode("utf-8")
    return p


def run_json(*args, expect_code=None, **kw):
    """Runs recist with --format json; returns (exit code, parsed JSON)."""
    p = run(*args, "--format", "json", **kw)
    if expect_code is not None:
        check(p.returncode == expect_code, f"exit code {p.returncode}, expected {expect_code}; stderr: {p.stderr[:500]}")
    try:
        return p.returncode, json.loads(p.stdout)
    except json.JSONDecodeError as e:
        raise AssertionError(f"not JSON ({e}): {p.stdout[:300]!r} stderr: {p.stderr[:300]!r}")


def write_temp(text, suffix=".csv"):
    """Writes text to a temporary file and returns its path (removed at exit)."""
    f = tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, newline="")
    f.write(text)
    f.close()
    _temps.append(f.name)
    return f.name


_temps = []


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def equal(got, want, what=""):
    if got != want:
        raise AssertionError(f"{what}: got {got!r}, expected {want!r}")


def track(result, subject, reader="INVESTIGATOR"):
    """The track of a subject and reader in a JSON result."""
    for t in result["tracks"]:
        if t["subject"] == subject and t["reader"] == reader:
            return t
    raise AssertionError(f"no track {subject}/{reader} in the result")


def main(tests):
    failed = 0
    for t in tests:
        try:
            t()
            print(f"ok   {t.__name__}")
        except Exception as e:  # noqa: BLE001 - report every failure and go on
            failed += 1
            print(f"FAIL {t.__name__}: {e}")
    for name in _temps:
        try:
            os.unlink(name)
        except OSError:
            pass
    print(f"{len(tests) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
