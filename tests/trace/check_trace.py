#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""check_trace.py ROOT CONFIG SMP: scripts/trace of `cat /etc/motd`.

- warm (and, at 1 hart, cold): the hops of its read() calls are exactly the
  list docs/read-path.md shows for the shape (the `<!-- hops: SHAPE WHEN -->`
  blocks): the document stays true;
- `ls -lR /` runs untraced beside it: none of its calls is in the trace;
- the --json file is Chrome trace-event JSON (traceEvents with name, ph,
  pid, tid, ts; complete events with dur; process names);
- the --svg file is well-formed SVG naming every lifeline (cat,
  bsd_server, fss in the multi-server shape, the kernel, the device).
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

root, config, smp = sys.argv[1], sys.argv[2], sys.argv[3]
sys.path.insert(0, os.path.join(root, "scripts", "lib"))
import tracing as tr  # noqa: E402

failures = []


def fact(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def doc_hops(when):
    with open(os.path.join(root, "docs", "read-path.md")) as f:
        text = f.read()
    m = re.search(rf"<!-- hops: {config} {when} -->\n```text\n(.*?)```", text, re.S)
    if not m:
        sys.exit(f"docs/read-path.md has no hop list for {config} {when}")
    return m.group(1).strip("\n")


def run(when, work):
    rec = os.path.join(work, f"{when}.rec")
    args = [os.path.join(root, "scripts", "trace"), "--config", config, "--smp", smp,
            "--syscall", "read", "--hops", "--records", rec, "-c", "cat /etc/motd"]
    if when == "warm":
        args += ["--warm", "--beside", "ls -lR / >/dev/null",
                 "--json", os.path.join(work, "t.json"), "--svg", os.path.join(work, "t.svg")]
    r = subprocess.run(args, capture_output=True, text=True, timeout=500)
    if r.returncode != 0:
        print(r.stdout[-3000:], r.stderr[-3000:])
        sys.exit(f"scripts/trace ended with {r.returncode}")
    return r.stdout.strip("\n"), rec


with tempfile.TemporaryDirectory() as work:
    for when in (["cold", "warm"] if smp == "1" else ["warm"]):
        hops, rec = run(when, work)
        want = doc_hops(when)
        fact(hops == want, f"{config} {when}, {smp} hart(s): read()'s hops are the document's")
        if hops != want:
            print("--- got:\n" + hops + "\n--- the document:\n" + want)
        with open(rec, "rb") as f:
            an = tr.Analysis(tr.decode(f.read()), {}, tr.unix_names())
        names = {an.tname(n.task).split("[")[0] for n in an.roots}
        fact("cat" in names, f"{when}: cat's calls are in the trace")
        if when == "warm":
            fact("ls" not in names, "the command run beside (ls) left no call in the trace")
    with open(os.path.join(work, "t.json")) as f:
        doc = json.load(f)
    ev = doc.get("traceEvents", [])
    fact(bool(ev) and all({"name", "ph", "pid"} <= set(e) for e in ev),
         "JSON: traceEvents, each with name, ph and pid")
    fact(all("ts" in e and "tid" in e for e in ev if e["ph"] != "M"),
         "JSON: every event has ts and tid")
    fact(any(e["ph"] == "X" and e.get("dur", -1) >= 0 for e in ev),
         "JSON: complete events with durations")
    fact(any(e["ph"] == "M" and e["name"] == "process_name" for e in ev),
         "JSON: process names")
    svg = ET.parse(os.path.join(work, "t.svg")).getroot()
    fact(svg.tag.endswith("svg"), "SVG: well-formed, an <svg> document")
    texts = " ".join(t.text or "" for t in svg.iter() if t.tag.endswith("text"))
    lanes = ["cat[", "bsd_server[", "kernel", "disk device"] + (["fss["] if config == "multi" else [])
    fact(all(lane in texts for lane in lanes), "SVG: a lifeline named for each of " + ", ".join(lanes))
    fact(texts.count("read(") >= 2, "SVG: both read() calls are drawn")

sys.exit(1 if failures else 0)
