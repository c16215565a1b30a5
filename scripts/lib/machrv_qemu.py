# SPDX-License-Identifier: BSD-2-Clause
"""How MachRV is booted in QEMU: the one place that builds the command line.

scripts/run, scripts/debug and the QEMU test runner (tests/qemu/runner.py)
all use qemu_command(), so a test boots exactly what a user boots.
"""
import os
import re
import select
import shutil
import subprocess
import time

# Debian's opensbi package; MACHRV_OPENSBI may name another fw_jump.bin.
OPENSBI_FW_JUMP = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"


def kernel_path(build):
    """The kernel a whole system or a program boots: $MACHRV_KERNEL when
    set (a variant, build/variant-NAME/mach/mach_kernel: docs/testing.md),
    else the build's release kernel."""
    return os.environ.get("MACHRV_KERNEL") or os.path.join(build, "target", "mach",
                                                            "mach_kernel")


def find_opensbi():
    """OpenSBI's fw_jump firmware: it enters the kernel at 0x80200000."""
    path = os.environ.get("MACHRV_OPENSBI", OPENSBI_FW_JUMP)
    return path if os.path.exists(path) else None


def find_qemu():
    return shutil.which("qemu-system-riscv64")


def parse_disk(spec):
    """A --disk argument, IMAGE[:ro][:ioerror=SECTOR][:iops=N], as a dict.

    ro: the disk is read-only (QEMU's readonly=on; virtio-blk offers RO).
    ioerror=SECTOR: reads of that 512-byte sector fail in the device
    (QEMU's blkdebug), for tests of the driver's D_IO_ERROR.
    iops=N: the device completes at most N requests a second (QEMU's
    throttling), so that requests surely wait in it, for tests of overlap.
    """
    parts = spec.split(":")
    disk = {"image": parts[0], "ro": False, "ioerror": None, "iops": None}
    for opt in parts[1:]:
        if opt == "ro":
            disk["ro"] = True
        elif opt.startswith("ioerror=") and opt[8:].isdigit():
            disk["ioerror"] = int(opt[8:])
        elif opt.startswith("iops=") and opt[5:].isdigit() and int(opt[5:]) > 0:
            disk["iops"] = int(opt[5:])
        else:
            raise ValueError(f"--disk {spec}: unknown option '{opt}' "
                             "(ro, ioerror=SECTOR, iops=N)")
    if not os.path.isfile(disk["image"]):
        raise ValueError(f"--disk {spec}: no such image file")
    return disk


def disk_args(disks, workdir=None):
    """QEMU arguments attaching `disks` (parse_disk's) as virtio-blk devices.

    QEMU 7.2's virtio-mmio transport is legacy (version 1) unless told
    otherwise; the driver speaks virtio 1.x, so the transport is made
    modern with -global virtio-mmio.force-legacy=false (docs/disk.md).
    """
    if not disks:
        return []
    args = ["-global", "virtio-mmio.force-legacy=false"]
    for n, d in enumerate(disks):
        image = os.path.abspath(d["image"])
        drive = f"file={image},format=raw,if=none,id=disk{n}"
        if d["ioerror"] is not None:
            conf = os.path.join(workdir or os.path.dirname(image), f"blkdebug{n}.conf")
            with open(conf, "w") as f:
                f.write("[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\n"
                        f"sector = \"{d['ioerror']}\"\nonce = \"off\"\n")
            drive = (f"file=blkdebug:{conf}:{image},format=raw,if=none,id=disk{n},"
                     "rerror=report,werror=report")
        if d["ro"]:
            drive += ",readonly=on"
        if d.get("iops"):
            drive += f",throttling.iops-total={d['iops']}"
        args += ["-drive", drive, "-device", f"virtio-blk-device,drive=disk{n}"]
    return args


def qemu_command(kernel, smp=1, mem="128M", append="", initrd=None,
                 drive=None, extra=(), icount=False, gdb_port=None, disks=(), workdir=None,
                 console_log=None, gdb_socket=None):
    """The argument vector that boots `kernel` on QEMU's virt machine.

    The console is the first UART on standard input and output; QEMU's own
    monitor is off, so Ctrl-A X (the mux escape) is how a user leaves.
    `disks` (parse_disk's dicts) are attached as virtio-blk disk0, disk1, ...
    `console_log`: a file that also gets everything the console shows (the
    terminal's console is then set up explicitly: what -nographic's
    "mon:stdio" is, with QEMU's logfile= added), so that a script can tell
    afterwards how the boot ended (see outcome).
    `gdb_socket`: a Unix socket path where QEMU's gdb stub listens while
    the machine runs (no -S), for hang_report on a timeout.
    """
    qemu = find_qemu()
    bios = find_opensbi()
    if not qemu or not bios:
        raise FileNotFoundError("qemu-system-riscv64 or OpenSBI's fw_jump.bin is missing")
    cmd = [qemu, "-machine", "virt", "-bios", bios, "-kernel", kernel,
           "-smp", str(smp), "-m", str(mem), "-nographic", "-no-reboot"]
    if console_log:
        cmd += ["-chardev", f"stdio,id=con0,mux=on,signal=off,logfile={console_log}",
                "-serial", "chardev:con0", "-mon", "chardev=con0,mode=readline"]
    if append:
        cmd += ["-append", append]
    if initrd:
        cmd += ["-initrd", initrd]
    if drive:
        cmd += ["-drive", f"file={drive},format=raw,if=none,id=disk0",
                "-device", "virtio-blk-device,drive=disk0"]
    cmd += disk_args(list(disks), workdir)
    if icount:
        cmd += ["-icount", "shift=0"]
    if gdb_port:
        cmd += ["-S", "-gdb", f"tcp:127.0.0.1:{gdb_port}"]
    if gdb_socket:
        cmd += ["-gdb", f"unix:{gdb_socket},server=on,wait=off"]
    return cmd + list(extra)


