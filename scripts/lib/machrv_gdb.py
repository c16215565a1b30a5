# SPDX-License-Identifier: BSD-2-Clause
"""gdb commands for MachRV's tasks, threads, spaces and ports (docs/debugging.md).

Loaded by scripts/debug (`source scripts/lib/machrv_gdb.py`):

  mach-tasks             every task (all_tasks) with its threads: id, name,
                         state, and for a waiting thread what it waits for
  mach-space TASK        a task's IPC space (TASK: its id or name): each
                         name's rights, user references and object
  mach-port ADDRESS      a port: references, rights counts, queue, receiver,
                         kernel object, notification requests
  mach-wait THREAD       a thread's wait (THREAD: its id): which port, which
                         operation (receive, send on a full queue, ...)
  mach-sched             the scheduler: each hart's thread, hand-off slot and
                         pending switch; the run queue; sched_lock
  mach-leave-firmware    select a hart outside the SBI firmware (M-mode, where
                         the kernel's addresses do not translate); if every
                         hart is in it, run the selected one alone back out:
                         the others read kernel memory through that hart

They read kernel memory only; run them with the machine stopped.
"""
import gdb

TH_BITS = [(0x01, "WAIT"), (0x02, "SUSP"), (0x04, "RUN"), (0x08, "UNINT"),
           (0x10, "TERMINATE"), (0x80, "IDLE")]
TYPE_BITS = [(0x10000, "send"), (0x20000, "recv"), (0x40000, "send-once"),
             (0x80000, "port-set"), (0x100000, "dead-name"), (0x200000, "+dnreq")]
IKOT = {0: "", 1: "task", 2: "thread", 3: "host", 4: "host-priv", 5: "self-test",
        6: "memory object control", 7: "device master"}


def offset_of(struct, field):
    return int(gdb.parse_and_eval(f"(unsigned long)&((struct {struct} *)0)->{field}"))


def queue_entries(head_addr, struct, field):
    """The structs on a queue_head_t at head_addr, linked through `field'."""
    t = gdb.lookup_type(f"struct {struct}").pointer()
    off = offset_of(struct, field)
    link = gdb.parse_and_eval(f"((queue_head_t *){head_addr})->next")
    n = 0
    while int(link) != head_addr and n < 10000:
        yield gdb.Value(int(link) - off).cast(t).dereference()
        link = link["next"]
        n += 1


def tasks():
    head = int(gdb.parse_and_eval("(unsigned long)&all_tasks"))
    return list(queue_entries(head, "task", "all_tasks_link"))


def threads_of(task):
    return list(queue_entries(int(task["threads"].address), "thread", "task_threads"))


def cstr(v):
    return v.string(errors="replace") if v.type.code == gdb.TYPE_CODE_ARRAY else str(v)


def bits(value, table):
    return ",".join(n for b, n in table if value & b) or "-"


def all_ports():
    """{port address: (task, name)} for every port named in a task's space."""
    found = {}
    for t in tasks():
        space = t["itk_space"]
        if not int(space):
            continue
        for name, e in entries(space):
            obj = int(e["ie_object"])
            if obj:
                found.setdefault(obj, []).append((t, name))
    return found


def entries(space):
    table = space["is_table"]
    for i in range(1, int(space["is_table_size"])):
        e = table[i]
        if int(e["ie_bits"]) & 0x1f0000:
            yield (i << 8) | int(e["ie_gen"]), e


def task_label(task):
    return f"{cstr(task['name'])} ({int(task['id'])})"


def receiver_label(port):
    recv = port["ip_receiver"]
    if not int(port["ip_object"]["io_active"]):
        return "dead"
    if int(recv) == int(gdb.parse_and_eval("(unsigned long)ipc_space_kernel")):
        return "the kernel"
    if not int(recv):
        return "in transit"
    task = recv["is_task"]
    who = task_label(task.dereference()) if int(task) else "?"
    return f"{who}, name {int(port['ip_receiver_name']):#x}"


