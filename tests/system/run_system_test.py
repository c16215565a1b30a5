#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The whole system through `scripts/run`, as a user drives it.

    run_system_test.py KIND SCRIPTS_RUN CONFIG SMP

CONFIG is single or multi, SMP the harts.  Every kind boots a fresh copy
of the build's root disk (root.img) and checks it with e2fsck -fn on the
host after each boot.  Kinds:

  userland  the host tests' scripts (tests/userland/{sh,bin}/*.sh) run on
            MachRV by our sh, in one boot (`scripts/run -c`); each output
            must equal the script's .out, as on the host;
  session   tests/system/*.sh, each run as root or, for student_*.sh, as
            the student (`su student -c`), compared with its .out;
  status    exit statuses: the command's own, 128 + a signal, 127 for a
            command not found, 124 on a timeout, and --user;
  persist   what one boot writes is there at the next, and the image is
            clean on the host between;
  workload  what a build does (workload.sh: a few hundred files, pipelines,
            copies, renames, removals); the resulting tree is taken off the
            image (debugfs rdump) and must equal the one workload.expected
            describes: the same in every shape;
  console   boot to the shell prompt with no command, type commands on the
            console, poweroff: the prompt, the output and status 0;
  keys      the terminal's keys at the shell (bsd_server's line
            discipline, docs/bsd.md "The terminal"): ^C and ^\ end the
            foreground job and the shell goes on, DEL edits a line, ^D ends
            a program's input (not ^C at the prompt: the shell may still be
            on its way to its read, and a handler run then leaves the read
            waiting);
  bsd       the BSD personality's suite (tests/bsd: bsd_tests as process
            1, bt_exec_child in /bin) from the disk instead of the boot
            archive: every fact, then the leak-checked second run; with
            $MACHRV_KERNEL set (a variant's kernel), that it booted and
            its lock checker found nothing.
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
USERLAND = os.path.join(ROOT, "tests", "userland")
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
failures = []


def fact(ok, what, detail=""):
    print(("PASS " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)
        if detail:
            print(detail.rstrip(), flush=True)


def debugfs(image, cmds):
    r = subprocess.run(["debugfs", "-w", "-f", "-", image], input=cmds, text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        sys.exit(f"debugfs failed:\n{r.stdout}")
    return r.stdout


def fsck(image, when):
    r = subprocess.run(["e2fsck", "-fn", image], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    fact(r.returncode == 0, f"the disk is clean on the host after {when}", r.stdout)


class System:
    def __init__(self, run, config, smp, tmp):
        self.run_script, self.config, self.smp = run, config, smp
        build = os.environ.get("MACHRV_BUILD", os.path.join(ROOT, "build"))
        self.image = os.path.join(tmp, "root.img")
        subprocess.run(["cp", "--sparse=always", os.path.join(
            build, "target", "personalities", "bsd", "root.img"), self.image], check=True)

    def put(self, files):
        """Copy host files onto the disk: {disk path: host path}, root's."""
        dirs = sorted({os.path.dirname(p) for p in files})
        cmds = "".join(f"mkdir {d}\n" for d in dirs if d != "/")
        for path, host in files.items():
            cmds += f"write {host} {path}\nsif {path} uid 0\nsif {path} gid 0\n"
        debugfs(self.image, cmds)

    def run(self, command, user=None, timeout=300, check_clean=True):
        """scripts/run -c COMMAND on this disk; (status, output)."""
        argv = [self.run_script, "--config", self.config, "--smp", str(self.smp),
                "--disk", self.image, "--timeout", str(timeout), "-c", command]
        if user:
            argv[1:1] = ["--user", user]
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, timeout=timeout + 60)
        out = r.stdout.decode(errors="replace")
        self.last_stderr = r.stderr.decode(errors="replace")
        if r.returncode in (124, 125):
            # All of stderr: after a timeout it holds the hang report.
            print(out[-3000:] + self.last_stderr[-30000:])
        if check_clean:
            fsck(self.image, f"`{command[:40]}`".replace("\n", " "))
        return r.returncode, out


def compare_sections(output, expected_of, label):
    """Output of a driver that prints '=== NAME' before each part; each
    part must equal expected_of(NAME)."""
    parts = re.split(r"^=== (\S+)\n", output, flags=re.M)
    seen = set()
    for i in range(1, len(parts) - 1, 2):
        name, got = parts[i], parts[i + 1]
        if name == "end":
            continue
        seen.add(name)
        want = expected_of(name)
        detail = ""
        if got != want:
            import difflib
            detail = "\n".join(list(difflib.unified_diff(
                want.splitlines(), got.splitlines(), "expected", "got", lineterm="", n=1))[:40])
        fact(got == want, f"{label} {name}", detail)
    fact("=== end" in output, f"{label}: every script ran to the end", output[-2000:])
    return seen


DRIVER = r"""
n=0
for s in %(scripts)s; do
	n=$((n + 1)); d=/tmp/run$n
	mkdir $d && cd $d || exit 1
	%(prefix)s
	echo "exit $?" >>$d/.output
	echo "=== ${s##*/}"; cat $d/.output
	cd / && rm -rf $d
