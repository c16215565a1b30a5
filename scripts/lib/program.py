#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Build a C program against libmach and boot MachRV with bootstrap starting it.

Used by scripts/run --program and scripts/test-program (docs/programs.md):

  1. compile FILE.c with build/target/machrv-cc (public Mach headers,
     libmach, picolibc, libmach's crt0);
  2. make a boot archive (cpio newc) of bootstrap, the console driver, the
     program and a boot.conf of two lines: the console driver
     ("--ports=device --service=console console") and "--poweroff NAME";
     with --disk IMAGE[:ro] (repeatable), also the virtio-blk driver, on a
     line between them ("--ports=host_priv,device --service=disk0 ...
     virtio_blk"), and the images attached as disk0, disk1, ...;
  3. boot with "init=bootstrap poweroff": bootstrap starts the program with
     its bootstrap port and, when it ends, powers off with its status
     (host_reboot), which the kernel prints as "MACHRV-EXIT n".

With --unix the program is a Unix program: compiled with
build/target/machrv-unix-cc (the BSD personality's C library), and the
archive adds bsd_server, started "--poweroff --archive bsd_server NAME":
bsd_server runs the program as init (pid 1) and exits with its status
(128 + the signal when a signal ended it), which becomes the machine's.

--mode run replaces this process with QEMU on the terminal; --mode test
runs QEMU without a terminal, copies the console from bootstrap's first
line on (everything with --verbose), and exits with:
  the program's exit status (0..255; 128 + the exception type when it crashed),
  124 when --timeout seconds pass, 125 when it could not be built or booted
  or the system died (a kernel panic, QEMU ended without MACHRV-EXIT).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machrv_qemu  # noqa: E402

TIMEOUT, NO_SYSTEM = 124, 125
RESERVED = ("bootstrap", "console", "virtio_blk", "fss", "bsd_server", "boot.conf")
MAX_DISKS = 4    # bootstrap: at most 4 --service= a line


SCRIPT = "test-program"   # or "run": the script whose messages these are


def say(msg):
    print(f"{SCRIPT}: {msg}", file=sys.stderr, flush=True)


def fail(msg):
    say(msg)
    raise SystemExit(NO_SYSTEM)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mode", choices=("run", "test"), required=True)
    p.add_argument("--build", required=True, help="the build directory (build/)")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--mem", default="128M")
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--verbose", action="store_true", help="show the whole console")
    p.add_argument("--icount", action="store_true",
                   help="QEMU -icount shift=0: rdinstret counts guest instructions exactly")
    p.add_argument("--input", metavar="TEXT",
                   help="(test) type TEXT on the console once the console driver serves "
                        "(backslash escapes: \\n Enter, \\x04 Ctrl-D, \\x7f backspace)")
    p.add_argument("--ports", default="",
                   help="ports bootstrap gives the program (--ports= of boot.conf: "
                        "host_priv, device; comma-separated)")
    p.add_argument("--args", default="", metavar="WORDS",
                   help="the program's arguments (words separated by blanks)")
    p.add_argument("--conf", action="append", default=[], metavar="LINE",
                   help="one more boot.conf line, started before the program (repeatable); "
                        "its program must be in --extra")
    p.add_argument("--extra", action="append", default=[], metavar="FILE.c",
                   help="one more program to build into the archive (repeatable)")
    p.add_argument("--disk", action="append", default=[], metavar="IMAGE[:ro]",
                   help="attach IMAGE as a virtio-blk disk (repeatable; :ro read-only; "
                        ":ioerror=SECTOR makes reads of that sector fail)")
    p.add_argument("--fss", action="store_true",
                   help="serve disk0 with the ext2 file server, checked in as the service fss "
                        "(needs --disk)")
    p.add_argument("--config", choices=("single", "multi"),
                   help="(--unix; the first --disk or a copy of the root disk) the shape: multi, bsd_server takes files from "
                        "the fss server on disk0 (as --fss); single, bsd_server has the file "
                        "system linked in (bsd_server --root=disk0)")
    p.add_argument("--unix", action="store_true",
                   help="a Unix program, run as init under bsd_server")
    p.add_argument("file", help="the program's C source")
    p.add_argument("qemu_extra", nargs="*", help="(run) more QEMU arguments")
    a = p.parse_args()
    if not 1 <= a.smp <= 8:
        p.error("--smp takes 1 to 8 harts")
    if a.timeout <= 0:
        p.error("--timeout must be positive")
    if len(a.disk) > MAX_DISKS:
        p.error(f"at most {MAX_DISKS} --disk")
    if a.fss and not a.disk:
        p.error("--fss needs a --disk (fss serves disk0)")
    if a.config and not a.unix:
        p.error("--config needs --unix")
    if a.config == "multi":
        a.fss = True
    elif a.config == "single" and a.fss:
        p.error("--config single has no fss server (the file system is in bsd_server)")
    try:
        a.disks = [machrv_qemu.parse_disk(d) for d in a.disk]
    except ValueError as e:
        p.error(str(e))
    # --config without --disk: a fresh copy of the build's root disk (made
    # in build(), where the work directory is).
    a.root_copy = bool(a.config and not a.disks)
    return a


def build(a, workdir):
    """Compile the program and make its boot archive; returns the archive's path."""
    src = os.path.abspath(a.file)
    if not os.path.isfile(src):
        fail(f"no such file: {a.file}")
    if not src.endswith(".c"):
        fail(f"{a.file}: expected a C source file (NAME.c)")
    name = os.path.basename(src)[:-2]
    if name in RESERVED or not re.fullmatch(r"[A-Za-z0-9_.+-]{1,100}", name):
        fail(f"{a.file}: the program may not be called '{name}' "
                             "(reserved, or not letters, digits, _ . + -)")
    target = os.path.join(a.build, "target")
    cc = os.path.join(target, "machrv-unix-cc" if a.unix else "machrv-cc")
    bootstrap = os.path.join(target, "bootstrap", "bootstrap")
    console = os.path.join(target, "drivers", "console", "console")
    bsd_server = os.path.join(target, "bsd_server", "bsd_server")
    vblk = os.path.join(target, "drivers", "virtio_blk", "virtio_blk")
    fss = os.path.join(target, "fss", "fss")
    needed = ((cc, bootstrap, console) + ((bsd_server,) if a.unix else ())
              + ((vblk,) if a.disks or a.root_copy else ()) + ((fss,) if a.fss else ()))
    for f in needed:
        if not os.path.exists(f):
            fail(f"{f} is missing: build first (scripts/run or scripts/test)")
    stage = os.path.join(workdir, "archive")
    os.makedirs(stage, exist_ok=True)
    if a.root_copy:
        root_img = os.path.join(target, "personalities", "bsd", "root.img")
        if not os.path.exists(root_img):
            fail(f"{root_img} is missing: build first (scripts/run or scripts/test)")
        copy = os.path.join(workdir, "root.img")
        if subprocess.run(["cp", "--sparse=always", root_img, copy]).returncode != 0:
            fail(f"could not copy {root_img}")
        a.disks = [machrv_qemu.parse_disk(copy)]
    r = subprocess.run(["sh", cc, "-o", os.path.join(stage, name), src])
    if r.returncode != 0:
        fail(f"{a.file}: compilation failed")
    extras = []
    for extra in a.extra:
        xname = os.path.basename(extra)[:-2]
        if not extra.endswith(".c") or xname in RESERVED or xname == name:
            fail(f"{extra}: expected another C source file (NAME.c)")
        r = subprocess.run(["sh", cc, "-o", os.path.join(stage, xname), os.path.abspath(extra)])
        if r.returncode != 0:
            fail(f"{extra}: compilation failed")
        extras.append(xname)
    shutil.copy(bootstrap, os.path.join(stage, "bootstrap"))
    shutil.copy(console, os.path.join(stage, "console"))
    files = ["bootstrap", "console"]
    with open(os.path.join(stage, "boot.conf"), "w") as f:
        f.write(f"# made by scripts/{SCRIPT}: the console driver, then {name}; "
                "power off with its status\n")
        f.write("--ports=device --service=console console\n")
        if a.disks:
            shutil.copy(vblk, os.path.join(stage, "virtio_blk"))
            files.append("virtio_blk")
            services = " ".join(f"--service=disk{n}" for n in range(len(a.disks)))
            f.write(f"--ports=host_priv,device {services} virtio_blk\n")
        if a.fss:
            shutil.copy(fss, os.path.join(stage, "fss"))
            files.append("fss")
            f.write("--service=fss fss disk0\n")
        for line in a.conf:
            f.write(line + "\n")
        ports = f"--ports={a.ports} " if a.ports else ""
        if a.unix:
            shutil.copy(bsd_server, os.path.join(stage, "bsd_server"))
            files.append("bsd_server")
            root = "--root=disk0 " if a.config == "single" else ""
            # bsd_server sets the time for root with host_priv (docs/time.md)
            # and gives it to no process.
            plist = ["host_priv"] + [x for x in (a.ports or "").split(",") if x and x != "host_priv"]
            ports = f"--ports={','.join(plist)} "
            f.write(f"--poweroff {ports}--archive bsd_server {root}{name} {a.args}".rstrip() + "\n")
        else:
            f.write(f"--poweroff {ports}{name} {a.args}".rstrip() + "\n")
    files += [name, "boot.conf"] + extras
    if a.unix and (a.fss or a.config):
        # bsd_server takes its files from disk0: the programs go there.
        put_on_disk(a.disks[0]["image"], stage, [name] + extras)
    archive = os.path.join(workdir, name + ".cpio")
    with open(archive, "wb") as out:
        r = subprocess.run(["cpio", "-o", "-H", "newc", "--reproducible", "--owner=0:0", "--quiet"],
                           cwd=stage, input=("\n".join(files) + "\n").encode(),
                           stdout=out)
    if r.returncode != 0:
        fail("cpio failed")
    return name, archive


def put_on_disk(image, stage, names):
    """Copy the programs `names` (in `stage`) into the root directory of the
    ext2 image `image` with Debian's debugfs, owned by root, mode 0755."""
    cmds = "".join(f"rm /{n}\nwrite {os.path.join(stage, n)} /{n}\nsif /{n} mode 0100755\n"
                   f"sif /{n} uid 0\nsif /{n} gid 0\n" for n in names)
    r = subprocess.run(["debugfs", "-w", "-f", "-", image], input=cmds, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0 or "Could not" in r.stdout or "ext2fs_" in r.stdout:
        fail(f"could not put the program on {image} (an ext2 image?):\n{r.stdout}")


def boot_test(a, kernel, archive, name):
    """Boot without a terminal; the exit status as the module's docstring says."""
    cmd = machrv_qemu.qemu_command(kernel, smp=a.smp, mem=a.mem, initrd=archive,
                                   append="init=bootstrap poweroff", icount=a.icount,
                                   disks=a.disks, workdir=os.path.dirname(archive))
    # Input is typed once the driver has the UART's interrupt (it says so);
    # bytes typed before that would go to the kernel (docs/console.md).
    typed = a.input.encode().decode("unicode_escape").encode("latin-1") if a.input else None
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if typed else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    shown, showing = 0, a.verbose

    def type_and_echo(log):
        nonlocal typed, shown, showing
        if typed and re.search(rb"^console: uart at ", log, re.M):
            proc.stdin.write(typed)
            proc.stdin.flush()
            typed = None
        # Echo whole lines, from bootstrap's first line on.
        while True:
            nl = log.find(b"\n", shown)
            if nl < 0:
                break
            line = log[shown:nl + 1]
            shown = nl + 1
            if not showing and line.startswith(b"init: starting bootstrap"):
                showing = True
                continue
            if showing and not line.startswith(b"MACHRV-EXIT"):
                sys.stdout.buffer.write(line.replace(b"\r\n", b"\n"))
                sys.stdout.flush()

    log, timed_out = machrv_qemu.read_output(proc, a.timeout, type_and_echo)
    text = log.decode(errors="replace").replace("\r\n", "\n")
    if timed_out:
        say(f"{name}: no end after {a.timeout:g} s (timeout); the console is above")
        return TIMEOUT
    if re.search(r"^panic: ", text, re.M):
        say(f"{name}: the kernel panicked")
        if not a.verbose:
            sys.stdout.write(text[text.find("panic: "):])
        return NO_SYSTEM
    m = re.search(r"^MACHRV-EXIT (\d+)", text, re.M)
    if not m:
        say(f"{name}: QEMU ended without MACHRV-EXIT")
        return NO_SYSTEM
    status = int(m.group(1))
    task = "bsd_server" if a.unix else name
    end = re.search(rf"^bootstrap: {re.escape(task)} (exited with status (\d+)|crashed: .*|"
                    r"ended without an exit status)$", text, re.M)
    if not end:
        say(f"{name}: the system stopped (MACHRV-EXIT {status}) before {name} ended")
        return NO_SYSTEM
    if end.group(1).startswith("crashed"):
        say(f"{name} {end.group(1)}")
    return status


def main():
    global SCRIPT
    a = parse_args()
    SCRIPT = "test-program" if a.mode == "test" else "run"
    kernel = os.path.join(a.build, "target", "mach", "mach_kernel")
    if not os.path.exists(kernel):
        say(f"no kernel at {kernel}: build first")
        return NO_SYSTEM
    if a.mode == "run":
        workdir = os.path.join(a.build, "programs", os.path.basename(a.file).removesuffix(".c"))
        name, archive = build(a, workdir)
        cmd = machrv_qemu.qemu_command(kernel, smp=a.smp, mem=a.mem, initrd=archive,
                                       append="init=bootstrap poweroff", extra=a.qemu_extra,
                                       icount=a.icount, disks=a.disks, workdir=workdir)
        say(" ".join(cmd))
        os.execv(cmd[0], cmd)
    os.makedirs(os.path.join(a.build, "programs"), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=os.path.join(a.build, "programs")) as workdir:
        name, archive = build(a, workdir)
        try:
            return boot_test(a, kernel, archive, name)
        except FileNotFoundError as e:
            say(str(e))
            return NO_SYSTEM


if __name__ == "__main__":
    sys.exit(main())
