#!/usr/bin/env python3
"""Options no other test held to their effect (issue 35, item 4), each against a number worked out by
hand here, not against another run of recist: --keep-confirmed-pr (R9a), --too-small-mm (R7),
--icpd-min-days (iRECIST), --title, --bind and its Host rule, PNG without rsvg-convert, PNG's
temporary file in $TMPDIR, exit code 4, and the waterfall legend's counts.
"""
import http.client
import os
import re
import shutil
import stat
import subprocess
import tempfile
import xml.etree.ElementTree as ET

from e2e import BINARY, check, check_no_sanitizer_report, equal, main, run, run_json, write_temp

HEADER = "subject,reader,date,visit,start_date,lesion,role,site,node,diameter_mm,status,method,slice_mm,irradiated\n"
SVG = "{http://www.w3.org/2000/svg}"


def rows(subject, start, *visits):
    """Measurement rows of one target lesion T1 in the LIVER: visits are (date, visit, diameter or status)."""
    out = []
    for date, visit, value in visits:
        diameter, status = (value, "") if isinstance(value, (int, float)) else ("", value)
        out.append(f"{subject},INVESTIGATOR,{date},{visit},{start},T1,TARGET,LIVER,N,{diameter},{status},CT,5,N\n")
    return "".join(out)


# PR at day 42 (60 of 100 mm, −40 %), confirmed at day 84, then 71 mm: −29 % from baseline (not PR by
# itself) and +18.3 % from the nadir of 60 (not PD): SD, unless R9a keeps the confirmed PR.
R9A = write_temp(HEADER + rows("K-1", "2026-01-01", ("2026-01-01", "BASELINE", 100), ("2026-02-12", "W6", 60),
                               ("2026-03-26", "W12", 60), ("2026-05-07", "W18", 71)))


def test_keep_confirmed_pr_keeps_a_confirmed_pr_until_pd():
    for value, expected in ((None, "PR"), ("true", "PR"), ("false", "SD")):
        args = [] if value is None else ["--keep-confirmed-pr", value]
        _, doc = run_json("assess", *args, R9A, expect_code=0)
        overall = [tp["overall"] for tp in doc["tracks"][0]["timepoints"]]
        equal(overall, ["PR", "PR", expected], f"--keep-confirmed-pr {value}: time points")
        equal(doc["profile"]["keep_confirmed_pr"], value != "false", "the profile's echo")


def test_too_small_mm_is_the_value_of_a_too_small_target():
    # Targets 20 + 10 mm; at follow-up T2 is TOO_SMALL: by R7 it counts 5 mm (sum 25), or 3 with
    # --too-small-mm 3 (sum 23), or 0 with 0 (sum 20, −33.3 %: PR).
    text = HEADER
    for lesion, base, follow in (("T1", "20", "20"), ("T2", "10", "")):
        status = "" if follow else "TOO_SMALL"
        text += f"S,INVESTIGATOR,2026-01-01,BASELINE,2026-01-01,{lesion},TARGET,LIVER,N,{base},,CT,5,N\n"
        text += f"S,INVESTIGATOR,2026-02-15,W6,2026-01-01,{lesion},TARGET,LIVER,N,{follow},{status},CT,5,N\n"
    f = write_temp(text)
    for value, sum_mm, target in ((None, 25.0, "SD"), ("3", 23.0, "SD"), ("0", 20.0, "PR")):
        args = [] if value is None else ["--too-small-mm", value]
        _, doc = run_json("assess", *args, f)
        tp = doc["tracks"][0]["timepoints"][0]
        equal(tp["sum_mm"], sum_mm, f"--too-small-mm {value}: sum")
        equal(tp["target"], target, f"--too-small-mm {value}: target response")
    p = run("assess", "--too-small-mm", "2,5", f)
    equal(p.returncode, 2, "--too-small-mm 2,5 (a decimal comma)")
    check("--too-small-mm" in p.stderr, p.stderr)


def test_icpd_min_days_is_the_earliest_confirmation():
    # 50 mm; day 42: 70 (+40 %, PD by RECIST 1.1: iUPD); day 77, 35 days later: 76, 6 mm more than at
    # the iUPD (≥ 5): iCPD when 35 ≥ icpd-min-days (default 28), else too early: still iUPD.
    f = write_temp(HEADER + rows("I-1", "2026-01-01", ("2026-01-01", "BASELINE", 50), ("2026-02-12", "W6", 70),
                                 ("2026-03-19", "W11", 76)))
    for args, expected in (([], "iCPD"), (["--icpd-min-days", "35"], "iCPD"), (["--icpd-min-days", "36"], "iUPD"),
                           (["--icpd-min-days", "42"], "iUPD")):
        _, doc = run_json("assess", "--criteria", "both", *args, f, expect_code=0)
        overall = [tp["overall"] for tp in doc["tracks"][0]["irecist"]["timepoints"]]
        equal(overall, ["iUPD", expected], f"iRECIST time points with {args}")
    p = run("assess", "--criteria", "both", "--icpd-min-days", "60", f)
    equal(p.returncode, 2, "--icpd-min-days above --icpd-max-days (56)")