done
echo "=== end"
"""


def userland(sysm):
    scripts = sorted(f"{kind}/{f}" for kind in ("sh", "bin")
                     for f in os.listdir(os.path.join(USERLAND, kind)) if f.endswith(".sh"))
    sysm.put({f"/tests/{s.replace('/', '_')}": os.path.join(USERLAND, s) for s in scripts})
    # As tests/userland/run_script does on the host: a fresh directory as
    # HOME and working directory, only the system's programs on PATH.
    driver = DRIVER % {"scripts": "/tests/*.sh", "prefix":
                       "env -i PATH=/bin HOME=$d TZ=UTC0 LC_ALL=C sh $s </dev/null >$d/.output 2>&1"}
    status, out = sysm.run(driver)
    fact(status == 0, "the userland scripts' driver ends with 0", out[-2000:])

    def expected(name):
        kind, _, base = name.partition("_")
        with open(os.path.join(USERLAND, kind, base[:-3] + ".out")) as f:
            return f.read()
    compare_sections(out, expected, "the host's userland test")


def session(sysm):
    scripts = sorted(f for f in os.listdir(HERE) if f.endswith(".sh") and f != "workload.sh")
    sysm.put({f"/tests/{s}": os.path.join(HERE, s) for s in scripts})
    prefix = ('case ${s##*/} in student_*) chown student $d; '
              'su student -c "sh $s" </dev/null >$d/.output 2>&1;; '
              '*) sh $s </dev/null >$d/.output 2>&1;; esac')
    status, out = sysm.run(DRIVER % {"scripts": "/tests/*.sh", "prefix": prefix})
    fact(status == 0, "the session scripts' driver ends with 0", out[-2000:])

    def expected(name):
        with open(os.path.join(HERE, name[:-3] + ".out")) as f:
            return f.read()
    compare_sections(out, expected, "the session script")


def status(sysm):
    cases = [("exit 7", None, 7, "the command's exit status is scripts/run's"),
             ("true | false", None, 1, "a pipeline's status is its last command's"),
             ("kill -9 $$", None, 137, "a shell killed by SIGKILL gives 128 + 9"),
             ("nosuchcommand", None, 127, "a command not found gives 127"),
             ("id -un; test $(id -u) = 1000", "student", 0, "--user runs the command as that user"),
             ("halt", "student", 1, "the student may not halt the system")]
    for command, user, want, what in cases:
        got, out = sysm.run(command, user=user, timeout=90, check_clean=False)
        fact(got == want, f"{what} ({command!r}: {got})", out)
    got, out = sysm.run("ls /dev; echo 'fss x'", timeout=90, check_clean=False)
    fact(got == 0 and "console  null" in out and "fss x" in out,
         "-c shows every line of the command's output, one starting \"console \" too", out)
    got, out = sysm.run("poweroff; sleep 100", timeout=90, check_clean=False)
    fact(got == 0, f"poweroff as root ends the system with 0 ({got})", out)
    got, _ = sysm.run("sleep 1000", timeout=15, check_clean=False)
    fact(got == 124, f"a command past --timeout gives 124 ({got})")
    report = sysm.last_stderr
    harts = re.findall(r"^hart (\d+): online, runs \d+ ", report, re.M)
    fact(harts == [str(i) for i in range(sysm.smp)] and
         re.search(r"^task sleep \(\d+\) active.*\n  thread \d+ sleep state WAIT", report, re.M),
         "a timeout first reports what the machine is doing: each hart's thread (mach-sched) "
         "and the sleeping command's wait (mach-tasks)", report[-3000:])
    fsck(sysm.image, "the status commands")


def persist(sysm):
    _, out = sysm.run("cd /home/student && mkdir -p keep/deep && echo 'written before' > keep/deep/f "
                      "&& ln -s deep/f keep/link && chown -R student keep && ls -l keep | wc -l")
    fact(out.split() == ["3"], "the first boot writes a small tree", out)
    _, out = sysm.run("cat /home/student/keep/link; ls -ld /home/student/keep/deep/f | "
                      "while read mode n owner rest; do echo $mode $owner; done")
    fact(out == "written before\n-rw-r--r-- student\n", "the second boot finds it, owners kept", out)
    r = subprocess.run(["debugfs", "-R", "cat /home/student/keep/deep/f", sysm.image],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    fact(r.stdout == "written before\n", "the host reads the file off the image", r.stdout)


def digest_tree(top):
    """Every name under `top`: "path dir", "path link TARGET" or "path file
    SIZE HASH", sorted (what workload.expected holds)."""
    entries = []
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            host = os.path.join(root, name)
            rel = os.path.relpath(host, top)
            if os.path.islink(host):
                entries.append(f"{rel} link {os.readlink(host)}")
            elif os.path.isdir(host):
                entries.append(f"{rel} dir")
            else:
                with open(host, "rb") as f:
                    data = f.read()
                entries.append(f"{rel} file {len(data)} {hashlib.sha256(data).hexdigest()[:16]}")
    return sorted(entries)


