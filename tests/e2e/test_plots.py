"""recist plot and recist report (issue 18): the numbers in the pictures are the engine's own.

Parses the SVG and HTML the real binary writes and checks each bar, point and lane against
`recist assess --format json` of the same input (recist against recist), and against numbers worked
by hand for two tracks (test_plots_of_hand_worked_tracks), so a wrong rule cannot pass them all; renders the report in headless Chromium to PNG
and PDF.
"""
import html.parser
import json
import os
import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET

from e2e import check, equal, main, path, run, run_json, write_temp

SVG = "{http://www.w3.org/2000/svg}"
PROFILE = path("data", "profiles", "nct07289048.ini")
TRIAL = path("data", "nct07289048", "measurements.csv")
BEST = path("data", "nct07289048", "investigator_bor.csv")
OUT = tempfile.mkdtemp(prefix="recist-plots-")


def plot(kind, *args):
    out = os.path.join(OUT, kind + ".svg")
    p = run("plot", kind, "--profile", PROFILE, *args, TRIAL, "-o", out)
    equal(p.returncode, 0, f"plot {kind} exit code ({p.stderr[:300]})")
    return ET.parse(out).getroot()  # well-formed XML, or this raises


def results():
    _, doc = run_json("assess", "--profile", PROFILE, TRIAL, expect_code=1)  # planted errors
    return {(t["subject"], t["reader"]): t for t in doc["tracks"]}, doc


def test_waterfall_bars_are_the_json_best_change_in_order():
    tracks, _ = results()
    root = plot("waterfall")
    for reader in ("INVESTIGATOR", "READER2"):
        group = [g for g in root.iter(SVG + "g") if g.get("class") == "bars" and g.get("data-reader") == reader]
        equal(len(group), 1, f"one panel of bars for {reader}")
        bars = [r for r in group[0] if r.get("class") == "bar"]
        expected = sorted((t for t in tracks.values() if t["reader"] == reader and t["best_pct_change"] is not None
                           and t["eligible"]), key=lambda t: (-t["best_pct_change"], t["subject"]))
        equal([b.get("data-subject") for b in bars], [t["subject"] for t in expected], f"{reader} bar order")
        scale = None
        for b, t in zip(bars, expected):
            equal(float(b.get("data-pct")), t["best_pct_change"], f"{t['subject']} data-pct")
            equal(b.get("data-confirmed-bor"), t["confirmed_bor"], f"{t['subject']} colour's BOR")
            if t["best_pct_change"] != 0:
                s = float(b.get("height")) / abs(t["best_pct_change"])
                scale = scale or s
                check(abs(s - scale) < 0.01 * scale + 0.02, f"{t['subject']}: height {b.get('height')} not proportional")
        texts = " ".join(e.text or "" for e in root.iter(SVG + "text"))
        for t in tracks.values():
            if t["reader"] == reader and (t["best_pct_change"] is None or not t["eligible"]):
                check(t["subject"] in texts, f"{t['subject']} has no bar and is not listed under the axis")


def test_waterfall_one_reader():
    root = plot("waterfall", "--reader", "READER2")
    readers = {g.get("data-reader") for g in root.iter(SVG + "g") if g.get("class") == "bars"}
    equal(readers, {"READER2"}, "panels")


def test_spider_points_are_the_json_time_points():
    tracks, _ = results()
    root = plot("spider", "--subject", "01-001", "--reader", "INVESTIGATOR")
    groups = [g for g in root.iter(SVG + "g") if g.get("class") == "track"]
    equal(len(groups), 1, "one course")
    t = tracks[("01-001", "INVESTIGATOR")]
    want = [("BASELINE", 0.0)] + [(tp["overall"], tp["pct_from_baseline"]) for tp in t["timepoints"]
                                  if tp["pct_from_baseline"] is not None]
    got = [(c.get("data-overall"), float(c.get("data-pct"))) for c in groups[0] if c.get("class") == "point"]
    equal(got, want, "points of 01-001")
    pds = [g for g in groups[0] if g.get("class") == "pd"]
    equal(len(pds), sum(1 for o, _ in want if o == "PD"), "PD marks")


