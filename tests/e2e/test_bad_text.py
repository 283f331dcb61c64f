"""Bad text in, no bad text out (issue 31): a control character in a track's subject, visit or
site is 422 with its field from /api/assess, /api/view and PUT alike (it could not be saved as
entered); a control character quoted from an input in a message (a header name holding a newline)
is escaped, so it cannot forge a line of the messages.
"""
import json
import shutil

from e2e import check, equal, main, path, run, write_temp
from test_serve import Server, temp_copy


def test_a_control_character_in_a_field_is_422_with_the_field_everywhere():
    folder, file = temp_copy(path("data", "examples", "measurements.csv"))
    server = Server(file)
    try:
        got = server.json("GET", "/api/tracks/EX-01/INVESTIGATOR")
        for pointer, edit in (("/subject", lambda t: t.update(subject="EX-01\n")),
                              ("/assessments/0/visit", lambda t: t["assessments"][0].update(visit="BASE\u0001LINE")),
                              ("/lesions/0/site", lambda t: t["lesions"][0].update(site="LIVER\tX"))):
            track = json.loads(json.dumps(got["track"]))
            edit(track)
            for method, address, headers in (("POST", "/api/assess", {}), ("POST", "/api/view", {}),
                                             ("PUT", "/api/tracks/EX-01/INVESTIGATOR",
                                              {"If-Match": f'"{got["version"]}"'})):
                headers = {**headers, "Content-Type": "application/json"}
                status, _, body = server.request(method, address, track, headers)
                equal(status, 422, f"{method} {address} with a control character at {pointer} ({body[:200]!r})")
                errors = json.loads(body)["errors"]
                check(any(e["pointer"] == pointer and "control character" in e["message"] for e in errors),
                      f"{method} {address}: the error names {pointer}: {errors}")
        equal(open(file).read(), open(path("data", "examples", "measurements.csv")).read(), "FILE untouched")
    finally:
        server.stop()
        shutil.rmtree(folder)


def test_a_newline_in_a_header_name_is_escaped_in_the_message():
    name = write_temp('subject,"da\nrecist: forged line",lesion,role,site,node,diameter_mm,status\n'
                      "A,2026-01-01,T1,TARGET,LIVER,N,20,\n")
    p = run("assess", name)
    equal(p.returncode, 3, f"exit code ({p.stderr[:300]!r})")
    check(all(line.startswith("recist: " + name) or not line for line in p.stderr.split("\n")),
          f"every message line is one of recist's: {p.stderr!r}")
    check("da\\nrecist: forged line" in p.stderr, f"the name escaped: {p.stderr!r}")


if __name__ == "__main__":
    main([test_a_control_character_in_a_field_is_422_with_the_field_everywhere,
          test_a_newline_in_a_header_name_is_escaped_in_the_message])
