#!/usr/bin/env python3
"""Checks the include graph of README "Architecture": model <- rules <- io (read, write) <- batch
<- cli. A file of a layer may include only headers of its own layer and of the layers before it;
read/ and write/ may include each other's value types only through the public headers.

usage: python3 tests/layout/check_layers.py REPO
Prints every include that breaks the order and exits 1 if there is any.
"""
import os
import re
import sys

ORDER = ["model", "rules", "io", "batch", "cli"]
# The public headers of engine/include/recist/ that are rules' entry points; the rest are the model.
RULES_HEADERS = {"assess.hpp", "summary.hpp", "compare.hpp", "agreement.hpp", "irecist.hpp", "irecist_compare.hpp"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layer_of_public(path):
    """The layer of a header named as it is included: recist/..."""
    parts = path.split("/")
    if parts[0] != "recist":
        return None
    if len(parts) >= 3 and parts[1] == "io":
        return "io"
    if len(parts) >= 3 and parts[1] == "batch":
        return "batch"
    if len(parts) >= 3 and parts[1] == "detail":
        return "model"
    return "rules" if parts[-1] in RULES_HEADERS else "model"


def layer_of_file(rel):
    """The layer of a file of the repository, by its folder."""
    p = rel.split("/")
    if p[0] == "cli":
        return "cli"
    if p[:2] == ["engine", "include"]:
        return layer_of_public("/".join(p[2:]))
    if p[:2] == ["engine", "src"] and len(p) > 3:
        return p[2] if p[2] in ORDER else None
    return None


def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else "."
    bad = []
    for top in ("engine", "cli"):
        for d, _, names in os.walk(os.path.join(repo, top)):
            for n in names:
                if not n.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(d, n)
                rel = os.path.relpath(path, repo)
                mine = layer_of_file(rel)
                if mine is None:
                    bad.append(f"{rel}: not in a layer's folder (model, rules, io/read, io/write, batch, cli)")
                    continue
                text = open(path, encoding="utf-8").read()
                for m in INCLUDE.finditer(text):
                    inc = m.group(1)
                    if inc.startswith("recist/"):
                        theirs = layer_of_public(inc)
                    elif os.path.exists(os.path.join(d, inc)):
                        theirs = layer_of_file(os.path.relpath(os.path.join(d, inc), repo))
                    else:  # an internal header named from engine/src
                        theirs = layer_of_file("engine/src/" + inc)
                    line = text.count("\n", 0, m.start()) + 1
                    if theirs is None:
                        bad.append(f"{rel}:{line}: includes \"{inc}\", which is in no layer")
                    elif ORDER.index(theirs) > ORDER.index(mine):
                        bad.append(f"{rel}:{line}: {mine} includes \"{inc}\" of the later layer {theirs}")
    for b in bad:
        print(b)
    print(f"{len(bad)} include(s) out of order")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
