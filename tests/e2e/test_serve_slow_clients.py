"""recist serve is not stalled by slow or idle clients (issue 31): with 100 connections sending a
header byte a second and 100 connected and silent, the page still answers within 1 s; a burst of
300 connections is accepted (the listen backlog is no longer 5). Loopback only, about 8 s.
"""
import shutil
import socket
import threading
import time

from e2e import check, equal, main, path
from test_serve import Server, temp_copy


def test_100_slow_and_100_idle_connections_leave_the_page_answering_within_1_s():
    folder, file = temp_copy(path("data", "examples", "measurements.csv"))
    server = Server(file)
    slow, idle, stop = [], [], threading.Event()
    try:
        for _ in range(100):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            s.sendall(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n".encode())
            slow.append(s)
        idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(100)]

        def trickle():
            while not stop.is_set():
                for s in slow:
                    try:
                        s.sendall(b"X")
                    except OSError:
                        pass
                stop.wait(1)

        t = threading.Thread(target=trickle)
        t.start()
        time.sleep(1)
        for k in range(3):
            start = time.monotonic()
            status, _, _ = server.request("GET", "/")
            took = time.monotonic() - start
            equal(status, 200, f"GET / #{k}")
            check(took < 1, f"GET / #{k} took {took:.2f} s with 100 slow and 100 idle connections")
            time.sleep(1)
        stop.set()
        t.join(10)
        burst = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(300)]
        status, _, _ = server.request("GET", "/api/tracks")
        equal(status, 200, "after a burst of 300 connections")
        for s in burst:
            s.close()
    finally:
        stop.set()
        for s in slow + idle:
            s.close()
        server.stop()
        shutil.rmtree(folder)


if __name__ == "__main__":
    main([test_100_slow_and_100_idle_connections_leave_the_page_answering_within_1_s])
