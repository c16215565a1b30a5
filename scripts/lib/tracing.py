#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""scripts/trace: boot MachRV, trace one command, show every hop.

The guest's `trace -x COMMAND` (personalities/tools/trace.c) runs the
command with the kernel's event trace on and prints the raw records
(<machrv/trace.h>) in base64; this script boots the system with QEMU's
-icount (so that rdinstret counts guest instructions exactly), decodes the
records and builds, for each system call of the traced processes, the tree
of hops it caused: the trap, the message to the BSD server, the messages
to the file server and the disk driver, the kernel-object calls, page
faults, interrupts and the replies, each with the instructions spent in it
(exclusive) and under it (inclusive).  docs/read-path.md explains it.

  scripts/trace [--config single|multi] [--smp N] [--syscall NAME]... [--warm]
                [--json FILE] [--svg FILE] [--hops] [--records FILE] -c 'COMMAND'

--warm runs the command once before the traced run (a warm block cache);
--json writes Chrome trace-event JSON (Perfetto, chrome://tracing);
--svg a sequence diagram; --hops prints only the hop kinds of each call
(what tests/trace compares); --records FILE keeps the raw records;
--from FILE analyses records kept before instead of booting.
"""
import argparse
import base64
import collections
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import machrv_qemu  # noqa: E402
import system  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECORD = struct.Struct("<QQHBBIII4Q")
assert RECORD.size == 64

# <machrv/trace.h>
(TR_TRAP_ENTER, TR_TRAP_EXIT, TR_MSG_SEND, TR_MSG_RECV, TR_KOBJECT, TR_SWITCH, TR_FAULT,
 TR_FAULT_DONE, TR_IRQ, TR_TASK_NAME, TR_PORT_LABEL, TR_NOTE) = range(1, 13)
TRF_TRACED, TRF_KERNEL, TRF_SEND_ONCE = 1, 2, 4
NOTES = {1: "bsd_syscall", 2: "bsd_return", 3: "fs_op", 4: "fs_lookup", 5: "fs_cache",
         6: "fs_read_blocks", 7: "blk_request", 8: "blk_done"}
MACH_TRAPS = {26: "mach_reply_port", 27: "thread_self_trap", 28: "task_self_trap",
              29: "host_self_trap", 31: "mach_msg_trap", 59: "swtch_pri", 60: "swtch",
              61: "thread_switch", 120: "machrv_debug_write", 121: "machrv_null_trap",
              122: "machrv_trace_note_trap", 123: "machrv_task_writable",
              124: "machrv_vm_read_overwrite_trap", 125: "machrv_vm_write_trap",
              126: "machrv_port_set_label_trap",
              10: "_kernelrpc_mach_vm_allocate_trap", 12: "_kernelrpc_mach_vm_deallocate_trap",
              14: "_kernelrpc_mach_vm_protect_trap", 15: "_kernelrpc_mach_vm_map_trap",
              16: "_kernelrpc_mach_port_allocate_trap", 17: "_kernelrpc_mach_port_destroy_trap",
              18: "_kernelrpc_mach_port_deallocate_trap",
              19: "_kernelrpc_mach_port_mod_refs_trap",
              20: "_kernelrpc_mach_port_move_member_trap",
              77: "_kernelrpc_mach_port_request_notification_trap",
              21: "_kernelrpc_mach_port_insert_right_trap",
              22: "_kernelrpc_mach_port_insert_member_trap",
              23: "_kernelrpc_mach_port_extract_member_trap"}
UNIX_SYSCALL_ID = 0x55000
SPECIAL_IDS = {UNIX_SYSCALL_ID: "unix_syscall", UNIX_SYSCALL_ID + 100: "unix_syscall_reply",
               5890: "device_intr_notify", 64 + 6: "mach_notify_no_senders",
               64 + 7: "mach_notify_send_once", 64 + 8: "mach_notify_dead_name",
               64 + 5: "mach_notify_port_destroyed", 64 + 1: "mach_notify_port_deleted"}


class Record:
    __slots__ = ("instret", "cycle", "kind", "hart", "flags", "aux", "task", "thread", "a",
                 "index")

    def __init__(self, raw, index):
        f = RECORD.unpack(raw)
        self.instret, self.cycle, self.kind, self.hart, self.flags, self.aux = f[:6]
        self.task, self.thread = f[6], f[7]
        self.a = list(f[8:12])
        self.index = index


def decode(data):
    return [Record(data[i:i + 64], i // 64) for i in range(0, len(data) - 63, 64)]


def text_of(words):
    return b"".join(struct.pack("<Q", w) for w in words).split(b"\0")[0].decode(errors="replace")


# ---------------------------------------------------------------- names

def routine_names(build):
    """msgh_id -> routine name, from every interface in the tree (mig -list)."""
    names = dict(SPECIAL_IDS)
    mig = os.path.join(build, "mig", "mig")
    if not os.path.exists(mig):
        return names
    inc = os.path.join(ROOT, "mach", "include")
    with tempfile.TemporaryDirectory() as tmp:
        for defs in sorted(glob.glob(os.path.join(inc, "**", "*.defs"), recursive=True)):
            out = os.path.join(tmp, "list")
            r = subprocess.run([mig, "-q", "-list", out, "-I", inc, "-user", os.devnull,
                                "-server", os.devnull, "-header", os.devnull,
                                "-sheader", os.devnull, defs],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if r.returncode != 0 or not os.path.exists(out):
                continue
            with open(out) as f:
                for line in f:
                    w = line.split()
                    if len(w) >= 6:
                        names.setdefault(int(w[4]), w[2])
                        names.setdefault(int(w[5]), w[2] + "_reply")
            os.unlink(out)
    return names


def unix_names():
    """Unix call number -> (name, number of arguments), from the one table."""
    names = {}
    with open(os.path.join(ROOT, "personalities", "bsd", "syscalls.h")) as f:
        for m in re.finditer(r"^BSD_SYSCALL\((\d+),\s*(\w+),\s*(\d+)", f.read(), re.M):
            names[int(m.group(1))] = (m.group(2), int(m.group(3)))
    return names


def signed32(v):
    return v - (1 << 32) if v & 0x80000000 else v


def signed64(v):
    return v - (1 << 64) if v & (1 << 63) else v


# ---------------------------------------------------------------- the tree

class Node:
    """A span of work (a call, an RPC served, a kernel call, a fault) or an event."""

    def __init__(self, kind, name, rec, parent=None, who=""):
        self.kind, self.name, self.who = kind, name, who
        self.task, self.thread = rec.task, rec.thread
        self.start, self.end = rec.instret, None
        self.parent = parent
        self.children = []
        self.excl = 0
        self.detail = ""
        self.msgs = self.bytes = self.pages = self.rights = self.switches = 0
        self.traps = 1 if kind == "syscall" else 0
        self.reply_port = 0
        self.seq = rec.index
        if parent is not None:
            parent.children.append(self)

    def incl(self):
        return self.excl + sum(c.incl() for c in self.children if c.kind not in EVENT_KINDS)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


EVENT_KINDS = ("event", "reply", "irq", "note")


class Analysis:
    def __init__(self, records, routines, unix, lost=0):
        self.routines, self.unix = routines, unix
        self.lost = lost
        self.task_names = {0: "kernel"}
        self.roots = []
        self.arrows = []        # (serial, from task, to task, name, bytes, send instret, recv instret)
        self.irqs = []
        self.disk_out = 0       # traced disk requests not yet answered by an interrupt
        self.faults = []
        parts = collections.defaultdict(dict)
        for r in records:
            if r.kind == TR_TASK_NAME:
                parts[r.a[0]][r.aux] = text_of(r.a[1:4])
        for t, p in parts.items():
            self.task_names[t] = "".join(p[k] for k in sorted(p))
        self.port_labels = {}
        lparts = collections.defaultdict(dict)
        for r in records:
            if r.kind == TR_PORT_LABEL:
                lparts[r.a[0]][r.aux] = text_of(r.a[1:4])
        for p, d in lparts.items():
            self.port_labels[p] = "".join(d[k] for k in sorted(d))
        # One order for all harts: under -icount the cycle counter is QEMU's
        # one virtual clock.
        self.records = sorted(records, key=lambda r: (r.cycle, r.hart, r.index))
        self.build()

    def tname(self, task):
        return f"{self.task_names.get(task, 'task')}[{task}]" if task else "kernel"

    def routine(self, msgid):
        return self.routines.get(msgid, f"id {msgid}")

    def build(self):
        stacks = collections.defaultdict(list)     # thread -> open spans
        task_open = collections.defaultdict(list)   # task -> open spans (newest last)
        pending = {}                                 # serial -> (send record, parent span)
        awaiting = {}                                # reply port -> the span its reply closes
        running, last = {}, {}
        open_spans = []

        def opened(node):
            stacks[node.thread].append(node)
            task_open[node.task].append(node)
            open_spans.append(node)

        def close(node, rec):
            node.end = rec.instret
            for lst in (stacks[node.thread], task_open[node.task], open_spans):
                if node in lst:
                    lst.remove(node)

        def current(thread, task):
            if stacks.get(thread):
                return stacks[thread][-1]
            if task and task_open.get(task):
                return task_open[task][-1]
            return None

        for r in self.records:
            # The instructions since this hart's last record: to whatever its thread was doing.
            if r.hart in last:
                th, tk = running.get(r.hart, (None, None))
                node = current(th, tk) if th is not None else None
                if node is not None:
                    node.excl += r.instret - last[r.hart]
            last[r.hart] = r.instret
            if r.hart not in running and r.thread:
                running[r.hart] = (r.thread, r.task)
            k = r.kind
            if k == TR_TRAP_ENTER:
                num = signed32(r.aux)
                if num >= 0:
                    name, nargs = self.unix.get(num, (f"syscall {num}", 3))
                    args = ", ".join(f"{a:#x}" if 0xffff < a < 1 << 63 else str(signed64(a))
                                     for a in r.a[:min(nargs, 4)])
                else:
                    name = MACH_TRAPS.get(-num, f"mach trap {-num}")
                    args = ""
                parent = current(r.thread, None)
                n = Node("syscall", name, r, parent, self.tname(r.task))
                n.detail = f"({args})" if num >= 0 else ""
                n.number = num
                if parent is None:
                    self.roots.append(n)
                opened(n)
            elif k == TR_TRAP_EXIT:
                st = stacks.get(r.thread, [])
                node = next((s for s in reversed(st) if s.kind == "syscall"), None)
                if node is not None:
                    rv = signed64(r.a[0])
                    if node.number >= 0 and node.name in ("execve", "exit") and rv == -38:
                        node.detail += " (no return: " + \
                            ("the program goes on in a new task)" if node.name == "execve"
                             else "the process ended)")
                    else:
                        node.detail += f" = {rv}" if rv >= 0 or node.number < 0 else \
                            f" = -1 (errno {-rv})"
                    close(node, r)
            elif k == TR_MSG_SEND:
                serial, dest, reply, carried = r.a
                nbytes, pages, rights = carried & 0xffffffff, (carried >> 32) & 0xffff, carried >> 48
                parent = current(r.thread, r.task) if r.task else None
                # A reply goes to a send-once right (a port's identity is its
                # address: a new port may have an old one's).
                closing = awaiting.pop(dest, None) if r.flags & TRF_SEND_ONCE else None
                if closing is not None:
                    # The reply: it ends the span serving the request.
                    ev = Node("reply", self.routine(r.aux), r, closing, self.tname(r.task))
                    ev.detail = f"{nbytes} bytes"
                    ev.bytes, ev.msgs = nbytes, 1
                    close(closing, r)
                    pending[serial] = (r, None, True)
                    continue
                if parent is None and not r.task:
                    parent = open_spans[-1] if open_spans else None
                if parent is not None:
                    parent.msgs += 1
                    parent.bytes += nbytes
                    parent.pages += pages
                    parent.rights += rights
                pending[serial] = (r, parent, False)
            elif k == TR_MSG_RECV:
                serial = r.a[0]
                sent = pending.get(serial)
                if sent is None:
                    continue
                srec, parent, is_reply = sent
                self.arrows.append((serial, srec.task, r.task, self.routine(srec.aux),
                                    srec.a[3] & 0xffffffff, srec.instret, r.instret,
                                    is_reply))
                if is_reply or srec.a[2] == 0:
                    if not is_reply and parent is not None:
                        ev = Node("event", self.routine(srec.aux), r, parent, self.tname(r.task))
                        ev.detail = f"one-way to {self.tname(r.task)}"
                    continue
                name = self.routine(srec.aux)
                if srec.aux == UNIX_SYSCALL_ID and parent is not None:
                    name = f"unix_syscall: {parent.name}"
                n = Node("rpc", name, r, parent, self.tname(r.task))
                n.detail = f"from {self.tname(srec.task)}, {srec.a[3] & 0xffffffff} bytes"
                label = self.port_labels.get(srec.a[1])
                if label:
                    n.detail += f", port: {label}"
                n.reply_port = srec.a[2]
                awaiting[srec.a[2]] = n
                opened(n)
            elif k == TR_KOBJECT:
                sent = pending.get(r.a[0])
                parent = sent[1] if sent else current(r.thread, r.task)
                n = Node("kernel", self.routine(r.aux), r, parent, "kernel")
                n.detail = "kernel object"
                if sent and sent[0].a[2]:
                    awaiting[sent[0].a[2]] = n
                    opened(n)
                    self.arrows.append((r.a[0], sent[0].task, 0, self.routine(r.aux),
                                        sent[0].a[3] & 0xffffffff, sent[0].instret,
                                        r.instret, False))
                else:
                    n.end = r.instret
            elif k == TR_FAULT:
                parent = current(r.thread, r.task)
                n = Node("fault", "page fault", r, parent, self.tname(r.task))
                n.detail = f"at {r.a[0]:#x}"
                if parent is None:
                    self.roots.append(n)
                opened(n)
                self.faults.append((r.task, r.instret, r.a[0]))
            elif k == TR_FAULT_DONE:
                st = stacks.get(r.thread, [])
                node = next((s for s in reversed(st) if s.kind == "fault"), None)
                if node is not None:
                    close(node, r)
            elif k == TR_NOTE:
                if NOTES.get(r.aux) == "blk_request":
                    self.disk_out += 1      # a traced request (the driver notes only those)
                parent = current(r.thread, r.task)
                if parent is None:
                    continue
                ev = Node("note", NOTES.get(r.aux, f"note {r.aux}"), r, parent,
                          self.tname(r.task))
                ev.detail = self.note_text(r)
            elif k == TR_IRQ:
                # The kernel records every device interrupt; one belongs to
                # the traced work only while a traced disk request is out
                # (an untraced task's console or disk interrupt may land
                # inside a traced call: it is not one of its hops).
                parent = open_spans[-1] if open_spans and self.disk_out > 0 else None
                self.irqs.append((r.instret, r.aux))
                if parent is not None:
                    self.disk_out -= 1
                    ev = Node("irq", f"interrupt {r.aux}", r, parent, "device")
                    ev.detail = "the device is done"
            elif k == TR_SWITCH:
                th, tk = running.get(r.hart, (r.thread, r.task))
                node = current(th, tk)
                if node is not None:
                    node.switches += 1
                running[r.hart] = (r.a[0], r.a[1])

    def note_text(self, r):
        n0, n1 = r.a[0], r.a[1]
        text = text_of(r.a[2:4])
        if r.aux == 1:
            return f"{self.unix.get(n0, (n0,))[0]} for pid {n1} ({text})"
        if r.aux == 2:
            return f"= {signed64(n0)}" + (f" (errno {n1})" if n1 else "")
        if r.aux == 3:
            return f"{text} inode {n0}, {n1} bytes"
        if r.aux == 4:
            return f"'{text}' in directory {n0}: " + (f"inode {n1}" if n1 else "not found")
        if r.aux == 5:
            return f"block {n0}: {text}"
        if r.aux == 6:
            return f"read {n1} block(s) from {n0}"
        if r.aux == 7:
            return f"virtio {text} sector {n0}, {n1} bytes"
        if r.aux == 8:
            return f"virtio done sector {n0}, status {n1}"
        return f"{n0} {n1} {text}"

    # ------------------------------------------------------------ output

    def calls(self, syscalls=None, task_names=None):
        out = []
        for n in self.roots:
            if n.kind != "syscall":
                continue
            if syscalls and n.name not in syscalls:
                continue
            out.append(n)
        return out

    def summary(self, n):
        msgs = sum(x.msgs for x in n.walk() if x.kind not in EVENT_KINDS)
        msgs += sum(1 for x in n.walk() if x.kind == "reply")
        nbytes = sum(x.bytes for x in n.walk())
        pages = sum(x.pages for x in n.walk())
        switches = sum(x.switches for x in n.walk())
        traps = sum(x.traps for x in n.walk())
        faults = sum(1 for x in n.walk() if x.kind == "fault")
        irqs = sum(1 for x in n.walk() if x.kind == "irq")
        return dict(traps=traps, messages=msgs, inline_bytes=nbytes, ool_pages=pages,
                    switches=switches, faults=faults, interrupts=irqs,
                    instructions=n.incl())

    def hops(self, n):
        """The hop kinds under a call, in order (what the tests compare)."""
        out = []

        def visit(x, depth):
            if x.kind == "syscall":
                out.append(f"{'  ' * depth}trap {x.name}")
            elif x.kind == "rpc":
                out.append(f"{'  ' * depth}rpc {x.name} -> {strip_id(x.who)}")
            elif x.kind == "kernel":
                out.append(f"{'  ' * depth}kernel {x.name}")
            elif x.kind == "fault":
                out.append(f"{'  ' * depth}fault")
            elif x.kind == "irq":
                out.append(f"{'  ' * depth}interrupt")
            elif x.kind == "reply":
                out.append(f"{'  ' * depth}reply")
            elif x.kind == "note" and x.name in ("fs_cache", "blk_request", "fs_lookup"):
                out.append(f"{'  ' * depth}note {x.name}"
                           + (f" {x.detail.split(': ')[-1]}" if x.name == "fs_cache" else ""))
            for c in x.children:
                visit(c, depth + 1)
        visit(n, 0)
        return out

    def text(self, calls, out):
        for n in calls:
            self.print_node(n, "", True, out, top=True)
            s = self.summary(n)
            out.write(f"  = {n.name}: {s['traps']} trap(s), {s['messages']} message(s) "
                      f"({s['inline_bytes']} bytes inline, {s['ool_pages']} page(s) out of line), "
                      f"{s['switches']} switch(es), {s['faults']} fault(s), "
                      f"{s['interrupts']} interrupt(s), {s['instructions']:,} instructions\n\n")
        if self.lost:
            out.write(f"({self.lost} records were lost: the trace rings were full)\n")

    def print_node(self, n, prefix, last, out, top=False):
        if n.kind in EVENT_KINDS:
            what = {"reply": "<- reply", "irq": "!", "note": "·", "event": "->"}[n.kind]
            line = f"{what} {n.who}: {n.name} {n.detail}".rstrip()
            cost = ""
        else:
            arrow = {"syscall": "", "rpc": "-> ", "kernel": "-> ", "fault": ""}[n.kind]
            line = f"{arrow}{n.who}: {n.name}{n.detail if n.kind == 'syscall' else ''}"
            if n.kind != "syscall" and n.detail:
                line += f" ({n.detail})"
            cost = f"{n.incl():>10,} {n.excl:>9,}"
        branch = "" if top else ("└─ " if last else "├─ ")
        text = f"{prefix}{branch}{line}"
        out.write(f"{text:<78} {cost}\n".rstrip() + "\n")
        kids = n.children
        for i, c in enumerate(kids):
            self.print_node(c, prefix + ("" if top else ("   " if last else "│  ")),
                            i == len(kids) - 1, out)

    def chrome_json(self, calls):
        events = []
        tasks = set()
        for root in calls:
            for n in root.walk():
                tasks.add(n.task)
                base = {"pid": n.task, "tid": n.thread or n.task,
                        "ts": n.start / 1000.0}
                if n.kind in EVENT_KINDS:
                    events.append(dict(base, name=f"{n.name}", ph="i", s="t",
                                       cat=n.kind, args={"detail": n.detail}))
                else:
                    end = n.end if n.end is not None else n.start + n.incl()
                    events.append(dict(base, name=f"{n.name}", ph="X", cat=n.kind,
                                       dur=max(end - n.start, 0) / 1000.0,
                                       args={"detail": n.detail, "inclusive": n.incl(),
                                             "exclusive": n.excl, "who": n.who}))
        for t in sorted(tasks):
            events.append({"name": "process_name", "ph": "M", "pid": t,
                           "args": {"name": self.tname(t)}})
        return {"traceEvents": events, "displayTimeUnit": "ns",
                "otherData": {"clock": "guest instructions (1 instruction shown as 1 ns)"}}

    def svg(self, calls):
        """A sequence diagram: a lifeline per task, the kernel and the device."""
        spans = [(c.start, c.end if c.end is not None else c.start) for c in calls]
        arrows = [a for a in self.arrows
                  if any(s <= a[5] <= e for s, e in spans)] if spans else list(self.arrows)
        arrows.sort(key=lambda a: a[5])
        irqs = [i for i in self.irqs if any(s <= i[0] <= e for s, e in spans)]
        faults = [f for f in self.faults if any(s <= f[1] <= e for s, e in spans)]
        order = []
        for c in calls:
            if c.task not in order:
                order.append(c.task)
        for a in arrows:
            for t in (a[1], a[2]):
                if t not in order:
                    order.append(t)
        if 0 not in order:
            order.append(0)
        lanes = order + ["device"]
        names = [self.tname(t) if t != "device" else "disk device" for t in lanes]
        x = {t: 110 + 170 * i for i, t in enumerate(lanes)}
        items = [("call", c.start, c) for c in calls] + [("arrow", a[5], a) for a in arrows] \
            + [("irq", i[0], i) for i in irqs] + [("fault", f[1], f) for f in faults]
        items.sort(key=lambda it: it[1])
        height = 90 + 28 * len(items) + 40
        width = 110 + 170 * len(lanes)
        o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="monospace" font-size="11">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
             'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/>'
             '</marker></defs>', '<title>MachRV trace: sequence of messages</title>']
        for t, n in zip(lanes, names):
            o.append(f'<text x="{x[t]}" y="30" text-anchor="middle" font-weight="bold">'
                     f'{esc(n)}</text>')
            o.append(f'<line x1="{x[t]}" y1="40" x2="{x[t]}" y2="{height - 20}" '
                     'stroke="#999" stroke-dasharray="4 3"/>')
        y = 60
        prev = None
        for kind, when, it in items:
            cost = "" if prev is None else f" (+{when - prev:,})"
            prev = when
            if kind == "call":
                o.append(f'<text x="{x[it.task] - 100}" y="{y}" fill="#06c">'
                         f'{esc(it.name + it.detail)}</text>')
            elif kind == "arrow":
                _, src, dst, name, nbytes, _, _, is_reply = it
                x1, x2 = x.get(src, x[0]), x.get(dst, x[0])
                if x1 == x2:
                    x2 = x1 + 30
                dash = ' stroke-dasharray="5 3"' if is_reply else ""
                o.append(f'<line x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="black"{dash} '
                         'marker-end="url(#arrow)"/>')
                o.append(f'<text x="{min(x1, x2) + 4}" y="{y - 4}">{esc(name)} '
                         f'{nbytes}B{esc(cost)}</text>')
            elif kind == "irq":
                o.append(f'<line x1="{x["device"]}" y1="{y}" x2="{x[0]}" y2="{y}" stroke="red" '
                         'marker-end="url(#arrow)"/>')
                o.append(f'<text x="{x[0] + 4}" y="{y - 4}" fill="red">interrupt '
                         f'{it[1]}{esc(cost)}</text>')
            else:
                o.append(f'<circle cx="{x.get(it[0], x[0])}" cy="{y}" r="4" fill="orange"/>')
                o.append(f'<text x="{x.get(it[0], x[0]) + 8}" y="{y + 4}" fill="#b60">'
                         f'page fault {it[2]:#x}{esc(cost)}</text>')
            y += 28
        o.append("</svg>")
        return "\n".join(o) + "\n"


def shquote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def strip_id(who):
    return re.sub(r"\[\d+\]$", "", who)


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- booting

def extract(text):
    """The records and the lost count from the guest's `trace -x` output."""
    m = re.search(r"@trace-begin (\d+) records (\d+) lost\n(.*?)@trace-end", text, re.S)
    if not m:
        return None, 0
    data = base64.b64decode("".join(m.group(3).split()))
    return data, int(m.group(2))


def e2tool(name):
    """An e2fsprogs program (debugfs, e2fsck), also where PATH may not reach."""
    for d in ("", "/sbin/", "/usr/sbin/"):
        found = shutil.which(d + name)
        if found:
            return found
    raise FileNotFoundError(f"{name} is missing (e2fsprogs, scripts/packages)")


def check_disk(disk):
    """The disk a run wrote must stay e2fsck-clean."""
    r = subprocess.run([e2tool("e2fsck"), "-fn", disk], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"the disk is not e2fsck-clean after the run:\n{r.stdout[-2000:]}")


def boot_and_trace(a):
    image = system.target_file(a.build, "personalities", "bsd", "root.img")
    if not os.path.exists(image):
        raise FileNotFoundError(f"{image} is missing: build first")
    work = tempfile.mkdtemp(prefix="trace-", dir=a.build)
    try:
        disk = os.path.join(work, "disk.img")
        subprocess.run(["cp", "--sparse=always", image, disk], check=True)
        quoted = "'" + a.command.replace("'", "'\\''") + "'"
        cmd = ""
        if a.beside:
            cmd += f"sh -c {shquote(a.beside)} & "
        if a.warm:
            cmd += f"sh -c {quoted} >/dev/null 2>&1; "
        cmd += f"trace -x sh -c {quoted}"
        if a.beside:
            cmd += "; st=$?; wait; exit $st"
        archive = system.make_archive(a.build, work, a.config, None, cmd)
        ns = argparse.Namespace(build=a.build, smp=a.smp, mem="128M", qemu_extra=[],
                                icount=True)
        qemu = system.qemu_command(ns, archive, [machrv_qemu.parse_disk(disk)])
        proc = subprocess.Popen(qemu, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        log, timed_out = machrv_qemu.read_output(proc, a.timeout, lambda _log: None)
        text = log.decode(errors="replace").replace("\r\n", "\n")
        if timed_out:
            raise TimeoutError(f"no end after {a.timeout:g} s; the console ended with:\n"
                               + text[-3000:])
        data, lost = extract(text)
        if data is None:
            tail = text[-3000:]
            raise RuntimeError(f"the guest printed no trace; its console ended with:\n{tail}")
        check_disk(disk)
        before = text.split("@trace-begin")[0]
        start = before.rfind("bsd_server: init is ")
        output = before[before.find("\n", start) + 1:] if start >= 0 else ""
        return data, lost, output
    finally:
        shutil.rmtree(work, ignore_errors=True)


def parse_args(argv=None):
    p = argparse.ArgumentParser(prog="scripts/trace", description=__doc__.split("\n")[0])
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--config", choices=("single", "multi"), default="multi")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--syscall", action="append", default=[], metavar="NAME",
                   help="only these system calls (e.g. read)")
    p.add_argument("--warm", action="store_true", help="run the command once first")
    p.add_argument("--json", metavar="FILE", help="Chrome trace-event JSON")
    p.add_argument("--svg", metavar="FILE", help="a sequence diagram")
    p.add_argument("--hops", action="store_true", help="only the hop kinds of each call")
    p.add_argument("--records", metavar="FILE", help="keep the raw records")
    p.add_argument("--from", dest="source", metavar="FILE", help="analyse kept records")
    p.add_argument("--timeout", type=float, default=300)
    # Tests: an untraced command run beside the traced one (it must not show).
    p.add_argument("--beside", help=argparse.SUPPRESS)
    p.add_argument("-c", dest="command")
    a = p.parse_args(argv)
    if not 1 <= a.smp <= 8:
        p.error(f"--smp {a.smp}: from 1 to 8 harts")
    if a.command is None and a.source is None:
        p.error("-c 'COMMAND' is needed (or --from FILE)")
    return a


def main(argv=None):
    a = parse_args(argv)
    try:
        if a.source:
            with open(a.source, "rb") as f:
                data = f.read()
            lost, output = 0, ""
        else:
            data, lost, output = boot_and_trace(a)
            if a.records:
                with open(a.records, "wb") as f:
                    f.write(data)
    except (FileNotFoundError, TimeoutError, RuntimeError, OSError, ValueError) as e:
        print(f"trace: {e}", file=sys.stderr)
        return 124 if isinstance(e, TimeoutError) else 125
    an = Analysis(decode(data), routine_names(a.build), unix_names(), lost)
    calls = an.calls(set(a.syscall) if a.syscall else None)
    if a.hops:
        for n in calls:
            print("\n".join(an.hops(n)))
            print()
    else:
        if output.strip() and not a.source:
            sys.stdout.write("--- the command's output ---\n" + output +
                             "--- its trace ---\n")
        header = f"{'who: what':<78} {'inclusive':>10} {'exclusive':>9}"
        print(header)
        an.text(calls, sys.stdout)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(an.chrome_json(calls), f, indent=1)
    if a.svg:
        with open(a.svg, "w") as f:
            f.write(an.svg(calls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
