// SPDX-License-Identifier: BSD-2-Clause
// bsd_server: start-up and the worker threads.
//
//   bsd_server PROGRAM [ARG]...     (started by bootstrap with --archive)
//
// PROGRAM (a file of the boot archive) becomes init, pid 1, with
// descriptors 0, 1 and 2 on /dev/console.  When init ends, bsd_server
// says so and exits with init's status (its exit status, or 128 + the
// signal that ended it), which bootstrap's --poweroff passes on.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mach/mach.h>
#include "bsd_server.h"
#include "fs.h"

mthread_mutex_t bsd_lock = MTHREAD_MUTEX_INITIALIZER;
mach_port_t bsd_port_set, bsd_exc_port, bsd_notify_port;

boolean_t mach_exc_server(mach_msg_header_t *in, mach_msg_header_t *out);
boolean_t notify_server(mach_msg_header_t *in, mach_msg_header_t *out);

void bsd_log(const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printf("bsd_server: %s\n", buf);
}

static mach_port_t member_port(void)
{
	mach_port_t port = MACH_PORT_NULL;

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port) != KERN_SUCCESS ||
	    mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND) !=
		    KERN_SUCCESS ||
	    mach_port_move_member(mach_task_self(), port, bsd_port_set) != KERN_SUCCESS) {
		bsd_log("out of ports");
		exit(125);
	}
	return port;
}

/* Room for the largest request (an exception message with its state)
 * and the largest answer (with the bytes for its caller). */
#define MSG_BUF_SIZE	8192

union msgbuf {
	mach_msg_header_t	head;
	machrv_syscall_request_t syscall;
	char			bytes[MSG_BUF_SIZE];
};

/*
 * Release what a received request holds.  Its msgh_local_port names our
 * own receive right (the message's destination), not a right it carried,
 * so it is cleared first: libmach's mach_msg_destroy would take its
 * PORT_SEND bits for a send right to release, and our send right to the
 * exception port would go (then every task_set_exception_ports fails).
 */
static void drop_request(mach_msg_header_t *m)
{
	m->msgh_local_port = MACH_PORT_NULL;
	mach_msg_destroy(m);
}

/*
 * One worker: receive a request on the port set, serve it under bsd_lock.
 * A system call is answered by syscall_serve (or parked); exceptions and
 * notifications go through their MIG servers.  The receive is
 * machrv_syscall_serve (docs/bsd.md, "Calls in registers"): a call that
 * offers nothing may come in registers, and is answered in them with the
 * worker's next receive.
 */
/*
 * A worker touches this much of its stack once, at its start: the deepest
 * calls (the MIG stubs of io_read and dir_lookup, with their 1 KiB
 * strings and inline data, ~22 KiB down) then never stop for a first-touch
 * page fault later, whichever worker serves them (and a traced call shows
 * only the faults it causes).
 */
#define WORKER_STACK_TOUCHED	(48 * 1024)

static void __attribute__((noinline)) stack_touch(void)
{
	volatile char pad[WORKER_STACK_TOUCHED];

	for (size_t i = 0; i < sizeof(pad); i += 4096)
		pad[i] = 0;
	pad[sizeof(pad) - 1] = 0;
}

/*
 * Copy an answer of `size' bytes: a plain one (56) or one with bytes for
 * the caller (segments padded to 8: a multiple of 8 too).  The answer is
 * packed to 4 bytes (<machrv/syscall_msg.h>), so a structure copy is a
 * call to memcpy; both ends are 8-aligned here (the answer batch, the
 * gather buffers, malloc's), so it goes by words.
 */
