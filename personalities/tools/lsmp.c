// SPDX-License-Identifier: BSD-2-Clause
// lsmp: list the port rights of tasks, and where each right leads.
//
//   lsmp                  this task's own rights
//   lsmp TASK...          the tasks named (a task id or a program name;
//                         built for Unix, a number is a process id)
//   lsmp -a               every task
//   lsmp -d ...           machine-readable lines ("@ports ..."), for portgraph
//   lsmp -w SERVICE ...   check in SERVICE, wait for one request, list, reply:
//                         the requester chooses the moment (docs/port-rights.md)
//
//   scripts/run --program personalities/tools/lsmp.c --ports host_priv --args "-a"
//   scripts/run -c 'lsmp $$; lsmp -a'        (the Unix build, /bin/lsmp)
//
// The same source is a plain Mach program and, built with LSMP_UNIX, the
// Unix program /bin/lsmp of the root disk (personalities/bsd/image.cmake).
// Reading another task's space needs the host-priv port: the Mach program
// takes it from its registered ports (bootstrap's --ports=host_priv); the
// Unix one asks bsd_server (get_privileged_ports, root only) and learns
// each process's task with task_for_pid (<machrv/bsd_ports.h>).  Without
// it the kernel answers KERN_NO_ACCESS and lsmp says so.  Each name shows
// its rights and user references; each send and send-once right the task
// that holds its receive right (with that task's name for it) and what the
// port stands for: a kernel object (task, thread, host, ...), the label its
// receiver gave it (mach_port_set_label: "syscall port of pid 7 (sh)", a
// file of fss, the console), or a service registered with bootstrap.
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <mach/mach.h>
#include <mach_debug/ipc_info.h>
#include <servers/bootstrap.h>
#ifdef LSMP_UNIX
#include <errno.h>
#include <unistd.h>
#include <sys/sysctl.h>
#include <machrv/bsd_ports.h>
#include <machrv/bsd_sysctl.h>
#else
#include <machrv/console.h>
#include <servers/console.h>
#endif

#define MAX_TASKS	64
#define MAX_THREADS	256
#define MAX_SERVICES	64

struct task_rec {
	mach_port_t port;	// our send right to its task port
	natural_t id;
	char name[32];
};

static struct task_rec tasks[MAX_TASKS];
static unsigned ntasks;
static struct { natural_t id, task_id; } threads[MAX_THREADS];
static unsigned nthreads;
static struct { natural_t object; char name[160]; } services[MAX_SERVICES];
static unsigned nservices;
static bool dump;		// -d

static mach_port_t host_priv = MACH_PORT_NULL;

#ifdef LSMP_UNIX
// The Unix processes: pid and command of each living task (kern.proc.all,
// then task_for_pid), so a task can be named by its pid.
#define MAX_PROCS	MAX_TASKS
static struct { natural_t task_id; int pid; char comm[BSD_KP_NAMELEN]; } procs[MAX_PROCS];
static unsigned nprocs;
static int priv_error;		// get_privileged_ports's answer

static void
collect_procs(void)
{
	int mib[3] = { CTL_KERN, KERN_PROC, KERN_PROC_ALL };
	static struct bsd_kinfo_proc kp[MAX_PROCS];
	size_t len = sizeof(kp);
	if (sysctl(mib, 3, kp, &len, NULL, 0) < 0)
		return;		// more processes than lsmp has room for: tasks by id only
	for (size_t i = 0; i < len / sizeof(kp[0]) && nprocs < MAX_PROCS; i++) {
		mach_port_t t;
		unsigned type, id;
		if (kp[i].kp_state == 'Z' ||
		    task_for_pid(mach_task_self(), kp[i].kp_pid, &t) != KERN_SUCCESS)
			continue;
		if (mach_port_kernel_object(mach_task_self(), t, &type, &id) == KERN_SUCCESS &&
		    type == IPC_INFO_KOTYPE_TASK) {
			procs[nprocs].task_id = id;
			procs[nprocs].pid = kp[i].kp_pid;
			snprintf(procs[nprocs].comm, sizeof(procs[0].comm), "%s", kp[i].kp_comm);
			nprocs++;
		}
		mach_port_deallocate(mach_task_self(), t);
	}
}

