#!/usr/bin/env python3
"""The README's commands run (issue 35, item 6): every `build/recist` command of README.md's `sh` code
blocks is run on the example data, in a scratch folder holding links to data/, tests/ and schemas/
(so `-o` files land there), and must exit as documented.

The convention (README "The README's commands are tested"): the line just before a block may say
`<!-- readme-test: exit N -->` (every command of the block exits N; default 0), `<!-- readme-test:
exits N M ... -->` (one code per command, in order) or `<!-- readme-test: not run: WHY -->` (a
synopsis, a server: skipped). Install, build and CI programs (NOT_RUN) are skipped; any other program
fails the test until its block is marked or it is listed here.
"""
import glob
import os
import re
import shlex
import tempfile

from e2e import check, equal, main, path, run

README = path("README.md")
NOT_RUN = {".ci/install-deps", "cmake", "ctest", "tests/fuzz/run.sh", "r/run_tests.sh", "R", "Rscript"}
MARK = re.compile(r"<!--\s*readme-test:\s*(.*?)\s*-->")


def blocks(text):
    """(line number, marker or None, the block's commands as argument lists) of each sh block."""
    lines = text.split("\n")
    out = []
    k = 0
    while k < len(lines):
        if lines[k].strip() in ("```sh", "```bash", "```shell"):
            start, body = k + 1, []
            k += 1
            while k < len(lines) and lines[k].strip() != "```":
                body.append(lines[k])
                k += 1
            mark = MARK.search(lines[start - 2]) if start >= 2 else None
            out.append((start, mark.group(1) if mark else None, commands("\n".join(body).replace("\\\n", " "))))
        k += 1
    return out


def commands(body):
    """The commands of a block: its lines split at &&, ; and ||, comments left out."""
    result = []
    for line in body.split("\n"):
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        current = []
        for token in lexer:
            if token in ("&&", ";", "||"):
                if current:
                    result.append(current)
                current = []
            else:
                current.append(token)
        if current:
            result.append(current)
    return result


def test_every_readme_command_runs_with_its_documented_exit_code():
    scratch = tempfile.mkdtemp(prefix="recist-readme-")
    for folder in ("data", "tests", "schemas"):
        os.symlink(path(folder), os.path.join(scratch, folder))
    ran = 0
    with open(README, encoding="utf-8") as f:
        found = blocks(f.read())
    check(len(found) >= 5, f"only {len(found)} sh blocks found in README.md")
    cwd = os.getcwd()
    os.chdir(scratch)
    try:
        for line, mark, cmds in found:
            if mark and mark.startswith("not run"):
                continue
            recist = [c for c in cmds if c[0] == "build/recist"]
            others = [c[0] for c in cmds if c[0] != "build/recist" and c[0] not in NOT_RUN]
            check(not others, f"README.md:{line}: {others} is neither build/recist nor a known install or build "
                              "command: mark the block <!-- readme-test: not run: WHY --> or list it in NOT_RUN")
            for c in recist:
                check(not any(t in ("|", "&", ">", "<", "|&") for t in c),
                      f"README.md:{line}: a pipe or redirection in {' '.join(c)}: mark the block not run")
            if mark is None:
                expected = [0] * len(recist)
            elif m := re.fullmatch(r"exit (\d+)", mark):
                expected = [int(m.group(1))] * len(recist)
            elif m := re.fullmatch(r"exits((?: \d+)+)", mark):
                expected = [int(x) for x in m.group(1).split()]
                equal(len(expected), len(recist), f"README.md:{line}: exit codes listed for {len(recist)} commands")
            else:
                raise AssertionError(f"README.md:{line}: unknown marker {mark!r}")
            for c, code in zip(recist, expected):
                # The shell's globbing, as a reader pasting the line gets it (the scratch folder
                # links data/, tests/ and schemas/).
                c = [x for token in c for x in (sorted(glob.glob(token)) if any(m in token for m in "*?[") else [token])]
                p = run(*c[1:])
                equal(p.returncode, code, f"README.md:{line}: {' '.join(c)} (stderr {p.stderr[:300]!r})")
                check(p.stdout or "-o" in c, f"README.md:{line}: {' '.join(c)} wrote nothing")
                ran += 1
    finally:
        os.chdir(cwd)
    check(ran >= 5, f"only {ran} README commands were run")
    print(f"     {ran} README commands run")


def test_the_extraction_sees_markers_continuations_and_comments():
    text = ("x\n<!-- readme-test: exits 0 1 -->\n```sh\nbuild/recist a \\\n  --b c  # a comment\n"
            "build/recist d; .ci/install-deps && build/recist e\n```\n```sh\nrecist f\n```\n")
    equal(blocks(text), [(3, "exits 0 1", [["build/recist", "a", "--b", "c"], ["build/recist", "d"],
                                           [".ci/install-deps"], ["build/recist", "e"]]),
                         (8, None, [["recist", "f"]])], "blocks")


if __name__ == "__main__":
    main([test_the_extraction_sees_markers_continuations_and_comments,
          test_every_readme_command_runs_with_its_documented_exit_code])
