#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Build a C program against libmach and boot MachRV with bootstrap starting it.

Used by scripts/run --program and scripts/test-program (docs/programs.md):

  1. compile FILE.c (and more .c files; the program is named after the
     first) with build/target/machrv-cc (public Mach headers, libmach,
     picolibc, libmach's crt0); each IFACE.defs given goes through our mig
     into IFACE.h, IFACEServer.h, IFACEUser.c and IFACEServer.c (in
     build/programs/NAME/mig/), whose objects make an archive linked into
     the program and every --extra one, so each takes the stubs it uses;
     the linked program is kept as build/programs/NAME/NAME;
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
  the program's exit status (0..255; 128 + the exception type when it
  crashed: the faulting pc is then named as function, file and line),
  124 when --timeout seconds pass, 125 when it could not be built or booted
  or the system died (a kernel panic, QEMU ended without MACHRV-EXIT).
--mode run exits the same way once QEMU ends (125 after a kernel panic;
QEMU's own status when it was left with Ctrl-A X).  --check only checks
the arguments and files (the scripts run it before they build MachRV,
so a mistake is one line, before any build output).  Usage errors exit 2.
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


class Parser(argparse.ArgumentParser):
    """Usage errors in one line, with the script's name, not the usage text."""

    def error(self, message):
        say(message + f" (scripts/{SCRIPT} --help)")
        raise SystemExit(2)


def parse_args(argv=None):
    global SCRIPT
    argv = sys.argv[1:] if argv is None else argv
    # QEMU's arguments follow "--" (several files come before it).
    qemu_extra = argv[argv.index("--") + 1:] if "--" in argv else []
    argv = argv[:argv.index("--")] if "--" in argv else argv
    # The script whose messages these are, known before the parser speaks.
    if "--mode=run" in argv or any(x == "--mode" and y == "run" for x, y in zip(argv, argv[1:])):
        SCRIPT = "run"
    p = Parser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mode", choices=("run", "test", "archive"), required=True,
                   help="run: QEMU on the terminal; test: no terminal, the exit status; "
                        "archive: only build (build/programs/NAME/) and print the archive's path")
    p.add_argument("--build", required=True, help="the build directory (build/)")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--mem", default="128M")
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--verbose", action="store_true",
                   help="show the whole console (test) and the build's output (run)")
    p.add_argument("--check", action="store_true",
                   help="only check the arguments and that the files exist")
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
    p.add_argument("--extra", action="append", default=[], metavar="FILE.c[,MORE.c]...",
                   help="one more program to build into the archive (repeatable), named "
                        "after its first file; it links the .defs stubs too")
    p.add_argument("--server", action="append", default=[], metavar="SERVICE=FILE.c[,MORE.c]...",
                   help="one more program, started before the program with the service "
                        "SERVICE declared for it to check in (an --extra with the --conf "
                        "line \"--service=SERVICE NAME\")")
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
    p.add_argument("--tasks", metavar="FILE",
                   help="more --server programs, one SERVICE=FILE.c[,MORE.c]... a line "
                        "(# comments; paths relative to FILE)")
    p.add_argument("--unix", action="store_true",
                   help="a Unix program, run as init under bsd_server")
    p.add_argument("files", nargs="+", metavar="FILE.c|IFACE.defs",
                   help="the program's C sources (named after the first) and interfaces")
    a = p.parse_args(argv)
    a.qemu_extra = qemu_extra
    if a.tasks:
        try:
            with open(a.tasks) as f:
                lines = [ln.split("#")[0].strip() for ln in f]
        except OSError as e:
            fail(f"--tasks {a.tasks}: {e.strerror}")
        here = os.path.dirname(os.path.abspath(a.tasks))
        for ln in filter(None, lines):
            service, eq, files = ln.partition("=")
            files = ",".join(os.path.join(here, x.strip()) for x in files.split(","))
            a.server.append(f"{service.strip()}={files}" if eq else ln)
    for spec in a.server:
        service, eq, files = spec.partition("=")
        if not eq or not re.fullmatch(r"[A-Za-z0-9_.+-]{1,100}", service) or not files:
            p.error(f"--server {spec}: expected SERVICE=FILE.c[,MORE.c]...")
        a.extra.append(files)
        a.conf.append(f"--service={service} {os.path.basename(files.split(',')[0])[:-2]}")
    if not 1 <= a.smp <= 8:
        p.error(f"--smp takes 1 to 8 harts, not {a.smp}")
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
    check_files(p, a)
    return a


