#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""scripts/profile's work: run one program under QEMU one instruction at a
time (-singlestep -d exec: every guest instruction's pc, streamed through a
pipe, never written whole), cut the stream at each call of the program's
marker function, and say where the instructions of one iteration go: per
function of the kernel, the servers and the program, or per source line
of one function (docs/testing.md, "Where the instructions go").

A pc is named by the symbols of the kernel, of each server (each linked
at an address of its own: docs/programs.md, "Where programs are linked")
and of the program.  Other programs at the program's address (a Unix
program's children after exec) are counted as the program's.
"""
import argparse
import bisect
import collections
import itertools
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading

SERVERS = ["bootstrap/bootstrap", "drivers/console/console", "drivers/virtio_blk/virtio_blk",
           "fss/fss", "bsd_server/bsd_server"]
SERVER_NAMES = {os.path.basename(s) for s in SERVERS}


def fail(msg, status=2):
    print(f"profile: {msg}", file=sys.stderr)
    sys.exit(status)


def parse(argv):
    p = argparse.ArgumentParser(prog="scripts/profile", add_help=False)
    p.add_argument("--build", required=True)
    p.add_argument("--unix", action="store_true")
    p.add_argument("--config", choices=["single", "multi"])
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--marker", default="profile_mark")
    p.add_argument("--skip", type=int, default=2)
    p.add_argument("--count", type=int, default=0)
    p.add_argument("--lines", action="append", default=[])
    p.add_argument("--annotate", action="append", default=[])
    p.add_argument("--callers")
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--timeout", type=int, default=900)
    p.add_argument("--args", dest="words", default=None)
    p.add_argument("file")
    a = p.parse_args(argv)
    if a.config and not a.unix:
        fail("--config is for a Unix program (--unix)")
    if not a.file.endswith(".c") or not os.path.isfile(a.file):
        fail(f"{a.file}: not a C file")
    if a.skip < 0 or a.count < 0 or a.top < 1:
        fail("--skip and --count take 0 or more, --top 1 or more")
    return a


class Symbols:
    """Function symbols of several ELF files, each tagged with its program."""

    def __init__(self):
        self.starts, self.names = [], []

    def add(self, elf, label):
        out = subprocess.run(["riscv64-unknown-elf-nm", "-n", "--defined-only", elf],
                             capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in "tTwW":
                self.starts.append(int(f[0], 16))
                self.names.append((f[2], label, elf))

    def overlaps(self):
        """Pairs of programs whose functions share addresses (a pc there is ambiguous)."""
        spans = {}
        for start, (_, label, _) in zip(self.starts, self.names):
            lo, hi = spans.get(label, (start, start))
            spans[label] = (min(lo, start), max(hi, start))
        items = sorted(spans.items(), key=lambda kv: kv[1])
        return [(a[0], b[0]) for a, b in zip(items, items[1:]) if b[1][0] <= a[1][1]]

    def finish(self):
        order = sorted(range(len(self.starts)), key=lambda i: self.starts[i])
        self.starts = [self.starts[i] for i in order]
        self.names = [self.names[i] for i in order]

    def name(self, pc):
        i = bisect.bisect_right(self.starts, pc) - 1
        return self.names[i] if i >= 0 else ("?", "?", None)

    def find(self, func):
        """The index of `func' ("PROGRAM:NAME" for one program's; else the
        kernel's, then a server's, then the program's), or None."""
        label, _, bare = func.rpartition(":")
        found = [i for i, (name, lab, _) in enumerate(self.names)
                 if name == bare and (not label or lab == label)]
        found.sort(key=lambda i: (self.names[i][1] != "kernel",
                                  self.names[i][1] not in SERVER_NAMES))
        return found[0] if found else None

    def span(self, func):
        """[start, end) of `func' (to the next symbol), or (None, None)."""
        i = self.find(func)
        if i is None:
            return None, None
        end = self.starts[i + 1] if i + 1 < len(self.starts) else self.starts[i] + 4
        return self.starts[i], end

    def address(self, func):
        """`func's address and the ELF file it is in, or (None, None)."""
        i = self.find(func)
        return (self.starts[i], self.names[i][2]) if i is not None else (None, None)