def tree_digest(image, tmp):
    """digest_tree of the image's /work (taken off with debugfs rdump)."""
    dest = os.path.join(tmp, "rdump")
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    r = subprocess.run(["debugfs", "-R", f"rdump /work {dest}", image],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return digest_tree(os.path.join(dest, "work")), r.stdout


def workload(sysm, tmp):
    sysm.put({"/tests/workload.sh": os.path.join(HERE, "workload.sh")})
    got, out = sysm.run("sh /tests/workload.sh", timeout=600)
    fact(got == 0, f"the build-like workload ends with 0 ({got})", out[-3000:])
    want_out = open(os.path.join(HERE, "workload.out")).read()
    fact(out == want_out, "the workload prints what it printed on the host",
         "\n".join(__import__("difflib").unified_diff(want_out.splitlines(), out.splitlines(),
                                                        "expected", "got", lineterm="", n=1)))
    entries, log = tree_digest(sysm.image, tmp)
    with open(os.path.join(HERE, "workload.expected")) as f:
        want = [l.rstrip("\n") for l in f if l.strip()]
    import difflib
    fact(entries == want, f"the tree it leaves ({len(entries)} entries) is the expected one",
         "\n".join(list(difflib.unified_diff(want, entries, "expected", "got", lineterm="",
                                             n=0))[:40]) + log[-500:])


def typed_session(sysm, steps):
    """Boot to the shell on the console (no command) and type: `steps` is
    a list of (what must have appeared since the last thing typed, what to
    type next).  Returns (the console's text, CRLF made LF; whether the
    session timed out; how many steps were left)."""
    import machrv_qemu
    import system
    build = os.environ.get("MACHRV_BUILD", os.path.join(ROOT, "build"))
    workdir = tempfile.mkdtemp(dir=os.path.dirname(sysm.image))
    archive = system.make_archive(build, workdir, sysm.config)
    a = system.parse_args(["--build", build, "--config", sysm.config, "--smp", str(sysm.smp)])
    cmd = system.qemu_command(a, archive, [machrv_qemu.parse_disk(sysm.image)])
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    steps = list(steps)
    since = 0

    def on_chunk(log):
        nonlocal since
        while steps and re.search(steps[0][0], log[since:]):
            proc.stdin.write(steps[0][1])
            proc.stdin.flush()
            since = len(log)
            steps.pop(0)
    log, timed_out = machrv_qemu.read_output(proc, 120, on_chunk)
    return log.decode(errors="replace").replace("\r\n", "\n"), timed_out, len(steps)


PROMPT = rb"(?m)^# $"    # root's prompt, nothing after it yet


def console(sysm):
    """Boot to the prompt, type, poweroff."""
    text, timed_out, left = typed_session(sysm, [
        (PROMPT, b"echo typed $((6 * 7))\n"),
        (PROMPT, b"uname -v; cd /home/student; pwd\n"),
        (PROMPT, b"poweroff\n")])
    fact(not timed_out and not left, "the console session ends by poweroff", text[-2000:])
    fact("Welcome to MachRV" in text, "the boot shows the banner (/etc/motd)", text[-2000:])
    shape = "single-server" if sysm.config == "single" else "multi-server"
    fact(re.search(rf"MachRV .*{shape}", text) is not None,
         f"the banner and uname -v name the {shape} shape", text[-2000:])
    fact("typed 42\n" in text, "a command typed at the prompt runs", text[-2000:])
    fact("\n/home/student\n" in text, "cd and pwd at the prompt", text[-2000:])
    m = re.search(r"^MACHRV-EXIT (\d+)", text, re.M)
    fact(m is not None and m.group(1) == "0", "poweroff ends the machine with status 0", text[-1000:])
    fsck(sysm.image, "the console session")


def keys(sysm):
    """The terminal's keys at the shell on the console.  Each key that ends
    a job is typed once the job is known to have the terminal: `cat` has
    copied a line it read (the shell's child takes the terminal before it
    execs, so a read is the job's in the foreground)."""
    text, timed_out, left = typed_session(sysm, [
        (PROMPT, b"cat\nfirst\n"),
        (rb"\nfirst\r?\nfirst\r?\n$", b"\x03"),
        (PROMPT, b"echo after-int=$?\n"),
        (rb"after-int=\d+\r?\n# $", b"cat\nsecond\n"),
        (rb"\nsecond\r?\nsecond\r?\n$", b"\x1c"),
        (PROMPT, b"echo after-quit=$?\n"),
        (rb"after-quit=\d+\r?\n# $", b"cat\nabc\x7f\x7fxy\n"),
        (rb"\naxy\r?\n$", b"\x04"),
        (PROMPT, b"echo after-eof=$?\n"),
        (rb"after-eof=\d+\r?\n# $", b"poweroff\n")])
    fact(not timed_out and not left, "the session ends by poweroff",
         f"{left} steps left\n" + text[-2000:])
    fact("after-int=130\n" in text, "^C ends the foreground job with SIGINT, the shell goes on",
         text[-2000:])
    fact("after-quit=131\n" in text, "^\\ ends it with SIGQUIT", text[-2000:])
    fact("abc\b \b\b \bxy\n" in text and "\naxy\n" in text,
         "DEL takes back a byte and echoes backspace, space, backspace", text[-2000:])
    fact("after-eof=0\n" in text, "^D at the start of a line ends the program's input",
         text[-2000:])
    m = re.search(r"^MACHRV-EXIT (\d+)", text, re.M)
    fact(m is not None and m.group(1) == "0", "poweroff ends the machine with status 0", text[-1000:])
    fsck(sysm.image, "the keys session")


def bsd(sysm):
    build = os.environ.get("MACHRV_BUILD", os.path.join(ROOT, "build"))
    suite = os.path.join(build, "target", "tests", "bsd")
    with tempfile.NamedTemporaryFile("w", suffix=".conf") as text:
        text.write("not a program\n")
        text.flush()
        # /bin/boot.conf: the file the suite's ENOEXEC fact runs (the archive has one).
        sysm.put({"/bsd_tests": os.path.join(suite, "bsd_tests"),
                  "/bin/bt_exec_child": os.path.join(suite, "bt_exec_child"),
                  "/bin/boot.conf": text.name})
        debugfs(sysm.image, "".join(f"sif {p} mode 0100755\n" for p in
                                    ("/bsd_tests", "/bin/bt_exec_child", "/bin/boot.conf")))
    argv = [sys.executable, os.path.join(ROOT, "scripts", "lib", "system.py"), "--build", build,
            "--config", sysm.config, "--smp", str(sysm.smp), "--disk", sysm.image,
            "--timeout", "400", "--verbose", "--init", "/bsd_tests - disk", "-c", ""]
    # -c "" only makes system.py wait for the end; /bsd_tests ignores init's options.
    r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=460)
    out = r.stdout.decode(errors="replace")
    m = re.search(r"^bsd_tests: (\d+) run, (\d+) passed, (\d+) failed", out, re.M)
    fact(m is not None and m.group(3) == "0" and int(m.group(1)) > 50,
         f"every BSD fact holds from the disk ({m.group(0) if m else 'no summary'})",
         "\n".join(l for l in out.splitlines() if "FAIL" in l) or out[-3000:])
    fact("PASS second_run_leaks_no_processes_ports_or_pages" in out,
         "the second run from the disk leaks nothing", out[-2000:])
    fact(r.returncode == 0, f"bsd_tests ends with 0 ({r.returncode})", out[-1500:])
    if os.environ.get("MACHRV_KERNEL"):
        # A variant's kernel (tests/system/CMakeLists.txt) says so at boot.
        fact(re.search(r"^variant: ", out, re.M) is not None,
             f"the kernel booted is $MACHRV_KERNEL's, a variant", out[:2000])
        fact("lock order:" not in out, "the lock checker found nothing",
             "\n".join(l for l in out.splitlines() if "lock order" in l))
    fsck(sysm.image, "the BSD suite")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "digest":
        print("\n".join(digest_tree(sys.argv[2])))    # workload.expected, from a host run
        return 0
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    kind, run, config, smp = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    with tempfile.TemporaryDirectory() as tmp:
        sysm = System(run, config, smp, tmp)
        if kind == "workload":
            workload(sysm, tmp)
        elif kind in ("userland", "session", "status", "persist", "console", "keys", "bsd"):
            globals()[kind](sysm)
        else:
            sys.exit(f"unknown kind {kind}")
    print(f"{kind}: {len(failures)} failed" if failures else f"{kind}: all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