def test_swimmer_lanes_end_at_the_last_assessment():
    tracks, _ = results()
    root = plot("swimmer", "--reader", "INVESTIGATOR")
    lanes = [g for g in root.iter(SVG + "g") if g.get("class") == "lane"]
    expected = [t for t in tracks.values() if t["reader"] == "INVESTIGATOR" and t["baseline"]]
    equal(len(lanes), len(expected), "a lane per track with a baseline")
    days = [int(g.get("data-last-day")) for g in lanes]
    equal(days, sorted(days, reverse=True), "longest lane on top")
    for g in lanes:
        t = tracks[(g.get("data-subject"), "INVESTIGATOR")]
        equal(int(g.get("data-last-day")), t["timepoints"][-1]["day"] if t["timepoints"] else 0, g.get("data-subject"))
        marks = {m.get("class") for m in g if m.get("class", "").startswith("marker")}
        equal("marker pd" in marks, t["pd_date"] is not None, f"{g.get('data-subject')} PD marker")
        equal("marker confirmation" in marks, t["confirmation_date"] is not None, f"{g.get('data-subject')} confirmation")


# Worked by hand (issue 35, item 7): A, targets 60 + 40 mm, then 45 + 25 at day 42 (70: −30.0 %, PR)
# and 40 + 20 at day 84 (60: −40.0 %, PR confirmed 42 days later); B, 50 mm then 60 at day 42
# (+20.0 % and +10 mm: PD).
HAND = write_temp(
    "subject,reader,date,visit,start_date,lesion,role,site,node,diameter_mm,status,method,slice_mm,irradiated\n"
    + "".join(f"A,INVESTIGATOR,{d},{v},2026-01-01,{l},TARGET,{site},N,{mm},,CT,5,N\n"
              for d, v, marks in (("2026-01-01", "BASELINE", (60, 40)), ("2026-02-12", "W6", (45, 25)),
                                  ("2026-03-26", "W12", (40, 20)))
              for (l, site), mm in zip((("T1", "LIVER"), ("T2", "LUNG")), marks))
    + "B,INVESTIGATOR,2026-01-01,BASELINE,2026-01-01,T1,TARGET,LIVER,N,50,,CT,5,N\n"
    + "B,INVESTIGATOR,2026-02-12,W6,2026-01-01,T1,TARGET,LIVER,N,60,,CT,5,N\n")


def hand_plot(kind, *args):
    out = os.path.join(OUT, "hand-" + kind + ".svg")
    p = run("plot", kind, *args, HAND, "-o", out)
    equal(p.returncode, 0, p.stderr)
    return ET.parse(out).getroot()


def test_plots_of_hand_worked_tracks():
    bars = [r for r in hand_plot("waterfall").iter(SVG + "rect") if r.get("class") == "bar"]
    equal([(b.get("data-subject"), float(b.get("data-pct")), b.get("data-confirmed-bor")) for b in bars],
          [("B", 20.0, "PD"), ("A", -40.0, "PR")], "bars, largest increase first")
    check(abs(float(bars[1].get("height")) - 2 * float(bars[0].get("height"))) < 0.02,
          f"a −40 % bar is twice a +20 % one: {bars[1].get('height')} and {bars[0].get('height')}")
    points = [(c.get("data-overall"), float(c.get("data-pct"))) for c in hand_plot("spider", "--subject", "A").iter()
              if c.get("class") == "point"]
    equal(points, [("BASELINE", 0.0), ("PR", -30.0), ("PR", -40.0)], "spider points of A")
    lanes = {g.get("data-subject"): g for g in hand_plot("swimmer").iter(SVG + "g") if g.get("class") == "lane"}
    equal({s: int(g.get("data-last-day")) for s, g in lanes.items()}, {"A": 84, "B": 42}, "lanes' last days")
    equal({m.get("class") for m in lanes["B"]} >= {"marker pd"}, True, "B's PD marker")
    equal({m.get("class") for m in lanes["A"]} >= {"marker confirmation"}, True, "A's confirmation marker")