static inline void answer_copy(void *dst, const void *src, mach_msg_size_t size)
{
	_Static_assert(sizeof(machrv_syscall_reply_t) == 56, "seven words");
	uint64_t *d = __builtin_assume_aligned(dst, 8);
	const uint64_t *s = __builtin_assume_aligned(src, 8);

	/* Every answer has the answer itself (reply_fill): its seven words first. */
	__builtin_memcpy(d, s, sizeof(machrv_syscall_reply_t));
	if (__builtin_expect(size == sizeof(machrv_syscall_reply_t), 1))
		return;				/* most: no bytes */
	mach_msg_size_t i = sizeof(machrv_syscall_reply_t) / 8, n = size / 8;
	if (size & 7) {
		memcpy(d + i, s + i, size - sizeof(machrv_syscall_reply_t));
		return;
	}
	/* The bytes for the caller, two words a turn. */
	if ((n - i) & 1) {
		d[i] = s[i];
		i++;
	}
	for (; i < n; i += 2) {
		uint64_t a = s[i], b = s[i + 1];
		d[i] = a;
		d[i + 1] = b;
	}
}

/*
 * Workers made ready before the first process starts (main): each has its
 * stack touched, its answer buffers and its MIG reply port before any
 * request comes.  So the names bsd_server gives rights later do not depend
 * on which worker happens to serve a request first (docs/port-rights.md
 * shows some: its tutorial's listings are checked against the program).
 */
static mthread_mutex_t workers_lock = MTHREAD_MUTEX_INITIALIZER;
static mthread_cond_t workers_cond = MTHREAD_COND_INITIALIZER;
static int workers_ready;

static void worker_ready(void)
{
	mthread_mutex_lock(&workers_lock);
	workers_ready++;
	mthread_cond_broadcast(&workers_cond);
	mthread_mutex_unlock(&workers_lock);
}

