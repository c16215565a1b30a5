#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot tests/fss_server/fss_client.c against the fss server, then check the disk.

  run_fss_test.py TEST_PROGRAM_SCRIPT SMP

Makes an ext2 image with Debian's mke2fs -d from a tree built here (see
fss_client.c), runs scripts/test-program --fss with it as disk0, and
after the power-off checks on the host: e2fsck -fn finds nothing, the
superblock says clean (fsys_goaway unmounted it), and debugfs reads what
the client left: persist.txt, made/a.txt, made/ln -> a.txt, made/sub.
Passes (exit 0) when the program exits 0 and every check holds.
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def sh(*cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)


def make_image(tmp):
    tree = os.path.join(tmp, "tree")
    os.makedirs(os.path.join(tree, "dir"))
    with open(os.path.join(tree, "hello.txt"), "w") as f:
        f.write("hello, fss\n")
    with open(os.path.join(tree, "big.bin"), "wb") as f:
        f.write(bytes(i * 7 % 251 for i in range(300 * 1024)))
    with open(os.path.join(tree, "ro.txt"), "w") as f:
        f.write("read only\n")
    os.chmod(os.path.join(tree, "ro.txt"), 0o444)
    for i in range(50):
        with open(os.path.join(tree, "dir", f"f{i}"), "w") as f:
            f.write(f"file {i}\n")
    img = os.path.join(tmp, "disk0.img")
    r = sh("mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", "-N", "256",
           "-E", "root_owner=0:0", "-d", tree, img, "8M")
    if r.returncode != 0:
        sys.exit(f"run_fss_test: mke2fs failed:\n{r.stdout}")
    # Whoever runs the test, the files belong to root (uid 0, gid 0).
    cmds = "".join(f"sif {p} uid 0\nsif {p} gid 0\n"
                   for p in ["/hello.txt", "/big.bin", "/ro.txt", "/dir"])
    r = sh("debugfs", "-w", "-f", "-", img, input=cmds)
    if r.returncode != 0:
        sys.exit(f"run_fss_test: debugfs failed:\n{r.stdout}")
    return img


def main():
    script, smp = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        img = make_image(tmp)
        r = sh(script, "--smp", smp, "--timeout", "240", "--fss", "--disk", img, "--ports=host_priv",
               "--extra", os.path.join(HERE, "fss_stress.c"), "--conf", "fss_stress",
               os.path.join(HERE, "fss_client.c"))
        print(r.stdout)
        # The exit status is the count of failed facts; lines of the console may
        # interleave with other tasks' (fss's exit, bootstrap's messages).
        ok = r.returncode == 0
        if not ok:
            print(f"run_fss_test: fss_client exited with {r.returncode}")
        checks = [
            ("e2fsck -fn finds nothing wrong", sh("e2fsck", "-fn", img), lambda o: True),
            ("the file system was unmounted clean", sh("dumpe2fs", "-h", img),
             lambda o: "Filesystem state:         clean" in o),
            ("persist.txt survived the power-off", sh("debugfs", "-R", "cat /persist.txt", img),
             lambda o: "survives the power-off" in o),
            ("made/ holds a.txt, ln, abs, sub", sh("debugfs", "-R", "ls /made", img),
             lambda o: all(n in o for n in ("a.txt", "ln", "abs", "sub"))),
            ("made/ln points to a.txt", sh("debugfs", "-R", "stat /made/ln", img),
             lambda o: 'Fast link dest: "a.txt"' in o),
            ("the other client's files are all gone but stress/done",
             sh("debugfs", "-R", "ls /stress", img),
             lambda o: "done" in o and "renamed" not in o and " s1 " not in o),
        ]
        ok = host_checks(checks) and ok
        ok = sync_only(script, smp, img) and ok
        return 0 if ok else 1


def sync_only(script, smp, img):
    """Boot again: write and file_sync a file, power off mounted."""
    r = sh(script, "--smp", smp, "--timeout", "240", "--fss", "--disk", img, "--args", "sync-only",
           os.path.join(HERE, "fss_client.c"))
    print(r.stdout)
    ok = r.returncode == 0	# the count of failed facts
    checks = [
        ("a synced file survives a power-off while mounted",
         sh("debugfs", "-R", "cat /synced.txt", img),
         lambda o: "written, synced, powered off" in o),
        ("the superblock says not clean (mounted at the power-off)", sh("dumpe2fs", "-h", img),
         lambda o: "Filesystem state:         not clean" in o),
        ("e2fsck -fn finds the synced file system consistent", sh("e2fsck", "-fn", img),
         lambda o: True),
    ]
    return host_checks(checks) and ok


def host_checks(checks):
    """Each (what, finished tool, predicate on its output): the tool must
    succeed and the predicate hold.  One [TEST] line each; True if all did."""
    ok = True
    for what, res, pred in checks:
        good = res.returncode == 0 and pred(res.stdout)
        print(f"[TEST] {'PASS' if good else 'FAIL'} host: {what}")
        if not good:
            print(res.stdout)
            ok = False
    return ok


if __name__ == "__main__":
    sys.exit(main())
