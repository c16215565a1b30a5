#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The gdb helpers (scripts/lib/machrv_gdb.py) against a machine stopped at a known point.

Boots ports.conf (tests/ports) with one hart under QEMU's gdb stub and
stops at lsmp's host_tasks: the fourth call (ports_test makes three
first), when ports_test waits for lsmp's answer on its reply port and
ports_peer waits on its service port.  Runs mach-tasks, mach-space,
mach-wait, mach-port and mach-sched in gdb's batch mode and checks: every task is
listed with its threads; ports_test's and ports_peer's threads wait to
receive on a port that mach-tasks names by task and port name; mach-wait
says the same; mach-port shows the reply port's receiver and its one
send-once right (lsmp's); mach-space shows ports_peer's receive right;
mach-sched shows the one hart running lsmp's thread.  Then it stops
the hart in the SBI firmware (its trap vector) and checks that
mach-sched cannot read kernel memory there and can again once
mach-leave-firmware has run the hart back out (what a hang report,
machrv_qemu.hang_report, asks first).
"""
import os
import re
import socket
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
sys.path.insert(0, os.path.join(root, "scripts", "lib"))
import machrv_qemu  # noqa: E402

kernel, initrd = sys.argv[1], sys.argv[2]
s = socket.socket()
s.bind(("127.0.0.1", 0))
port = s.getsockname()[1]
s.close()
cmd = machrv_qemu.qemu_command(kernel, initrd=initrd, gdb_port=port,
                               append="init=bootstrap init_args=ports.conf poweroff",
                               extra=["-serial", "null", "-monitor", "none"])
cmd = [c for c in cmd if c != "-nographic"] + ["-display", "none"]
qemu = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL)
script = r"""
import re
out = gdb.execute("mach-tasks", to_string=True)
print(out)
m = re.search(r"^task ports_test \(\d+\).*\n  thread (\d+) .*receive on port (0x[0-9a-f]+)", out, re.M)
if m:
    gdb.execute("mach-wait " + m.group(1))
    gdb.execute("mach-port " + m.group(2))
gdb.execute("mach-space ports_peer")
gdb.execute("mach-sched")
# Into the SBI firmware: at a timer tick's SBI call, a hardware breakpoint
# at the firmware's trap vector (mtvec) stops the hart in M-mode, where the
# kernel's addresses do not translate, until mach-leave-firmware has run it
# back out.
gdb.execute("delete")
gdb.execute("break sbi_set_timer")
gdb.execute("continue")
gdb.execute("delete")
mtvec = int(gdb.parse_and_eval("$mtvec")) & ~3
gdb.execute("hbreak *%#x" % mtvec)
gdb.execute("continue")
gdb.execute("delete")
pc = int(gdb.parse_and_eval("$pc")) & ((1 << 64) - 1)
print("stopped at %#x" % pc)
try:
    gdb.execute("mach-sched", to_string=True)
    print("mach-sched read kernel memory in the firmware")
except gdb.error as e:
    print("mach-sched in the firmware: " + str(e).split(chr(10))[0])
gdb.execute("mach-leave-firmware")
print("after leaving:")
gdb.execute("mach-sched")
"""
try:
    r = subprocess.run(["gdb-multiarch", "-q", "-batch", "-nx", kernel,
                        "-ex", "set architecture riscv:rv64",
                        "-ex", f"source {root}/scripts/lib/machrv_gdb.py",
                        "-ex", f"target remote 127.0.0.1:{port}",
                        "-ex", "break host_tasks", "-ex", "ignore 1 3", "-ex", "continue",
                        "-ex", "python exec(" + repr(script) + ")"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=90)
    out = r.stdout
finally:
    qemu.kill()
    qemu.wait()

checks = {
    "every task listed": all(re.search(rf"^task {t} \(\d+\) active, [1-9]\d* threads", out, re.M)
                             for t in ("bootstrap", "console", "ports_peer", "lsmp", "ports_test")),
    "ports_test waits to receive on its reply port": re.search(
        r"^task ports_test \(\d+\).*\n  thread \d+ \S+ state WAIT.*: waits for receive on port "
        r"0x[0-9a-f]+ \(.*ports_test 0x[0-9a-f]+\)", out, re.M),
    "ports_peer waits to receive on its service port": re.search(
        r"^task ports_peer \(\d+\).*\n  thread \d+ \S+ state WAIT.*: waits for receive on port "
        r"0x[0-9a-f]+ \(.*ports_peer 0x[0-9a-f]+", out, re.M),
    "mach-wait names the port and the operation": re.search(
        r"^thread \d+ of ports_test \(\d+\), state WAIT.*: receive on port", out, re.M),
    "mach-port shows the receiver and counts": re.search(
        r"^port 0x[0-9a-f]+: active, \d+ references\n  receiver: ports_test \(\d+\), name 0x[0-9a-f]+\n"
        r"  send rights 0, send-once rights 1, make-send count 0\n  queue 0/5", out, re.M),
    "mach-sched shows the hart running lsmp's call and the run queue": re.search(
        r"^sched_lock (held|free); run queue: \d+ threads, top priority -?\d+\n"
        r"hart 0: online, runs \d+ lsmp, slot ", out, re.M),
    "mach-space shows ports_peer's receive right": re.search(
        r"^space of ports_peer \(\d+\): \d+ names.*\n(  .*\n)*  0x[0-9a-f]+ recv ", out, re.M),
    "a hart stopped in the SBI firmware does not read kernel memory": re.search(
        r"^stopped at 0x80[01][0-9a-f]{5}\nmach-sched in the firmware: .*Cannot access memory",
        out, re.M),
    "mach-leave-firmware runs it out, and mach-sched reads again": re.search(
        r"^hart 0 left the SBI firmware at 0xffffffc0[0-9a-f]+\nafter leaving:\n"
        r"sched_lock (held|free); run queue: \d+ threads", out, re.M),
}
failed = [k for k, ok in checks.items() if not ok]
if failed:
    print(out)
    for k in failed:
        print("check_gdb: missing:", k)
    sys.exit(1)
print(f"check_gdb: {len(checks)} checks of the gdb helpers passed")
