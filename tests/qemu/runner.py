#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot MachRV in QEMU for one test and turn what the console says into an
exit code for ctest.

The console protocol (docs/testing.md):
  [TEST] PASS name         one passing fact
  [TEST] FAIL name: why    one failing fact
  panic: ...               a kernel panic (a crash unless --expect-panic)
  MACHRV-EXIT n            the kernel powers off with status n

Exit codes: 0 pass, 1 fail, 2 crash (panic or QEMU died without
MACHRV-EXIT), 3 timeout, 77 skip (no QEMU).  The console log of every test
that does not pass is kept in --log-dir, with the backtrace of a panic
turned into function names by addr2line.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts", "lib"))
import machrv_qemu  # noqa: E402

PASS, FAIL, CRASH, TIMEOUT, SKIP = 0, 1, 2, 3, 77
NAMES = {PASS: "pass", FAIL: "fail", CRASH: "crash", TIMEOUT: "timeout", SKIP: "skip"}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--name", required=True, help="test name (for the log file)")
    p.add_argument("--kernel", required=True)
    p.add_argument("--initrd")
    p.add_argument("--drive")
    p.add_argument("--dtb-without", metavar="NODE",
                   help="boot with QEMU's own device tree minus NODE (a path: "
                        "/soc/rtc@101000), as a machine without that device")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--mem", default="128M")
    p.add_argument("--append", default="")
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--expect", action="append", default=[],
                   help="a regular expression the console must show (in order)")
    p.add_argument("--reject", action="append", default=[],
                   help="a regular expression the console must not show")
    p.add_argument("--expect-panic", action="store_true",
                   help="the test passes only if the kernel panics and powers off")
    p.add_argument("--send", action="append", default=[],
                   help="WAIT=>TEXT: when regex WAIT appears, type TEXT (\\n for Enter)")
    p.add_argument("--status", type=int, default=0,
                   help="the MACHRV-EXIT status that means pass (default 0)")
    p.add_argument("--log-dir", default=".")
    p.add_argument("--addr2line", default="riscv64-unknown-elf-addr2line")
    return p.parse_args()


def symbolize(log, kernel, addr2line):
    """Append function and line names for each backtrace address in a panic."""
    addrs = re.findall(r"^\s+#\d+ (0x[0-9a-f]+)\s*$", log, re.M)
    tool = shutil.which(addr2line)
    if not addrs or not tool:
        return ""
    out = subprocess.run([tool, "-f", "-p", "-e", kernel] + addrs,
                         capture_output=True, text=True).stdout
    lines = ["symbolized backtrace:"]
    for addr, where in zip(addrs, out.splitlines()):
        lines.append(f"  {addr} {where}")
    return "\n".join(lines) + "\n"


def dtb_without(args, path):
    """Write to `path` the device tree QEMU makes for this machine
    (-machine dumpdtb=) with the node args.dtb_without removed (fdtput -r).
    QEMU still adds the boot arguments and the initrd to a tree given with
    -dtb.  Returns an error message, or None."""
    dump = machrv_qemu.qemu_command(args.kernel, smp=args.smp, mem=args.mem,
                                    extra=["-machine", f"dumpdtb={path}"])
    r = subprocess.run(dump, capture_output=True, text=True)
    if r.returncode != 0 or not os.path.exists(path):
        return f"dumpdtb failed: {r.stdout}{r.stderr}"
    r = subprocess.run(["fdtput", "-r", path, args.dtb_without], capture_output=True, text=True)
    if r.returncode != 0:
        return f"fdtput -r {args.dtb_without} failed: {r.stdout}{r.stderr}"
    return None


def run(args):
    with tempfile.TemporaryDirectory() as tmp:
        return run_in(args, tmp)