static int
pid_of(natural_t task_id)
{
	for (unsigned i = 0; i < nprocs; i++)
		if (procs[i].task_id == task_id)
			return procs[i].pid;
	return 0;
}

static natural_t
task_of_pid(int pid)
{
	for (unsigned i = 0; i < nprocs; i++)
		if (procs[i].pid == pid)
			return procs[i].task_id;
	return 0;
}

// The host-priv port from bsd_server (root only).
static void
find_host_priv(void)
{
	priv_error = get_privileged_ports(&host_priv, NULL);
	if (priv_error)
		host_priv = MACH_PORT_NULL;
}
#else
// The host-priv port among our registered ports, if bootstrap gave it.
static void
find_host_priv(void)
{
	mach_port_array_t ports;
	mach_msg_type_number_t n = 0;

	if (mach_ports_lookup(mach_task_self(), &ports, &n) != KERN_SUCCESS)
		return;
	for (unsigned i = 0; i < n; i++) {
		unsigned type, addr;
		if (MACH_PORT_VALID(ports[i]) && !MACH_PORT_VALID(host_priv) &&
		    mach_port_kernel_object(mach_task_self(), ports[i], &type, &addr) == KERN_SUCCESS &&
		    type == IPC_INFO_KOTYPE_HOST_PRIV)
			host_priv = ports[i];
		else if (MACH_PORT_VALID(ports[i]))
			mach_port_deallocate(mach_task_self(), ports[i]);
	}
	vm_deallocate(mach_task_self(), (vm_address_t)ports, n * sizeof(*ports));
}
#endif

static void
add_task(mach_port_t port)
{
	unsigned type, id;
	if (ntasks == MAX_TASKS ||
	    mach_port_kernel_object(mach_task_self(), port, &type, &id) != KERN_SUCCESS ||
	    type != IPC_INFO_KOTYPE_TASK) {
		mach_port_deallocate(mach_task_self(), port);
		return;
	}
	struct task_rec *t = &tasks[ntasks++];
	t->port = port;
	t->id = id;
	task_machrv_name_data_t nm;
	mach_msg_type_number_t cnt = TASK_MACHRV_NAME_COUNT;
	if (task_info(port, TASK_MACHRV_NAME, (task_info_t)&nm, &cnt) == KERN_SUCCESS)
		snprintf(t->name, sizeof(t->name), "%s", nm.name);
	else
		snprintf(t->name, sizeof(t->name), "?");
	// Its threads, so a thread port can be named "thread N of TASK".
	thread_act_array_t acts;
	mach_msg_type_number_t nact = 0;
	if (task_threads(port, &acts, &nact) != KERN_SUCCESS)
		return;
	for (unsigned i = 0; i < nact; i++) {
		unsigned tt, tid;
		if (nthreads < MAX_THREADS &&
		    mach_port_kernel_object(mach_task_self(), acts[i], &tt, &tid) == KERN_SUCCESS) {
			threads[nthreads].id = tid;
			threads[nthreads].task_id = id;
			nthreads++;
		}
		mach_port_deallocate(mach_task_self(), acts[i]);
	}
	vm_deallocate(mach_task_self(), (vm_address_t)acts, nact * sizeof(*acts));
}

// Every task (host_tasks), or just ours without host-priv.
static kern_return_t
collect_tasks(void)
{
	if (!MACH_PORT_VALID(host_priv)) {
		mach_port_mod_refs(mach_task_self(), mach_task_self(), MACH_PORT_RIGHT_SEND, 1);
		add_task(mach_task_self());
		return KERN_NO_ACCESS;
	}
	task_array_t list;
	mach_msg_type_number_t n = 0;
	kern_return_t kr = host_tasks(host_priv, &list, &n);
	if (kr != KERN_SUCCESS)
		return kr;
	for (unsigned i = 0; i < n; i++)
		add_task(list[i]);
	vm_deallocate(mach_task_self(), (vm_address_t)list, n * sizeof(*list));
	return KERN_SUCCESS;
}

static const struct task_rec *
task_by_id(natural_t id)
{
	for (unsigned i = 0; i < ntasks; i++)
		if (tasks[i].id == id)
			return &tasks[i];
	return NULL;
}

