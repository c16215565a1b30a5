#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot the whole system, BSD personality and all (scripts/run without
--program): the kernel, bootstrap, the console and disk drivers, the file
system (the fss server, or linked into bsd_server) and bsd_server with
/sbin/init from the root disk (docs/shapes.md).

    system.py --build DIR [--config single|multi] [--smp N] [--mem SIZE]
              [--disk IMG[:ro]]... [--user NAME] [-c COMMAND] [--timeout S]
              [--verbose] [-- QEMU ARGS...]

Without -c, QEMU is started on this terminal (a shell on the console).
With -c, init runs `sh -c COMMAND` (as root, or --user); what the command
writes is shown (the boot's own messages only with --verbose) and the exit
status is the command's: 128 + a signal if it was killed, 124 if the
system did not end within --timeout seconds, 125 if it could not build or
boot.

The first --disk is the root disk (disk0); without one, build/disk.img,
made from the build's root.img the first time (and again, keeping the old
one as disk.img.old, when the build's image is newer: new programs).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machrv_qemu  # noqa: E402

TIMEOUT, NO_SYSTEM = 124, 125
SERVERS = ("bootstrap", "console", "virtio_blk", "fss", "bsd_server")
# Lines of the servers (not of the command) that -c hides without --verbose:
# "NAME: ..." as the servers write them, and the kernel's "MACHRV-EXIT n".
# (Not "NAME ...": `ls /dev` prints a line that starts "console ".)
SYSTEM_LINE = re.compile(rb"^(?:(?:bootstrap|bsd_server|console|fss|virtio_blk):|MACHRV-EXIT )")


def say(msg):
    print(f"run: {msg}", file=sys.stderr)


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="scripts/run", description=__doc__.splitlines()[0])
    p.add_argument("--build", required=True)
    p.add_argument("--config", choices=("single", "multi"), default="multi")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--mem", default="128M")
    p.add_argument("--disk", action="append", default=[])
    p.add_argument("--user")
    p.add_argument("-c", dest="command")
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--verbose", action="store_true")
    p.add_argument("--icount", action="store_true")
    p.add_argument("--init", default="/sbin/init", help=argparse.SUPPRESS)  # tests: another process 1
    p.add_argument("qemu_extra", nargs="*")
    a = p.parse_args(argv)
    if not 1 <= a.smp <= 8:
        p.error("--smp takes 1 to 8 harts")
    if a.user is not None and not re.fullmatch(r"[a-z_][a-z0-9_-]{0,31}", a.user):
        p.error(f"--user {a.user}: not a user name")
    return a


def target_file(build, *path):
    return os.path.join(build, "target", *path)


def root_disk(build):
    """build/disk.img: the user's root disk, kept from boot to boot."""
    image = target_file(build, "personalities", "bsd", "root.img")
    disk = os.path.join(build, "disk.img")
    if not os.path.exists(image):
        raise FileNotFoundError(f"{image} is missing: build first")
    if os.path.exists(disk) and os.path.getmtime(disk) < os.path.getmtime(image):
        os.replace(disk, disk + ".old")
        say(f"the build made a new root disk: {disk} is a fresh copy, "
            f"your old one is {disk}.old")
    if not os.path.exists(disk):
        subprocess.run(["cp", "--sparse=always", image, disk], check=True)
    return disk


def boot_conf(config, user=None, command=None, init="/sbin/init"):
    """The boot configuration (docs/bootstrap.md) of a shape; `init` is
    process 1's program on the disk.  A test's own process 1 (not
    /sbin/init) gets no options: -c then only means "wait for the end"."""
    if init == "/sbin/init":
        if user:
            init += f" -u {user}"
        if command is not None:
            init += " -c " + "'" + command.replace("'", "'\\''") + "'"
    lines = [f"# made by scripts/run: the {config}-server shape (docs/shapes.md)",
             "--ports=device --service=console console",
             "--ports=host_priv,device --service=disk0 virtio_blk"]
    if config == "multi":
        lines += ["--service=fss fss disk0",
                  f"--poweroff --ports=host_priv,device --archive bsd_server {init}"]
    else:
        lines += [f"--poweroff --ports=host_priv,device --archive bsd_server --root=disk0 {init}"]
    return "\n".join(lines) + "\n"


