"""End-to-end: admiralonco's own test expectations (tests/admiralonco/expected.json, from
pharmaverse/admiralonco's test-derive_param_bor.R and test-derive_param_confirmed_bor.R), case by
case, through the real binary: with `--convention admiralonco` every expressible case agrees, code
and date; under our SPEC (the default convention) the cases that disagree are exactly the ones
listed below with their reason. Then the convention's interfaces: the ND and MISSING codes (only
under it), its arguments (refused without it), the profile key, the dates in JSON and CSV, and
that without it nothing is written that was not written before."""
import csv
import io
import json

import json_schema
from e2e import check, equal, main, path, run, run_json, track, write_temp

FOLDER = path("tests", "admiralonco")

with open(path(FOLDER, "expected.json"), encoding="utf-8") as f:
    GROUPS = json.load(f)["groups"]

# Field of our JSON track compared with each admiralonco function's result.
FIELD = {"derive_param_bor": "bor", "derive_param_confirmed_bor": "confirmed_bor"}

# Under our SPEC, the cases that disagree with admiralonco and why (README "admiralonco convention").
RECIST_DIFFERENCES = {
    "test-derive_param_bor.R Test 1: No source_pd (actual_01) / 8":
        "no assessment: NE (R14), admiralonco MISSING",
    "test-derive_param_confirmed_bor.R Test 1: default confirmed BOR / 6":
        "PR, CR, PR: a confirmed PR with the R16 warning (R15), admiralonco SD",
    "test-derive_param_confirmed_bor.R Test 1: default confirmed BOR / 8":
        "no assessment: NE (R14), admiralonco MISSING",
    "test-derive_param_confirmed_bor.R Test 2: accept SD, ND handling, missing as NE / 2":
        "an SD breaks the confirmation of a PR (R15), admiralonco accept_sd lets one stand",
    "test-derive_param_confirmed_bor.R Test 2: accept SD, ND handling, missing as NE / 5":
        "an SD breaks the confirmation of a PR (R15), admiralonco accept_sd lets one stand",
    "test-derive_param_confirmed_bor.R Test 2: accept SD, ND handling, missing as NE / 6":
        "PR, CR, PR: a confirmed PR (R15), admiralonco SD",
    "test-derive_param_confirmed_bor.R Test 2: accept SD, ND handling, missing as NE / 7":
        "ND is not a response code of SPEC §1: the track is left out with an error",
    "test-derive_param_confirmed_bor.R Test 4: No source_pd / 9":
        "the window always ends at the first PD (R14), admiralonco without source_pd goes on",
}


def outcome(group, convention):
    """({subject: (code, date)}, [error messages]) of a group's file under a convention."""
    args = ["assess", "--format", "json", *group["args"]]
    if convention == "admiralonco":
        args += ["--convention", "admiralonco", *group["admiralonco_args"]]
    p = run(*args, path(FOLDER, group["file"]))
    # 1: a track was left out for bad data; 3: no track could be read at all.
    check(p.returncode in (0, 1, 3), f"{group['file']}: exit code {p.returncode}; stderr: {p.stderr[:300]}")
    result = json.loads(p.stdout)
    field = FIELD[group["function"]]
    tracks = {t["subject"]: (t[field], t.get(field + "_date")) for t in result["tracks"]}
    return tracks, [e["column"] + ": " + e["message"] for e in result["errors"]]


def compare(convention, with_dates):
    """(agreeing case ids, disagreeing {id: (got, expected)}, not expressible ids)."""
    agree, differ, inexpressible = [], {}, []
    for g in GROUPS:
        for subject, want in g["expected"].items():
            case = f"{g['test']} / {subject}"
            if not g.get("expressible", True):
                inexpressible.append(case)
                continue
            tracks, errors = outcome(g, convention)
            got = tracks.get(subject)
            if isinstance(want, dict):  # an error is expected: the track is refused, naming the value
                ok = got is None and any(e.startswith("response: ") and want["error"] in e for e in errors)
                got = got or errors
            else:
                ok = got is not None and got[0] == want[0] and (not with_dates or got[1] == want[1])
            if ok:
                agree.append(case)
            else:
                differ[case] = (got, want)
    return agree, differ, inexpressible


def test_under_our_spec_exactly_the_documented_cases_differ():
    agree, differ, inexpressible = compare("recist", with_dates=False)
    print(f"     recist: {len(agree)} of {len(agree) + len(differ) + len(inexpressible)} cases agree "
          f"({len(differ)} differ, {len(inexpressible)} not expressible)")
    equal(sorted(differ), sorted(RECIST_DIFFERENCES), f"disagreeing cases ({differ})")


