#!/usr/bin/env python3
"""Runs a test's command when the optional file it needs is there; else prints a SKIPPED line and
exits 77, which CTest (SKIP_RETURN_CODE 77) counts and lists as "Skipped" in its summary.

usage: python3 run_if_present.py NEEDED_FILE COMMAND [ARG...]
"""
import os
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
needed, command = sys.argv[1], sys.argv[2:]
if not os.path.exists(needed):
    print(f"SKIPPED: {os.path.normpath(needed)} is not there (it is optional: the test needs it)")
    sys.exit(77)
sys.exit(subprocess.run(command).returncode)