def gdb_socket_in(workdir):
    """Where a run in `workdir` puts its gdb stub's socket (hang_report),
    or None when the path would not do (a Unix socket's path is short, and
    a comma would end QEMU's option)."""
    path = os.path.join(os.path.abspath(workdir), f"gdb-{os.getpid()}.sock")
    if len(path) > 100 or "," in path or not shutil.which("gdb-multiarch"):
        return None
    if os.path.exists(path):
        os.unlink(path)
    return path


# What hang_report asks gdb for: where each hart is, then the scheduler's
# and the tasks' state (scripts/lib/machrv_gdb.py's commands), read through
# a hart out of the SBI firmware (one stopped there, in M-mode, does not
# translate the kernel's addresses).
HANG_COMMANDS = ["info threads", "thread apply all bt 12", "mach-leave-firmware", "mach-sched",
                 "mach-tasks"]


def hang_report(kernel, socket_path, timeout=40):
    """What a machine that did not end is doing: gdb (batch mode) on the
    gdb stub at `socket_path` stops it and runs HANG_COMMANDS with the
    kernel's symbols.  Returns the text (or why there is none).  Used on
    a timeout, before QEMU is killed, so that a hang seen once (in CI)
    says where each hart was and what each thread waited for."""
    if not socket_path or not os.path.exists(socket_path):
        return "no hang report: QEMU's gdb stub is not there"
    here = os.path.dirname(os.path.abspath(__file__))
    argv = ["gdb-multiarch", "-q", "-batch", "-nx", kernel,
            "-ex", "set architecture riscv:rv64", "-ex", "set pagination off",
            "-ex", f"source {os.path.join(here, 'machrv_gdb.py')}",
            "-ex", f"target remote {socket_path}"]
    for c in HANG_COMMANDS:
        argv += ["-ex", f"echo \\n(gdb) {c}\\n", "-ex", c]
    try:
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, errors="replace",
                           timeout=timeout)
        return r.stdout
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else e.stdout or ""
        return out + f"\n(the hang report stopped: gdb: {e})"
    except OSError as e:
        return f"no hang report: gdb: {e}"


def hang_reporter(kernel, socket_path, write):
    """read_output's on_timeout for a run whose gdb stub is at
    `socket_path`: write(hang_report(...)); None when there is no stub."""
    if not socket_path:
        return None
    return lambda: write(hang_report(kernel, socket_path))


def read_output(proc, timeout, on_chunk, on_timeout=None):
    """Read QEMU's console output until it ends or `timeout' seconds pass.

    on_chunk(log) runs after each chunk with everything read so far (to type
    input or echo lines).  The process is killed on a timeout, after
    on_timeout() if given (a hang report, QEMU still running).  Returns
    (log bytes, timed_out).
    """
    log = b""
    deadline = time.monotonic() + timeout
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([proc.stdout], [], [], min(left, 0.5))
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            log += chunk
            on_chunk(log)
        elif proc.poll() is not None:
            break
    if timed_out and on_timeout and proc.poll() is None:
        on_timeout()
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    return log, timed_out


def outcome(text, task):
    """How a boot whose --poweroff task was `task` ended, from its console
    `text` (CRLF made LF): (how, status, line), how one of
      "panic"      the kernel panicked (line: the panic and what follows);
      "no-exit"    QEMU ended without MACHRV-EXIT;
      "not-ended"  the machine stopped (status) before bootstrap saw the task end;
      "exited", "crashed", "no-status"  bootstrap's report of the task's end
                   (line: its words), with the machine's status.
    """
    if re.search(r"^panic: ", text, re.M):
        return "panic", None, text[text.find("panic: "):]
    m = re.search(r"^MACHRV-EXIT (\d+)", text, re.M)
    if not m:
        return "no-exit", None, ""
    status = int(m.group(1))
    end = re.search(rf"^bootstrap: {re.escape(task)} (exited with status \d+|crashed: .*|"
                    r"ended without an exit status)$", text, re.M)
    if not end:
        return "not-ended", status, ""
    how = end.group(1).split()[0].rstrip(":")
    return {"exited": "exited", "crashed": "crashed"}.get(how, "no-status"), status, end.group(1)