def test_under_admiralonco_every_expressible_case_agrees_with_its_date():
    agree, differ, inexpressible = compare("admiralonco", with_dates=True)
    print(f"     admiralonco: {len(agree)} of {len(agree) + len(differ) + len(inexpressible)} cases agree "
          f"({len(differ)} differ, {len(inexpressible)} not expressible)")
    equal(differ, {}, "disagreeing cases")
    equal(len(agree), 30, "agreeing cases")


RESPONSES = "subject,date,response,start_date\n"


def test_nd_and_missing_are_refused_under_the_spec_with_the_error_as_before():
    f = write_temp(RESPONSES + "A,2020-02-01,ND,2020-01-01\nB,2020-02-01,MISSING,2020-01-01\nC,2020-02-01,SD,2020-01-01\n")
    code, result = run_json("assess", f)
    equal(code, 1, "exit code")
    equal([t["subject"] for t in result["tracks"]], ["C"], "tracks read")
    equal([(e["line"], e["column"], e["message"]) for e in result["errors"] if e["column"] == "response"],
          [(2, "response", '"ND": expected one of CR, PR, SD, NON-CR/NON-PD, PD, NE'),
           (3, "response", '"MISSING": expected one of CR, PR, SD, NON-CR/NON-PD, PD, NE')], "errors")


def test_nd_and_missing_are_read_under_admiralonco():
    f = write_temp(RESPONSES + "A,2020-02-01,nd,2020-01-01\nB,2020-02-01,MISSING,2020-01-01\n"
                   "C,2020-02-01,ND,2020-01-01\nC,2020-03-01,SD,2020-01-01\nD,2020-02-01,iCR,2020-01-01\n")
    code, result = run_json("assess", "--convention", "admiralonco", f)
    equal(code, 1, "exit code (D's iCR)")
    equal([(e["line"], e["message"]) for e in result["errors"] if e["column"] == "response"],
          [(6, '"iCR": expected one of CR, PR, SD, NON-CR/NON-PD, PD, NE, ND, MISSING')], "errors")
    a, b, c = (track(result, s) for s in "ABC")
    # ND has no place in derive_param_bor's order, so the BOR is MISSING; the CBOR is ND.
    equal((a["timepoints"][0]["overall"], a["bor"], a["bor_date"], a["confirmed_bor"], a["confirmed_bor_date"]),
          ("ND", "MISSING", None, "ND", "2020-02-01"), "A")
    # A MISSING row is no assessment.
    equal((b["bor"], b["confirmed_bor"], b["bor_date"]), ("MISSING", "MISSING", None), "B")
    equal((c["bor"], c["bor_date"], c["confirmed_bor"], c["confirmed_bor_date"]),
          ("SD", "2020-03-01", "SD", "2020-03-01"), "C")
    code, result = run_json("assess", "--convention", "admiralonco", "--missing-as-ne", "true", f)
    equal((track(result, "B")["bor"], track(result, "A")["bor"]), ("NE", "NE"), "missing_as_ne")


def test_admiralonco_arguments_need_the_convention():
    f = path(FOLDER, "bor_test1.csv")
    for arg, value in (("--accept-sd", "true"), ("--missing-as-ne", "false"), ("--source-pd", "none")):
        p = run("assess", arg, value, f)
        equal(p.returncode, 2, arg)
        check("needs --convention admiralonco" in p.stderr, p.stderr)
    for args, what in ((["--convention", "admiral"], "expected recist or admiralonco"),
                       (["--convention", "admiralonco", "--source-pd", "last"], "expected first-pd or none")):
        p = run("assess", *args, f)
        equal(p.returncode, 2, " ".join(args))
        check(what in p.stderr, p.stderr)


def test_the_profile_key_is_the_flag():
    ini = write_temp("convention = admiralonco\naccept-sd = true\nmissing-as-ne = true\nconfirm-min-days = 14\n"
                     "max-ne-between = 0\nsd-min-days = 28\n", suffix=".ini")
    _, by_profile = run_json("assess", "--profile", ini, path(FOLDER, "cbor_test2.csv"))
    _, by_flags = run_json("assess", "--convention", "admiralonco", "--accept-sd", "true", "--missing-as-ne", "true",
                           "--confirm-min-days", "14", "--max-ne-between", "0", "--sd-min-days", "28",
                           path(FOLDER, "cbor_test2.csv"))
    by_profile.pop("producer"), by_flags.pop("producer")
    equal(by_profile, by_flags, "profile and flags")
    equal({k: by_profile["profile"][k] for k in ("convention", "accept_sd", "missing_as_ne", "source_pd")},
          {"convention": "admiralonco", "accept_sd": True, "missing_as_ne": True, "source_pd": "first-pd"}, "echo")
    # --convention recist on the command line wins over the profile's admiralonco, and then
    # admiralonco's own keys in that profile are refused.
    p = run("assess", "--profile", ini, "--convention", "recist", path(FOLDER, "cbor_test2.csv"))
    equal(p.returncode, 2, "recist over an admiralonco profile with accept-sd")


