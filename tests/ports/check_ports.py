#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot ports.conf and check the port-inspection test (tests/ports).

Passes when every [TEST] line of ports_test says PASS, the machine ends
with MACHRV-EXIT 0, and lsmp's listing of ports_test shows each right the
test made exactly as its "[MADE] name rights urefs leads-to" line says:
the same name, rights and user references, and a "leads to / port state"
column that begins with the text given.  The console is kept in
--log-dir/ports.log.
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                "scripts", "lib"))
import machrv_qemu  # noqa: E402


def lsmp_table(text, task):
    """{name: (rights, urefs, rest)} of lsmp's listing of `task'."""
    m = re.search(rf"^task {re.escape(task)} \(\d+\): \d+ names\n.*?\n((?:  0x.*\n)*)", text, re.M)
    if not m:
        return None
    table = {}
    for line in m.group(1).splitlines():
        f = line.split(None, 3)
        table[int(f[0], 16)] = (f[1], int(f[2]), f[3] if len(f) > 3 else "")
    return table


def check(text):
    errors = []
    tests = re.findall(r"^\[TEST\] (PASS|FAIL) (\S+)(.*)$", text, re.M)
    if len(tests) < 20:
        errors.append(f"only {len(tests)} [TEST] lines")
    errors += [f"FAIL {name}{why}" for res, name, why in tests if res != "PASS"]
    if not re.search(r"^MACHRV-EXIT 0$", text, re.M):
        errors.append("no MACHRV-EXIT 0")
    made = re.findall(r"^\[MADE\] (0x[0-9a-f]+) (\S+) (\d+) ?(.*)$", text, re.M)
    if len(made) != 8:
        errors.append(f"{len(made)} [MADE] lines, not 8")
    table = lsmp_table(text, "ports_test")
    if table is None:
        errors.append("no lsmp listing of ports_test")
        return errors
    for name, rights, urefs, rest in made:
        got = table.get(int(name, 16))
        want = (rights, int(urefs), rest)
        if not got or got[0] != want[0] or got[1] != want[1] or not got[2].startswith(rest):
            errors.append(f"lsmp shows {name} as {got}, the test made {want}")
    return errors


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--kernel", required=True)
    p.add_argument("--initrd", required=True)
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--log-dir", default=".")
    a = p.parse_args()
    cmd = machrv_qemu.qemu_command(a.kernel, smp=a.smp, initrd=a.initrd,
                                   append="init=bootstrap init_args=ports.conf poweroff")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    log, timed_out = machrv_qemu.read_output(proc, a.timeout, lambda log: None)
    text = log.decode(errors="replace").replace("\r\n", "\n")
    os.makedirs(a.log_dir, exist_ok=True)
    with open(os.path.join(a.log_dir, f"ports_smp{a.smp}.log"), "w") as f:
        f.write(text)
    errors = (["timed out"] if timed_out else []) + check(text)
    for e in errors:
        print("check_ports:", e)
    if errors:
        print(text[text.find("init: starting bootstrap"):])
        return 1
    print(f"check_ports: {len(re.findall('^.TEST. PASS', text, re.M))} facts and 8 rights in lsmp, all as made")
    return 0


if __name__ == "__main__":
    sys.exit(main())
