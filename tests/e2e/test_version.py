#!/usr/bin/env python3
"""`recist --version` and the JSON `producer` field: the version of CMakeLists.txt, the git commit
the build was made from, and the library versions, the same in both."""
import json
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e import check_no_sanitizer_report  # noqa: E402

RECIST, REPO = sys.argv[1], sys.argv[2]


def run(*args):
    p = subprocess.run([RECIST, *args], capture_output=True, text=True)
    check_no_sanitizer_report(p.returncode, p.stderr)
    return p


def project_version():
    text = open(os.path.join(REPO, "CMakeLists.txt"), encoding="utf-8").read()
    return re.search(r"project\(recist VERSION (\S+)", text).group(1)


class Version(unittest.TestCase):
    def test_version_names_version_commit_and_libraries(self):
        p = run("--version")
        self.assertEqual(p.returncode, 0, p.stderr)
        first, *libraries = p.stdout.splitlines()
        m = re.fullmatch(r"recist (\S+) \(commit (\S+)\)", first)
        self.assertIsNotNone(m, first)
        self.assertEqual(m.group(1), project_version())
        head = subprocess.run(["git", "-C", REPO, "rev-parse", "HEAD"], capture_output=True, text=True)
        if head.returncode == 0:  # a git checkout: the commit is HEAD's (perhaps marked -dirty)
            self.assertTrue(head.stdout.strip().startswith(m.group(2).removesuffix("-dirty")), (head.stdout, m.group(2)))
        else:  # no checkout (or no git): the build cannot know its commit, and says so (README "Which build")
            self.assertEqual(m.group(2), "unknown", f"not a git checkout, yet the commit is {m.group(2)}")
        names = [line.split()[0] for line in libraries]
        self.assertIn("boost", names)
        self.assertIn("pugixml", names)

    def test_json_results_carry_the_same_producer(self):
        version = run("--version").stdout.splitlines()
        commit = re.search(r"\(commit (\S+)\)", version[0]).group(1)
        measurements = os.path.join(REPO, "data", "examples", "measurements.csv")
        responses = os.path.join(REPO, "data", "examples", "responses.csv")
        for args in (["assess", measurements], ["summary", measurements], ["validate", measurements],
                     ["compare", measurements, responses]):
            p = run(*args, "--format", "json")
            self.assertIn(p.returncode, (0, 1), p.stderr)
            producer = json.loads(p.stdout)["producer"]
            self.assertEqual(producer["name"], "recist", args)
            self.assertEqual(producer["version"], project_version(), args)
            self.assertEqual(producer["commit"], commit, args)
            self.assertEqual(sorted(producer["libraries"]), sorted(l.split()[0] for l in version[1:]), args)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0]])