def check_files(p, a):
    """Sort the files into C sources and interfaces and check each: they
    exist, the program has a usable name.  Sets a.sources, a.defs, a.name."""
    a.sources, a.defs = [], []
    for f in a.files:
        if not os.path.isfile(f):
            fail(f"no such file: {f}")
        if f.endswith(".c"):
            a.sources.append(os.path.abspath(f))
        elif f.endswith(".defs"):
            a.defs.append(os.path.abspath(f))
        else:
            fail(f"{f}: expected a C source file (NAME.c) or an interface (NAME.defs)")
    if not a.sources:
        fail("no C source file (NAME.c) among " + " ".join(a.files))
    bases = [os.path.basename(d)[:-5] for d in a.defs]
    for b in bases:
        if bases.count(b) > 1:
            fail(f"two interfaces called {b}.defs")
    if a.unix and a.defs:
        fail("--unix programs take no .defs (they are Unix programs)")
    name = os.path.basename(a.sources[0])[:-2]
    if name in RESERVED or not re.fullmatch(r"[A-Za-z0-9_.+-]{1,100}", name):
        fail(f"{os.path.relpath(a.sources[0])}: the program may not be called '{name}' "
             "(reserved, or not letters, digits, _ . + -)")
    a.extra_sources = []
    for extra in a.extra:
        srcs = extra.split(",")
        xname = os.path.basename(srcs[0])[:-2]
        for x in srcs:
            if not x.endswith(".c") or xname in RESERVED or xname == name:
                fail(f"{x}: expected another C source file (NAME.c)")
            if not os.path.isfile(x):
                fail(f"no such file: {x}")
        a.extra_sources.append((xname, [os.path.abspath(x) for x in srcs]))
    a.name = name


def target_tool(cc, tool):
    """The cross tool `tool` (ar, addr2line) beside the compiler that the
    generated compiler driver `cc` runs."""
    try:
        with open(cc) as f:
            m = re.search(r"'([^']*)gcc'", f.read())
    except OSError:
        m = None
    return (m.group(1) if m else "riscv64-unknown-elf-") + tool


def run_quiet(cmd, what, **kw):
    """Run a build step; its output is shown when it fails or warns."""
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if r.stdout:
        sys.stderr.write(r.stdout)
    if r.returncode != 0:
        fail(f"{what} failed")


def mig_archive(a, cc, gen):
    """Run mig on each interface of a.defs into `gen` (IFACE.h, IFACEServer.h,
    IFACEUser.c, IFACEServer.c), compile the stubs and archive their objects
    as gen/libinterfaces.a.  Each stub file is its own translation unit, so
    helpers that two interfaces both define do not clash; in an archive,
    a program takes only the stubs it uses (a client does not need the
    server's functions, nor a server the client's).  Returns the archive,
    or None without interfaces."""
    if not a.defs:
        return None
    mig = os.path.join(a.build, "mig", "mig")
    if not os.path.exists(mig):
        fail(f"{mig} is missing: build first (scripts/run or scripts/test)")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.makedirs(gen, exist_ok=True)
    objects = []
    for d in a.defs:
        b = os.path.basename(d)[:-5]
        out = {k: os.path.join(gen, b + suffix) for k, suffix in
               (("header", ".h"), ("sheader", "Server.h"), ("user", "User.c"),
                ("server", "Server.c"))}
        run_quiet([mig, "-I" + os.path.dirname(d), "-I" + os.path.join(root, "mach", "include")]
                  + [x for k, v in out.items() for x in ("-" + k, v)] + [d],
                  f"{os.path.relpath(d)}: mig")
        for k in ("user", "server"):
            obj = out[k][:-2] + ".o"
            run_quiet(["sh", cc, "-c", "-I" + gen, "-o", obj, out[k]],
                      f"{os.path.basename(out[k])}: compilation")
            objects.append(obj)
    lib = os.path.join(gen, "libinterfaces.a")
    if os.path.exists(lib):
        os.remove(lib)
    run_quiet([target_tool(cc, "ar"), "rcs", lib] + objects, "ar")
    return lib


def build(a, workdir):
    """Compile the program and make its boot archive; returns the archive's path."""
    name = a.name
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
    gen = os.path.join(workdir, "mig")
    lib = mig_archive(a, cc, gen)
    incs = ["-I" + gen] if lib else []
    libs = [lib] if lib else []
    r = subprocess.run(["sh", cc] + incs + ["-o", os.path.join(stage, name)] + a.sources + libs)
    if r.returncode != 0:
        fail(f"{os.path.relpath(a.sources[0])}: compilation failed")
    extras = []
    for xname, srcs in a.extra_sources:
        r = subprocess.run(["sh", cc] + incs + ["-o", os.path.join(stage, xname)] + srcs + libs)
        if r.returncode != 0:
            fail(f"{os.path.relpath(srcs[0])}: compilation failed")
        extras.append(xname)
    keep(a, stage, workdir, [name] + extras, gen if lib else None)
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


def kept_dir(a):
    return os.path.join(a.build, "programs", a.name)


