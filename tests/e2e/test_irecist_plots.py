"""recist plot --criteria irecist|both (issue 29): bars, lines and lanes coloured by confirmed iBOR,
iUPD and iCPD marked where `recist assess --criteria both` puts them; without --criteria nothing
of iRECIST appears.
"""
import glob
import os
import tempfile
import xml.etree.ElementTree as ET

from e2e import check, equal, main, path, run, run_json

SVG = "{http://www.w3.org/2000/svg}"
CASES = sorted(glob.glob(path("tests", "irecist", "*.csv")))
OUT = tempfile.mkdtemp(prefix="recist-iplots-")
# Okabe–Ito, as engine/src/io/write/plot_support.cpp: each i-code the colour of its RECIST 1.1 code,
# iUPD orange.
COLOUR = {"iCR": "#009E73", "iPR": "#0072B2", "iSD": "#56B4E9", "NON-iCR/NON-iUPD": "#CC79A7", "iUPD": "#E69F00",
          "iCPD": "#D55E00", "iNE": "#999999"}


def plot(kind, *args):
    out = os.path.join(OUT, kind + ".svg")
    p = run("plot", kind, *args, *CASES, "-o", out)
    equal(p.returncode, 0, f"plot {kind} exit code ({p.stderr[:300]})")
    return ET.parse(out).getroot()


def tracks():
    _, doc = run_json("assess", "--criteria", "both", *CASES)
    return {t["subject"]: t for t in doc["tracks"]}


def groups(root, subject=None):
    return [g for g in root.iter(SVG + "g") if g.get("class") == "irecist"]


def test_waterfall_colours_by_confirmed_ibor():
    t = tracks()
    root = plot("waterfall", "--criteria", "both")
    bars = [(g, r) for g in groups(root) for r in g if r.get("class") == "bar"]
    check(len(bars) > 0, "bars in iRECIST groups")
    for g, bar in bars:
        want = t[bar.get("data-subject")]["irecist"]
        equal(g.get("data-confirmed-ibor"), want["confirmed_ibor"], bar.get("data-subject"))
        equal(bar.get("fill"), COLOUR[want["confirmed_ibor"]], f"{bar.get('data-subject')} fill")
    check(any(r.get("data-ibor") for r in root.iter(SVG + "rect") if r.get("class") == "legend"), "iBOR legend")
    plain = plot("waterfall")
    check(not groups(plain) and "iBOR" not in ET.tostring(plain, encoding="unicode"), "no iRECIST without --criteria")


def test_spider_marks_iupd_and_icpd_time_points():
    t = tracks()
    root = plot("spider", "--criteria", "irecist")
    seen = {"iupd": 0, "icpd": 0}
    for track in root.iter(SVG + "g"):
        if track.get("class") != "track":
            continue
        subject = track.get("data-subject")
        ir = t[subject]["irecist"]
        inner = [g for g in track if g.get("class") == "irecist"]
        equal(len(inner), 1, f"{subject}: one iRECIST group")
        days_with_sum = {int(c.get("data-day")) for c in inner[0] if c.get("class") == "point"}
        for kind, code in (("iupd", "iUPD"), ("icpd", "iCPD")):
            marked = sorted(int(e.get("data-day")) for e in inner[0] if e.get("class") == kind)
            want = sorted(tp["day"] for tp, r in zip(ir["timepoints"], t[subject]["timepoints"])
                          if tp["overall"] == code and r["day"] in days_with_sum)
            equal(marked, want, f"{subject} {kind} days")
            seen[kind] += len(marked)
    check(seen["iupd"] > 0 and seen["icpd"] > 0, f"the cases hold both marks: {seen}")


def test_swimmer_marks_first_iupd_and_icpd():
    t = tracks()
    root = plot("swimmer", "--criteria", "both")
    n = 0
    for lane in root.iter(SVG + "g"):
        if lane.get("class") != "lane":
            continue
        subject = lane.get("data-subject")
        ib = t[subject]["irecist"]
        g = [e for e in lane if e.get("class") == "irecist"][0]
        equal(g.get("data-confirmed-ibor"), ib["confirmed_ibor"], subject)
        rect = [e for e in lane if e.tag == SVG + "rect"][0]
        equal(rect.get("fill"), COLOUR[ib["confirmed_ibor"]], f"{subject} lane colour")
        marks = {e.get("class").split()[-1]: int(e.get("data-day")) for e in g}
        day = lambda d: next(tp["day"] for tp in ib["timepoints"] if tp["date"] == d) if d else None
        equal(marks.get("iupd"), day(ib["first_iupd_date"]), f"{subject} first iUPD")
        equal(marks.get("icpd"), day(ib["icpd_date"]), f"{subject} iCPD")
        n += bool(marks)
    check(n > 0, "some lane has an iRECIST mark")


def test_report_has_the_irecist_pictures_when_asked():
    out = os.path.join(OUT, "report.html")
    equal(run("report", "--criteria", "both", *CASES, "-o", out).returncode, 0, "report exit code")
    with open(out, encoding="utf-8") as f:
        page = f.read()
    for heading in ("iRECIST Waterfall", "iRECIST Spider", "iRECIST Swimmer"):
        check(heading in page, heading)
    check('class="irecist"' in page and "iBOR" in page, "iRECIST marks in the report")
    equal(run("report", *CASES, "-o", out).returncode, 0, "report exit code")
    with open(out, encoding="utf-8") as f:
        check("iRECIST Waterfall" not in f.read(), "no iRECIST pictures without --criteria")


if __name__ == "__main__":
    main([test_waterfall_colours_by_confirmed_ibor, test_spider_marks_iupd_and_icpd_time_points,
          test_swimmer_marks_first_iupd_and_icpd, test_report_has_the_irecist_pictures_when_asked])
