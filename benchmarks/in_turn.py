#!/usr/bin/env python3
"""Times recist binaries in turn on one file, with `wc -l` in every round (issue 6): on a VM whose
speed drifts from one minute to the next, binaries are compared fairly only within the same rounds.

usage: python3 benchmarks/in_turn.py FILE THREADS BINARY... [--rounds N]

Each round runs `wc -l FILE`, then `BINARY assess --format csv --threads THREADS -o /dev/null FILE`
for each binary in the order given. Prints, for `wc -l` and each binary, the best and the median
wall time of the rounds and the ratios to `wc -l`'s, and for each binary the median processor time
(user + system, all threads, from wait4): the work done, which moves less with the host's drift
than the wall time and shows what a second thread costs.
"""
import argparse
import os
import statistics
import subprocess
import time


def timed(argv):
    """Wall time and processor time (user + system, every thread) of one run of argv."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)}: exit code {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime


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
        wc.append(timed(["wc", "-l", args.file])[0])
        for b in args.binaries:
            runs[b].append(timed([b, "assess", "--format", "csv", "--threads", args.threads, "-o", "/dev/null",
                                 args.file]))
    best_wc, median_wc = min(wc), statistics.median(wc)
    print(f"wc -l: best {best_wc:.4f} s, median {median_wc:.4f} s")
    for b, measured in runs.items():
        times = [m[0] for m in measured]
        best, median = min(times), statistics.median(times)
        processor = statistics.median(m[1] for m in measured)
        print(f"{b}: best {best:.4f} s ({best / best_wc:.1f} × wc -l), median {median:.4f} s "
              f"({median / median_wc:.1f} × wc -l), median processor time {processor:.4f} s")


if __name__ == "__main__":
    main()
