#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""check_compare.py ROOT: scripts/compare --short runs both shapes and says
what each operation costs there.

Facts: every short operation is measured in both shapes; each made at
least one trap; getpid sends the same messages in both shapes (no file
system); a cached 1-byte read and an open+close send more messages in the
multi-server shape (its RPCs to fss) and take more instructions there; the
report names fss among the tasks spending the extra; the JSON holds the
numbers of both shapes.
"""
import json
import os
import subprocess
import sys
import tempfile

root = sys.argv[1]
failures = []


def fact(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


with tempfile.TemporaryDirectory() as work:
    out = os.path.join(work, "c.json")
    r = subprocess.run([os.path.join(root, "scripts", "compare"), "--short", "--json", out],
                       capture_output=True, text=True, timeout=900)
    print(r.stdout)
    if r.returncode != 0:
        print(r.stderr[-3000:])
        sys.exit(f"scripts/compare ended with {r.returncode}")
    with open(out) as f:
        doc = json.load(f)
m, s = doc.get("multi-server smp1", {}), doc.get("single-server smp1", {})
ops = ["getpid", "lseek", "read_1_byte_cached", "open_close", "fork_exit_wait"]
fact(all(op in m and op in s for op in ops), "every short operation measured in both shapes")
fact(all(m[op]["traps"] >= 1 and s[op]["traps"] >= 1 for op in ops if op in m and op in s),
     "each operation traps at least once")
fact(m["getpid"]["messages"] == s["getpid"]["messages"], "getpid: the same messages in both shapes")
for op in ("read_1_byte_cached", "open_close"):
    fact(m[op]["messages"] > s[op]["messages"], f"{op}: more messages in the multi-server shape")
    fact(m[op]["instructions"] > s[op]["instructions"],
         f"{op}: more instructions in the multi-server shape")
report = r.stdout
fact("Where the multi-server shape spends more" in report and "fss" in report.split(
    "Where the multi-server shape spends more")[1], "the report names fss among the tasks spending more")
sys.exit(1 if failures else 0)