def test_title_is_the_plots_and_the_reports():
    title = "Trial <7> & its title"
    out = os.path.join(tempfile.mkdtemp(prefix="recist-title-"), "w.svg")
    for kind in ("waterfall", "spider", "swimmer"):
        p = run("plot", kind, "--title", title, R9A, "-o", out)
        equal(p.returncode, 0, p.stderr)
        texts = [e.text for e in ET.parse(out).getroot().iter(SVG + "text")]
        check(title in texts, f"{kind}: the title is not a text of the SVG: {texts[:5]}")
    p = run("report", "--title", title, R9A)
    equal(p.returncode, 0, p.stderr)
    check("<title>Trial &lt;7&gt; &amp; its title</title>" in p.stdout, "the report's <title>")
    check("Trial <7>" not in p.stdout, "the title is escaped")


def fake_rsvg_convert(folder, script):
    """A folder holding an executable `rsvg-convert` with the given shell script body."""
    os.makedirs(folder, exist_ok=True)
    exe = os.path.join(folder, "rsvg-convert")
    with open(exe, "w") as f:
        f.write("#!/bin/sh\n" + script)
    os.chmod(exe, os.stat(exe).st_mode | stat.S_IXUSR)
    return folder


def test_png_without_rsvg_convert_is_exit_2():
    empty = tempfile.mkdtemp(prefix="recist-nopath-")
    p = run("plot", "waterfall", "--format", "png", R9A, env={"PATH": empty})
    equal(p.returncode, 2, "PNG without rsvg-convert on PATH")
    check("rsvg-convert" in p.stderr and "librsvg2-bin" in p.stderr, p.stderr)
    equal(p.stdout, "", "nothing written")


