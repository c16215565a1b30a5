#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot MachRV with the kernel fuzzer (tests/user/mach_fuzz.c) as init and
report what it says (scripts/fuzz; docs/testing.md, *The fuzzer*).

Prints the fuzzer's "fuzz:" lines as they come and exits with 0 when the
kernel still answers and every phase gave back everything, 1 when a count
did not come back (the report names the seed, the phase and the smallest
round that breaks it), 124 on a timeout, 125 when the system died (a
kernel panic, QEMU ended without a verdict).
"""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machrv_qemu  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--kernel", required=True)
    p.add_argument("--initrd", required=True)
    p.add_argument("--rounds", type=int, default=20000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--tasks", type=int, default=1)
    p.add_argument("--phases", type=int, default=0,
                   help="phases (default: one per 5,000 rounds, at least 2)")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--mem", default="128M")
    p.add_argument("--log-dir", default=".",
                   help="where the whole console log goes when the run is not clean")
    p.add_argument("--timeout", type=float, default=0,
                   help="seconds (default: 120 + 1 per 500 rounds)")
    a = p.parse_args()
    phases = a.phases or max(2, a.rounds // 5000)
    timeout = a.timeout or 120 + a.rounds / 500
    init_args = f"{a.rounds},{a.seed},{a.threads},{a.tasks},{phases}"
    cmd = machrv_qemu.qemu_command(a.kernel, smp=a.smp, mem=a.mem, initrd=a.initrd,
                                   append=f"init=mach_fuzz init_args={init_args} poweroff")
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    shown = [0]

    def echo(log):
        text = log.decode(errors="replace")
        lines = text.split("\n")
        for line in lines[shown[0]:len(lines) - 1]:
            if line.startswith(("fuzz:", "[TEST]", "panic")) or "panic:" in line:
                print(line.rstrip("\r"), flush=True)
        shown[0] = max(shown[0], len(lines) - 1)

    log, timed_out = machrv_qemu.read_output(proc, timeout, echo)
    text = log.decode(errors="replace")
    status = verdict(text, timed_out, timeout, a.seed)
    if status:
        # The whole console, with a panic's backtrace as function names.
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                        "..", "..", "tests", "qemu"))
        import runner  # noqa: E402
        os.makedirs(a.log_dir, exist_ok=True)
        path = os.path.join(a.log_dir, f"fuzz-seed-{a.seed}.log")
        with open(path, "w") as f:
            f.write(" ".join(cmd) + "\n" + text +
                    runner.symbolize(text, a.kernel, "riscv64-unknown-elf-addr2line"))
        print(f"fuzz: console log kept in {path}", file=sys.stderr)
    return status


def verdict(text, timed_out, timeout, seed):
    """The exit status the console output says."""
    if timed_out:
        print(f"fuzz: no verdict after {timeout:.0f} s (seed {seed})", file=sys.stderr)
        return 124
    if "panic:" in text or "MACHRV-EXIT" not in text:
        print(f"fuzz: the system died (seed {seed})", file=sys.stderr)
        return 125
    if "[TEST] PASS fuzz_leaves_no_kernel_objects_or_pages" in text and "[TEST] FAIL" not in text:
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
