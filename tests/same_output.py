#!/usr/bin/env python3
"""Checks that a changed recist (faster, or its code moved about) says exactly what an earlier one
said: runs two binaries on the same inputs and compares standard output, standard error and exit
code byte for byte (the JSON `producer`, which names the build, left out).

usage: python3 tests/same_output.py BEFORE AFTER [--subjects N] [--generator PATH] [--scratch DIR]

Inputs: every CSV under tests/malformed, tests/native and data/ (formats csv, json, table and
sdtm-rs; with and without --strict; 1 and 2 threads; also `summary` and `validate`); every native
XML file and SDTM folder of data/ and tests/ (assess as json, table, sdtm-rs and adrs; summary;
validate); `recist compare` of each trial's measurements with its recorded responses (table, csv,
json); `recist convert` of every native file to the other form; and two generated trials of N
subjects (default 10,000), sorted and shuffled (formats csv and json, 1 and 2 threads), written to
a scratch folder that is removed afterwards. Prints each difference and a count; exits 1 if there
is any. A run takes about 30 s.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


# The JSON `producer` (recist --version) names the build, so it differs between any two builds:
# left out of the comparison.
PRODUCER = re.compile(rb',"producer":\{"name":"recist".*?"libraries":\{[^}]*\}\}')


def outcome(binary, argv):
    """What a run says: exit code, stdout without the JSON producer, stderr (the binary's own path
    taken out)."""
    p = subprocess.run([binary] + argv, capture_output=True)
    return p.returncode, PRODUCER.sub(b"", p.stdout), p.stderr.replace(binary.encode(), b"RECIST")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before")
    ap.add_argument("after")
    ap.add_argument("--subjects", type=int, default=10000)
    ap.add_argument("--generator", default=None,
                    help="generate_trial (default: benchmarks/generate_trial in AFTER's build folder)")
    ap.add_argument("--scratch", default=None, help="folder for the generated trials (default $TMPDIR or /tmp)")
    args = ap.parse_args()
    before, after = os.path.abspath(args.before), os.path.abspath(args.after)
    generator = args.generator or os.path.join(os.path.dirname(after), "benchmarks", "generate_trial")
    if not os.path.exists(generator):
        sys.exit(f"{generator}: not found (build the benchmarks next to {after}, or give --generator)")

    cases = []
    files = sorted(glob.glob(os.path.join(REPO, "tests", "malformed", "*.csv")) +
                   glob.glob(os.path.join(REPO, "tests", "native", "*.csv")) +
                   glob.glob(os.path.join(REPO, "data", "*", "*.csv")))
    for f in files:
        for fmt in ("csv", "json", "table", "sdtm-rs"):
            for threads in ("1", "2"):
                for strict in ([], ["--strict"]):
                    cases.append(["assess", "--format", fmt, "--threads", threads] + strict + [f])
        cases.append(["summary", f])
        cases.append(["validate", f])
        cases.append(["convert", f, "--to", "xml"])
    xml_files = sorted(glob.glob(os.path.join(REPO, "tests", "*", "*.xml")) +
                       glob.glob(os.path.join(REPO, "data", "*", "*.xml")))
    sdtm_folders = sorted(os.path.dirname(p) for p in
                          glob.glob(os.path.join(REPO, "data", "sdtm", "**", "tu.*"), recursive=True) +
                          glob.glob(os.path.join(REPO, "tests", "**", "tu.*"), recursive=True))
    for f in xml_files + sorted(set(sdtm_folders)):
        for fmt in ("json", "table", "sdtm-rs", "adrs"):
            cases.append(["assess", "--format", fmt, f])
        cases.append(["summary", "--format", "json", f])
        cases.append(["validate", f])
        cases.append(["convert", f, "--to", "csv"])
    for measurements, recorded in (("data/nct07289048/measurements.csv", "data/nct07289048/investigator_bor.csv"),
                                   ("data/examples/measurements.csv", "data/examples/responses.csv")):
        for fmt in ("table", "csv", "json"):
            cases.append(["compare", "--format", fmt, os.path.join(REPO, measurements), os.path.join(REPO, recorded)])

    runs = differences = 0
    with tempfile.TemporaryDirectory(dir=args.scratch, prefix="recist-same-") as scratch:
        for order in ([], ["--shuffle"]):
            path = os.path.join(scratch, "trial" + ("-shuffled" if order else "") + ".csv")
            subprocess.run([generator, "--subjects", str(args.subjects), "-o", path] + order, check=True)
            for fmt in ("csv", "json"):
                for threads in ("1", "2"):
                    cases.append(["assess", "--format", fmt, "--threads", threads, path])
        for argv in cases:
            runs += 1
            if outcome(before, argv) != outcome(after, argv):
                differences += 1
                print("differs:", " ".join(argv))
    print(f"{runs} runs, {differences} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