def test_png_goes_through_a_temporary_file_in_tmpdir():
    real = shutil.which("rsvg-convert")
    check(real is not None, "rsvg-convert (Debian librsvg2-bin) is not installed: .ci/install-deps installs it")
    work = tempfile.mkdtemp(prefix="recist-tmpdir-")
    log = os.path.join(work, "argv")
    tmp = os.path.join(work, "tmp")
    os.mkdir(tmp)
    bin_dir = fake_rsvg_convert(os.path.join(work, "bin"), f'echo "$3" >> "{log}"\nexec "{real}" "$@"\n')
    out = os.path.join(work, "w.png")
    p = run("plot", "waterfall", "--format", "png", R9A, "-o", out,
            env={"PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""), "TMPDIR": tmp})
    equal(p.returncode, 0, p.stderr)
    with open(out, "rb") as f:
        equal(f.read(8), b"\x89PNG\r\n\x1a\n", "PNG signature")
    converted = open(log).read().strip()
    check(converted.startswith(tmp + "/recist-plot-") and converted.endswith(".svg"),
          f"rsvg-convert read {converted!r}, not a file in $TMPDIR {tmp}")
    equal(os.listdir(tmp), [], "the temporary file is removed")


def test_internal_errors_are_exit_4():
    # No temporary file can be made ($TMPDIR does not exist), or rsvg-convert fails: exit 4, the
    # message naming what failed, and nothing written.
    work = tempfile.mkdtemp(prefix="recist-exit4-")
    out = os.path.join(work, "w.png")
    missing = os.path.join(work, "no such folder")
    p = run("plot", "waterfall", "--format", "png", R9A, "-o", out, env={"TMPDIR": missing})
    equal(p.returncode, 4, f"PNG with $TMPDIR missing: {p.stderr}")
    check(missing in p.stderr and "temporary file" in p.stderr, p.stderr)
    check(not os.path.exists(out), "nothing written")
    bin_dir = fake_rsvg_convert(os.path.join(work, "bin"), "exit 1\n")
    p = run("plot", "waterfall", "--format", "png", R9A, "-o", out,
            env={"PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")})
    equal(p.returncode, 4, f"rsvg-convert failing: {p.stderr}")
    check("rsvg-convert failed" in p.stderr, p.stderr)
    check(not os.path.exists(out), "nothing written")


def test_waterfall_legend_counts_the_bars_of_each_response():
    # Hand-made: two confirmed PRs (100 → 60 → 60), one PD (100 → 130), one SD (100 → 90 at day 42),
    # and a track with no follow-up (no bar, so not counted).
    f = write_temp(HEADER +
                   rows("A", "2026-01-01", ("2026-01-01", "BASELINE", 100), ("2026-02-12", "W6", 60), ("2026-03-26", "W12", 60)) +
                   rows("B", "2026-01-01", ("2026-01-01", "BASELINE", 100), ("2026-02-12", "W6", 60), ("2026-03-26", "W12", 60)) +
                   rows("C", "2026-01-01", ("2026-01-01", "BASELINE", 100), ("2026-02-12", "W6", 130)) +
                   rows("D", "2026-01-01", ("2026-01-01", "BASELINE", 100), ("2026-02-12", "W6", 90)) +
                   rows("E", "2026-01-01", ("2026-01-01", "BASELINE", 100)))
    out = os.path.join(tempfile.mkdtemp(prefix="recist-legend-"), "w.svg")
    p = run("plot", "waterfall", f, "-o", out)
    equal(p.returncode, 0, p.stderr)
    root = ET.parse(out).getroot()
    legend = {}
    for e in root.iter(SVG + "text"):
        m = re.fullmatch(r"(CR|PR|SD|NON-CR/NON-PD|PD|NE) \((\d+)\)", e.text or "")
        if m:
            legend[m.group(1)] = int(m.group(2))
    bars = [r.get("data-confirmed-bor") for r in root.iter(SVG + "rect") if r.get("class") == "bar"]
    equal(sorted(bars), ["PD", "PR", "PR", "SD"], "bars")
    equal({k: v for k, v in legend.items() if v}, {"PR": 2, "PD": 1, "SD": 1}, "legend counts")


def serve(file, *args):
    proc = subprocess.Popen([BINARY, "serve", "--port", "0", *args, file], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        raise AssertionError(f"serve {args}: no address printed: {line!r} {proc.stderr.read()[:300]!r}")
    return proc, int(m.group(1))


def status_with_host(port, host):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/api/tracks", headers={"Host": host})
    status = conn.getresponse().status
    conn.close()
    return status


def stop(proc):
    proc.terminate()
    proc.wait(timeout=60)
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    check_no_sanitizer_report(proc.returncode, err, "recist serve")
    equal(proc.returncode, 0, "serve's exit code after SIGTERM")
    return err


def test_bind_and_its_host_rule():
    file = write_temp(open(R9A).read())  # its own copy: serve may save to it
    # Bound to 127.0.0.1 (the default): only the loopback names and numbers are a Host.
    proc, port = serve(file)
    try:
        equal(status_with_host(port, f"127.0.0.1:{port}"), 200, "Host 127.0.0.1")
        equal(status_with_host(port, f"localhost:{port}"), 200, "Host localhost")
        equal(status_with_host(port, f"192.0.2.7:{port}"), 403, "another address when bound to 127.0.0.1")
    finally:
        err = stop(proc)
    check("warning" not in err, f"a warning on 127.0.0.1: {err!r}")
    # Bound to all interfaces: any address by number, never a name (DNS rebinding), and a warning.
    proc, port = serve(file, "--bind", "0.0.0.0")
    try:
        equal(status_with_host(port, f"192.0.2.7:{port}"), 200, "an address by number when bound to 0.0.0.0")
        equal(status_with_host(port, f"localhost:{port}"), 200, "localhost when bound to 0.0.0.0")
        equal(status_with_host(port, f"rebound.example:{port}"), 403, "a name when bound to 0.0.0.0")
        equal(status_with_host(port, "192.0.2.7:1"), 403, "another port")
    finally:
        err = stop(proc)
    check("warning: listening on 0.0.0.0" in err, f"no warning for 0.0.0.0: {err!r}")
    p = run("serve", "--bind", "not an address", "--port", "0", file)
    check(p.returncode != 0, f"--bind to a bad address: exit {p.returncode}")


if __name__ == "__main__":
    main([test_keep_confirmed_pr_keeps_a_confirmed_pr_until_pd, test_too_small_mm_is_the_value_of_a_too_small_target,
          test_icpd_min_days_is_the_earliest_confirmation, test_title_is_the_plots_and_the_reports,
          test_png_without_rsvg_convert_is_exit_2, test_png_goes_through_a_temporary_file_in_tmpdir,
          test_internal_errors_are_exit_4, test_waterfall_legend_counts_the_bars_of_each_response,
          test_bind_and_its_host_rule])