// "NAME (id)" for a task we know, "task id" for one we cannot see
// (without host-priv we know only ourselves).
static const char *
task_label(natural_t id)
{
	static char buf[4][48];
	static unsigned next;
	char *b = buf[next++ % 4];
	const struct task_rec *t = task_by_id(id);
	if (t)
		snprintf(b, sizeof(buf[0]), "%s (%u)", t->name, id);
	else
		snprintf(b, sizeof(buf[0]), "task %u", id);
	return b;
}

// Labels for ports user tasks serve: bootstrap's services and each task's
// bootstrap port.  We get a send right to each (bootstrap_look_up,
// task_get_special_port), then read the identities from our own space.
static void
add_label(mach_port_t port, const char *fmt, const char *what)
{
	if (!MACH_PORT_VALID(port) || nservices == MAX_SERVICES)
		return;
	services[nservices].object = port;	// our name for now; an identity below
	snprintf(services[nservices].name, sizeof(services[0].name), fmt, what);
	nservices++;
}

static void
collect_services(void)
{
	for (int i = 0; nservices < MAX_SERVICES; i++) {
		name_t name;
		mach_port_t p;
		if (bootstrap_service_name(bootstrap_port, i, name) != KERN_SUCCESS)
			break;
		if (bootstrap_look_up(bootstrap_port, name, &p) == KERN_SUCCESS)
			add_label(p, "service %s", name);
	}
	for (unsigned i = 0; i < ntasks; i++) {
		mach_port_t p;
		unsigned type = IPC_INFO_KOTYPE_NONE, addr;
		if (task_get_special_port(tasks[i].port, TASK_BOOTSTRAP_PORT, &p) != KERN_SUCCESS)
			continue;
		// The first task's bootstrap port is the host-priv port the
		// kernel hands it: a kernel object, which says what it is.
		mach_port_kernel_object(mach_task_self(), p, &type, &addr);
		if (type == IPC_INFO_KOTYPE_NONE)
			add_label(p, "bootstrap port of %s", tasks[i].name);
		else
			mach_port_deallocate(mach_task_self(), p);
	}
	ipc_info_right_array_t mine;
	mach_msg_type_number_t n = 0;
	if (mach_port_space_rights(mach_task_self(), &mine, &n) != KERN_SUCCESS)
		n = 0;
	for (unsigned k = 0; k < nservices; k++) {
		mach_port_t p = services[k].object;
		services[k].object = 0;
		for (unsigned j = 0; j < n; j++)
			if (mine[j].iir_name == p)
				services[k].object = mine[j].iir_object;
	}
	if (n)
		vm_deallocate(mach_task_self(), (vm_address_t)mine, n * sizeof(*mine));
}

static const char *
service_of(natural_t object)
{
	for (unsigned i = 0; object && i < nservices; i++)
		if (services[i].object == object)
			return services[i].name;
	return NULL;
}

// What a port is: the label its receiver gave it (mach_port_set_label)
// and the service registered with bootstrap under it ("LABEL (service
// NAME)"), either alone, or NULL.
static const char *
port_what(const ipc_info_right_t *r)
{
	static char buf[4][MACH_PORT_LABEL_MAX + 96];
	static unsigned next;
	const char *svc = service_of(r->iir_object);
	if (!r->iir_label[0])
		return svc;
	if (!svc)
		return r->iir_label;
	char *b = buf[next++ % 4];
	snprintf(b, sizeof(buf[0]), "%s (%s)", r->iir_label, svc);
	return b;
}

// The Unix process a task is ("pid 7"), or NULL (the Mach build, or a
// task that is no process: the servers).
static const char *
unix_process_label(natural_t task_id)
{
#ifdef LSMP_UNIX
	static char buf[4][24];
	static unsigned next;
	int pid = pid_of(task_id);
	if (pid) {
		char *b = buf[next++ % 4];
		snprintf(b, sizeof(buf[0]), "pid %d", pid);
		return b;
	}
#endif
	(void)task_id;
	return NULL;
}

