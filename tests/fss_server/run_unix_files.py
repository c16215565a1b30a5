#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A Unix program's files and system facts through bsd_server, in both shapes.

  run_unix_files.py TEST_PROGRAM_SCRIPT SMP [single|multi]

Makes an ext2 image (mke2fs -d) holding secret.txt (root's, 0600) and
readme.txt (0644), runs tests/fss_server/unix_files.c on it with
scripts/test-program --unix --config multi (bsd_server through the fss
server; the default) or single (the file system linked into bsd_server),
which puts the program on the disk, where bsd_server loads it from, and
gives it the shape as its argument (uname must name it); then checks the
disk on the host: e2fsck -fn finds it consistent, debugfs reads
kept.txt, and stamped.txt has today's time (the root directory is dated
2001, so a stamp continued from the root's newest time instead of the
calendar would show).
"""
import os
import re
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from run_fss_test import host_checks, sh  # noqa: E402


def stamped_today(debugfs_stat):
    m = re.search(r"mtime: 0x([0-9a-f]+)", debugfs_stat)
    return m is not None and abs(int(m.group(1), 16) - time.time()) < 86400


def main():
    script, smp = sys.argv[1], sys.argv[2]
    config = sys.argv[3] if len(sys.argv) > 3 else "multi"
    with tempfile.TemporaryDirectory() as tmp:
        tree = os.path.join(tmp, "tree")
        os.makedirs(tree)
        os.makedirs(os.path.join(tree, "dev"))	# as the root disk's: bsd_server's devices cover it
        for name, mode, text in [("secret.txt", 0o600, "root only\n"),
                                 ("readme.txt", 0o644, "anyone\n")]:
            path = os.path.join(tree, name)
            with open(path, "w") as f:
                f.write(text)
            os.chmod(path, mode)
        img = os.path.join(tmp, "disk0.img")
        r = sh("mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", "-E", "root_owner=0:0", "-d",
               tree, img, "8M")
        if r.returncode != 0:
            sys.exit(f"run_unix_files: mke2fs failed:\n{r.stdout}")
        cmds = "".join(f"sif /{n} uid 0\nsif /{n} gid 0\n" for n in ("secret.txt", "readme.txt"))
        cmds += "".join(f"sif / {t} 20010101000000\n" for t in ("atime", "mtime", "ctime"))
        sh("debugfs", "-w", "-f", "-", img, input=cmds)
        # The program is told the shape, which uname must name.
        r = sh(script, "--smp", smp, "--timeout", "240", "--unix", "--config", config, "--disk", img,
               "--args=" + config, os.path.join(HERE, "unix_files.c"))
        print(r.stdout)
        # The exit status is the count of failed facts.
        ok = r.returncode == 0
        if not ok:
            print(f"run_unix_files: unix_files exited with {r.returncode}")
        ok = host_checks([
            ("e2fsck -fn finds the file system consistent", sh("e2fsck", "-fn", img),
             lambda o: True),
            ("kept.txt is on the disk", sh("debugfs", "-R", "cat /kept.txt", img),
             lambda o: "written by a Unix process" in o),
            ("stamped.txt's mtime on the disk is within a day of the host's clock",
             sh("debugfs", "-R", "stat /stamped.txt", img), stamped_today),
        ]) and ok
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
