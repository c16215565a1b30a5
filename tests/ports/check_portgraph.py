#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""portgraph of a known configuration has the expected edges (tests/ports).

Runs scripts/lib/portgraph.py with --boot-conf graph.conf -c graph_client.c,
then checks the Graphviz source: the client's send right to graph_server
(labelled with the service), its send-once right to its own port, each
task's send right to its own task port, each started task's bootstrap
port, the console's device master port and bootstrap's host-priv port;
lsmp left out; and an SVG rendered by dot.
"""
import os
import re
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.abspath(os.path.join(here, "..", ".."))
build = sys.argv[1]

with tempfile.TemporaryDirectory() as d:
    dot, svg = os.path.join(d, "g.dot"), os.path.join(d, "g.svg")
    r = subprocess.run([sys.executable, os.path.join(root, "scripts", "lib", "portgraph.py"),
                        "--build", build, "--boot-conf", os.path.join(here, "graph.conf"),
                        "-c", os.path.join(here, "graph_client.c"), "--dot", dot, "--svg", svg])
    if r.returncode:
        sys.exit("check_portgraph: portgraph failed")
    text = open(dot).read()
    svg_text = open(svg).read()

nodes = dict(re.findall(r'^  (task\d+) \[shape=box, style=bold, label="(\S+) \(\d+\)"\];$', text, re.M))
ids = {name: node for node, name in nodes.items()}
kobj = dict(re.findall(r'^  (k\d+_\d+) \[shape=ellipse.*label="([^"]*)"\];$', text, re.M))
edges = re.findall(r'^  (\w+) -> (\w+) \[label="([^"]*)", style=(\w+)\];$', text, re.M)
errors = []


def expect(what, pred):
    if not any(pred(s, d, l, st) for s, d, l, st in edges):
        errors.append(what)


if sorted(nodes.values()) != ["bootstrap", "console", "graph_client", "graph_server"]:
    errors.append(f"tasks {sorted(nodes.values())}")
else:
    c, s, b, con = ids["graph_client"], ids["graph_server"], ids["bootstrap"], ids["console"]
    expect("graph_client -> graph_server, send, service graph_server",
           lambda S, D, L, st: S == c and D == s and L.startswith("send 0x") and
           L.endswith("service graph_server -> 0x" + L.split("-> 0x")[-1]) and st == "solid")
    expect("graph_client -> itself, send-once, dashed",
           lambda S, D, L, st: S == c and D == c and L.startswith("send-once") and st == "dashed")
    for t in (c, s, con):
        name = nodes[t]
        expect(f"{name} -> bootstrap, its bootstrap port",
               lambda S, D, L, st, t=t, name=name: S == t and D == b and
               f"bootstrap port of {name}" in L)
    for t, name in nodes.items():
        expect(f"{name} -> its own task port",
               lambda S, D, L, st, t=t, name=name: S == t and kobj.get(D, "").endswith(
                   f"{name} ({t[4:]})") and L.startswith("send 0x101"))
    expect("console -> device master",
           lambda S, D, L, st: S == con and kobj.get(D) == "device master")
    expect("bootstrap -> host-priv", lambda S, D, L, st: S == b and kobj.get(D) == "host-priv")
if "<svg" not in svg_text:
    errors.append("no SVG from dot")
for e in errors:
    print("check_portgraph: missing:", e)
if errors:
    print(text)
    sys.exit(1)
print(f"check_portgraph: {len(nodes)} tasks, {len(edges)} edges, every expected one there")