static void
rights_string(const ipc_info_right_t *r, char *buf, size_t size)
{
	buf[0] = 0;
	const struct { mach_port_type_t bit; const char *s; } bits[] = {
		{ MACH_PORT_TYPE_RECEIVE, "recv" }, { MACH_PORT_TYPE_SEND, "send" },
		{ MACH_PORT_TYPE_SEND_ONCE, "send-once" }, { MACH_PORT_TYPE_PORT_SET, "port-set" },
		{ MACH_PORT_TYPE_DEAD_NAME, "dead-name" }, { MACH_PORT_TYPE_DNREQUEST, "+dnreq" },
	};
	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (r->iir_type & bits[i].bit) {
			if (buf[0] && bits[i].s[0] != '+')
				strncat(buf, ",", size - strlen(buf) - 1);
			strncat(buf, bits[i].s, size - strlen(buf) - 1);
		}
}

// What a port held by the kernel stands for.
static void
kobject_string(const ipc_info_right_t *r, char *buf, size_t size)
{
	switch (r->iir_kotype) {
	case IPC_INFO_KOTYPE_TASK: {
		const char *unix = unix_process_label(r->iir_kobject);
		snprintf(buf, size, "task port of %s%s%s", task_label(r->iir_kobject),
			 unix ? ", " : "", unix ? unix : "");
		return;
	}
	case IPC_INFO_KOTYPE_THREAD:
		for (unsigned i = 0; i < nthreads; i++)
			if (threads[i].id == r->iir_kobject) {
				snprintf(buf, size, "thread port of thread %u of %s", r->iir_kobject,
					 task_label(threads[i].task_id));
				return;
			}
		snprintf(buf, size, "thread port of thread %u", r->iir_kobject);
		return;
	case IPC_INFO_KOTYPE_HOST:		snprintf(buf, size, "host port"); return;
	case IPC_INFO_KOTYPE_HOST_PRIV:		snprintf(buf, size, "host-priv port"); return;
	case IPC_INFO_KOTYPE_MASTER_DEVICE:	snprintf(buf, size, "device master port"); return;
	case IPC_INFO_KOTYPE_SEMAPHORE:		snprintf(buf, size, "semaphore"); return;
	case IPC_INFO_KOTYPE_MEM_OBJ_CONTROL:	snprintf(buf, size, "memory object control port"); return;
	case IPC_INFO_KOTYPE_TEST:		snprintf(buf, size, "kernel self-test port"); return;
	default:				snprintf(buf, size, "kernel port"); return;
	}
}

// Where a right leads: the receiver and what the port stands for.
static void
target_string(const ipc_info_right_t *r, char *buf, size_t size)
{
	const char *svc = port_what(r);
	if (r->iir_flags & IIR_DEAD) {
		snprintf(buf, size, "dead");
	} else if (r->iir_flags & IIR_RECEIVER_KERNEL) {
		char k[96];
		kobject_string(r, k, sizeof(k));
		snprintf(buf, size, "-> kernel: %s", k);
	} else if (r->iir_flags & IIR_IN_TRANSIT) {
		snprintf(buf, size, "-> (receive right in transit)%s%s", svc ? " " : "",
			 svc ? svc : "");
	} else {
		snprintf(buf, size, "-> %s 0x%x%s%s", task_label(r->iir_receiver),
			 r->iir_receiver_name, svc ? " " : "", svc ? svc : "");
	}
}

// The task's syscall port, which the kernel holds for it (a task special
// port, in no space of the task's): a Unix process's way to its server.
// A line in the table's shape, "(kernel)" for a name.
static void
special_ports(const struct task_rec *t)
{
	mach_port_t sp;
	if (task_get_special_port(t->port, TASK_SYSCALL_PORT, &sp) != KERN_SUCCESS ||
	    !MACH_PORT_VALID(sp))
		return;
	ipc_info_right_array_t mine;
	mach_msg_type_number_t n = 0;
	if (mach_port_space_rights(mach_task_self(), &mine, &n) == KERN_SUCCESS) {
		for (unsigned j = 0; j < n; j++)
			if (mine[j].iir_name == sp && dump) {
				const ipc_info_right_t *r = &mine[j];
				const char *what = port_what(r);
				printf("@ports special %u syscall obj=%x flags=%x recv=%u rname=0x%x "
				       "label=%s\n", t->id, r->iir_object, r->iir_flags, r->iir_receiver,
				       r->iir_receiver_name, what ? what : "-");
			} else if (mine[j].iir_name == sp) {
				char ts[200];
				target_string(&mine[j], ts, sizeof(ts));
				printf("  %-10s %-16s %5s  %s\n", "(kernel)", "syscall-port", "-", ts);
			}
		if (n)
			vm_deallocate(mach_task_self(), (vm_address_t)mine, n * sizeof(*mine));
	}
	mach_port_deallocate(mach_task_self(), sp);
}

