"""The real-browser test of recist serve's page (issue 17): installs the pinned playwright-core
from tests/browser/package-lock.json into the build folder (`npm ci`, again only when the lock
changed), starts `recist serve` on a new file, and has page_test.js enter SPEC §6 example 1 in
headless Chromium; then `recist assess` of the saved file must give PR / confirmed PR.
The screenshot is BUILD/browser/screenshot.png (README shows a copy, tests/browser/screenshot.png).

usage: python3 test_page.py RECIST_BINARY SOURCE_DIR BUILD_DIR
Exits 1 on any failure, an npm registry that cannot be reached included: never a silent pass.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

binary, source, build = (os.path.abspath(a) for a in sys.argv[1:4])
here = os.path.join(source, "tests", "browser")
work = os.path.join(build, "browser")


def fail(message):
    print("FAIL " + message)
    sys.exit(1)


def install():
    """node_modules of the pinned lock in BUILD/browser; the lock copied beside it says which."""
    os.makedirs(work, exist_ok=True)
    lock = open(os.path.join(here, "package-lock.json")).read()
    stamp = os.path.join(work, "installed-lock.json")
    if os.path.exists(os.path.join(work, "node_modules", "playwright-core")) and \
            os.path.exists(stamp) and open(stamp).read() == lock:
        return
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(os.path.join(here, name), os.path.join(work, name))
    npm = shutil.which("npm")
    if not npm:
        fail("npm is not installed (.ci/install-deps installs it)")
    p = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", work], capture_output=True, text=True,
                       timeout=600)
    if p.returncode != 0:
        fail("npm ci of tests/browser/package-lock.json failed (is the npm registry reachable?):\n" +
             (p.stderr or p.stdout)[-2000:])
    with open(stamp, "w") as f:
        f.write(lock)


class Server:
    """`recist serve FILE` on a free port; its address."""

    def __init__(self, file):
        self.process = subprocess.Popen([binary, "serve", "--port", "0", file], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if "http://" not in line:
            self.stop()
            fail(f"recist serve printed no address: {line!r}")
        self.url = line[line.index("http://"):].split(" ")[0]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=60)
        self.process.stdout.close()
        self.process.stderr.close()


def main():
    if not os.path.exists(os.environ.get("CHROMIUM", "/usr/bin/chromium")):
        fail("no /usr/bin/chromium (.ci/install-deps installs Debian's chromium)")
    install()
    folder = tempfile.mkdtemp(prefix="recist-page-")
    file = os.path.join(folder, "measurements.csv")  # does not exist yet: the page starts a new track
    examples = os.path.join(folder, "examples.csv")
    shutil.copyfile(os.path.join(source, "data", "examples", "measurements.csv"), examples)
    servers = []
    try:
        servers = [Server(file), Server(examples)]
        screenshot = os.path.join(work, "screenshot.png")
        p = subprocess.run(["node", os.path.join(here, "page_test.js"), os.path.join(work, "node_modules"),
                            servers[0].url, screenshot, servers[1].url], capture_output=True, text=True, timeout=300)
        print(p.stdout + p.stderr)
        if p.returncode != 0:
            fail("the page test failed")
        if not os.path.getsize(screenshot):
            fail("no screenshot")
        r = subprocess.run([binary, "assess", "--format", "json", file], capture_output=True, text=True, timeout=60)
        track = json.loads(r.stdout)["tracks"][0]
        got = (track["subject"], track["bor"], track["confirmed_bor"], [tp["overall"] for tp in track["timepoints"]])
        if got != ("EX", "PR", "PR", ["PR", "PR"]):
            fail(f"recist assess of the saved file: {got}")
        if open(examples).read() != open(os.path.join(source, "data", "examples", "measurements.csv")).read():
            fail("the examples' copy changed without a save")
        print("ok   the page entered SPEC §6 example 1, showed PR / confirmed PR and saved it")
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(folder)


main()