def keep(a, stage, workdir, names, gen):
    """Keep the linked programs (and the mig output) in build/programs/NAME/,
    for addr2line, gdb and objdump.  Each file is replaced whole (a copy,
    then a rename), so two runs of one program at once do not mix."""
    kept = kept_dir(a)
    os.makedirs(kept, exist_ok=True)
    files = [(os.path.join(stage, n), n) for n in names]
    if gen and os.path.realpath(workdir) != os.path.realpath(kept):
        os.makedirs(os.path.join(kept, "mig"), exist_ok=True)
        files += [(os.path.join(gen, f), os.path.join("mig", f)) for f in os.listdir(gen)]
    for src, rel in files:
        tmp = os.path.join(kept, f".{os.path.basename(rel)}.{os.getpid()}")
        shutil.copy(src, tmp)
        os.replace(tmp, os.path.join(kept, rel))


def where(a, text):
    """The function, file and line of the pc in bootstrap's crash line
    ("... at pc 0x..."), from the kept program with addr2line; "" when
    not known."""
    m = re.search(r"crashed: .* at pc (0x[0-9a-fA-F]+)", text)
    if not m or a.unix:
        return ""
    cc = os.path.join(a.build, "target", "machrv-cc")
    try:
        r = subprocess.run([target_tool(cc, "addr2line"), "-f", "-i", "-e",
                            os.path.join(kept_dir(a), a.name), m.group(1)],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    except OSError:
        return ""
    lines = r.stdout.split()
    if r.returncode != 0 or len(lines) < 2 or lines[0] == "??":
        return ""
    # Pairs of (function, file:line), innermost first when inlined.
    pairs = [f"{lines[i]} ({os.path.relpath(lines[i + 1]) if lines[i + 1].startswith('/') else lines[i + 1]})"
             for i in range(0, len(lines) - 1, 2)]
    return f"the pc {m.group(1)} is in " + ", inlined in ".join(pairs)


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
    sock = machrv_qemu.gdb_socket_in(os.path.dirname(archive))
    cmd = machrv_qemu.qemu_command(kernel, smp=a.smp, mem=a.mem, initrd=archive,
                                   append="init=bootstrap poweroff", icount=a.icount, extra=a.qemu_extra,
                                   disks=a.disks, workdir=os.path.dirname(archive), gdb_socket=sock)
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

    def report(text):
        say(f"{name}: no end after {a.timeout:g} s: what the machine is doing:")
        sys.stderr.write(text + "\n")

    log, timed_out = machrv_qemu.read_output(proc, a.timeout, type_and_echo,
                                             machrv_qemu.hang_reporter(kernel, sock, report))
    text = log.decode(errors="replace").replace("\r\n", "\n")
    if timed_out:
        say(f"{name}: no end after {a.timeout:g} s (timeout); the console is above")
        return TIMEOUT
    how, status, line = machrv_qemu.outcome(text, "bsd_server" if a.unix else name)
    if how == "panic":
        say(f"{name}: the kernel panicked")
        if not a.verbose:
            sys.stdout.write(line)
        return NO_SYSTEM
    if how == "no-exit":
        say(f"{name}: QEMU ended without MACHRV-EXIT")
        return NO_SYSTEM
    if how == "not-ended":
        say(f"{name}: the system stopped (MACHRV-EXIT {status}) before {name} ended")
        return NO_SYSTEM
    if how == "crashed":
        say(f"{name} {line}")
        w = where(a, line)
        if w:
            say(w)
    return status


def run_outcome(a, name, logfile, rc):
    """(run) How a boot on the terminal ended, from its console log: the
    exit status of scripts/run, as boot_test's."""
    try:
        with open(logfile, "rb") as f:
            text = f.read().decode(errors="replace").replace("\r\n", "\n")
    except OSError:
        return rc
    how, status, line = machrv_qemu.outcome(text, "bsd_server" if a.unix else name)
    if how == "panic":
        say(f"the kernel panicked (the console is in {logfile})")
        return NO_SYSTEM
    if how == "no-exit":
        return rc       # left with Ctrl-A X, or QEMU failed
    if how == "crashed":
        say(f"{name} {line}")
        w = where(a, line)
        if w:
            say(w)
    return status if status is not None else NO_SYSTEM


def main():
    a = parse_args()
    if a.check:
        return 0
    kernel = machrv_qemu.kernel_path(a.build)
    if not os.path.exists(kernel):
        say(f"no kernel at {kernel}: build first")
        return NO_SYSTEM
    if a.mode == "archive":
        # scripts/debug boots it itself, under gdb.
        name, archive = build(a, kept_dir(a))
        print(archive)
        return 0
    if a.mode == "run":
        workdir = kept_dir(a)
        name, archive = build(a, workdir)
        logfile = os.path.join(workdir, "console.log")
        cmd = machrv_qemu.qemu_command(kernel, smp=a.smp, mem=a.mem, initrd=archive,
                                       append="init=bootstrap poweroff", extra=a.qemu_extra,
                                       icount=a.icount, disks=a.disks, workdir=workdir,
                                       console_log=logfile)
        say(" ".join(cmd))
        try:
            rc = subprocess.call(cmd)
        except FileNotFoundError as e:
            say(str(e))
            return NO_SYSTEM
        return run_outcome(a, name, logfile, rc)
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
