"""End-to-end properties (issue 20): a few hundred random valid tracks, generated here from a seed,
give the same JSON from the real binary whether read as native CSV, as native XML (`recist convert
--to xml`) or with their CSV rows shuffled.

test_convert.py does the CSV/XML part for the files of data/ and tests/native, and test_sdtm.py the
example trial through every SDTM format; these tracks are random, so they reach combinations those
files do not (fragments, merged and reappearing targets, equivocal new lesions confirmed later, NE
here and there). The unit properties (tests/property_test.cpp) cover the engine itself.
RECIST_PROPERTY_SEED=<n> generates other tracks; a failure prints the seed.
"""
import atexit
import csv
import datetime
import io
import json
import os
import random
import shutil
import tempfile

from e2e import check, equal, main, run

SEED = int(os.environ.get("RECIST_PROPERTY_SEED") or 20260420)
TRACKS = 300
WORK = tempfile.mkdtemp(prefix="recist-properties-")
atexit.register(shutil.rmtree, WORK, True)
COLUMNS = ["subject", "date", "lesion", "role", "site", "node", "diameter_mm", "status", "reader", "visit",
           "start_date", "reported"]
ORGANS = [("LIVER", False), ("LUNG", False), ("LYMPH NODE", True), ("ADRENAL", False), ("KIDNEY", False),
          ("PERITONEUM", False)]
CODES = ["CR", "PR", "SD", "NON-CR/NON-PD", "PD", "NE"]


def mm(hundredths):
    return f"{hundredths // 100}.{hundredths % 100:02d}"