def wait_description(th, ports=None):
    """What a waiting thread waits for, in words."""
    ev = int(th["wait_event"])
    if not ev:
        return "nothing"
    ports = ports if ports is not None else all_ports()
    msgcount_off = offset_of("ipc_port", "ip_msgcount")
    for addr, holders in ports.items():
        otype = int(gdb.parse_and_eval(f"((struct ipc_object *){addr})->io_otype"))
        kind = "port" if otype == 1 else "port set"
        where = ", ".join(f"{cstr(t['name'])} {n:#x}" for t, n in holders)
        if ev == addr:
            return f"receive on {kind} {addr:#x} ({where})"
        if otype == 1 and ev == addr + msgcount_off:
            return f"send to port {addr:#x} ({where}): its queue is full"
    for t in tasks():
        if ev == int(t.address):
            return f"the end of task {task_label(t)}"
    sym = gdb.execute(f"info symbol {ev:#x}", to_string=True).strip()
    return f"event {ev:#x}" + ("" if sym.startswith("No symbol") else f" ({sym})")


class MachTasks(gdb.Command):
    """mach-tasks: every task and its threads, with states and waits."""

    def __init__(self):
        super().__init__("mach-tasks", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        ports = all_ports()
        for t in tasks():
            ths = threads_of(t)
            print(f"task {task_label(t)} {'active' if int(t['active']) else 'ending'}, "
                  f"{len(ths)} threads, space {int(t['itk_space']):#x}")
            for th in ths:
                state = int(th["state"])
                line = f"  thread {int(th['id'])} {cstr(th['name']) or '-'} {thread_sched(th)}"
                if state & 0x01:
                    line += ": waits for " + wait_description(th, ports)
                print(line)


class MachSpace(gdb.Command):
    """mach-space TASK: the rights in a task's IPC space (TASK: id or name)."""

    def __init__(self):
        super().__init__("mach-space", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        arg = arg.strip()
        match = [t for t in tasks() if arg in (str(int(t["id"])), cstr(t["name"]))]
        if not match:
            raise gdb.GdbError(f"mach-space: no task {arg!r}")
        t = match[0]
        space = t["itk_space"]
        print(f"space of {task_label(t)}: {int(space['is_entries_used'])} names, "
              f"table of {int(space['is_table_size'])}")
        for name, e in entries(space):
            b = int(e["ie_bits"])
            obj = int(e["ie_object"])
            line = f"  {name:#x} {bits(b, TYPE_BITS):18} urefs {b & 0xffff:<3} object {obj:#x}"
            if obj and int(gdb.parse_and_eval(f"((struct ipc_object *){obj})->io_otype")) == 1:
                port = gdb.parse_and_eval(f"*(struct ipc_port *){obj}")
                ko = IKOT.get(int(port["ip_kotype"]), "?")
                line += f" -> {receiver_label(port)}" + (f" [{ko}]" if ko else "")
            print(line)


class MachPort(gdb.Command):
    """mach-port ADDRESS: a port's references, rights, queue and receiver."""

    def __init__(self):
        super().__init__("mach-port", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        addr = int(gdb.parse_and_eval(arg))
        p = gdb.parse_and_eval(f"*(struct ipc_port *){addr:#x}")
        o = p["ip_object"]
        print(f"port {addr:#x}: {'active' if int(o['io_active']) else 'dead'}, "
              f"{int(o['io_references'])} references")
        print(f"  receiver: {receiver_label(p)}")
        if int(p["ip_label"]):
            print(f"  label: {p['ip_label'].string()}")
        ko = int(p["ip_kotype"])
        if ko:
            print(f"  kernel object: {IKOT.get(ko, ko)} {int(p['ip_kobject']):#x}")
        print(f"  send rights {int(p['ip_srights'])}, send-once rights {int(p['ip_sorights'])}, "
              f"make-send count {int(p['ip_mscount'])}")
        print(f"  queue {int(p['ip_msgcount'])}/{int(p['ip_qlimit'])}, next seqno "
              f"{int(p['ip_seqno'])}, blocked senders {int(p['ip_snd_waiters'])}")
        dn, d = 0, p["ip_dnrequests"]
        while int(d) and dn < 1000:
            dn, d = dn + 1, d["next"]
        print(f"  no-senders request {'yes' if int(p['ip_nsrequest']) else 'no'}, "
              f"port-destroyed request {'yes' if int(p['ip_pdrequest']) else 'no'}, "
              f"dead-name requests {dn}")
        holders = all_ports().get(addr, [])
        for t, name in holders:
            print(f"  named {name:#x} in {task_label(t)}")


class MachWait(gdb.Command):
    """mach-wait THREAD: what a thread (by id) waits for."""

    def __init__(self):
        super().__init__("mach-wait", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        want = int(arg.strip(), 0)
        for t in tasks():
            for th in threads_of(t):
                if int(th["id"]) == want:
                    state = int(th["state"])
                    what = wait_description(th) if state & 0x01 else "not waiting"
                    print(f"thread {want} of {task_label(t)}, state {bits(state, TH_BITS)}: {what}")
                    return
        raise gdb.GdbError(f"mach-wait: no user thread {want}")


def thread_label(th):
    if not int(th):
        return "-"
    th = th.dereference()
    return f"{int(th['id'])} {cstr(th['name']) or '-'}"


def thread_sched(th):
    """A thread's place in the scheduler, in a few words."""
    state = int(th["state"])
    words = [f"state {bits(state, TH_BITS)}", f"pri {int(th['sched_pri'])}"]
    if int(th["on_cpu"]):
        words.append(f"on hart {int(th['last_cpu'])}")
    if int(th["on_runq"]):
        words.append("on the run queue")
    if int(th["ith_fast_wait"]):
        words.append("registered for a fast sender")
    tf = th["user_frame"]
    if int(tf):
        a7 = int(tf["a7"])
        a7 = a7 - (1 << 64) if a7 >= 1 << 63 else a7		# a Mach trap's number is negative
        words.append(f"user pc {int(tf['sepc']):#x} a7 {a7}")
    return ", ".join(words)


class MachSched(gdb.Command):
    """mach-sched: each hart's thread, hand-off slot and pending switch; the run queue; sched_lock."""

    def __init__(self):
        super().__init__("mach-sched", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        lock = gdb.parse_and_eval("sched_lock")
        print(f"sched_lock {'held' if int(lock['locked']) else 'free'}; "
              f"run queue: {int(gdb.parse_and_eval('runq_count'))} threads, "
              f"top priority {int(gdb.parse_and_eval('sched_runq_top'))}")
        for i in range(int(gdb.parse_and_eval("ncpus"))):
            c = gdb.parse_and_eval(f"cpus[{i}]")
            print(f"hart {i}: {'online' if int(c['online']) else 'offline'}, "
                  f"runs {thread_label(c['active_thread'])}, "
                  f"slot {thread_label(c['handoff'])}, need_resched {int(c['need_resched'])}, "
                  f"IPIs pending {int(c['ipi_pending']):#x}")
        runq = gdb.parse_and_eval("runq")
        lo, hi = runq.type.range()
        for pri in range(lo, hi + 1):
            head = int(runq[pri].address)
            for th in queue_entries(head, "thread", "links"):
                print(f"  queued at {pri}: {thread_label(th.address)} ({thread_sched(th)})")


# OpenSBI's code and data, below the kernel's load address (riscv/kernel.ld,
# KERNEL_PHYS): a hart whose pc is here runs in M-mode.
FIRMWARE = (0x80000000, 0x80200000)
U64 = (1 << 64) - 1


def in_firmware():
    return FIRMWARE[0] <= int(gdb.parse_and_eval("$pc")) & U64 < FIRMWARE[1]


class MachLeaveFirmware(gdb.Command):
    """mach-leave-firmware: select a hart outside the SBI firmware; if every one is in it, run the selected one out."""

    def __init__(self):
        super().__init__("mach-leave-firmware", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        threads = sorted(gdb.selected_inferior().threads(), key=lambda t: t.num)
        for t in threads:
            t.switch()
            if not in_firmware():
                return
        # Every hart is in M-mode: run the first alone until the firmware
        # returns to S-mode: to mepc (an interrupt), past it (an SBI call's
        # ecall), or to stvec (an interrupt it passes on).  Stepping it
        # instead loses QEMU's gdb stub.
        threads[0].switch()
        mepc = int(gdb.parse_and_eval("$mepc")) & U64
        stvec = int(gdb.parse_and_eval("$stvec")) & U64 & ~3
        stops = [gdb.Breakpoint(f"*{a:#x}", type=gdb.BP_HARDWARE_BREAKPOINT, internal=True)
                 for a in sorted({mepc, mepc + 4, stvec})]
        gdb.execute("set scheduler-locking on", to_string=True)
        try:
            gdb.execute("continue", to_string=True)
        finally:
            gdb.execute("set scheduler-locking off", to_string=True)
            for b in stops:
                b.delete()
        print(f"hart {threads[0].num - 1} left the SBI firmware at {int(gdb.parse_and_eval('$pc')) & U64:#x}")


MachTasks()
MachSched()
MachLeaveFirmware()
MachSpace()
MachPort()
MachWait()
