#!/usr/bin/env python3
"""Batch benchmark of recist (issue 6): for trials of 10^3 to 10^6 subjects, sorted by subject and
shuffled, times `recist assess --format csv -o /dev/null` with 1 and 2 threads against `wc -l` and
`cat FILE > /dev/null` on the same file in the same run, and reports rows/s, MB/s, peak RSS and
the ratios. Generated files go to a scratch folder (default $TMPDIR or /tmp), never the source tree.

usage: python3 benchmarks/run.py [--build DIR] [--sizes 1000,10000,100000,1000000] [--repeat N]
                                 [--scratch DIR] [--keep]
Each time is the best of --repeat rounds (default 3, at every size: the scaling compares the best
of as many runs at 10^6 subjects as at 10^5), after one untimed run that brings the file into the
page cache; a round runs `wc -l`, `cat` and recist with 1 and 2 threads once each, in turn, so that
all four are timed under the same conditions. The ratios to `wc -l` are given twice: best against
best, and median against median (a `wc -l` of 20–30 ms is the run most thrown by a moment of the
host's drift, and its best is the luckiest of the rounds). Prints a Markdown table (the one in
benchmarks/README.md). With 10^5 and 10^6 among the sizes, the 10^6 files' time is also compared
with the 10^5 files' timed in turn with them (the 10^5 files are kept until then), which the
table's rows, minutes apart on a host whose speed drifts, cannot do fairly.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time


def timed(argv, stdout=subprocess.DEVNULL):
    """Wall time (s) and peak resident memory (KiB) of one run of argv; fails on a bad exit code."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"{' '.join(argv)}: exit code {code}: {err[:500]}")
    return wall, usage.ru_maxrss


def best_in_turn(commands, repeat):
    """The best and the median wall time and the largest peak RSS of each command over `repeat`
    rounds, each round running every command once in turn: on a VM whose speed drifts from minute to
    minute, `wc -l`, `cat` and recist are then timed under the same conditions, and their ratios are
    fair."""
    runs = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            runs[name].append(timed(argv))
    return {name: (min(r[0] for r in rs), statistics.median(r[0] for r in rs), max(r[1] for r in rs))
            for name, rs in runs.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--build", default=os.path.join(os.path.dirname(here), "build"))
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scratch", default=os.environ.get("TMPDIR", "/tmp"))
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    args = ap.parse_args()
    recist = os.path.join(args.build, "recist")
    generator = os.path.join(args.build, "benchmarks", "generate_trial")
    for tool in (recist, generator):
        if not os.access(tool, os.X_OK):
            sys.exit(f"{tool} not found: build first (cmake --build {args.build})")
    scratch = tempfile.mkdtemp(prefix="recist-bench-", dir=args.scratch)

    print(f"recist batch benchmark · {os.cpu_count()} cores · {time.strftime('%Y-%m-%d')}")
    print()
    print("| subjects | order | rows | MB | wc -l s | cat s | threads | recist s | rows/s | MB/s | peak RSS MB "
          "| × wc -l | × wc -l (medians) | × cat |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    sizes = [int(s) for s in args.sizes.split(",")]
    scaling = 100000 in sizes and 1000000 in sizes
    kept = {}  # the 10^5 files, kept for the scaling rounds
    scaling_lines = []  # printed after the table
    for n in sizes:
        for order in ("sorted", "shuffled"):
            path = os.path.join(scratch, f"trial_{n}_{order}.csv")
            subprocess.run([generator, "--subjects", str(n), *(["--shuffle"] if order == "shuffled" else []),
                            "-o", path], check=True)
            size_mb = os.path.getsize(path) / 1e6
            subprocess.run(["cat", path], stdout=subprocess.DEVNULL, check=True)  # into the page cache
            rows = int(subprocess.run(["wc", "-l", path], capture_output=True, text=True).stdout.split()[0]) - 1
            commands = {"wc": ["wc", "-l", path], "cat": ["cat", path]}
            for threads in (1, 2):
                commands[threads] = assess(recist, threads, path)
                timed(commands[threads])  # warm-up
            measured = best_in_turn(commands, args.repeat)
            (wc, median_wc, _), (cat, _, _) = measured["wc"], measured["cat"]
            for threads in (1, 2):
                wall, median, rss = measured[threads]
                print(f"| {n:,} | {order} | {rows:,} | {size_mb:.1f} | {wc:.3f} | {cat:.3f} | {threads} | {wall:.3f} "
                      f"| {rows / wall / 1e6:.2f} M | {size_mb / wall:.0f} | {rss / 1024:.1f} | {wall / wc:.1f} "
                      f"| {median / median_wc:.1f} | {wall / cat:.1f} |", flush=True)
            if scaling and n == 100000:
                kept[order] = path
            elif scaling and n == 1000000:
                small = kept.pop(order)
                scaling_lines += time_scaling(recist, order, small, path, args.repeat)
                if not args.keep:
                    os.unlink(small)
            if not args.keep and path not in kept.values():
                os.unlink(path)
    for path in kept.values():
        if not args.keep:
            os.unlink(path)
    if scaling_lines:
        print()
        print("\n".join(scaling_lines))
    if not args.keep:
        os.rmdir(scratch)


def assess(recist, threads, path):
    return [recist, "assess", "--format", "csv", "--threads", str(threads), "-o", "/dev/null", path]


def time_scaling(recist, order, small, large, repeat):
    """How many times the 10^5 run's time the 10^6 run takes, both timed in turn (round after round):
    the host's drift over the minutes between the two sizes' rows of the table would otherwise be
    counted as recist's. Median against median first: a run of 0.3 s can fall into a quiet moment
    of the host, one of 3–15 s cannot, so best against best favours the small file."""
    subprocess.run(["cat", small], stdout=subprocess.DEVNULL, check=True)
    lines = []
    for threads in (1, 2):
        measured = {}
        for _ in range(repeat):
            for size, path in (("small", small), ("large", large)):
                measured.setdefault(size, []).append(timed(assess(recist, threads, path))[0])
        best = min(measured["large"]) / min(measured["small"])
        median = statistics.median(measured["large"]) / statistics.median(measured["small"])
        lines.append(f"    scaling, {order}, {threads} thread(s), timed in turn: 10^6 subjects take {median:.2f} × the "
                     f"time of 10^5 (medians of {repeat} rounds; best against best {best:.2f} ×)")
    return lines

if __name__ == "__main__":
    main()
