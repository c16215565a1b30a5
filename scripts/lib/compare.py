#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""scripts/compare: the two shapes of the same Unix, side by side.

Boots the multi-server and the single-server shape (docs/shapes.md) under
QEMU's -icount, runs the same operations in each with the guest's
`opcost -x` (personalities/tools/opcost.c), and prints one table: for each
operation the guest instructions it takes, and the traps, messages, bytes
sent inline, pages sent out of line and context switches, in each shape,
with the multi/single ratio.  From the event trace of each operation it
then says where the multi-server shape spends its extra instructions:
which task (with the kernel's work on its behalf) spends more.

  scripts/compare [--smp N]... [--runs N] [--short] [--json FILE] [--plot FILE] [OP...]
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machrv_qemu  # noqa: E402
import system  # noqa: E402
import tracing  # noqa: E402

SHORT_OPS = ["getpid", "lseek", "read_1_byte_cached+lseek", "open_close", "fork_exit_wait"]
FIELDS = ("instructions", "traps", "messages", "inline_bytes", "ool_pages", "switches")
LINE = re.compile(r"^([a-z0-9_+]+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)$")
WORKLOAD = os.path.join(tracing.ROOT, "tests", "system", "workload.sh")


def attribute(data):
    """Instructions per task name in a trace (each hart's intervals to its running thread's task)."""
    records = sorted(tracing.decode(data), key=lambda r: (r.cycle, r.hart, r.index))
    names = {0: "kernel"}
    parts = collections.defaultdict(dict)
    for r in records:
        if r.kind == tracing.TR_TASK_NAME:
            parts[r.a[0]][r.aux] = tracing.text_of(r.a[1:4])
    for t, p in parts.items():
        names[t] = "".join(p[k] for k in sorted(p))
    running, last = {}, {}
    spent = collections.Counter()
    for r in records:
        if r.hart in last and r.hart in running:
            spent[names.get(running[r.hart], f"task {running[r.hart]}")] += r.instret - last[r.hart]
        last[r.hart] = r.instret
        if r.kind == tracing.TR_SWITCH:
            running[r.hart] = r.a[1]
        elif r.hart not in running and r.thread:
            running[r.hart] = r.task
    return spent


def parse(text):
    """opcost -x output: {op: {fields..., 'spent': Counter, 'lost': bool}}."""
    ops = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = LINE.match(lines[i].strip())
        i += 1
        if not m:
            continue
        n = int(m.group(2))
        row = dict(runs=n, instructions=float(m.group(3)), traps=float(m.group(4)),
                   messages=float(m.group(5)), inline_bytes=float(m.group(6)),
                   ool_pages=float(m.group(7)), switches=float(m.group(8)),
                   lost=False, spent=collections.Counter())
        if i < len(lines) and lines[i].startswith("@trace-begin"):
            j = lines.index("@trace-end", i)
            data, lost = tracing.extract("\n".join(lines[i:j + 1]) + "\n")
            row["lost"] = lost > 0
            if data:
                total = attribute(data)
                row["spent"] = collections.Counter({k: v / n for k, v in total.items()})
            i = j + 1
        ops[m.group(1)] = row
    return ops


def without_lseek(ops):
    """The "+lseek" operations less the lseek line."""
    out = {}
    base = ops.get("lseek")
    for name, row in ops.items():
        if name.endswith("+lseek") and base:
            r = dict(row)
            for f in FIELDS:
                r[f] = max(row[f] - base[f], 0)
            r["spent"] = collections.Counter(row["spent"])
            r["spent"].subtract(base["spent"])
            out[name[:-len("+lseek")]] = r
        else:
            out[name] = row
    return out


def boot(build, config, smp, args, timeout):
    image = system.target_file(build, "personalities", "bsd", "root.img")
    if not os.path.exists(image):
        raise FileNotFoundError(f"{image} is missing: build first")
    work = tempfile.mkdtemp(prefix="compare-", dir=build)
    try:
        disk = os.path.join(work, "disk.img")
        subprocess.run(["cp", "--sparse=always", image, disk], check=True)
        # The userland's build-like workload (tests/system), for opcost's last operation.
        for req in ("mkdir tests", f"write {WORKLOAD} tests/workload.sh"):
            subprocess.run([tracing.e2tool("debugfs"), "-w", "-R", req, disk], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        archive = system.make_archive(build, work, config, None, "opcost -x " + args)
        ns = argparse.Namespace(build=build, smp=smp, mem="128M", qemu_extra=[], icount=True)
        cmd = system.qemu_command(ns, archive, [machrv_qemu.parse_disk(disk)])
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        log, timed_out = machrv_qemu.read_output(proc, timeout, lambda _log: None)
        text = log.decode(errors="replace").replace("\r\n", "\n")
        if timed_out:
            raise TimeoutError(f"{config}-server at {smp} hart(s): no end after {timeout:g} s")
        how, status, _ = machrv_qemu.outcome(text, "bsd_server")
        if how != "exited" or status != 0:
            raise RuntimeError(f"{config}-server at {smp} hart(s): opcost did not end well "
                               f"({how} {status}):\n{text[-2500:]}")
        tracing.check_disk(disk)
        return parse(text)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fmt(v, integer=True):
    return f"{v:,.0f}" if integer else (f"{v:.1f}".rstrip("0").rstrip(".") or "0")


def table(results, smp, out):
    multi, single = results[("multi", smp)], results[("single", smp)]
    out.write(f"At {smp} hart(s), per operation (multi-server / single-server):\n\n")
    head = (f"{'operation':<22} {'instructions':>19} {'ratio':>6} {'traps':>9} {'messages':>10} "
            f"{'inline bytes':>13} {'ool pages':>10} {'switches':>9}\n")
    out.write(head)
    out.write("-" * (len(head) - 1) + "\n")
    for op in multi:
        if op not in single:
            continue
        m, s = multi[op], single[op]
        ratio = m["instructions"] / s["instructions"] if s["instructions"] else float("nan")
        cells = [f"{fmt(m['instructions'])}/{fmt(s['instructions'])}", f"{ratio:.2f}"]
        for f in FIELDS[1:]:
            cells.append(f"{fmt(m[f], False)}/{fmt(s[f], False)}")
        lost = ""
        out.write(f"{op:<22} {cells[0]:>19} {cells[1]:>6} {cells[2]:>9} {cells[3]:>10} "
                  f"{cells[4]:>13} {cells[5]:>10} {cells[6]:>9}{lost}\n")
    out.write("\nWhere the multi-server shape spends more (instructions per operation, by the\n"
              "task running, the kernel's work for it included; from the event trace"
              + ("; at more than one hart a hart's count includes the others'" if smp > 1 else "")
              + "):\n\n")
    for op in multi:
        if op not in single:
            continue
        m, s = multi[op], single[op]
        extra = m["instructions"] - s["instructions"]
        if extra <= 0.05 * max(s["instructions"], 1):
            continue
        if m["lost"] or s["lost"]:
            out.write(f"  {op}: {extra:+,.0f} (the trace rings filled up: no split by task)\n")
            continue
        diff = collections.Counter(m["spent"])
        diff.subtract(s["spent"])
        # (Task 0 is the kernel's own threads, chiefly the idle loop: waiting, not work.)
        parts = [f"{name} {v:+,.0f}" for name, v in diff.most_common()
                 if abs(v) >= 200 and name != "kernel"][:5]
        out.write(f"  {op}: {extra:+,.0f} ({', '.join(parts) or 'spread thin'})\n")
    out.write("\n")


def plot(results, smps, path):
    """A bar chart per hart count (matplotlib, from Debian's python3-matplotlib)."""
    data = {f"{smp}": {op: (results[("multi", smp)][op]["instructions"],
                            results[("single", smp)][op]["instructions"])
                       for op in results[("multi", smp)] if op in results[("single", smp)]}
            for smp in smps}
    code = r'''
import json, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
data, path = json.loads(sys.argv[1]), sys.argv[2]
fig, axes = plt.subplots(len(data), 1, figsize=(11, 4.5 * len(data)), squeeze=False)
for ax, (smp, ops) in zip(axes[:, 0], data.items()):
    names = list(ops)
    xs = range(len(names))
    ax.bar([x - 0.2 for x in xs], [ops[n][0] for n in names], 0.4, label="multi-server")
    ax.bar([x + 0.2 for x in xs], [ops[n][1] for n in names], 0.4, label="single-server")
    ax.set_xticks(list(xs))
    ax.set_xticklabels(names, rotation=30, ha="right", fontsize=8)
    ax.set_yscale("log")
    ax.set_ylabel("guest instructions per operation")
    ax.set_title(f"MachRV: the two shapes at {smp} hart(s)")
    ax.legend()
fig.tight_layout()
fig.savefig(path)
'''
    for py in (sys.executable, "/usr/bin/python3"):
        r = subprocess.run([py, "-c", code, json.dumps(data), path], capture_output=True, text=True)
        if r.returncode == 0:
            return None
    return r.stderr.strip().split("\n")[-1]


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="scripts/compare", description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.path.join(tracing.ROOT, "build"))
    p.add_argument("--smp", type=int, action="append", metavar="N",
                   help="harts (again for more; default 1)")
    p.add_argument("--runs", type=int, default=0, help="runs per operation (default: each its own)")
    p.add_argument("--short", action="store_true", help="a few operations, 3 runs each (CI)")
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--plot", metavar="FILE", help="a chart (.svg or .png)")
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("ops", nargs="*", metavar="OP")
    a = p.parse_args(argv)
    a.smp = a.smp or [1]
    for n in a.smp:
        if not 1 <= n <= 8:
            p.error(f"--smp {n}: from 1 to 8 harts")
    return a


def main(argv=None):
    a = parse_args(argv)
    ops = a.ops or (SHORT_OPS if a.short else [])
    runs = a.runs or (3 if a.short else 0)
    args = (f"-n {runs} " if runs else "") + " ".join(ops)
    results = {}
    try:
        for smp in a.smp:
            for config in ("multi", "single"):
                results[(config, smp)] = without_lseek(boot(a.build, config, smp, args, a.timeout))
    except (FileNotFoundError, RuntimeError, OSError) as e:
        print(f"compare: {e}", file=sys.stderr)
        return 124 if isinstance(e, TimeoutError) else 125
    for smp in a.smp:
        table(results, smp, sys.stdout)
    if a.json:
        doc = {f"{config}-server smp{smp}": {op: {k: (dict(v) if k == "spent" else v)
                                                  for k, v in row.items()}
                                             for op, row in rows.items()}
               for (config, smp), rows in results.items()}
        with open(a.json, "w") as f:
            json.dump(doc, f, indent=1)
    if a.plot:
        err = plot(results, a.smp, a.plot)
        if err:
            print(f"compare: no chart ({err}); scripts/packages lists python3-matplotlib",
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