def make_archive(build, workdir, config, user=None, command=None, init="/sbin/init"):
    """The boot archive of a shape in `workdir`; its path."""
    where = {"bootstrap": ("bootstrap", "bootstrap"), "console": ("drivers", "console", "console"),
             "virtio_blk": ("drivers", "virtio_blk", "virtio_blk"), "fss": ("fss", "fss"),
             "bsd_server": ("bsd_server", "bsd_server")}
    names = [n for n in SERVERS if config == "multi" or n != "fss"]
    stage = os.path.join(workdir, "archive")
    os.makedirs(stage, exist_ok=True)
    for n in names:
        src = target_file(build, *where[n])
        if not os.path.exists(src):
            raise FileNotFoundError(f"{src} is missing: build first")
        shutil.copyfile(src, os.path.join(stage, n))
    conf = boot_conf(config, user, command, init)
    if len(conf.encode()) > 4096:
        raise ValueError("the command is too long for the boot configuration (4 KiB): "
                         "put it in a script on the disk")
    with open(os.path.join(stage, "boot.conf"), "w") as f:
        f.write(conf)
    archive = os.path.join(workdir, "boot.cpio")
    with open(archive, "wb") as out:
        r = subprocess.run(["cpio", "-o", "-H", "newc", "--reproducible", "--owner=0:0", "--quiet"],
                           cwd=stage, input="\n".join(names + ["boot.conf"]).encode() + b"\n",
                           stdout=out)
    if r.returncode != 0:
        raise OSError("cpio failed")
    return archive


def qemu_command(a, archive, disks, gdb_socket=None):
    kernel = machrv_qemu.kernel_path(a.build)
    if not os.path.exists(kernel):
        raise FileNotFoundError(f"no kernel at {kernel}: build first")
    return machrv_qemu.qemu_command(kernel, smp=a.smp, mem=a.mem, initrd=archive,
                                    append="init=bootstrap poweroff", extra=a.qemu_extra,
                                    icount=a.icount, disks=disks,
                                    workdir=os.path.dirname(archive), gdb_socket=gdb_socket)


def run_command(a, cmd, gdb_socket=None):
    """Boot, show the command's output, return its status.  On a timeout,
    the hang report (machrv_qemu.hang_report) goes to stderr first."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    shown = 0
    started = a.verbose

    def show(log):
        nonlocal shown, started
        while True:
            nl = log.find(b"\n", shown)
            if nl < 0:
                return
            line = log[shown:nl + 1]
            shown = nl + 1
            if not started:
                # The command's output starts once bsd_server has started init.
                started = line.startswith(b"bsd_server: init is ")
                continue
            if a.verbose or not SYSTEM_LINE.match(line):
                sys.stdout.buffer.write(line.replace(b"\r\n", b"\n"))
                sys.stdout.flush()

    def report(text):
        say(f"no end after {a.timeout:g} s: what the machine is doing "
            "(scripts/lib/machrv_gdb.py's mach-sched and mach-tasks):")
        sys.stderr.write(text + "\n")

    kernel = machrv_qemu.kernel_path(a.build)
    log, timed_out = machrv_qemu.read_output(
        proc, a.timeout, show, machrv_qemu.hang_reporter(kernel, gdb_socket, report))
    text = log.decode(errors="replace").replace("\r\n", "\n")
    if timed_out:
        say(f"no end after {a.timeout:g} s (timeout)")
        return TIMEOUT
    how, status, line = machrv_qemu.outcome(text, "bsd_server")
    if how == "exited":
        return status
    if how == "panic":
        say("the kernel panicked:\n" + line)
    elif how in ("crashed", "no-status"):
        say(f"bsd_server {line}")
    else:
        if not a.verbose:
            sys.stdout.write(text[-4000:])
        say("the system stopped before the command ended" if how == "not-ended" else
            "QEMU ended without the system's exit status")
    return NO_SYSTEM


def main(argv=None):
    a = parse_args(argv)
    try:
        disks = [machrv_qemu.parse_disk(d) for d in a.disk] or \
            [machrv_qemu.parse_disk(root_disk(a.build))]
        workdir = os.path.join(a.build, "system", f"{a.config}-{os.getpid()}"
                               if a.command is not None else a.config)
        os.makedirs(workdir, exist_ok=True)
        try:
            archive = make_archive(a.build, workdir, a.config, a.user, a.command, a.init)
            if a.command is None:
                cmd = qemu_command(a, archive, disks)
                say(" ".join(cmd))
                os.execv(cmd[0], cmd)
            sock = machrv_qemu.gdb_socket_in(workdir)
            return run_command(a, qemu_command(a, archive, disks, sock), sock)
        finally:
            if a.command is not None:
                shutil.rmtree(workdir, ignore_errors=True)
    except (FileNotFoundError, ValueError, OSError) as e:
        say(str(e))
        return NO_SYSTEM


if __name__ == "__main__":
    sys.exit(main())
