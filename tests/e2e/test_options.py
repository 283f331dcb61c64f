#!/usr/bin/env python3
"""Every option a command's --help lists does something there, or the command refuses it (issue 35).

For each command, the options are read from its own `--help`; each is run once with a value chosen
to show its effect (PROBES), beside the same run without it: the output (standard output, the -o
file) or the exit code must differ. An option another command takes must be refused with exit 2 and
a message naming it. Two kinds of option are checked otherwise, each saying why: `--threads` never
changes the output (by design: test_batch.py checks the same bytes on any thread count), so its
effect is the number of threads seen running; validate's SPEC §5 common options, which its help
says change nothing there. `recist serve`'s options are checked through the profile its API says is
in force, and the address it prints.
"""
import json
import os
import re
import subprocess
import tempfile
import time
import urllib.request

from e2e import BINARY, check, check_no_sanitizer_report, equal, main, path, run, write_temp

TRIAL = path("data", "nct07289048", "measurements.csv")
RECORDED = path("data", "nct07289048", "investigator_bor.csv")
PROFILE = path("data", "profiles", "nct07289048.ini")
BAD_TRACK = path("tests", "malformed", "bad_date_feb30.csv")  # one bad track among good ones: exit 1, or 3 with --strict

# The commands, with the arguments of a plain run (JSON, since standard output is not a terminal).
COMMANDS = {
    "assess": ["assess"],
    "validate": ["validate"],
    "summary": ["summary"],
    "compare": ["compare"],
    "plot": ["plot", "waterfall"],
    "report": ["report"],
}
# The inputs of a plain run, per command.
INPUTS = {"compare": [TRIAL, RECORDED], "report": [TRIAL, RECORDED]}

# option -> (arguments the plain run also gets, the option's own arguments[, the inputs of both runs
# instead of the command's]). "FILE" is a fresh path.
PROBES = {
    "help": ([], ["--help"]),
    "profile": ([], ["--profile", PROFILE]),
    "format": ([], ["--format", "table"]),
    "level": (["--format", "csv"], ["--level", "track"]),
    "reasons": (["--format", "table"], ["--reasons"]),
    "input-format": ([], ["--input-format", "responses"]),
    "output": ([], ["-o", "FILE"]),
    "strict": ([], ["--strict"], [BAD_TRACK]),
    "reader": ([], ["--reader", "READER2"]),
    "subject": ([], ["--subject", "01-001"]),
    "title": ([], ["--title", "A title of the test"]),
    "confirm-min-days": ([], ["--confirm-min-days", "60"]),
    "sd-min-days": ([], ["--sd-min-days", "60"]),
    "max-ne-between": ([], ["--max-ne-between", "0"]),
    "too-small-mm": ([], ["--too-small-mm", "4"]),
    "exclude-target-site": ([], ["--exclude-target-site", "LIVER"]),
    "keep-confirmed-pr": ([], ["--keep-confirmed-pr", "false"]),
    "require-confirmation": ([], ["--require-confirmation", "false"]),
    "baseline-window-days": ([], ["--baseline-window-days", "1"]),
    # The pharmaverse's SDTM as published holds partial dates (issue 28).
    "impute-partial-dates": ([], ["--impute-partial-dates", "admiral"],
                             [path("..", "shared", "fixtures", "pharmaversesdtm", "onco_recist")]),
    "assessment-interval-days": ([], ["--assessment-interval-days", "20"]),
    "criteria": ([], ["--criteria", "both"]),
    "icpd-min-days": (["--criteria", "both"], ["--icpd-min-days", "42"]),
    "icpd-max-days": (["--criteria", "both"], ["--icpd-max-days", "30"]),
    "convention": ([], ["--convention", "admiralonco"]),
    "accept-sd": (["--convention", "admiralonco"], ["--accept-sd", "true"]),
    "missing-as-ne": (["--convention", "admiralonco"], ["--missing-as-ne", "true"]),
    "source-pd": (["--convention", "admiralonco"], ["--source-pd", "none"]),
}
# A track where R9a matters: PR at day 42, confirmed at day 84, then 71 mm (−29 % from baseline,
# +18.3 % from the nadir of 60): PR while a confirmed PR is kept (keep-confirmed-pr, default true), else SD.
R9A = write_temp(
    "subject,reader,date,visit,start_date,lesion,role,site,node,diameter_mm,status,method,slice_mm,irradiated\n"
    "K-1,INVESTIGATOR,2026-01-01,BASELINE,2026-01-01,T1,TARGET,LIVER,N,100,,CT,5,N\n"
    "K-1,INVESTIGATOR,2026-02-12,W6,2026-01-01,T1,TARGET,LIVER,N,60,,CT,5,N\n"
    "K-1,INVESTIGATOR,2026-03-26,W12,2026-01-01,T1,TARGET,LIVER,N,60,,CT,5,N\n"
    "K-1,INVESTIGATOR,2026-05-07,W18,2026-01-01,T1,TARGET,LIVER,N,71,,CT,5,N\n")
