#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run a command (scripts/test-program ...) and check its exit status and output.

  check_program.py --status N [--expect REGEX]... -- COMMAND...

Passes (exit 0) when COMMAND exits with N and every REGEX appears in its
output (stdout and stderr together), in order.
"""
import argparse
import re
import subprocess
import sys

p = argparse.ArgumentParser()
p.add_argument("--status", type=int, required=True)
p.add_argument("--expect", action="append", default=[])
p.add_argument("command", nargs="+")
a = p.parse_args()
r = subprocess.run(a.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
print(r.stdout)
ok = True
if r.returncode != a.status:
    print(f"check_program: exit status {r.returncode}, expected {a.status}")
    ok = False
pos = 0
for pattern in a.expect:
    m = re.compile(pattern, re.M).search(r.stdout, pos)
    if not m:
        print(f"check_program: /{pattern}/ not seen")
        ok = False
        break
    pos = m.end()
sys.exit(0 if ok else 1)