def run_traced(a, root, fifo, log):
    """Start test-program with QEMU's exec log going to `fifo'."""
    cmd = [os.path.join(root, "scripts", "test-program"), "--icount", "--timeout", str(a.timeout),
           "--smp", str(a.smp)]
    if a.unix:
        cmd.append("--unix")
    if a.config:
        cmd += ["--config", a.config]
    cmd.append(a.file)
    if a.words is not None:
        cmd.append("--args=" + a.words)
    cmd += ["--", "-singlestep", "-d", "exec,nochain", "-D", fifo]
    return subprocess.Popen(cmd, env=dict(os.environ, MACHRV_SKIP_SETUP="1"), stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)


def all_symbols(build, kernel, program, name):
    """The symbols of the kernel, every server and the program."""
    syms = Symbols()
    syms.add(kernel, "kernel")
    for server in SERVERS:
        path = os.path.join(build, "target", server)
        if os.path.exists(path):
            syms.add(path, os.path.basename(server))
    if os.path.exists(program):
        syms.add(program, name)
    syms.finish()
    return syms


def read_pcs(fifo, load_symbols, program_name, a, proc, out):
    """The pcs from the first call of the marker on, cut into iterations at
    each call; with --callers, each call of that function is counted to
    the pc that called it (the last pc before its first instruction).  The
    program is built (test-program compiles it first) by the time QEMU
    opens the pipe; without its marker, QEMU is stopped."""
    iterations, callers, current, calls, started = [], [], None, None, False
    with open(fifo, "r", errors="replace") as f:
        first = f.readline()
        if not first:
            return		# QEMU never ran: test-program's status says why
        syms = load_symbols()
        out["symbols"] = syms
        marker, _ = syms.address(program_name + ":" + a.marker)
        lo, hi = syms.span(a.callers) if a.callers else (None, None)
        if marker is None or (a.callers and lo is None):
            out["error"] = a.marker if marker is None else a.callers
            try:
                os.killpg(proc.pid, signal.SIGKILL)	# test-program and its QEMU
            except ProcessLookupError:
                pass
            for _ in f:
                pass
            return
        prev = caller = 0
        for line in itertools.chain([first], f):
            # "Trace 0: 0x7f.. [cs_base/PC/flags/cflags] ...": the pc after the first '/'.
            i = line.find("/")
            if i < 0 or not line.startswith("Trace"):
                continue
            pc = int(line[i + 1:i + 17], 16)
            if pc == marker:
                if started:
                    iterations.append(current)
                    callers.append(calls)
                current, started = collections.Counter({pc: 1}), True	# the marker opens one
                calls = collections.Counter()
            elif started:
                current[pc] += 1
                if lo is not None and lo <= pc < hi:
                    if pc == lo:
                        caller = prev	# a call (a return into the middle keeps its caller)
                    calls[caller] += 1
            prev = pc
    out["iterations"], out["callers"] = iterations, callers


def print_lines(func, syms, total, n, root, top):
    """Print `func's instructions per iteration by source line."""
    start, elf = syms.address(func)
    if start is None:
        fail(f"no function {func} in the kernel, the servers or the program", 1)
    dis = subprocess.run(["riscv64-unknown-elf-objdump", "-d", "-l", "--no-show-raw-insn",
                          "--disassemble=" + func.rpartition(":")[2], elf],
                         capture_output=True, text=True, check=True).stdout
    where, per_line = "?", collections.Counter()
    for line in dis.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s", line)
        if m:
            per_line[where] += total[int(m.group(1), 16)]
        elif line.startswith("/"):
            path = line.split()[0]
            where = os.path.relpath(path, root) if path.startswith(root + "/") else path
    print(f"{'per iteration':>14}  source line of {func}")
    for where, count in per_line.most_common(top):
        if count:
            print(f"{count / n:14.1f}  {where}")
    print(f"{sum(per_line.values()) / n:14.1f}  in all")


def print_annotated(func, syms, total, n):
    """Print `func's disassembly, each instruction with its count per iteration."""
    start, elf = syms.address(func)
    if start is None:
        fail(f"no function {func} in the kernel, the servers or the program", 1)
    dis = subprocess.run(["riscv64-unknown-elf-objdump", "-d", "--no-show-raw-insn",
                          "--disassemble=" + func.rpartition(":")[2], elf],
                         capture_output=True, text=True, check=True).stdout
    print(f"{'per iteration':>14}  instructions of {func}")
    for line in dis.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+(.*)", line)
        if m:
            count = total[int(m.group(1), 16)] / n
            print(f"{count:14.1f}  {m.group(1)[-6:]}  {m.group(2)}" if count else
                  f"{'':14}  {m.group(1)[-6:]}  {m.group(2)}")


