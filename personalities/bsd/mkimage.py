#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Make the BSD personality's root disk: an ext2 image of a Unix tree.

    mkimage.py --out IMAGE --size 64M --tree DIR --modes FILE --strip STRIP
               [--program /bin/NAME=ELF]... [--link /bin/NAME=TARGET]...

The tree (personalities/bsd/root: /etc and the like) and the programs are
staged in a temporary directory, made into an ext2 file system with
Debian's mke2fs -d (4 KiB blocks), then every inode is given its owner and
mode with debugfs: root's (0:0) unless the modes file (root.modes) says
otherwise, directories and programs 0755, other files 0644.  The programs
lose their debugging sections (STRIP --strip-debug; the build keeps the
full ones for gdb) and keep their symbols.  The result does not depend on
who runs the build, so a user's image and CI's are the same.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def fail(msg):
    sys.exit(f"mkimage: {msg}")


def read_modes(path):
    """root.modes: {path: (type, mode, uid, gid)}."""
    modes = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            if len(words) != 5 or words[1] not in ("dir", "file") or not words[0].startswith("/"):
                fail(f"{path}:{n}: expected 'PATH dir|file MODE UID GID'")
            modes[words[0]] = (words[1], int(words[2], 8), int(words[3]), int(words[4]))
    return modes


def pair(arg, what):
    path, sep, src = arg.partition("=")
    if not sep or not path.startswith("/") or not src:
        fail(f"--{what} {arg}: expected /PATH=SOURCE")
    return path, src


def stage_tree(a, stage, modes):
    """Copy the tree, the programs and the links into `stage`; the set of
    paths that are programs (mode 0755)."""
    shutil.copytree(a.tree, stage, symlinks=True, dirs_exist_ok=True)
    programs = set()
    for arg in a.program:
        path, elf = pair(arg, "program")
        dest = stage + path
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        r = subprocess.run([a.strip, "--strip-debug", "-o", dest, elf],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            fail(f"{a.strip} {elf}: {r.stdout.strip()}")
        programs.add(path)
    for arg in a.link:
        path, target = pair(arg, "link")
        dest = stage + path
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.symlink(target, dest)
    for path, (kind, _, _, _) in modes.items():
        if kind == "dir":
            os.makedirs(stage + path, exist_ok=True)
        elif not os.path.lexists(stage + path):
            fail(f"{a.modes}: {path} is not in the tree")
    return programs


def debugfs_script(stage, modes, programs):
    """set_inode_field commands giving every inode its owner and mode."""
    cmds = []
    for root, dirs, files in os.walk(stage):
        for name in sorted(dirs) + sorted(files) + ([""] if root == stage else []):
            host = os.path.join(root, name) if name else root
            path = "/" + os.path.relpath(host, stage) if host != stage else "/"
            if os.path.islink(host):
                kind, mode = 0o120000, 0o777
            elif os.path.isdir(host):
                kind, mode = 0o040000, 0o755
            else:
                kind, mode = 0o100000, 0o755 if path in programs else 0o644
            uid = gid = 0
            if path in modes:
                _, mode, uid, gid = modes[path]
            cmds += [f'sif "{path}" mode 0{kind | mode:o}',
                     f'sif "{path}" uid {uid}', f'sif "{path}" gid {gid}']
    return "\n".join(cmds) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--size", default="64M")
    p.add_argument("--tree", required=True)
    p.add_argument("--modes", required=True)
    p.add_argument("--strip", required=True)
    p.add_argument("--program", action="append", default=[])
    p.add_argument("--link", action="append", default=[])
    a = p.parse_args()
    tools = {}
    for tool in ("mke2fs", "debugfs", "e2fsck"):
        tools[tool] = shutil.which(tool) or next(
            (p for p in (f"/sbin/{tool}", f"/usr/sbin/{tool}") if os.path.exists(p)), None)
        if not tools[tool]:
            fail(f"{tool} is missing (Debian's e2fsprogs; scripts/packages)")
    modes = read_modes(a.modes)
    with tempfile.TemporaryDirectory() as tmp:
        stage = os.path.join(tmp, "root")
        programs = stage_tree(a, stage, modes)
        image = a.out + ".new"
        r = subprocess.run([tools["mke2fs"], "-q", "-F", "-t", "ext2", "-b", "4096", "-L", "machrv",
                            "-E", "root_owner=0:0", "-d", stage, image, a.size],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            fail(f"mke2fs: {r.stdout}")
        r = subprocess.run([tools["debugfs"], "-w", "-f", "-", image], input=debugfs_script(stage, modes, programs),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        bad = [l for l in r.stdout.splitlines() if "sif" not in l and "debugfs" not in l and l.strip()]
        if r.returncode != 0 or bad:
            fail("debugfs: " + "\n".join(bad or [r.stdout]))
        r = subprocess.run([tools["e2fsck"], "-fn", image], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        if r.returncode != 0:
            fail(f"e2fsck finds the new image unclean:\n{r.stdout}")
        os.replace(image, a.out)


if __name__ == "__main__":
    main()