def test_plot_errors():
    p = run("plot", "histogram", TRIAL)
    equal(p.returncode, 2, "unknown kind")
    check("expected waterfall, spider or swimmer" in p.stderr, p.stderr)
    p = run("plot", "waterfall", "--format", "pdf", TRIAL)
    equal(p.returncode, 2, "bad format")
    check("svg or png" in p.stderr, p.stderr)


def test_png_through_rsvg_convert():
    if shutil.which("rsvg-convert") is None:
        raise AssertionError("rsvg-convert (Debian librsvg2-bin) is not installed: .ci/install-deps installs it")
    out = os.path.join(OUT, "waterfall.png")
    p = run("plot", "waterfall", "--format", "png", "--profile", PROFILE, TRIAL, "-o", out)
    equal(p.returncode, 0, p.stderr)
    with open(out, "rb") as f:
        equal(f.read(8), b"\x89PNG\r\n\x1a\n", "PNG signature")


class _Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.primary, self._in_primary = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_primary = dict(attrs).get("class") == "primary"

    def handle_data(self, data):
        self.text.append(data)
        if self._in_primary:
            self.primary.append(data)
            self._in_primary = False


def report():
    out = os.path.join(OUT, "trial.html")
    p = run("report", "--profile", PROFILE, TRIAL, BEST, "-o", out)
    equal(p.returncode, 1, f"report exit code: the example trial has planted errors ({p.stderr[:300]})")
    page = _Page()
    with open(out, encoding="utf-8") as f:
        page.feed(f.read())
    return out, page


def test_report_holds_the_endpoint_tracks_plots_and_comparison():
    tracks, doc = results()
    out, page = report()
    for r in doc["summary"]["readers"]:
        orr = r["confirmed"]["orr"]
        line = [p for p in page.primary if p.startswith(r["reader"] + ":")]
        equal(len(line), 1, f"primary endpoint line of {r['reader']}")
        check(f"{orr['count']}/{orr['n']} = {100 * orr['rate']:.1f}%" in line[0], line[0])
        check(f"{100 * orr['ci_low']:.1f}%–{100 * orr['ci_high']:.1f}%" in line[0], line[0])
    rows = [a for t, a in page.tags if t == "tr" and "data-subject" in a]
    equal(len(rows), len(tracks), "a row per track")
    links = {a["href"][1:] for t, a in page.tags if t == "a" and re.match(r"#t\d+-", a.get("href", ""))}
    ids = {a["id"] for t, a in page.tags if t == "section" and a.get("class") == "track"}
    equal(links, ids, "every track row links to its section")
    equal(sum(1 for t, _ in page.tags if t == "svg"), 1 + 2 * 2, "waterfall, and a spider and a swimmer per reader")
    check(not any(t == "script" for t, _ in page.tags), "no script")
    check(not any("http" in a.get("src", "") for _, a in page.tags), "nothing loaded from the network")
    p = run("compare", "--format", "json", "--profile", PROFILE, TRIAL, BEST)
    n = json.loads(p.stdout)["disagreements"]
    check(f"{n} disagreements in all" in "".join(page.text), f"compare summary with {n} disagreements")


def test_report_renders_in_chromium_to_png_and_pdf():
    chromium = shutil.which("chromium")
    if chromium is None:
        raise AssertionError("chromium is not installed: .ci/install-deps installs it")
    out, _ = report()
    png, pdf = os.path.join(OUT, "trial.png"), os.path.join(OUT, "trial.pdf")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--user-data-dir=" + tempfile.mkdtemp(prefix="recist-chromium-")]
    for extra in (["--window-size=1200,2400", "--screenshot=" + png], ["--no-pdf-header-footer", "--print-to-pdf=" + pdf]):
        p = subprocess.run([chromium, *flags, *extra, "file://" + out], capture_output=True, text=True, timeout=120)
        equal(p.returncode, 0, f"chromium {extra[-1]}: {p.stderr[-500:]}")
    with open(png, "rb") as f:
        equal(f.read(8), b"\x89PNG\r\n\x1a\n", "screenshot is a PNG")
    with open(pdf, "rb") as f:
        equal(f.read(5), b"%PDF-", "print is a PDF")
    check(os.path.getsize(pdf) > 50_000, "the PDF has the pages")


if __name__ == "__main__":
    main([v for k, v in list(globals().items()) if k.startswith("test_")])