# Recorded responses where each admiralonco argument matters, and two readers to compare: subject 1
# PR, SD, PR (confirmed only with accept-sd) against PR, PR, PR; subject 2 MISSING (NE with
# missing-as-ne) against NE; subject 3 PD, CR, CR (CR when the records go on past the first PD,
# source-pd none) against PD, PD, PD.
ADMIRALONCO = write_temp(
    "subject,reader,date,response,start_date\n"
    "1,A,2020-02-01,PR,2020-01-01\n1,A,2020-03-01,SD,2020-01-01\n1,A,2020-04-01,PR,2020-01-01\n"
    "1,B,2020-02-01,PR,2020-01-01\n1,B,2020-03-01,PR,2020-01-01\n1,B,2020-04-01,PR,2020-01-01\n"
    "2,A,2020-02-01,MISSING,2020-01-01\n2,B,2020-02-01,NE,2020-01-01\n"
    "3,A,2020-02-01,PD,2020-01-01\n3,A,2020-03-01,CR,2020-01-01\n3,A,2020-04-01,CR,2020-01-01\n"
    "3,B,2020-02-01,PD,2020-01-01\n3,B,2020-03-01,PD,2020-01-01\n3,B,2020-04-01,PD,2020-01-01\n")
ADMIRALONCO_ARGS = ("accept-sd", "missing-as-ne", "source-pd")


def probe(name, option):
    """(the command's arguments, context, the option's arguments, inputs) of the probe of `option` on
    command `name`; None where it is checked otherwise."""
    argv, inputs = COMMANDS[name], INPUTS.get(name, [TRIAL])
    if option not in PROBES:
        return None
    context, own, *other_inputs = PROBES[option]
    if other_inputs:
        inputs = other_inputs[0]
    if option == "keep-confirmed-pr":
        inputs = [R9A]
        if name == "plot":  # the spider of one track labels every point with its overall response
            argv = ["plot", "spider", "--subject", "K-1"]
    if option in ADMIRALONCO_ARGS or (name == "plot" and option == "convention"):
        inputs = [ADMIRALONCO]
        if name == "plot":  # recorded responses have no sizes: only the swimmer draws them
            argv = ["plot", "swimmer"]
    if name == "plot" and option == "format":
        own = ["--format", "png"]
    if name == "report" and option == "format":
        return None  # html is its only format: test_report_options_have_an_effect checks another is refused
    return argv, context, own, inputs


# Checked by test_threads_change_the_threads_running instead.
NOT_IN_OUTPUT = {"threads"}
# recist validate checks R1–R5 only; these SPEC §5 common options stand on it and change nothing,
# as its --help says.
VALIDATE_INERT = {"confirm-min-days", "sd-min-days", "max-ne-between", "too-small-mm"}


def listed_options(argv):
    """The long options a --help lists."""
    p = run(*argv, "--help")
    equal(p.returncode, 0, f"{argv} --help exit code")
    return p.stdout, re.findall(r"^\s+(?:-\w \[ )?--([a-z][a-z-]*)", p.stdout, re.M)


_outcomes = {}


