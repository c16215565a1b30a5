#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run the benchmark programs under QEMU -icount shift=0: the kernel's
(tests/bench/mach_bench.c, as the first task) and, with --bsd-initrd, the
BSD personality's (tests/bsd/bsd_bench.c, as init under bsd_server);
collect their "BENCH <name> <instructions>" lines, print them as a table
and write them as JSON (one record per operation)."""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machrv_qemu  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("--kernel", required=True)
p.add_argument("--initrd", required=True)
p.add_argument("--smp", default="1")
p.add_argument("--json", required=True)
p.add_argument("--args", default="", help="the benchmark's arguments: ops,runs")
p.add_argument("--bsd-initrd", help="the BSD personality's archive (tests/bsd/bsd_tests.cpio)")
p.add_argument("--bsd-config", default="bench.conf",
               help="its boot configuration (bench_smoke.conf: few operations, for tests)")
p.add_argument("--timeout", type=float, default=600)
a = p.parse_args()



def run(append, initrd, shape):
    """Boot once; the BENCH lines as records."""
    cmd = machrv_qemu.qemu_command(a.kernel, smp=a.smp, append=append, initrd=initrd,
                                   icount=True)
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=a.timeout,
                             stdin=subprocess.DEVNULL).stdout
    except subprocess.TimeoutExpired:
        sys.exit("bench: QEMU did not finish")
    found = [{"name": m.group(1), "instructions": int(m.group(2)), "shape": shape,
              "harts": int(a.smp)}
             for m in re.finditer(r"^BENCH (\S+) (\d+)\s*$", out, re.M)]
    if not found or "bench: done" not in out:
        sys.stdout.write(out)
        sys.exit(f"bench: the {shape} benchmark program did not finish")
    return found


results = run("init=mach_bench poweroff" + (f" init_args={a.args}" if a.args else ""),
              a.initrd, "kernel")
if a.bsd_initrd:
    # bsd_bench's arguments are in its configuration (bench_smoke.conf gives
    # few operations); --args does not reach it.
    results += run(f"init=bootstrap init_args={a.bsd_config} poweroff", a.bsd_initrd,
                   "bsd_server")
width = max(len(r["name"]) for r in results)
print(f"{'operation':<{width}}  {'shape':<10}  instructions/op")
for r in results:
    print(f"{r['name']:<{width}}  {r['shape']:<10}  {r['instructions']:>15}")
with open(a.json, "w") as f:
    json.dump(results, f, indent=2)
    f.write("\n")
print(f"bench: {len(results)} results in {a.json} "
      f"(QEMU -icount shift=0, {a.smp} hart(s); best of several runs)")