def main(argv):
    a = parse(argv)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    build = os.path.abspath(a.build)
    name = os.path.splitext(os.path.basename(a.file))[0]
    kernel = os.path.join(build, "target", "mach", "mach_kernel")
    program = os.path.join(build, "programs", name, name)
    work = os.path.join(build, "profile")
    os.makedirs(work, exist_ok=True)
    console = os.path.join(work, name + ".console")

    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "exec.fifo")
        os.mkfifo(fifo)
        result = {"iterations": [], "callers": [], "error": None, "symbols": None}
        with open(console, "w") as log:
            proc = run_traced(a, root, fifo, log)
            load = lambda: all_symbols(build, kernel, program, name)	# noqa: E731
            reader = threading.Thread(target=read_pcs, args=(fifo, load, name, a, proc, result))
            reader.start()
            status = proc.wait()
            if reader.is_alive():
                try:
                    # QEMU never opened the pipe (no build, no boot): end the reader's wait.
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                except OSError:
                    pass
            reader.join()
    if result["error"] == a.marker:
        fail(f"{name} has no function {a.marker} (the marker: a function, not inlined, "
             "called once before each iteration and once after the last)", 1)
    if result["error"]:
        fail(f"no function {result['error']} in the kernel, the servers or {name}", 1)
    iterations = result["iterations"]
    if status != 0:
        print(open(console).read()[-3000:], file=sys.stderr)
        fail(f"{name} ended with status {status} (console: {console})",
             status if status in (124, 125) else 1)
    if len(iterations) <= a.skip:
        fail(f"{len(iterations)} iterations between calls of {a.marker}; --skip {a.skip} "
             "leaves none", 1)

    syms = result["symbols"]
    for first, second in syms.overlaps():
        print(f"profile: {first} and {second} are linked at the same addresses: "
              "their pcs are told apart by guess", file=sys.stderr)

    chosen = iterations[a.skip:a.skip + a.count] if a.count else iterations[a.skip:]
    n = len(chosen)
    lengths = [sum(it.values()) for it in iterations]
    print(f"{name}: {len(iterations)} iterations of "
          + ", ".join(str(x) for x in lengths[:12]) + (" ..." if len(lengths) > 12 else "")
          + " instructions")
    print(f"averaged over iterations {a.skip + 1} to {a.skip + n}: "
          f"{sum(lengths[a.skip:a.skip + n]) / n:.1f} instructions each\n")
    total = collections.Counter()
    for it in chosen:
        total.update(it)

    per_func = collections.Counter()
    for pc, count in total.items():
        func, label, _ = syms.name(pc)
        per_func[(label, func)] += count
    width = max(len(label) for label, _ in per_func) if per_func else 7
    print(f"{'per iteration':>14}  {'program':<{width}}  function")
    for (label, func), count in per_func.most_common(a.top):
        print(f"{count / n:14.1f}  {label:<{width}}  {func}")
    rest = per_func.most_common()[a.top:]
    if rest:
        print(f"{sum(c for _, c in rest) / n:14.1f}  ({len(rest)} more functions)")
    by_program = collections.Counter()
    for (label, _), count in per_func.items():
        by_program[label] += count
    print("\nper program: " + ", ".join(f"{label} {count / n:.1f}"
                                        for label, count in by_program.most_common()))
    for func in a.lines:
        print()
        print_lines(func, syms, total, n, root, a.top)
    for func in a.annotate:
        print()
        print_annotated(func, syms, total, n)
    if a.callers:
        chosen_calls = result["callers"][a.skip:a.skip + n]
        per_caller = collections.Counter()
        for calls in chosen_calls:
            for pc, count in calls.items():
                func, label, _ = syms.name(pc)
                per_caller[(label, func)] += count
        print()
        print(f"{'per iteration':>14}  {a.callers} called from")
        for (label, func), count in per_caller.most_common(a.top):
            print(f"{count / n:14.1f}  {label} {func}")
        print(f"{sum(per_caller.values()) / n:14.1f}  in all")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
