#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run a command (scripts/test-program ...) and check its exit status and output.

  check_program.py --status N [--expect REGEX]... [--absent REGEX]... -- COMMAND...

Passes (exit 0) when COMMAND exits with N, every --expect REGEX appears in
its output (stdout and stderr together), in order, and no --absent REGEX
appears anywhere.  COMMAND's standard input is /dev/null.
"""
import argparse
import re
import subprocess
import sys

p = argparse.ArgumentParser()
p.add_argument("--status", type=int, required=True)
p.add_argument("--expect", action="append", default=[])
p.add_argument("--absent", action="append", default=[])
p.add_argument("command", nargs="+")
a = p.parse_args()
r = subprocess.run(a.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                   stderr=subprocess.STDOUT, text=True)
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
for pattern in a.absent:
    if re.compile(pattern, re.M).search(r.stdout):
        print(f"check_program: /{pattern}/ seen, and should not be")
        ok = False
sys.exit(0 if ok else 1)
