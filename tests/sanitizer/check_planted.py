#!/usr/bin/env python3
"""Proves that the sanitized suite fails on a sanitizer report (issue 35): each fault planted by
recist_planted_faults (a leak, signed overflow, a heap overflow) must end the program with exit 86
under the environment tests/CMakeLists.txt gives every test of the RECIST_SANITIZE build, print its
banner, and make the e2e helper fail; with nothing planted it exits 1, recist's "findings", and the
helper lets that pass.

usage: python3 check_planted.py PATH/TO/recist_planted_faults SOURCE_DIR
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(sys.argv[2], "tests", "e2e"))
import e2e  # noqa: E402  (e2e.BINARY is argv[1]: the planted program)

PLANTED = {"leak": "ERROR: LeakSanitizer", "ub": "runtime error:", "overflow": "ERROR: AddressSanitizer"}


def main():
    failures = []
    for name, value in (("ASAN_OPTIONS", "exitcode=86"), ("UBSAN_OPTIONS", "exitcode=86")):
        if value not in os.environ.get(name, ""):
            failures.append(f"{name} is {os.environ.get(name)!r}: the test does not run under the sanitized suite's environment")
    for fault, banner in PLANTED.items():
        p = subprocess.run([e2e.BINARY, fault], capture_output=True, text=True, timeout=60)
        if p.returncode != e2e.SANITIZER_EXIT:
            failures.append(f"{fault}: exit {p.returncode}, expected {e2e.SANITIZER_EXIT}; stderr: {p.stderr[:300]}")
        if banner not in p.stderr:
            failures.append(f"{fault}: no {banner!r} in stderr: {p.stderr[:300]}")
        try:
            e2e.run(fault)
            failures.append(f"{fault}: the e2e helper let the report pass")
        except AssertionError as e:
            print(f"ok   {fault}: exit {p.returncode}, and the e2e helper fails: {str(e)[:120]}")
    p = e2e.run("none")  # must not raise: exit 1 without a report is a finding, not a sanitizer report
    if p.returncode != 1:
        failures.append(f"none: exit {p.returncode}, expected 1")
    for f in failures:
        print("FAIL " + f)
    print(f"{len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
