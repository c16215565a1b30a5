#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The whole system's port rights as a Graphviz graph (scripts/portgraph).

Two ways to boot:

--config single|multi: the whole Unix system of that shape (as scripts/run
boots it, on a fresh copy of the root disk); init runs, as root,
    sh -c 'COMMAND & sleep DELAY; /bin/lsmp -d -a; wait'
so the graph is taken --delay seconds (1) after COMMAND (-c) started,
while it runs: give it something that lasts (`sleep 5 </etc/motd`, a
pipeline that waits for input).  Each process's box shows its pid, and a
dotted edge its syscall port, which the kernel holds for it, to bsd_server.

Otherwise (the Mach-only way): bootstrap starts the console driver, the
tasks of --boot-conf, the program of -c, and last `lsmp -d -a` (with the
host-priv port).  Without -c lsmp takes the rights as soon as it starts;
with -c the program chooses the moment: it sends a message with a reply
right to the service "portgraph.now" and lsmp lists the system while the
program waits for the answer.

Either way lsmp prints every task's rights as "@ports ..." lines on the
console (personalities/tools/lsmp.c).

The graph: a box per task, an ellipse per kernel object that someone holds
a right to (task, thread, host, host-priv, device master, ...) with a
dotted line to the task or thread it stands for, and an edge per send or
send-once right from the task holding it to the task holding the receive
right (or the kernel object), labelled with the right, its name in the
holder's space, its user references and what the port is (a service, a
bootstrap port, its label).  Rendered with Graphviz's `dot`.

--boot-conf FILE: more boot.conf lines (docs/bootstrap.md); each PROGRAM
is compiled from PROGRAM.c beside FILE.
"""
import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machrv_qemu  # noqa: E402
import system  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LSMP = os.path.join(ROOT, "personalities", "tools", "lsmp.c")
KOTYPES = {1: "thread", 2: "task", 3: "host", 4: "host-priv", 19: "device master",
           32: "memory object control", 0x4d52: "self-test"}


def fail(msg):
    print(f"portgraph: {msg}", file=sys.stderr)
    raise SystemExit(1)


def build_archive(a, work):
    target = os.path.join(a.build, "target")
    cc = os.path.join(target, "machrv-cc")
    for f in (cc, os.path.join(target, "bootstrap", "bootstrap"),
              os.path.join(target, "drivers", "console", "console")):
        if not os.path.exists(f):
            fail(f"{f} is missing: build first (scripts/run or scripts/test)")
    stage = os.path.join(work, "archive")
    os.makedirs(stage)
    shutil.copy(os.path.join(target, "bootstrap", "bootstrap"), stage)
    shutil.copy(os.path.join(target, "drivers", "console", "console"), stage)

    def compile_c(src, name):
        if not os.path.isfile(src):
            fail(f"no such file: {src}")
        if subprocess.run(["sh", cc, "-o", os.path.join(stage, name), src]).returncode:
            fail(f"{src}: compilation failed")

    compile_c(LSMP, "lsmp")
    conf = ["--ports=device --service=console console"]
    if a.boot_conf:
        base = os.path.dirname(os.path.abspath(a.boot_conf))
        with open(a.boot_conf) as f:
            for line in f:
                words = line.split("#")[0].split()
                if not words:
                    continue
                prog = next((w for w in words if not w.startswith("--")), None)
                if prog is None:
                    fail(f"{a.boot_conf}: a line without a program: {line.strip()}")
                if not os.path.exists(os.path.join(stage, prog)):
                    compile_c(os.path.join(base, prog + ".c"), prog)
                conf.append(" ".join(words))
    lsmp = "--poweroff --ports=host_priv lsmp -d -a"
    if a.command:
        name = os.path.basename(a.command).removesuffix(".c")
        compile_c(os.path.abspath(a.command), name)
        conf.append(name)
        lsmp = "--poweroff --ports=host_priv --service=portgraph.now lsmp -d -w portgraph.now -a"
    conf.append(lsmp)
    with open(os.path.join(stage, "boot.conf"), "w") as f:
        f.write("\n".join(conf) + "\n")
    archive = os.path.join(work, "portgraph.cpio")
    with open(archive, "wb") as out:
        files = "".join(f + "\n" for f in sorted(os.listdir(stage)))
        if subprocess.run(["cpio", "-o", "-H", "newc", "--reproducible", "--owner=0:0", "--quiet"],
                          cwd=stage, input=files.encode(), stdout=out).returncode:
            fail("cpio failed")
    return archive


def unix_command(command, delay):
    """What init runs for --config: the command, then the snapshot while it runs."""
    return f"{command} & sleep {delay:g}; /bin/lsmp -d -a; wait"


def build_unix_archive(a, work):
    """The whole system's archive (scripts/lib/system.py) and a fresh root disk."""
    image = system.target_file(a.build, "personalities", "bsd", "root.img")
    if not os.path.exists(image):
        fail(f"{image} is missing: build first (scripts/run or scripts/test)")
    disk = os.path.join(work, "disk.img")
    subprocess.run(["cp", "--sparse=always", image, disk], check=True)
    try:
        archive = system.make_archive(a.build, work, a.config,
                                      command=unix_command(a.command, a.delay))
    except (OSError, ValueError) as e:
        fail(str(e))
    return archive, [machrv_qemu.parse_disk(disk)]


