# SPDX-License-Identifier: BSD-2-Clause
"""How MachRV is booted in QEMU: the one place that builds the command line.

scripts/run, scripts/debug and the QEMU test runner (tests/qemu/runner.py)
all use qemu_command(), so a test boots exactly what a user boots.
"""
import os
import select
import shutil
import time

# Debian's opensbi package; MACHRV_OPENSBI may name another fw_jump.bin.
OPENSBI_FW_JUMP = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin"


def find_opensbi():
    """OpenSBI's fw_jump firmware: it enters the kernel at 0x80200000."""
    path = os.environ.get("MACHRV_OPENSBI", OPENSBI_FW_JUMP)
    return path if os.path.exists(path) else None


def find_qemu():
    return shutil.which("qemu-system-riscv64")


def qemu_command(kernel, smp=1, mem="128M", append="", initrd=None,
                 drive=None, extra=(), icount=False, gdb_port=None):
    """The argument vector that boots `kernel` on QEMU's virt machine.

    The console is the first UART on standard input and output; QEMU's own
    monitor is off, so Ctrl-A X (the mux escape) is how a user leaves.
    """
    qemu = find_qemu()
    bios = find_opensbi()
    if not qemu or not bios:
        raise FileNotFoundError("qemu-system-riscv64 or OpenSBI's fw_jump.bin is missing")
    cmd = [qemu, "-machine", "virt", "-bios", bios, "-kernel", kernel,
           "-smp", str(smp), "-m", str(mem), "-nographic", "-no-reboot"]
    if append:
        cmd += ["-append", append]
    if initrd:
        cmd += ["-initrd", initrd]
    if drive:
        cmd += ["-drive", f"file={drive},format=raw,if=none,id=disk0",
                "-device", "virtio-blk-device,drive=disk0"]
    if icount:
        cmd += ["-icount", "shift=0"]
    if gdb_port:
        cmd += ["-S", "-gdb", f"tcp:127.0.0.1:{gdb_port}"]
    return cmd + list(extra)


def read_output(proc, timeout, on_chunk):
    """Read QEMU's console output until it ends or `timeout' seconds pass.

    on_chunk(log) runs after each chunk with everything read so far (to type
    input or echo lines).  The process is killed on a timeout.  Returns
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
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    return log, timed_out