def run_in(args, tmp):
    extra = []
    try:
        if args.dtb_without:
            if not shutil.which("fdtput"):
                raise FileNotFoundError("fdtput (device-tree-compiler) is missing")
            dtb = os.path.join(tmp, "machine.dtb")
            why = dtb_without(args, dtb)
            if why:
                return FAIL, f"runner: {why}\n", ""
            extra = ["-dtb", dtb]
        sock = machrv_qemu.gdb_socket_in(tmp)
        cmd = machrv_qemu.qemu_command(args.kernel, smp=args.smp, mem=args.mem,
                                       append=args.append, initrd=args.initrd,
                                       drive=args.drive, extra=extra, gdb_socket=sock)
    except FileNotFoundError as e:
        return SKIP, f"skipped: {e}\n", ""
    if not os.path.exists(args.kernel):
        return FAIL, f"no kernel at {args.kernel}\n", " ".join(cmd)

    sends = []
    for s in args.send:
        wait, _, text = s.partition("=>")
        sends.append((re.compile(wait), text.encode().decode("unicode_escape")))

    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    sent_upto = 0

    def type_inputs(log):
        nonlocal sent_upto
        text = log.decode(errors="replace")
        # Type each input once its prompt has appeared after the last one.
        while sends and sends[0][0].search(text, sent_upto):
            m = sends[0][0].search(text, sent_upto)
            sent_upto = m.end()
            proc.stdin.write(sends[0][1].encode())
            proc.stdin.flush()
            sends.pop(0)

    # A machine that does not end says what it is doing (docs/debugging.md).
    report = []
    log, timed_out = machrv_qemu.read_output(
        proc, args.timeout, type_inputs,
        machrv_qemu.hang_reporter(args.kernel, sock, report.append))
    text = log.decode(errors="replace").replace("\r\n", "\n")
    if re.search(r"^panic: ", text, re.M):
        text += symbolize(text, args.kernel, args.addr2line)
    result = classify(args, text, timed_out)
    if report:
        text += f"\nrunner: no end after {args.timeout:g} s; what the machine was doing:\n" + \
            report[0]
    return result, text, " ".join(cmd)


def classify(args, text, timed_out):
    panicked = re.search(r"^panic: ", text, re.M) is not None
    m = re.search(r"^MACHRV-EXIT (-?\d+)", text, re.M)
    status = int(m.group(1)) if m else None

    pos = 0
    for pattern in args.expect:
        found = re.compile(pattern, re.M).search(text, pos)
        if not found:
            print(f"runner: expected /{pattern}/ not seen (after offset {pos})")
            return TIMEOUT if timed_out else FAIL
        pos = found.end()
    for pattern in args.reject:
        if re.search(pattern, text, re.M):
            print(f"runner: rejected /{pattern}/ seen")
            return FAIL

    if args.expect_panic:
        if not panicked:
            print("runner: expected a panic, none came")
            return TIMEOUT if timed_out else FAIL
        if status is None:
            print("runner: the panic did not power the machine off")
            return TIMEOUT if timed_out else CRASH
        return PASS
    if panicked:
        return CRASH
    if timed_out:
        return TIMEOUT
    if re.search(r"^\[TEST\] FAIL ", text, re.M):
        return FAIL
    if status is None:
        print("runner: QEMU ended without MACHRV-EXIT")
        return CRASH
    if status != args.status:
        print(f"runner: MACHRV-EXIT {status}, expected {args.status}")
        return FAIL
    return PASS


def main():
    args = parse_args()
    result, text, cmd = run(args)
    os.makedirs(args.log_dir, exist_ok=True)
    log_path = os.path.join(args.log_dir, args.name + ".log")
    if result in (PASS, SKIP):
        if os.path.exists(log_path):
            os.remove(log_path)
        print(text if args.expect_panic else "\n".join(text.splitlines()[-12:]))
    else:
        with open(log_path, "w") as f:
            f.write(f"$ {cmd}\n{text}")
        print(text)
        print(f"runner: {args.name}: {NAMES[result]}; console log kept in {log_path}")
    print(f"runner: {args.name}: {NAMES[result]}")
    return result


if __name__ == "__main__":
    sys.exit(main())