def parse(text):
    """Tasks {id: name}, threads {id: task id}, pids {task id: pid}, rights
    [dict] and kernel-held syscall ports [dict] from lsmp -d."""
    tasks, threads, rights = {}, {}, []
    parse.pids, parse.special = {}, []
    for line in text.splitlines():
        if not line.startswith("@ports "):
            continue
        f = line.split()
        if f[1] == "task":
            tasks[int(f[2])] = " ".join(f[3:])
        elif f[1] == "thread":
            threads[int(f[2])] = int(f[3])
        elif f[1] == "pid":
            parse.pids[int(f[2])] = int(f[3])
        elif f[1] == "special":
            r = {"task": int(f[2]), "kind": f[3]}
            rest = line.split(" label=", 1)
            r["label"] = rest[1] if len(rest) > 1 and rest[1] != "-" else ""
            for kv in rest[0].split()[4:]:
                k, v = kv.split("=", 1)
                r[k] = int(v, 16) if k in ("obj", "flags", "rname") else int(v)
            parse.special.append(r)
        elif f[1] == "right":
            r = {"task": int(f[2]), "name": f[3], "rights": f[4], "urefs": int(f[5])}
            rest = line.split(" label=", 1)
            r["label"] = rest[1] if len(rest) > 1 and rest[1] != "-" else ""
            for kv in rest[0].split()[6:]:
                k, v = kv.split("=", 1)
                r[k] = int(v, 16) if k in ("obj", "flags", "rname") or v.startswith("0x") else int(v)
            rights.append(r)
    return tasks, threads, rights


def q(s):
    return '"' + s.replace('"', '\\"') + '"'