def outcome(argv):
    """(exit code, standard output bytes, the -o file's bytes) of a run, FILE replaced by a fresh path
    (runs without FILE are made once: many probes share their plain run)."""
    if "FILE" not in argv and tuple(argv) in _outcomes:
        return _outcomes[tuple(argv)]
    out = os.path.join(tempfile.mkdtemp(prefix="recist-options-"), "out")
    p = subprocess.run([BINARY, *[out if a == "FILE" else a for a in argv]], capture_output=True, timeout=120)
    check_no_sanitizer_report(p.returncode, p.stderr.decode("utf-8", "backslashreplace"))
    written = open(out, "rb").read() if os.path.exists(out) else None
    if "FILE" not in argv:
        _outcomes[tuple(argv)] = (p.returncode, p.stdout, written)
    return p.returncode, p.stdout, written


def every_command_lists_only_what_changes_its_output(name):
    text, options = listed_options(COMMANDS[name])
    check(options, f"{name}: no option in --help")
    for option in options:
        if option in NOT_IN_OUTPUT or (name == "validate" and option in VALIDATE_INERT):
            continue
        if name == "report" and option == "format":
            continue
        check(option in PROBES, f"{name} --{option}: listed in --help, but this test has no probe for it")
        argv, context, own, inputs = probe(name, option)
        plain = outcome([*argv, *context, *inputs])
        given = outcome([*argv, *context, *own, *inputs])
        check(plain != given, f"recist {' '.join(argv + context + own)}: listed in --help but changes nothing")


def test_assess_options_have_an_effect():
    every_command_lists_only_what_changes_its_output("assess")


def test_validate_options_have_an_effect():
    every_command_lists_only_what_changes_its_output("validate")
    text, options = listed_options(COMMANDS["validate"])
    check("validate checks R1-R5 only" in text, "validate --help does not say which options change nothing")
    for option in VALIDATE_INERT & set(options):
        check("--" + option in text.split("R1-R5 only")[1], f"validate --help does not say --{option} changes nothing there")


def test_summary_options_have_an_effect():
    every_command_lists_only_what_changes_its_output("summary")


def test_compare_options_have_an_effect():
    every_command_lists_only_what_changes_its_output("compare")


def test_plot_options_have_an_effect():
    every_command_lists_only_what_changes_its_output("plot")


def test_report_options_have_an_effect():
    every_command_lists_only_what_changes_its_output("report")
    p = run("report", "--format", "svg", TRIAL)
    equal(p.returncode, 2, "report --format svg")
    check("--format" in p.stderr and "html" in p.stderr, p.stderr)


def test_options_of_other_commands_are_refused_by_name():
    every = set(PROBES) | NOT_IN_OUTPUT | {"port", "bind"}
    for name, argv in COMMANDS.items():
        _, options = listed_options(argv)
        inputs = INPUTS.get(name, [TRIAL])
        for option in sorted(every - set(options)):
            value = [] if option in ("reasons", "strict", "help") else ["1"]
            p = run(*argv, "--" + option, *value, *inputs)
            equal(p.returncode, 2, f"recist {name} --{option} (not in its --help): exit code; stderr {p.stderr[:200]}")
            check("--" + option in p.stderr, f"recist {name} --{option}: the message does not name it: {p.stderr[:300]}")
    # The options the issue found accepted and ignored (issue 35, item 3).
    for argv in (["report", "--reader", "READER2"], ["report", "--subject", "01-001"], ["compare", "--reasons"],
                 ["summary", "--reasons"], ["validate", "--reasons"], ["plot", "waterfall", "--reasons"],
                 ["report", "--reasons"], ["compare", "--level", "track"], ["validate", "--level", "track"],
                 ["plot", "waterfall", "--level", "track"], ["compare", "--threads", "2"],
                 ["plot", "waterfall", "--threads", "2"], ["report", "--threads", "2"]):
        p = run(*argv, TRIAL)
        equal(p.returncode, 2, f"recist {' '.join(argv)}: exit code")
        check(f"{argv[-2] if argv[-1] != '--reasons' else '--reasons'} is not an option of recist {argv[0]}" in p.stderr,
              f"recist {' '.join(argv)}: {p.stderr[:300]}")