static void *worker(void *arg)
{
	union msgbuf *in = malloc(sizeof(*in)), *out = malloc(sizeof(*out));

	const mach_msg_header_t *last = NULL;

	stack_touch();
	syscall_gather_init();
	(void)mig_get_reply_port();	/* made now, not at the first RPC */
	if (arg)
		worker_ready();
	for (;;) {
		/* The last answer of the previous request goes with this receive. */
		mach_msg_option_t opt = MACH_RCV_MSG |
					MACH_RCV_TRAILER_TYPE(MACH_MSG_TRAILER_FORMAT_0) |
					MACH_RCV_TRAILER_ELEMENTS(MACH_RCV_TRAILER_SEQNO);
		mach_msg_size_t send_size = 0;
		mach_port_t last_reply = MACH_PORT_NULL;
		if (last) {
			send_size = last->msgh_size;
			last_reply = last->msgh_remote_port;
			answer_copy(in, last, send_size);
			opt |= MACH_SEND_MSG;
		}
		/* A call served in registers is answered in them, with this receive. */
		mach_msg_return_t mr = machrv_syscall_serve(&in->head, opt, send_size, sizeof(*in),
							    bsd_port_set, &syscall_held);
		syscall_held_given();
		if (last && (mr & ~(mach_msg_return_t)0x3fff) ==
				(MACH_SEND_IN_PROGRESS & ~(mach_msg_return_t)0x3fff)) {
			/* The caller is gone (its thread ended): drop the answer. */
			(void)mach_port_deallocate(mach_task_self(), last_reply);
			last = NULL;
			continue;
		}
		last = NULL;
		if (mr != MACH_MSG_SUCCESS) {
			bsd_log("receive: %s", mach_error_string(mr));
			continue;
		}
		mthread_mutex_lock(&bsd_lock);
		syscall_batch_begin();
		mach_port_t local = in->head.msgh_local_port;
		if (local == bsd_exc_port || local == bsd_notify_port) {
			boolean_t ok = local == bsd_exc_port ? mach_exc_server(&in->head, &out->head)
							     : notify_server(&in->head, &out->head);
			mig_reply_error_t *r = (mig_reply_error_t *)&out->head;
			if (!ok || (!(out->head.msgh_bits & MACH_MSGH_BITS_COMPLEX) &&
				    r->RetCode != KERN_SUCCESS && r->RetCode != MIG_NO_REPLY)) {
				in->head.msgh_remote_port = MACH_PORT_NULL;
				drop_request(&in->head);
			}
			if (MACH_PORT_VALID(out->head.msgh_remote_port) && r->RetCode != MIG_NO_REPLY)
				(void)mach_msg(&out->head, MACH_SEND_MSG, out->head.msgh_size, 0,
					       MACH_PORT_NULL, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
		} else {
			struct proc *p = proc_by_syscall_port(local);
			if (p && in->head.msgh_id == MACHRV_SYSCALL_MSG_ID &&
			    (in->head.msgh_size == sizeof(machrv_syscall_request_t) ||
			     syscall_request_size_ok(&in->syscall)) &&
			    !(in->head.msgh_bits & MACH_MSGH_BITS_COMPLEX)) {
				const mach_msg_seqno_trailer_t *tr = (const mach_msg_seqno_trailer_t *)
					(in->bytes + round_msg(in->head.msgh_size));
				syscall_serve(p, &in->syscall, tr->msgh_seqno);
			} else {
				/* Not the kernel's request: nothing to answer. */
				drop_request(&in->head);
			}
		}
		last = syscall_batch_end();
		mthread_mutex_unlock(&bsd_lock);
		syscall_batch_send();
	}
	return NULL;
}

int main(int argc, char **argv, char **envp)
{
	/* bsd_server [--root=DISK] PROGRAM [ARG]...: with --root, the disk
	 * with the fss core linked in (single-server shape). */
	const char *root = NULL;
	if (argc > 1 && strncmp(argv[1], "--root=", 7) == 0) {
		root = argv[1] + 7;
		argv++;
		argc--;
	}
	if (argc < 2) {
		bsd_log("usage: bsd_server [--root=DISK] PROGRAM [ARG]...");
		return 125;
	}
	if (!fs_archive_init(envp)) {
		bsd_log("no boot archive (start bsd_server with --archive)");
		return 125;
	}
	/* Files (docs/bsd.md, "Files"): single-server, the core on the disk;
	 * multi-server, the fss server when it serves; else the archive. */
	if (root) {
		if (!fs_core_init(root))
			return 125;
		bsd_log("files: %s, with the file system linked in (single-server)", root);
	} else if (fs_fss_init()) {
		bsd_log("files: the fss server (multi-server)");
	}
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &bsd_port_set) !=
	    KERN_SUCCESS)
		return 125;
	bsd_exc_port = member_port();
	bsd_label(bsd_exc_port, "bsd_server: processes' exceptions");
	bsd_notify_port = member_port();
	bsd_label(bsd_notify_port, "bsd_server: notifications (tasks' deaths)");
	timer_start();
	dev_init();		/* after the calendar (timer_start) */

	/* The other workers, ready before the first process (see worker_ready). */
	int started = 1;
	for (int i = 1; i < BSD_WORKERS; i++) {
		mthread_t t;
		mthread_attr_t attr = { .stack_size = 128 * 1024 };
		if (mthread_create(&t, &attr, worker, (void *)1) != 0)
			bsd_log("only %d workers", i);
		else
			started++;
	}
	(void)mig_get_reply_port();	/* this thread's too: it serves as the last worker */
	mthread_mutex_lock(&workers_lock);
	while (workers_ready < started - 1)
		mthread_cond_wait(&workers_cond, &workers_lock);
	mthread_mutex_unlock(&workers_lock);

	mthread_mutex_lock(&bsd_lock);
	struct proc *p = proc_alloc(NULL);
	int error = ENOMEM;
	if (p) {
		for (int fd = 0; fd < 3; fd++) {
			struct file *f = dev_open("/dev/console", fd == 0 ? O_RDONLY : O_WRONLY, &error);
			if (!f)
				break;
			p->fd[fd] = f;
		}
		char *envv[] = { "PATH=/bin", "HOME=/", NULL };
		error = exec_image(p, argv[1], argv[1], argv + 1, argc - 1, envv, 2);
	}
	if (error) {
		bsd_log("cannot start %s: %s", argv[1], strerror(error));
		return 127;
	}
	bsd_log("init is %s (pid %d)", argv[1], p->pid);
	mthread_mutex_unlock(&bsd_lock);
	worker(NULL);
	return 0;
}