def test_the_reasons_name_admiralonco_and_the_warning_is_signal_crpr():
    _, result = run_json("assess", "--convention", "admiralonco", "--sd-min-days", "28", path(FOLDER, "cbor_test1.csv"))
    t = track(result, "6")
    reasons = " | ".join(t["reasons"])
    check("PR on 2020-02-06 not confirmed: PR on 2020-03-30 after CR on 2020-02-16 in its confirmation period "
          "(admiralonco derive_param_confirmed_bor)" in reasons, reasons)
    equal([(f["severity"], f["code"]) for f in t["findings"]], [("warning", "CR_FOLLOWED_BY_PR")], "findings")
    check("signal_crpr" in t["findings"][0]["message"], t["findings"][0]["message"])
    equal(t["confirmation_date"], None, "no confirmation")
    t1 = track(result, "1")
    equal((t1["confirmed_bor"], t1["confirmed_bor_date"], t1["confirmation_date"]),
          ("CR", "2020-02-01", "2020-03-01"), "1: the CR's date, and the CR that confirms it")


def test_csv_track_rows_end_with_the_dates_only_under_admiralonco():
    f = path(FOLDER, "cbor_test1.csv")
    plain = run("assess", "--format", "csv", "--level", "track", "--sd-min-days", "28", f).stdout
    check("bor_date" not in plain.splitlines()[0], "no date columns under the SPEC")
    p = run("assess", "--format", "csv", "--level", "track", "--sd-min-days", "28", "--convention", "admiralonco", f)
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    check(p.stdout.splitlines()[0].endswith(",reasons,bor_date,confirmed_bor_date"), p.stdout.splitlines()[0])
    equal({r["subject"]: (r["confirmed_bor"], r["confirmed_bor_date"]) for r in rows}["7"], ("NE", "2020-02-06"), "7")
    equal({r["subject"]: (r["bor"], r["bor_date"]) for r in rows}["8"], ("MISSING", ""), "8")


def test_adrs_takes_admiralonco_dates_and_aval():
    p = run("assess", "--format", "adrs", "--sd-min-days", "28", "--convention", "admiralonco",
            path(FOLDER, "cbor_test1.csv"))
    rows = [r for r in csv.DictReader(io.StringIO(p.stdout)) if r["PARAMCD"] in ("BOR", "CBOR")]
    got = {(r["USUBJID"], r["PARAMCD"]): (r["AVALC"], r["AVAL"], r["ADT"]) for r in rows}
    equal(got[("6", "CBOR")], ("SD", "3", "2020-03-30"), "6 CBOR")
    equal(got[("8", "BOR")], ("MISSING", "7", ""), "8 BOR")


def test_without_the_convention_the_json_has_no_new_field():
    _, result = run_json("assess", "--sd-min-days", "28", path(FOLDER, "cbor_test1.csv"))
    check("convention" not in result["profile"], "profile")
    check(all("bor_date" not in t and "confirmed_bor_date" not in t for t in result["tracks"]), "tracks")


def test_admiralonco_results_validate_against_the_schema():
    with open(path("schemas", "result.schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    for name, extra in (("cbor_test1.csv", []), ("cbor_test2.csv", ["--accept-sd", "true", "--missing-as-ne", "true"])):
        _, result = run_json("assess", "--convention", "admiralonco", *extra, path(FOLDER, name))
        equal(json_schema.errors(result, schema), [], name)
        _, result = run_json("summary", "--convention", "admiralonco", *extra, path(FOLDER, name))
        equal(json_schema.errors(result, schema), [], "summary " + name)


def test_every_case_is_counted():
    equal(sum(len(g["expected"]) for g in GROUPS), 33, "cases in expected.json")


if __name__ == "__main__":
    main([test_every_case_is_counted, test_under_our_spec_exactly_the_documented_cases_differ,
          test_under_admiralonco_every_expressible_case_agrees_with_its_date,
          test_nd_and_missing_are_refused_under_the_spec_with_the_error_as_before,
          test_nd_and_missing_are_read_under_admiralonco, test_admiralonco_arguments_need_the_convention,
          test_the_profile_key_is_the_flag, test_the_reasons_name_admiralonco_and_the_warning_is_signal_crpr,
          test_csv_track_rows_end_with_the_dates_only_under_admiralonco, test_adrs_takes_admiralonco_dates_and_aval,
          test_without_the_convention_the_json_has_no_new_field, test_admiralonco_results_validate_against_the_schema])