static int
list_task(const struct task_rec *t)
{
	ipc_info_right_array_t rights;
	mach_msg_type_number_t n = 0;
	kern_return_t kr = mach_port_space_rights(t->port, &rights, &n);
	if (kr != KERN_SUCCESS) {
		printf("lsmp: %s (%u): %s\n", t->name, t->id, mach_error_string(kr));
		return 1;
	}
	const char *unix = unix_process_label(t->id);
	if (dump) {
		printf("@ports task %u %s\n", t->id, t->name);
#ifdef LSMP_UNIX
		if (pid_of(t->id))
			printf("@ports pid %u %d\n", t->id, pid_of(t->id));
#endif
	} else
		printf("task %s (%u)%s%s: %u names\n  %-10s %-16s %5s  %s\n", t->name, t->id,
		       unix ? ", " : "", unix ? unix : "", n,
		       "name", "rights", "urefs", "leads to / port state");
	for (unsigned i = 0; i < n; i++) {
		const ipc_info_right_t *r = &rights[i];
		char rs[48], ts[200];
		rights_string(r, rs, sizeof(rs));
		if (dump) {
			const char *svc = port_what(r);
			printf("@ports right %u 0x%x %s %u obj=%x flags=%x recv=%u rname=0x%x "
			       "kotype=%u kobject=%u msgs=%u qlimit=%u seqno=%u mscount=%u label=%s\n",
			       t->id, r->iir_name, rs, r->iir_urefs, r->iir_object, r->iir_flags,
			       r->iir_receiver, r->iir_receiver_name, r->iir_kotype, r->iir_kobject,
			       r->iir_msgcount, r->iir_qlimit, r->iir_seqno, r->iir_mscount,
			       svc ? svc : "-");
			continue;
		}
		if (r->iir_type & MACH_PORT_TYPE_RECEIVE) {
			const char *svc = port_what(r);
			snprintf(ts, sizeof(ts), "queue %u/%u seqno %u mscount %u send rights %u "
				 "send-once %u%s%s%s%s%s%s", r->iir_msgcount, r->iir_qlimit, r->iir_seqno,
				 r->iir_mscount, r->iir_srights, r->iir_sorights,
				 r->iir_flags & IIR_NSREQUEST ? " no-senders-req" : "",
				 r->iir_flags & IIR_PDREQUEST ? " port-destroyed-req" : "",
				 r->iir_dnrequests ? " dead-name-reqs" : "",
				 r->iir_flags & IIR_IN_PSET ? " in-set" : "",
				 svc ? ": " : "", svc ? svc : "");
		} else if (r->iir_type & (MACH_PORT_TYPE_SEND | MACH_PORT_TYPE_SEND_ONCE |
					  MACH_PORT_TYPE_DEAD_NAME)) {
			target_string(r, ts, sizeof(ts));
		} else {
			ts[0] = 0;
		}
		printf("  0x%-8x %-16s %5u  %s\n", r->iir_name, rs, r->iir_urefs, ts);
	}
	if (n)
		vm_deallocate(mach_task_self(), (vm_address_t)rights, n * sizeof(*rights));
	special_ports(t);
	return 0;
}

// -w: the requester's message (any, with a reply right) says "now".
struct moment {
	mach_msg_header_t header;
	mach_msg_max_trailer_t trailer;
};

static mach_port_t
wait_for_moment(const char *service, struct moment *m)
{
	mach_port_t port;
	kern_return_t kr = bootstrap_check_in(bootstrap_port, service, &port);
	if (kr != KERN_SUCCESS) {
		printf("lsmp: bootstrap_check_in %s: %s\n", service, mach_error_string(kr));
		exit(2);
	}
	kr = mach_msg(&m->header, MACH_RCV_MSG, 0, sizeof(*m), port, MACH_MSG_TIMEOUT_NONE,
		      MACH_PORT_NULL);
	if (kr != MACH_MSG_SUCCESS) {
		printf("lsmp: waiting on %s: %s\n", service, mach_error_string(kr));
		exit(2);
	}
	return port;
}

