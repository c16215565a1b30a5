#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""portgraph of the whole Unix system has the expected edges (tests/ports).

    check_portgraph_unix.py BUILD CONFIG

Runs scripts/lib/portgraph.py --config CONFIG -c 'sleep 3 </etc/motd'
(the graph taken a second after the command started, while sleep runs
with /etc/motd as its standard input), then checks the Graphviz source:
the servers of the shape and the processes init, sh and sleep as boxes
with their pids (lsmp left out); each process's kernel-held syscall port
as a dotted edge to bsd_server labelled with its pid and program; in the
multi-server shape bsd_server's send right to fss's port of /etc/motd,
and in the single-server shape no fss at all; and an SVG rendered by dot.
"""
import os
import re
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
build, config = sys.argv[1], sys.argv[2]

with tempfile.TemporaryDirectory() as d:
    dot, svg = os.path.join(d, "g.dot"), os.path.join(d, "g.svg")
    r = subprocess.run([sys.executable, os.path.join(root, "scripts", "lib", "portgraph.py"),
                        "--build", build, "--config", config, "-c", "sleep 3 </etc/motd",
                        "--dot", dot, "--svg", svg])
    if r.returncode:
        sys.exit("check_portgraph_unix: portgraph failed")
    text = open(dot).read()
    svg_text = open(svg).read()

boxes = re.findall(r'^  task(\d+) \[shape=box, style=bold, label="(\S+) \(\d+\)(?:\\npid (\d+))?"\];$',
                   text, re.M)
nodes = {f"task{tid}": (name, int(pid) if pid else None) for tid, name, pid in boxes}
ids = {name: node for node, (name, pid) in nodes.items()}
edges = re.findall(r'^  (\w+) -> (\w+) \[label="([^"]*)", style=(\w+)\];$', text, re.M)
errors = []


def expect(what, pred):
    if not any(pred(s, dst, lab, st) for s, dst, lab, st in edges):
        errors.append(what)


servers = ["bootstrap", "bsd_server", "console", "virtio_blk"] + (["fss"] if config == "multi" else [])
want = sorted(servers + ["init", "sh", "sleep"])
if sorted(name for name, pid in nodes.values()) != want:
    errors.append(f"tasks {sorted(name for name, pid in nodes.values())}, not {want}")
else:
    bsd = ids["bsd_server"]
    if nodes[ids["init"]][1] != 1 or not nodes[ids["sleep"]][1] or nodes[bsd][1] is not None:
        errors.append(f"pids: {nodes}")
    for prog in ("init", "sh", "sleep"):
        node, pid = ids[prog], nodes[ids[prog]][1]
        expect(f"{prog} -> bsd_server, its syscall port (pid {pid})",
               lambda S, D, L, st, node=node, pid=pid, prog=prog:
               S == node and D == bsd and st == "dotted" and
               f"\\nsyscall port of pid {pid} ({prog}) -> 0x" in L)
    if config == "multi":
        expect("bsd_server -> fss, the port of /etc/motd",
               lambda S, D, L, st: S == bsd and D == ids["fss"] and "\\nfile /etc/motd -> 0x" in L)
    elif "/etc/motd" in text:
        errors.append("a port of /etc/motd in the single-server shape")
if "<svg" not in svg_text:
    errors.append("no SVG from dot")
for e in errors:
    print("check_portgraph_unix: missing:", e)
if errors:
    print(text)
    sys.exit(1)
print(f"check_portgraph_unix: {config}: {len(nodes)} tasks, {len(edges)} edges, every expected one there")
