#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""check_profile.py ROOT: scripts/profile says where one operation's
instructions go, per function and per source line, across the kernel, the
servers and the program.

Facts: a Mach program's null RPCs are cut into as many iterations as it
made; the functions' counts add up to the iteration's average; a null RPC
is mostly the kernel's, with trap_return_user (a system call's way back
to user mode) among its functions; --lines trap_return_user counts that
function by its lines in trap_vector.S, --annotate by its instructions,
and --callers by the kernel functions that reach it, all agreeing with
the function table; a Unix getpid in the multi-server shape is
counted in bsd_server's functions too, and no two programs share
addresses (each server is linked at an address of its own); a marker the program lacks is a one-line error, status 1.
"""
import os
import re
import subprocess
import sys

root = sys.argv[1]
failures = []


def fact(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def profile(*args, status=0):
    r = subprocess.run([os.path.join(root, "scripts", "profile"), *args],
                       capture_output=True, text=True, timeout=1200)
    print(r.stdout + r.stderr[-2000:])
    if r.returncode != status:
        sys.exit(f"scripts/profile {' '.join(args)} ended with {r.returncode}, not {status}")
    return r.stdout, r.stderr


def tables(out):
    """(iterations, average, {(program, function): count}, {program: count}, {line: count})."""
    m = re.search(r": (\d+) iterations of", out)
    avg = float(re.search(r"instructions each", out) and
                re.search(r": ([\d.]+) instructions each", out).group(1))
    funcs, lines, programs = {}, {}, {}
    section = None
    for line in out.splitlines():
        if "program" in line and "function" in line:
            section = "f"
            continue
        if "source line of" in line:
            section = "l"
            continue
        if line.startswith("per program: "):
            for part in line[len("per program: "):].split(", "):
                label, count = part.rsplit(" ", 1)
                programs[label] = float(count)
            section = None
            continue
        f = line.split()
        if section == "f" and len(f) == 3:
            funcs[(f[1], f[2])] = float(f[0])
        elif section == "l" and len(f) == 2 and f[1] != "all":
            lines[f[1]] = float(f[0])
    return int(m.group(1)), avg, funcs, programs, lines


src = os.path.join(root, "tests", "trace")
RET = "trap_return_user"
out, _ = profile(os.path.join(src, "profile_null_rpc.c"), "--args=6", "--top", "200",
                 "--lines", RET, "--callers", "kernel:" + RET, "--annotate", RET)
n, avg, funcs, programs, lines = tables(out)
callers = {}
for line in out[out.index(RET + " called from"):].splitlines()[1:]:
    f = line.split()
    if len(f) == 3 and f[1:] != ["in", "all"]:
        callers[(f[1], f[2])] = float(f[0])
# --annotate: "COUNT  ADDRESS  INSTRUCTION" (no count where it never ran).
annotated, instructions = 0.0, 0
for line in out[out.index("instructions of " + RET):].splitlines()[1:]:
    m = re.match(r"\s*([0-9.]+)?\s+[0-9a-f]{6}\s+\S", line)
    if not m:
        break
    instructions += 1
    annotated += float(m.group(1) or 0)
ret = funcs.get(("kernel", RET), -1)
fact(n == 6, "six null RPCs are six iterations")
fact(abs(sum(funcs.values()) - avg) < 1, "the functions add up to the iteration's average")
fact(abs(sum(programs.values()) - avg) < 1, "the programs add up to the iteration's average")
fact(programs.get("kernel", 0) > programs.get("profile_null_rpc", 0) > 0,
     "a null RPC is mostly the kernel's, and some of the program's")
fact(("kernel", RET) in funcs, RET + " is among the kernel's functions")
fact(lines and all(k.startswith("mach/riscv/trap_vector.S:") for k in lines),
     "--lines " + RET + " counts lines of trap_vector.S")
fact(abs(sum(lines.values()) - ret) < 1, "--lines agrees with the function table")
fact(instructions > 30 and abs(annotated - ret) < 1,
     f"--annotate lists {RET}'s instructions ({instructions}), their counts adding up to its own")
fact(callers and all(label == "kernel" for label, _ in callers),
     "--callers names the kernel's functions that return to user mode")
fact(abs(sum(callers.values()) - ret) < 1, "--callers agrees with the function table")

out, err = profile("--unix", "--config", "multi", os.path.join(src, "profile_getpid.c"),
                 "--args=4", "--top", "200")
n, avg, funcs, programs, _ = tables(out)
fact(n == 4, "four getpid calls are four iterations")
fact(programs.get("bsd_server", 0) > 0 and programs.get("kernel", 0) > 0,
     "getpid is counted in the kernel and in bsd_server")
fact(any(label == "bsd_server" for label, _ in funcs), "bsd_server's functions are named")
fact("linked at the same addresses" not in err, "no two programs share addresses")
fact(abs(sum(programs.values()) - avg) < 1, "the programs add up to getpid's average")

_, err = profile(os.path.join(src, "profile_null_rpc.c"), "--marker", "no_such_marker", status=1)
fact("has no function no_such_marker" in err and len(err.strip().splitlines()) == 1,
     "a missing marker is a one-line error")

if failures:
    sys.exit(f"{len(failures)} facts failed")