static void
answer_moment(struct moment *m)
{
	if (!MACH_PORT_VALID(m->header.msgh_remote_port))
		return;
	mach_msg_header_t reply = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSGH_BITS_REMOTE(m->header.msgh_bits), 0),
		.msgh_size = sizeof(reply),
		.msgh_remote_port = m->header.msgh_remote_port,
		.msgh_id = m->header.msgh_id + 100,
	};
	mach_msg(&reply, MACH_SEND_MSG, sizeof(reply), 0, MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE,
		 MACH_PORT_NULL);
}

int
main(int argc, char **argv)
{
	bool all = false;
	const char *wait = NULL;
	int first = 1;
#ifndef LSMP_UNIX
	/*
	 * Where the output goes first: a Mach program started at boot may run
	 * before the console server has taken the receive right its check-in
	 * reply carries (bootstrap declares the service and starts the next
	 * task at once), and would list that right as in transit.  A write of
	 * nothing, which the server answers, waits for it.
	 */
	mach_port_t console = machrv_console_port();
	if (MACH_PORT_VALID(console))
		(void)console_write(console, (console_data_t) "", 0);
#endif
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "-a"))
			all = true;
		else if (!strcmp(argv[first], "-d"))
			dump = true;
		else if (!strcmp(argv[first], "-w") && first + 1 < argc)
			wait = argv[++first];
		else {
			printf("usage: lsmp [-d] [-w SERVICE] [-a | TASK...]\n");
			return 2;
		}
	}
	struct moment m = { 0 };	// no requester: nothing to answer
	if (wait)
		wait_for_moment(wait, &m);
	find_host_priv();
	kern_return_t kr = collect_tasks();
#ifdef LSMP_UNIX
	if (kr == KERN_SUCCESS)
		collect_procs();
	// Without privileges, our own pid is still ours to list.
	bool only_self = first + 1 == argc && atoi(argv[first]) == getpid();
	if ((all || (first < argc && !only_self)) && kr != KERN_SUCCESS) {
		printf("lsmp: only root may list other processes' rights "
		       "(get_privileged_ports: %s)\n", strerror(priv_error));
		return 1;
	}
	if (only_self)
		first = argc;
#endif
	collect_services();
	if ((all || first < argc) && kr != KERN_SUCCESS) {
		printf("lsmp: cannot list other tasks without the host-priv port: %s\n",
		       mach_error_string(kr));
		answer_moment(&m);
		return 1;
	}
	int status = 0;
	if (dump)
		for (unsigned i = 0; i < ntasks; i++)
			for (unsigned k = 0; k < nthreads; k++)
				if (threads[k].task_id == tasks[i].id)
					printf("@ports thread %u %u\n", threads[k].id, tasks[i].id);
	if (all) {
		for (unsigned i = 0; i < ntasks; i++)
			status |= list_task(&tasks[i]);
	} else if (first == argc) {
		unsigned type, self_id = 0;
		mach_port_kernel_object(mach_task_self(), mach_task_self(), &type, &self_id);
		status |= list_task(task_by_id(self_id));
	} else {
		for (int i = first; i < argc; i++) {
			char *end;
			unsigned long id = strtoul(argv[i], &end, 0);
#ifdef LSMP_UNIX
			if (*end == 0 && !(id = task_of_pid((int)id))) {
				printf("lsmp: no process %s\n", argv[i]);
				status = 1;
				continue;
			}
#endif
			const struct task_rec *t = NULL;
			for (unsigned k = 0; k < ntasks && !t; k++)
				if ((*end == 0 && tasks[k].id == id) || !strcmp(tasks[k].name, argv[i]))
					t = &tasks[k];
			if (!t) {
				printf("lsmp: no task %s\n", argv[i]);
				status = 1;
				continue;
			}
			status |= list_task(t);
		}
	}
	if (dump)
		printf("@ports end\n");
	if (wait)
		answer_moment(&m);
	return status;
}
