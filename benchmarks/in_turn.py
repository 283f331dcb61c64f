#!/usr/bin/env python3
"""Times recist binaries in turn on one file, with `wc -l` in every round (issue 6): on a VM whose
speed drifts from one minute to the next, binaries are compared fairly only within the same rounds.

usage: python3 benchmarks/in_turn.py FILE THREADS BINARY... [--rounds N]

Each round runs `wc -l FILE`, then `BINARY assess --format csv --threads THREADS -o /dev/null FILE`
for each binary in the order given. Prints, for `wc -l` and each binary, the best and the median
wall time of the rounds and the ratios to `wc -l`'s.
"""
import argparse
import statistics
import subprocess
import time


def wall(argv):
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("threads")
    ap.add_argument("binaries", nargs="+")
    ap.add_argument("--rounds", type=int, default=12)
    args = ap.parse_args()
    subprocess.run(["cat", args.file], stdout=subprocess.DEVNULL, check=True)  # into the page cache
    wc, runs = [], {b: [] for b in args.binaries}
    for _ in range(args.rounds):
        wc.append(wall(["wc", "-l", args.file]))
        for b in args.binaries:
            runs[b].append(wall([b, "assess", "--format", "csv", "--threads", args.threads, "-o", "/dev/null",
                                 args.file]))
    best_wc, median_wc = min(wc), statistics.median(wc)
    print(f"wc -l: best {best_wc:.4f} s, median {median_wc:.4f} s")
    for b, times in runs.items():
        best, median = min(times), statistics.median(times)
        print(f"{b}: best {best:.4f} s ({best / best_wc:.1f} × wc -l), median {median:.4f} s "
              f"({median / median_wc:.1f} × wc -l)")


if __name__ == "__main__":
    main()
