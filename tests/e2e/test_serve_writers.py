"""recist serve and the other writers of FILE (issue 31): two servers on one FILE lose no save (an
advisory lock from the read to the rename); a program that locks FILE the same way (flock) is
waited for, one that does not is kept; exactly one winner of an If-Match race; a server killed
mid-save (SIGKILL) leaves FILE old or new and its temporary files are removed at the next start.
Bounded in count and time, loopback only.
"""
import fcntl
import json
import os
import shutil
import signal
import socket
import threading
import time

from e2e import check, equal, main, path
from test_serve import Server, temp_copy

SOURCE = path("data", "examples", "measurements.csv")


def follow_up(track, date):
    """The track with one more assessment: every lesion of its baseline entered as 10 mm or ABSENT."""
    obs = [{"lesion": l["id"], "diameter_mm": 10} if l["role"] == "TARGET" else {"lesion": l["id"], "status": "ABSENT"}
           for l in track["lesions"] if l["role"] in ("TARGET", "NON-TARGET")]
    track["assessments"].append({"date": date, "visit": "W" + date[-2:], "observations": obs})
    return track


def put(server, subject, track, version, out, key):
    """PUT of one track into out[key] as (status, body); (None, reason) when the server went."""
    try:
        status, _, body = server.request("PUT", f"/api/tracks/{subject}/INVESTIGATOR", track,
                                         {"If-Match": f'"{version}"', "Content-Type": "application/json"})
    except OSError as e:
        status, body = None, str(e).encode()
    out[key] = (status, body)


def dates_in_file(file, subject):
    return {line.split(",")[2] for line in open(file).read().splitlines() if line.startswith(subject + ",")}


