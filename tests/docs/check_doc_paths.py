#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""check_doc_paths.py ROOT: every path the documentation names exists.

Reads docs/**/*.md, README.md and every directory's README.md, finds each
path into the tree (mach/..., bsd_server/..., tests/..., and the other
top-level directories; `tests/kernel/st_ipc_*.c' as a pattern) and fails
naming those that do not exist, so that moving a file means updating the
documents that name it.
"""
import glob
import os
import re
import sys

TOP = ("mach", "bsd_server", "fss", "drivers", "libmach", "bootstrap",
       "personalities", "scripts", "tests", "docs", "mig", "cmake")
PATH = re.compile(r"(?<![\w/.<-])((?:" + "|".join(TOP) + r")/[A-Za-z0-9_./*-]*[A-Za-z0-9_*])")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    docs = glob.glob(os.path.join(root, "docs", "**", "*.md"), recursive=True)
    docs += [os.path.join(root, "README.md")]
    docs += glob.glob(os.path.join(root, "*", "**", "README.md"), recursive=True)
    missing, named = [], 0
    for doc in sorted(set(docs)):
        if os.path.relpath(doc, root).split(os.sep)[0] == "build":
            continue
        text = open(doc, encoding="utf-8").read()
        for m in PATH.finditer(text):
            path = m.group(1)
            named += 1
            full = os.path.join(root, path)
            if not (glob.glob(full) if "*" in path else os.path.exists(full)):
                line = text.count("\n", 0, m.start()) + 1
                missing.append(f"{os.path.relpath(doc, root)}:{line}: {path}")
    for m in missing:
        print("no such path: " + m)
    print(f"{named - len(missing)} of {named} paths named in the documents exist")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
