"""`recist convert`: native CSV → native XML → native CSV is lossless, and the assessment of a
file and of its conversion are byte-identical."""
import atexit
import os
import shutil
import tempfile

from e2e import check, equal, main, path, run, write_temp
from inputs import native_inputs, sdtm_folders

WORK = tempfile.mkdtemp(prefix="recist-convert-")
atexit.register(shutil.rmtree, WORK, True)


def convert(source, to, out, expect=(0, 1)):
    p = run("convert", source, "--to", to, "-o", out)
    check(p.returncode in expect, f"convert {os.path.basename(source)} --to {to}: exit {p.returncode}: {p.stderr[:300]}")
    with open(out, encoding="utf-8") as f:
        return f.read()


def assess_json(file):
    p = run("assess", "--format", "json", file)
    check(p.returncode in (0, 1), f"assess {file}: exit {p.returncode}: {p.stderr[:300]}")
    return p.stdout


def test_every_data_csv_round_trips_through_xml():
    readable, skipped = native_inputs()
    names = [os.path.relpath(f, path()) for f in readable]
    for must in ("data/examples/measurements.csv", "data/examples/responses.csv", "tests/native/all_features.csv"):
        check(must in names, f"{must} was not read as an input (skipped: {skipped})")
    for i, source in enumerate(readable):
        name = os.path.relpath(source, path())
        canonical_file = os.path.join(WORK, f"{i}.canonical.csv")
        xml_file = os.path.join(WORK, f"{i}.xml")
        back_file = os.path.join(WORK, f"{i}.back.csv")
        canonical = convert(source, "csv", canonical_file)
        convert(source, "xml", xml_file)
        back = convert(xml_file, "csv", back_file, expect=(0,))
        equal(back, canonical, f"{name}: CSV → XML → CSV differs from CSV → CSV")
        equal(convert(canonical_file, "csv", back_file, expect=(0,)), canonical, f"{name}: the canonical CSV is not a fixpoint")
        # The XML holds the tracks that were read; so does the canonical CSV: same results, byte for byte.
        equal(assess_json(xml_file), assess_json(canonical_file), f"{name}: assess XML vs canonical CSV")
        original = assess_json(source)
        if '"errors":[]}' in original:
            equal(assess_json(xml_file), original, f"{name}: assess XML vs the original CSV")
    print(f"     {len(readable)} inputs round-tripped; not inputs: {[os.path.relpath(f, path()) for f in skipped]}")


def test_sdtm_folders_convert_to_the_native_files_of_their_trial():
    # data/sdtm/TRIAL/{csv,xpt,xml} hold the trial of data/TRIAL/measurements.csv: the native XML of
    # each is the same document, and it round-trips like any native file.
    folders = sdtm_folders()
    check(folders, "no SDTM folder under data/")
    for i, folder in enumerate(folders):
        name = os.path.relpath(folder, path())
        xml_file = os.path.join(WORK, f"sdtm{i}.xml")
        xml = convert(folder, "xml", xml_file)
        csv = convert(xml_file, "csv", os.path.join(WORK, f"sdtm{i}.csv"), expect=(0,))
        equal(convert(folder, "csv", os.path.join(WORK, f"sdtm{i}.direct.csv")), csv, f"{name}: SDTM → CSV vs SDTM → XML → CSV")
        trial = os.path.basename(os.path.dirname(folder))
        native = path("data", trial, "measurements.csv")
        if os.path.exists(native):
            equal(xml, convert(native, "xml", os.path.join(WORK, f"native{i}.xml")), f"{name}: native XML vs that of {trial}")


def test_hand_written_xml_gives_the_results_of_its_csv():
    # Lesions declared in another order and after assessments, assessments out of order,
    # defaults left out: the same tracks as the CSV.
    equal(assess_json(path("tests", "native", "all_features.xml")),
          assess_json(path("tests", "native", "all_features.csv")), "all_features.xml vs .csv")
    equal(assess_json(path("tests", "native", "recorded.xml")),
          assess_json(path("data", "examples", "responses.csv")), "recorded.xml vs responses.csv")


def test_fragments_and_special_characters_survive():
    xml = convert(path("tests", "native", "all_features.csv"), "xml", os.path.join(WORK, "af.xml"))
    check('<fragment diameter_mm="4.25"/>' in xml and '<fragment diameter_mm="0.5"/>' in xml, "fragments in XML")
    check('visit="W6, &quot;early&quot; &amp; &lt;x&gt;"' in xml, "escaped visit in XML")
    back = convert(os.path.join(WORK, "af.xml"), "csv", os.path.join(WORK, "af.csv"))
    check('"W6, ""early"" & <x>"' in back, "quoted visit in CSV")
    fragment_rows = [r for r in back.splitlines() if r.startswith("AF-01,2026-04-13,T3,")]
    equal([r.split(",")[6] for r in fragment_rows], ["6.0", "4.25", "0.5"], "one CSV row per fragment")


def test_convert_usage_errors_and_atomic_output():
    source = path("data", "examples", "measurements.csv")
    equal(run("convert", source).returncode, 2, "no --to")
    equal(run("convert", source, "--to", "yaml").returncode, 2, "--to yaml")
    equal(run("convert", "--to", "xml").returncode, 2, "no FILE")
    out = os.path.join(WORK, "kept.xml")
    with open(out, "w") as f:
        f.write("previous")
    p = run("convert", path("tests", "malformed", "xml_not_well_formed.xml"), "--to", "csv", "-o", out)
    equal(p.returncode, 3, "malformed input")
    with open(out) as f:
        equal(f.read(), "previous", "the previous output after a failed conversion")
    equal(sorted(os.listdir(WORK)).count("kept.xml"), 1, "no temporary file left")
    check(all(".tmp." not in n for n in os.listdir(WORK)), f"temporary files left: {os.listdir(WORK)}")


def test_a_bad_track_is_left_out_and_reported():
    p = run("convert", path("tests", "malformed", "negative_diameter.csv"), "--to", "xml")
    equal(p.returncode, 1, "exit code")
    check('subject="S2"' in p.stdout and 'subject="S1"' not in p.stdout, "S1 left out, S2 written")
    check("negative_diameter.csv:3: column diameter_mm:" in p.stderr, f"stderr: {p.stderr}")
    p = run("convert", path("tests", "malformed", "negative_diameter.csv"), "--to", "xml", "--strict")
    equal((p.returncode, p.stdout), (3, ""), "--strict")


def test_standard_input():
    with open(path("data", "examples", "measurements.csv"), encoding="utf-8") as f:
        text = f.read()
    xml = run("convert", "-", "--to", "xml", stdin=text)
    equal(xml.returncode, 0, "convert - --to xml")
    back = run("convert", "-", "--to", "csv", stdin=xml.stdout)
    equal(back.stdout, run("convert", write_temp(text), "--to", "csv").stdout, "stdin round trip")


if __name__ == "__main__":
    main([test_every_data_csv_round_trips_through_xml, test_sdtm_folders_convert_to_the_native_files_of_their_trial,
          test_hand_written_xml_gives_the_results_of_its_csv,
          test_fragments_and_special_characters_survive, test_convert_usage_errors_and_atomic_output,
          test_a_bad_track_is_left_out_and_reported, test_standard_input])