def test_two_servers_on_one_file_lose_no_save():
    folder, file = temp_copy(SOURCE)
    a, b = Server(file), Server(file)
    try:
        for round_ in range(8):
            date = f"2026-09-{round_ + 10:02d}"
            got_a = a.json("GET", "/api/tracks/EX-01/INVESTIGATOR")
            got_b = b.json("GET", "/api/tracks/EX-02/INVESTIGATOR")
            out = {}
            threads = [threading.Thread(target=put, args=(a, "EX-01", follow_up(got_a["track"], date),
                                                          got_a["version"], out, "a")),
                       threading.Thread(target=put, args=(b, "EX-02", follow_up(got_b["track"], date),
                                                          got_b["version"], out, "b"))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            equal(out["a"][0], 200, f"round {round_}: server A's save ({out['a'][1][:200]!r})")
            equal(out["b"][0], 200, f"round {round_}: server B's save ({out['b'][1][:200]!r})")
            check(date in dates_in_file(file, "EX-01"), f"round {round_}: server A's save is in FILE")
            check(date in dates_in_file(file, "EX-02"), f"round {round_}: server B's save is in FILE")
    finally:
        a.stop()
        b.stop()
        shutil.rmtree(folder)


def test_a_writer_that_locks_file_is_waited_for_and_one_that_does_not_is_kept():
    folder, file = temp_copy(SOURCE)
    server = Server(file)
    try:
        # A program holding flock(FILE) while it rewrites FILE: the save waits, then sees its rows.
        got = server.json("GET", "/api/tracks/EX-01/INVESTIGATOR")
        out = {}
        with open(file, "r+") as f:
            fcntl.flock(f, fcntl.LOCK_EX)
            text = f.read()
            saver = threading.Thread(target=put, args=(server, "EX-01", follow_up(got["track"], "2026-09-01"),
                                                       got["version"], out, "put"))
            saver.start()
            time.sleep(0.5)
            check("put" not in out, "the save waited for the lock")
            f.seek(0)
            f.write(text + "OUT-01,INVESTIGATOR,2026-03-02,BASELINE,,T1,TARGET,LIVER,N,20,,CT,5,N\n")
            f.flush()
            fcntl.flock(f, fcntl.LOCK_UN)
        saver.join(60)
        equal(out["put"][0], 200, f"the save after the lock ({out['put'][1][:200]!r})")
        check("2026-09-01" in dates_in_file(file, "EX-01"), "the save is in FILE")
        check(dates_in_file(file, "OUT-01"), "the other program's rows are in FILE")
        # A program that writes FILE without the lock between GET and PUT: its rows stay.
        got = server.json("GET", "/api/tracks/EX-02/INVESTIGATOR")
        with open(file, "a") as f:
            f.write("OUT-02,INVESTIGATOR,2026-03-02,BASELINE,,T1,TARGET,LIVER,N,20,,CT,5,N\n")
        out = {}
        put(server, "EX-02", follow_up(got["track"], "2026-09-02"), got["version"], out, "put")
        equal(out["put"][0], 200, "the save after an unlocked write")
        check(dates_in_file(file, "OUT-02") and "2026-09-02" in dates_in_file(file, "EX-02"), "both in FILE")
    finally:
        server.stop()
        shutil.rmtree(folder)


def test_an_if_match_race_has_exactly_one_winner():
    folder, file = temp_copy(SOURCE)
    a, b = Server(file), Server(file)
    try:
        for round_ in range(5):
            got = a.json("GET", "/api/tracks/EX-03/INVESTIGATOR")
            out = {}
            threads = [threading.Thread(target=put, args=(s, "EX-03", follow_up(json.loads(json.dumps(got["track"])),
                                                                                f"2026-10-{10 + 4 * round_ + i:02d}"),
                                                          got["version"], out, i))
                       for i, s in enumerate((a, b, a, b))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            statuses = sorted(s for s, _ in out.values())
            equal(statuses, [200, 409, 409, 409], f"round {round_}: statuses")
    finally:
        a.stop()
        b.stop()
        shutil.rmtree(folder)


def test_a_kill_mid_save_leaves_file_old_or_new_and_no_temporary_file_at_the_next_start():
    folder, file = temp_copy(SOURCE)
    old = open(file).read()
    try:
        news = set()
        for round_ in range(6):
            server = Server(file)
            got = server.json("GET", "/api/tracks/EX-04/INVESTIGATOR")
            t = threading.Thread(target=put, args=(server, "EX-04", follow_up(got["track"], "2026-11-01"),
                                                   got["version"], {}, "put"))
            t.start()
            time.sleep(0.002 * round_)
            server.process.send_signal(signal.SIGKILL)
            server.process.wait(30)
            server.process.stdout.close()
            server.process.stderr.close()
            t.join(60)
            now = open(file).read()
            check(now == old or "2026-11-01" in dates_in_file(file, "EX-04"), f"round {round_}: FILE old or new")
            news.add(now == old)
            open(file, "w").write(old)
        # A temporary file left by a dead process (its name has the dead pid) goes at the next start;
        # one of a live process, or not of this tool, stays.
        dead = os.path.join(folder, "measurements.csv.tmp.999999999.AbC123")
        alive = os.path.join(folder, f"measurements.csv.tmp.{os.getpid()}.AbC123")
        foreign = os.path.join(folder, "measurements.csv.tmp.mine")
        for name in (dead, alive, foreign):
            open(name, "w").write("x")
        server = Server(file)
        server.stop()
        check(not os.path.exists(dead), "the dead process's temporary file is removed")
        check(os.path.exists(alive) and os.path.exists(foreign), "the others stay")
        os.unlink(alive)
        os.unlink(foreign)
        left = [n for n in os.listdir(folder) if ".tmp." in n]
        equal(left, [], "temporary files after the kills and a start")
    finally:
        shutil.rmtree(folder)


def test_a_form_body_over_8_kb_is_413_naming_the_form_limit_and_json_passes():
    folder, file = temp_copy(SOURCE)
    server = Server(file)
    try:
        got = server.json("GET", "/api/tracks/EX-01/INVESTIGATOR")
        body = json.dumps(got["track"]) + " " * 9000  # over 8 kB, well under 1 MB
        status, _, data = server.request("POST", "/api/assess", body,
                                         {"Content-Type": "application/x-www-form-urlencoded"})
        equal(status, 413, "a form body over 8 kB")
        check("application/x-www-form-urlencoded" in json.loads(data)["error"] and "8192" in json.loads(data)["error"],
              f"the 413 names the limit hit: {data!r}")
        status, _, data = server.request("POST", "/api/assess", body, {"Content-Type": "application/json"})
        equal(status, 200, f"the same body as JSON ({data[:200]!r})")
    finally:
        server.stop()
        shutil.rmtree(folder)


def test_a_chunked_body_is_413_unread_whatever_its_size():
    folder, file = temp_copy(SOURCE)
    server = Server(file)

    def peak_kb():
        return int(next(l for l in open(f"/proc/{server.process.pid}/status") if l.startswith("VmHWM")).split()[1])

    try:
        # Relative to the server's own peak before the bodies, so that the check holds in the
        # sanitized build too (AddressSanitizer's shadow memory and quarantine raise every RSS).
        equal(server.json("GET", "/api/tracks")["file"], file, "the server answers")
        before = peak_kb()
        for body_chunks in (1, 160):  # 64 kB and 10 MB offered
            with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
                s.sendall(f"POST /api/assess HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
                answer = b""
                try:
                    for _ in range(body_chunks):
                        s.sendall(b"10000\r\n" + b" " * 0x10000 + b"\r\n")
                except OSError:
                    pass  # the server answered and closed without reading the rest
                try:
                    while b"}" not in answer:
                        data = s.recv(65536)
                        if not data:
                            break
                        answer += data
                except OSError:
                    pass
            check(answer.startswith(b"HTTP/1.1 413") and b"Content-Length" in answer,
                  f"{body_chunks} chunks: {answer[:300]!r}")
        grown = peak_kb() - before
        check(grown < 8000, f"peak RSS grew by {grown} kB with the chunked bodies (10 MB offered): read, not refused")
        equal(server.json("GET", "/api/tracks")["file"], file, "the server still answers")
    finally:
        server.stop()
        shutil.rmtree(folder)


if __name__ == "__main__":
    main([
        test_a_chunked_body_is_413_unread_whatever_its_size,
        test_a_form_body_over_8_kb_is_413_naming_the_form_limit_and_json_passes,
        test_two_servers_on_one_file_lose_no_save,
        test_a_writer_that_locks_file_is_waited_for_and_one_that_does_not_is_kept,
        test_an_if_match_race_has_exactly_one_winner,
        test_a_kill_mid_save_leaves_file_old_or_new_and_no_temporary_file_at_the_next_start,
    ])