def most_threads(argv):
    """The most threads seen at once in a run of recist (sampled from /proc every millisecond)."""
    proc = subprocess.Popen([BINARY, *argv], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    most = 0
    while proc.poll() is None:
        try:
            most = max(most, len(os.listdir(f"/proc/{proc.pid}/task")))
        except OSError:
            pass
        time.sleep(0.001)
    err = proc.stderr.read().decode("utf-8", "backslashreplace")
    proc.stderr.close()
    check_no_sanitizer_report(proc.returncode, err)
    equal(proc.returncode, 0, f"{argv}: exit code ({err[:200]})")
    return most


def test_threads_change_the_threads_running():
    generator = os.path.join(os.path.dirname(BINARY), "benchmarks", "generate_trial")
    check(os.path.exists(generator), f"{generator} is missing: build with RECIST_BUILD_BENCHMARKS=ON")
    folder = tempfile.mkdtemp(prefix="recist-threads-")
    trial = os.path.join(folder, "trial.csv")
    subprocess.run([generator, "--subjects", "20000", "-o", trial], check=True, timeout=120)
    for name in ("assess", "validate", "summary"):
        one = most_threads([name, "--format", "csv", "--threads", "1", "-o", os.path.join(folder, "out"), trial])
        six = most_threads([name, "--format", "csv", "--threads", "6", "-o", os.path.join(folder, "out"), trial])
        check(six >= 6 and six > one, f"recist {name}: at most {one} threads with --threads 1, {six} with --threads 6")


def serve_profile(*args):
    """The profile `recist serve` says is in force (GET /api/tracks), and the address line it printed."""
    folder = tempfile.mkdtemp(prefix="recist-options-serve-")
    file = os.path.join(folder, "m.csv")
    with open(path("data", "examples", "measurements.csv"), "rb") as src, open(file, "wb") as dst:
        dst.write(src.read())
    proc = subprocess.Popen([BINARY, "serve", "--port", "0", *args, file], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://([^/]+)/", line)
        check(m, f"serve {args}: no address printed: {line!r}")
        port = m.group(1).rsplit(":", 1)[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/tracks", timeout=60) as r:
            return json.load(r)["profile"], line
    finally:
        proc.terminate()
        proc.wait(timeout=60)
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        check_no_sanitizer_report(proc.returncode, err, "recist serve")


def test_serve_options_have_an_effect():
    _, options = listed_options(["serve"])
    plain, plain_line = serve_profile()
    for option in options:
        if option in ("help", "port"):  # --help is the help; --port 0 is how every run here listens
            continue
        if option == "bind":
            _, line = serve_profile("--bind", "0.0.0.0")
            check(line != plain_line, f"serve --bind 0.0.0.0 prints the same address line: {line!r}")
            continue
        context, own = PROBES[option][:2]
        base = serve_profile(*context)[0] if context else plain
        given = serve_profile(*context, *own)[0]
        check(given != base, f"recist serve {' '.join(context + own)}: the profile in force did not change")
    p = run("serve", "--reasons", path("data", "examples", "measurements.csv"))
    equal(p.returncode, 2, "serve --reasons")


def test_a_profile_file_may_hold_keys_a_command_does_not_take():
    # One trial profile serves every command: validate reads it though it takes no --criteria.
    ini = os.path.join(tempfile.mkdtemp(prefix="recist-options-"), "p.ini")
    with open(ini, "w") as f:
        f.write("criteria = both\nkeep-confirmed-pr = false\n")
    p, plain = run("validate", "--profile", ini, TRIAL), run("validate", TRIAL)
    equal(p.returncode, plain.returncode, f"validate with a profile holding criteria: {p.stderr[:200]}")
    equal(p.stdout, plain.stdout, "validate's output with that profile")


if __name__ == "__main__":
    main([test_assess_options_have_an_effect, test_validate_options_have_an_effect,
          test_summary_options_have_an_effect, test_compare_options_have_an_effect,
          test_plot_options_have_an_effect, test_report_options_have_an_effect,
          test_options_of_other_commands_are_refused_by_name, test_threads_change_the_threads_running,
          test_serve_options_have_an_effect, test_a_profile_file_may_hold_keys_a_command_does_not_take])
