#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Replace this process with QEMU booting MachRV (used by scripts/run)."""
import argparse
import os
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
p.add_argument("extra", nargs="*")
a = p.parse_args()
try:
    disks = [machrv_qemu.parse_disk(d) for d in a.disk]
except ValueError as e:
    sys.exit(f"run: {e}")
cmd = machrv_qemu.qemu_command(a.kernel, smp=a.smp, mem=a.mem, append=a.append,
                               initrd=a.initrd, extra=a.extra, gdb_port=a.gdb_port, disks=disks)
print("machrv: " + " ".join(cmd), file=sys.stderr)
os.execv(cmd[0], cmd)