def generate_track(rng, subject):
    """The rows of one random valid track: 1-5 targets (at most 2 per organ, measurable), 0-3
    non-targets, 0-8 follow-ups 5 to 9 weeks apart whose diameters drift; the occasional ABSENT,
    TOO_SMALL, NE, FRAGMENT, MERGED or missing target, non-targets PRESENT/ABSENT/PD/NE, new
    lesions EQUIVOCAL or UNEQUIVOCAL."""
    reader = rng.choice(["INVESTIGATOR", "BICR"])
    date = datetime.date(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    start = str(date + datetime.timedelta(days=rng.randrange(15))) if rng.random() < 0.5 else ""
    rows = []

    def row(day, lesion, visit, reported="", **fields):
        rows.append({"subject": subject, "date": str(day), "lesion": lesion, "reader": reader, "visit": visit,
                     "start_date": start, "reported": reported, **fields})

    targets, per_organ, n_targets = [], {}, rng.randint(1, 5)
    while len(targets) < n_targets:
        organ, nodal = rng.choice(ORGANS)
        if per_organ.get(organ, 0) == 2:
            continue
        per_organ[organ] = per_organ.get(organ, 0) + 1
        size = rng.randint(1500, 4000) if nodal else rng.randint(1000, 8000)
        targets.append({"id": f"T{len(targets) + 1}", "nodal": nodal, "size": size})
        row(date, targets[-1]["id"], "BASELINE", role="TARGET", site=organ, node="Y" if nodal else "N",
            diameter_mm=mm(size))
    non_targets = [{"id": f"NT{k + 1}", "present": True} for k in range(rng.randint(0, 3))]
    for n in non_targets:
        row(date, n["id"], "BASELINE", role="NON-TARGET", site=rng.choice(["BONE", "PLEURA", "BRAIN"]),
            status="PRESENT")

    trend = rng.choice([50, 70, 90, 100, 110, 120])
    news = []  # [id, still equivocal]
    for k in range(1, rng.randint(0, 8) + 1):
        date += datetime.timedelta(days=rng.randint(35, 63) if rng.random() < 0.9 else rng.randint(14, 34))
        if rng.random() < 0.25:
            trend = rng.choice([50, 70, 90, 100, 110, 120])
        visit, reported = f"FU{k}", rng.choice(CODES) if rng.random() < 0.3 else ""
        measured = []
        for t in targets:
            if t["size"] == 0:
                t["size"] = rng.randint(200, 800) if rng.random() < 0.15 else 0
            else:
                t["size"] = t["size"] * (trend + rng.randint(-10, 10)) // 100
                t["size"] = max(t["size"], 400) if t["nodal"] else (0 if t["size"] < 300 else t["size"])
            u = rng.random()
            if u < 0.02:
                continue  # no row
            if u < 0.04:
                row(date, t["id"], visit, reported, status="NE")
            elif t["size"] == 0:
                row(date, t["id"], visit, reported, status="ABSENT")
            elif t["size"] < 500 and u < 0.4:
                row(date, t["id"], visit, reported, status="TOO_SMALL")
            elif t["size"] >= 1000 and u > 0.96:
                first = rng.randint(100, t["size"] // 2)
                for piece in (first, t["size"] - first):
                    row(date, t["id"], visit, reported, status="FRAGMENT", diameter_mm=mm(piece))
            else:
                row(date, t["id"], visit, reported, diameter_mm=mm(t["size"]))
                measured.append(rows[-1])
        if len(measured) >= 2 and rng.random() < 0.04:  # the first merges into the second (R7)
            gone, into = measured[0], measured[1]
            into["diameter_mm"] = mm(round(float(into["diameter_mm"]) * 100) + round(float(gone["diameter_mm"]) * 100))
            gone["diameter_mm"], gone["status"] = "", "MERGED"
        for n in non_targets:
            if rng.random() < (0.3 if trend < 80 else 0.1):
                n["present"] = not n["present"]
            u = rng.random()
            if u < 0.02:
                continue
            status = "NE" if u < 0.05 else "PD" if u < 0.07 else "PRESENT" if n["present"] else "ABSENT"
            row(date, n["id"], visit, reported, status=status)
        for n in news:
            if rng.random() < 0.3:
                continue
            n[1] = n[1] and rng.random() < 0.5
            row(date, n[0], visit, reported, status="EQUIVOCAL" if n[1] else "UNEQUIVOCAL")
        if rng.random() < 0.06:
            news.append([f"N{len(news) + 1}", rng.random() < 0.4])
            row(date, news[-1][0], visit, reported, role="NEW", site=rng.choice(["LIVER", "BONE", "LUNG"]),
                status="EQUIVOCAL" if news[-1][1] else "UNEQUIVOCAL")
        if not any(r["date"] == str(date) for r in rows):
            row(date, targets[0]["id"], visit, reported, status="NE")  # a scan has at least one row
    return rows


def write_csv(rows):
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    return out.getvalue()


def generated_rows():
    rng = random.Random(SEED)
    return [r for i in range(TRACKS) for r in generate_track(rng, f"P{i:03d}")]


def assess(file, *args):
    p = run("assess", "--format", "json", *args, file)
    check(p.returncode == 0, f"assess {file}: exit {p.returncode}: {p.stderr[:500]} (RECIST_PROPERTY_SEED={SEED})")
    result = json.loads(p.stdout)
    result.pop("producer")  # names the build, not the input
    return result


def save(name, text):
    file = os.path.join(WORK, name)
    with open(file, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return file


def sorted_words(sentence):
    """A sentence's words sorted: the same whichever order the lesions are listed in."""
    for c in "(),;":
        sentence = sentence.replace(c, " ")
    return " ".join(sorted(sentence.split()))


def order_free(result):
    """The result with what follows the order of the rows (the order of the tracks: that of their
    first rows; the reasons, which name lesions in the order of their first rows) put in an order
    of its own."""
    for t in result["tracks"]:
        for tp in t["timepoints"]:
            tp["reasons"] = sorted(sorted_words(r) for r in tp["reasons"])
        t["findings"].sort(key=json.dumps)
    result["tracks"].sort(key=lambda t: (t["subject"], t["reader"]))
    result["summary"]["readers"].sort(key=lambda r: r["reader"])
    return result


def first_difference(a, b, what):
    """Raises with the first track that differs between two results."""
    equal(len(a["tracks"]), len(b["tracks"]), f"{what}: tracks")
    for x, y in zip(a["tracks"], b["tracks"]):
        if x != y:
            raise AssertionError(f"{what}: track {x['subject']}/{x['reader']} differs "
                                 f"(RECIST_PROPERTY_SEED={SEED}):\n{json.dumps(x)[:1500]}\n{json.dumps(y)[:1500]}")
    equal(a, b, what)


def test_csv_xml_and_shuffled_rows_give_the_same_json():
    rows = generated_rows()
    csv_file = save("tracks.csv", write_csv(rows))
    from_csv = assess(csv_file)
    equal(len(from_csv["tracks"]), TRACKS, "tracks read")
    check(not from_csv["errors"], f"input errors: {from_csv['errors'][:3]}")

    xml_file = os.path.join(WORK, "tracks.xml")
    p = run("convert", csv_file, "--to", "xml", "-o", xml_file)
    equal(p.returncode, 0, f"convert --to xml: {p.stderr[:300]}")
    first_difference(assess(xml_file), from_csv, "native XML vs CSV")
    # iRECIST beside RECIST 1.1 reads the same observations from either form.
    first_difference(assess(xml_file, "--criteria", "both"), assess(csv_file, "--criteria", "both"),
                     "native XML vs CSV, --criteria both")

    random.Random(SEED).shuffle(rows)
    shuffled_file = save("shuffled.csv", write_csv(rows))
    from_shuffled = assess(shuffled_file)
    check([t["subject"] for t in from_shuffled["tracks"]] != [t["subject"] for t in from_csv["tracks"]],
          "the shuffled file should list the tracks in another order (that of their first rows)")
    first_difference(order_free(from_shuffled), order_free(from_csv), "shuffled rows vs CSV")
    # The XML of the shuffled file keeps the order it was read in: the same bytes again.
    shuffled_xml = os.path.join(WORK, "shuffled.xml")
    equal(run("convert", shuffled_file, "--to", "xml", "-o", shuffled_xml).returncode, 0, "convert shuffled")
    first_difference(assess(shuffled_xml), assess(shuffled_file), "XML of the shuffled file vs the shuffled file")


def test_the_generated_tracks_reach_the_cases_that_matter():
    # Else the property above would say little: every response code and new-lesion state, a
    # backdated PD, fragments and merged targets among the generated tracks.
    rows = generated_rows()
    result = assess(save("reach.csv", write_csv(rows)))
    overall = {tp["overall"] for t in result["tracks"] for tp in t["timepoints"]}
    check({"CR", "PR", "SD", "PD", "NE"} <= overall, f"time-point responses reached: {sorted(overall)}")
    new = {tp["new_lesions"] for t in result["tracks"] for tp in t["timepoints"]}
    equal(new, {"NO", "YES", "EQUIVOCAL"}, "new-lesion states")
    reasons = " ".join(r for t in result["tracks"] for tp in t["timepoints"] for r in tp["reasons"])
    for piece in ("backdated (R12)", "fragments", "MERGED", "TOO_SMALL", "ABSENT", "no row"):
        check(piece in reasons, f"no time point's reasons mention {piece!r}")


if __name__ == "__main__":
    main([test_csv_xml_and_shuffled_rows_give_the_same_json, test_the_generated_tracks_reach_the_cases_that_matter])
