#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot MachRV in QEMU on this terminal (used by scripts/run and scripts/debug).

Without --log, this process becomes QEMU (its exit status is QEMU's).
With --log FILE, the console is also written to FILE and, once QEMU ends,
the exit status says how the boot ended: 125 after a kernel panic, n after
"MACHRV-EXIT n" (the self-tests' failures, init's status), else QEMU's own.
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machrv_qemu  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--kernel", required=True)
p.add_argument("--smp", default="1")
p.add_argument("--mem", default="128M")
p.add_argument("--append", default="")
p.add_argument("--initrd")
p.add_argument("--gdb-port", type=int)
p.add_argument("--disk", action="append", default=[])
p.add_argument("--log", help="a copy of the console; exit with how the boot ended")
p.add_argument("extra", nargs="*")
a = p.parse_args()
try:
    disks = [machrv_qemu.parse_disk(d) for d in a.disk]
except ValueError as e:
    sys.exit(f"run: {e}")
cmd = machrv_qemu.qemu_command(a.kernel, smp=a.smp, mem=a.mem, append=a.append,
                               initrd=a.initrd, extra=a.extra, gdb_port=a.gdb_port, disks=disks,
                               console_log=a.log)
print("machrv: " + " ".join(cmd), file=sys.stderr)
if not a.log:
    os.execv(cmd[0], cmd)
rc = subprocess.call(cmd)
try:
    with open(a.log, "rb") as f:
        text = f.read().decode(errors="replace").replace("\r\n", "\n")
except OSError:
    sys.exit(rc)
how, status, _ = machrv_qemu.outcome(text, "")
if how == "panic":
    print(f"run: the kernel panicked (the console is in {a.log})", file=sys.stderr)
    sys.exit(125)
sys.exit(status if status is not None else rc)
