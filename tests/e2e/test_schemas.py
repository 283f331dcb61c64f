"""The schemas in schemas/ hold: every native XML file validates against recist-native.xsd (and
the corpus files marked schema-invalid fail it), and the JSON that `recist assess` and
`recist summary` write validates against result.schema.json."""
import atexit
import copy
import glob
import json
import os
import shutil
import subprocess
import tempfile

import json_schema
from e2e import check, equal, main, path, run
from inputs import files_under, native_inputs, sdtm_folders, xml_root

XSD = path("schemas", "recist-native.xsd")
WORK = tempfile.mkdtemp(prefix="recist-schemas-")
atexit.register(shutil.rmtree, WORK, True)


def xmllint(file):
    """(valid, messages) of `xmllint --noout --schema recist-native.xsd FILE`."""
    p = subprocess.run(["xmllint", "--noout", "--schema", XSD, file], capture_output=True, text=True, timeout=60)
    return p.returncode == 0, p.stderr


def sidecar(file):
    stem = os.path.splitext(file)[0]
    if not os.path.exists(stem + ".expect.json"):
        return {}
    with open(stem + ".expect.json", encoding="utf-8") as f:
        return json.load(f)


def result_schema():
    with open(path("schemas", "result.schema.json"), encoding="utf-8") as f:
        return json.load(f)


def test_the_schemas_are_well_formed():
    p = subprocess.run(["xmllint", "--noout", XSD], capture_output=True, text=True)
    equal(p.returncode, 0, f"xmllint {XSD}: {p.stderr}")
    json_schema.errors({}, result_schema())  # raises on a keyword the validator does not check


def test_every_native_xml_file_validates():
    files = [f for f in files_under("data", "xml") + files_under("tests", "xml") if xml_root(f) == "recist"]
    # Not-well-formed corpus files have a recist root too; their sidecars mark them schema-invalid.
    valid = [f for f in files if sidecar(f).get("schema_valid", True)]
    invalid = [f for f in files if not sidecar(f).get("schema_valid", True)]
    check(len(valid) >= 8 and len(invalid) >= 15, f"{len(valid)} valid, {len(invalid)} invalid XML files")
    for f in valid:
        ok, messages = xmllint(f)
        check(ok, f"{os.path.relpath(f, path())} does not validate:\n{messages[:600]}")
    for f in invalid:
        ok, _ = xmllint(f)
        check(not ok, f"{os.path.relpath(f, path())} validates, but its sidecar says it must not")
    for f in glob.glob(path("tests", "malformed", "*.xml")):
        check("schema_valid" in sidecar(f), f"{os.path.basename(f)}: its sidecar must say schema_valid")


def test_converted_data_validates():
    readable, _ = native_inputs()
    for i, source in enumerate(readable + sdtm_folders()):
        out = os.path.join(WORK, f"{i}.xml")
        p = run("convert", source, "--to", "xml", "-o", out)
        check(p.returncode in (0, 1), f"convert {source}: {p.stderr[:300]}")
        ok, messages = xmllint(out)
        check(ok, f"the XML of {os.path.relpath(source, path())} does not validate:\n{messages[:600]}")


def validate_output(args, expect_codes=(0, 1)):
    p = run(*args, "--format", "json")
    check(p.returncode in expect_codes, f"{args}: exit {p.returncode}: {p.stderr[:300]}")
    result = json.loads(p.stdout)
    problems = json_schema.errors(result, result_schema())
    check(not problems, f"{args}: {len(problems)} schema violations:\n  " + "\n  ".join(problems[:15]))
    return result


def test_assess_and_summary_json_validate():
    readable, _ = native_inputs()
    inputs = readable + sdtm_folders() + [path("tests", "native", "all_features.xml"),
                                          path("tests", "native", "recorded.xml")]
    seen = {"errors": 0, "recorded": 0, "null_summary": 0, "duration": 0}
    for f in inputs:
        result = validate_output(["assess", f])
        seen["recorded"] += any(tp["target"] is None for t in result["tracks"] for tp in t["timepoints"])
        seen["duration"] += any(t["duration_of_response"] for t in result["tracks"])
        validate_output(["summary", f])
    for f in ("negative_diameter.csv", "xml_unknown_lesion.xml", "errors_over_the_limit.csv"):
        seen["errors"] += bool(validate_output(["assess", path("tests", "malformed", f)], (1,))["errors"])
    # The checks saw what they are meant to cover.
    check(seen["errors"] == 3 and seen["recorded"] >= 2 and seen["duration"] >= 1, f"coverage: {seen}")


def test_the_validator_rejects_broken_results():
    good = validate_output(["assess", path("data", "examples", "measurements.csv")])
    schema = result_schema()
    equal(json_schema.errors(good, schema), [], "the untouched result")

    def broken(change):
        r = copy.deepcopy(good)
        change(r)
        return json_schema.errors(r, schema)

    track = lambda r: r["tracks"][0]  # noqa: E731
    cases = {
        "a missing key": lambda r: track(r).pop("eligible"),
        "an extra key": lambda r: track(r).update(extra=1),
        "a wrong type": lambda r: track(r).update(eligible="yes"),
        "null where not allowed": lambda r: track(r).update(bor=None),
        "an unknown response": lambda r: track(r).update(bor="MR"),
        "a date that is not YYYY-MM-DD": lambda r: track(r)["timepoints"][0].update(date="03/02/2026"),
        "a float where an integer is due": lambda r: track(r)["timepoints"][0].update(day=42.5),
        "a boolean is not a number": lambda r: track(r)["timepoints"][0].update(sum_mm=True),
        "a bad summary count": lambda r: r["summary"]["readers"][0]["confirmed"]["counts"].update(CR="1"),
        "an error without a line": lambda r: r["errors"].append({"file": "f", "column": None, "message": "m"}),
    }
    for what, change in cases.items():
        check(broken(change), f"{what} was not rejected")


if __name__ == "__main__":
    main([test_the_schemas_are_well_formed, test_every_native_xml_file_validates, test_converted_data_validates,
          test_assess_and_summary_json_validate, test_the_validator_rejects_broken_results])
