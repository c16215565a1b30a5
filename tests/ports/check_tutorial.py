#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A program of the port-rights tutorial prints what its document says.

  check_tutorial.py DOC PROGRAM.c [TEST-PROGRAM ARGS...]

DOC (docs/port-rights.md) shows each program's output in a fenced block
right after a line "<!-- output of personalities/examples/NAME.c -->" (or
another path under the repository).  This runs scripts/test-program on the
program (with the TEST-PROGRAM ARGS: --unix --config multi for a Unix
step) and compares the program's own lines (not those of bootstrap, the
console driver, virtio_blk, fss or bsd_server) with that block, exactly;
the program must exit with 0.
So the document stays true: change a program or the kernel, and the
tutorial's text has to follow.
"""
import os
import re
import subprocess
import sys

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
doc, program = sys.argv[1], sys.argv[2]
rel = os.path.relpath(os.path.abspath(program), root)
text = open(doc).read()
m = re.search(rf"^<!-- output of {re.escape(rel)} -->\n```[a-z]*\n(.*?)^```$", text, re.M | re.S)
if not m:
    sys.exit(f"check_tutorial: {doc} shows no output of {rel}")
want = m.group(1).splitlines()
r = subprocess.run([os.path.join(root, "scripts", "test-program"), program, *sys.argv[3:]],
                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
got = [l for l in r.stdout.splitlines()
       if not l.startswith(("bootstrap: ", "console: ", "test-program: ", "virtio_blk: ", "fss: ",
                            "bsd_server: "))]
if r.returncode != 0 or got != want:
    print(r.stdout)
    print(f"check_tutorial: {rel} exited with {r.returncode}; its output and {doc} differ:")
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else "(nothing)"
        w = want[i] if i < len(want) else "(nothing)"
        if g != w:
            print(f"  line {i + 1}:\n    doc:     {w}\n    program: {g}")
    sys.exit(1)
print(f"check_tutorial: {rel}: {len(got)} lines, as the document shows")