def to_dot(tasks, threads, rights, inspector=False, pids=None, special=()):
    """The graph; lsmp's own task and the rights to and from it (artifacts of
    the inspection) are left out unless `inspector'.  `pids' {task id: pid}
    and `special' (the kernel-held syscall ports) come from the Unix lsmp."""
    pids = pids or {}
    if not inspector:
        lsmp = {tid for tid, name in tasks.items() if name == "lsmp"}
        tasks = {tid: name for tid, name in tasks.items() if tid not in lsmp}
        rights = [r for r in rights if r["task"] not in lsmp and r.get("recv") not in lsmp and
                  not (r.get("kotype") == 2 and r.get("kobject") in lsmp)]
        special = [s for s in special if s["task"] not in lsmp]
        # lsmp's syscall port is bsd_server's receive right: gone with it.
        rights = [r for r in rights if not r["label"].startswith("syscall port of pid ") or
                  not r["label"].endswith(" (lsmp)")]
    out = ["digraph ports {", "  rankdir=LR;", "  node [fontname=Helvetica, fontsize=10];",
           "  edge [fontname=Helvetica, fontsize=8];"]
    for tid, name in sorted(tasks.items()):
        text = f"{name} ({tid})" + (f"\\npid {pids[tid]}" if tid in pids else "")
        out.append(f"  task{tid} [shape=box, style=bold, label={q(text)}];")
    kobjects = {}
    edges = []
    for r in rights:
        if "send" not in r["rights"] or r["rights"].startswith("recv"):
            continue   # receive rights are where edges end; sets and dead names lead nowhere
        label = f"{r['rights']} {r['name']}"
        if r["urefs"] > 1:
            label += f" x{r['urefs']}"
        if r["label"]:
            label += f"\\n{r['label']}"
        flags = r.get("flags", 0)
        if flags & 0x04:
            continue
        if flags & 0x01:
            kind = KOTYPES.get(r["kotype"], "kernel")
            node = f"k{r['kotype']}_{r['kobject']}"
            text = kind
            if r["kotype"] == 2:
                text = f"task port\\n{tasks.get(r['kobject'], '?')} ({r['kobject']})"
            elif r["kotype"] == 1:
                text = f"thread {r['kobject']}"
            kobjects[node] = (text, r["kotype"], r["kobject"])
            edges.append((f"task{r['task']}", node, label, "dashed" if "once" in r["rights"] else "solid"))
        elif flags & 0x02:
            kobjects["transit"] = ("in transit", None, None)
            edges.append((f"task{r['task']}", "transit", label, "solid"))
        elif r.get("recv") in tasks:
            edges.append((f"task{r['task']}", f"task{r['recv']}",
                          label + f" -> {r['rname']:#x}", "dashed" if "once" in r["rights"] else "solid"))
    for node, (text, kotype, kobject) in sorted(kobjects.items()):
        out.append(f"  {node} [shape=ellipse, style=filled, fillcolor=lightgrey, label={q(text)}];")
        if kotype == 2 and kobject in tasks:
            out.append(f"  {node} -> task{kobject} [style=dotted, arrowhead=none];")
        elif kotype == 1 and threads.get(kobject) in tasks:
            out.append(f"  {node} -> task{threads[kobject]} [style=dotted, arrowhead=none];")
    for s in special:
        if s.get("recv") in tasks and s["task"] in tasks:
            edges.append((f"task{s['task']}", f"task{s['recv']}",
                          f"{s['kind']} port (the kernel holds it)\\n{s['label']} -> "
                          f"{s['rname']:#x}", "dotted"))
    for src, dst, label, style in edges:
        out.append(f"  {src} -> {dst} [label={q(label)}, style={style}];")
    out.append("}")
    return "\n".join(out) + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--build", required=True)
    p.add_argument("--config", choices=("single", "multi"),
                   help="boot the whole Unix system in this shape (needs -c COMMAND)")
    p.add_argument("-c", dest="command", metavar="COMMAND",
                   help="with --config: a shell command, the graph taken while it runs; "
                        "without: COMMAND.c, a program that chooses the moment "
                        "(a message to portgraph.now)")
    p.add_argument("--delay", type=float, default=1,
                   help="with --config: seconds between COMMAND's start and the graph (1)")
    p.add_argument("--boot-conf", metavar="FILE",
                   help="(without --config) more boot.conf lines; PROGRAM.c beside the file")
    p.add_argument("--svg", help="write the graph here, rendered by dot")
    p.add_argument("--dot", help="write the Graphviz source here")
    p.add_argument("--dump", help="write lsmp's @ports lines here")
    p.add_argument("--inspector", action="store_true",
                   help="also show lsmp, the task that takes the snapshot, and its rights")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--timeout", type=float, default=60)
    a = p.parse_args()
    if not (a.svg or a.dot or a.dump):
        p.error("say where the graph goes: --svg FILE (or --dot FILE, --dump FILE)")
    if a.config and not a.command:
        p.error("--config needs -c 'COMMAND' (the graph is taken while it runs)")
    if a.config and a.boot_conf:
        p.error("--boot-conf is for the Mach-only boot, not with --config")
    kernel = os.path.join(a.build, "target", "mach", "mach_kernel")
    os.makedirs(os.path.join(a.build, "programs"), exist_ok=True)
    with tempfile.TemporaryDirectory(dir=os.path.join(a.build, "programs")) as work:
        if a.config:
            archive, disks = build_unix_archive(a, work)
        else:
            archive, disks = build_archive(a, work), ()
        cmd = machrv_qemu.qemu_command(kernel, smp=a.smp, initrd=archive,
                                       append="init=bootstrap poweroff", disks=disks,
                                       workdir=work)
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        log, timed_out = machrv_qemu.read_output(proc, a.timeout, lambda log: None)
    text = log.decode(errors="replace").replace("\r\n", "\n")
    if timed_out or "@ports end" not in text:
        sys.stdout.write(text[text.find("init: starting bootstrap"):])
        fail("no listing from lsmp" + (" (timeout)" if timed_out else ""))
    tasks, threads, rights = parse(text)
    if a.dump:
        with open(a.dump, "w") as f:
            f.write("".join(l + "\n" for l in text.splitlines() if l.startswith("@ports ")))
    dot = to_dot(tasks, threads, rights, a.inspector, parse.pids, parse.special)
    if a.dot:
        with open(a.dot, "w") as f:
            f.write(dot)
    if a.svg:
        if not shutil.which("dot"):
            fail("Graphviz's dot is missing (Debian package graphviz, in scripts/packages)")
        r = subprocess.run(["dot", "-Tsvg", "-o", a.svg], input=dot.encode())
        if r.returncode:
            fail("dot failed")
    counts = collections.Counter("kernel" if r.get("flags", 0) & 1 else "task" for r in rights
                                 if "send" in r["rights"] and not r["rights"].startswith("recv"))
    print(f"portgraph: {len(tasks)} tasks, {len(rights)} names, {counts['task']} rights to "
          f"tasks' ports, {counts['kernel']} to kernel objects", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
