#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run the benchmark programs under QEMU -icount shift=0: the kernel's
(tests/bench/mach_bench.c, as the first task) and, with --bsd-initrd, the
BSD personality's (tests/bsd/bsd_bench.c, as init under bsd_server);
collect their "BENCH <name> <instructions>" lines, print them as a table
and write them as JSON (one record per operation).  With --shapes BUILD,
also the Unix operations of UNIX_OPS in the booted system of each shape,
multi-server and single-server (personalities/tools/opcost.c, as
scripts/compare runs it: the records "unix_<op>", shape "multi-server" or
"single-server")."""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machrv_qemu  # noqa: E402
import compare  # noqa: E402

# What opcost measures in both shapes for scripts/bench (issue 16's list;
# the "+lseek" ones less an lseek).
UNIX_OPS = ["getpid", "lseek", "read_1_byte_cached+lseek", "read_4_kib_cached+lseek",
            "pipe_ping_pong", "fork_exit_wait", "fork_exec_wait"]

p = argparse.ArgumentParser()
p.add_argument("--kernel", required=True)
p.add_argument("--initrd", required=True)
p.add_argument("--smp", default="1")
p.add_argument("--json", required=True)
p.add_argument("--args", default="", help="the benchmark's arguments: ops,runs")
p.add_argument("--bsd-initrd", help="the BSD personality's archive (tests/bsd/bsd_tests.cpio)")
p.add_argument("--bsd-config", default="bench.conf",
               help="its boot configuration (bench_smoke.conf: few operations, for tests)")
p.add_argument("--shapes", metavar="BUILD",
               help="the build directory: also the Unix operations in both shapes (opcost)")
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
if a.shapes:
    for config in ("multi", "single"):
        try:
            rows = compare.without_lseek(compare.boot(a.shapes, config, int(a.smp),
                                                      " ".join(UNIX_OPS), a.timeout))
        except (FileNotFoundError, RuntimeError, OSError) as e:
            sys.exit(f"bench: {e}")
        results += [{"name": f"unix_{op}", "instructions": round(row["instructions"]),
                     "shape": f"{config}-server", "harts": int(a.smp)}
                    for op, row in rows.items() if op != "lseek"]
width = max(len(r["name"]) for r in results)
print(f"{'operation':<{width}}  {'shape':<13}  instructions/op")
for r in results:
    print(f"{r['name']:<{width}}  {r['shape']:<13}  {r['instructions']:>15}")
with open(a.json, "w") as f:
    json.dump(results, f, indent=2)
    f.write("\n")
print(f"bench: {len(results)} results in {a.json} "
      f"(QEMU -icount shift=0, {a.smp} hart(s); best of several runs)")
