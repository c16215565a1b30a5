// SPDX-License-Identifier: BSD-2-Clause
// Time: the clocks (rdtime; the time of day from the kernel's calendar),
// the time system calls, and the timer thread that ends sleeps
// (nanosleep) and terminal reads with a time limit (VTIME), and fires
// alarms (setitimer ITIMER_REAL).
// The timer thread waits in mach_msg with a timeout until the nearest
// deadline; timer_kick wakes it early when a deadline is added.  It takes
// bsd_lock like a worker and never waits for one.
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include "bsd_server.h"

/* QEMU virt's timebase (the device tree's timebase-frequency). */
#define TIMEBASE_HZ	10000000ULL
#define NS(sec)		((uint64_t)(sec) * 1000000000ULL)

static mach_port_t timer_port;

/*
 * The time of day is the kernel's calendar (host_get_time64), asked once
 * at start: realtime_offset_ns is the calendar minus now_ns() (both run
 * with the time CSR), so realtime_ns() costs no message.  settimeofday
 * sets the calendar (host_set_time64, with the host-priv port when the
 * boot configuration gives one: --ports=host_priv) and the offset.
 */
static int64_t realtime_offset_ns;
mach_port_t bsd_host_priv = MACH_PORT_NULL;
mach_port_t bsd_device_master = MACH_PORT_NULL;

uint64_t now_ns(void)
{
	uint64_t t;

	__asm__ __volatile__("rdtime %0" : "=r"(t));
	return t * (1000000000ULL / TIMEBASE_HZ);
}

int64_t realtime_ns(void)
{
	return __atomic_load_n(&realtime_offset_ns, __ATOMIC_RELAXED) + (int64_t)now_ns();
}

/*
 * The offset is taken with now_ns() read before the kernel call: the
 * kernel reads its clock at some moment during the call, after that, so
 * the offset is at least the kernel's and the time of day here is never
 * behind the kernel's calendar (by at most the call's length ahead of it).
 * Read after the call, a worker preempted in between would lag it.
 */
void realtime_start(void)
{
	mach_port_t host = mach_host_self();
	time_value64_t t;
	int64_t before = (int64_t)now_ns();
	if (host_get_time64(host, &t) == KERN_SUCCESS)
		__atomic_store_n(&realtime_offset_ns,
				 t.seconds * (int64_t)NS(1) + t.nanoseconds - before,
				 __ATOMIC_RELAXED);
	(void)mach_port_deallocate(mach_task_self(), host);
}

/* The host-priv port and the device master port, if the configuration
 * gives them (--ports=host_priv,device), taken out of the ports processes
 * inherit (exec's task_create copies bsd_server's).  Root's processes get
 * them with get_privileged_ports (sys_mach.c). */
static void host_priv_take(void)
{
	mach_port_array_t given = NULL;
	mach_msg_type_number_t n = 0;
	if (mach_ports_lookup(mach_task_self(), &given, &n) != KERN_SUCCESS)
		return;
	for (mach_msg_type_number_t i = 0; i < n; i++)
		if (i == 0 && MACH_PORT_VALID(given[i]))
			bsd_host_priv = given[i];
		else if (i == 1 && MACH_PORT_VALID(given[i]))
			bsd_device_master = given[i];
		else if (MACH_PORT_VALID(given[i]))
			(void)mach_port_deallocate(mach_task_self(), given[i]);
	(void)vm_deallocate(mach_task_self(), (vm_address_t)given, n * sizeof(*given));
	(void)mach_ports_register(mach_task_self(), NULL, 0);
}

void timer_kick(void)
{
	mach_msg_header_t m = {
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
		.msgh_size = sizeof(m),
		.msgh_remote_port = timer_port,
	};

	/* If a kick is queued already, that one will do. */
	(void)mach_msg(&m, MACH_SEND_MSG | MACH_SEND_TIMEOUT, sizeof(m), 0, MACH_PORT_NULL, 0,
		       MACH_PORT_NULL);
}

/* A parked call with a deadline: nanosleep, a terminal read with VTIME. */
static bool has_deadline(const struct proc *p)
{
	return p->wait.kind == WAIT_SLEEP || (p->wait.kind == WAIT_TTY && p->wait.deadline_ns);
}

/* Fire what is due; the nearest deadline still ahead (0: none).  bsd_lock held. */
static uint64_t timer_run(void)
{
	uint64_t now = now_ns(), next = 0;

	for (int i = 0; i < BSD_MAXPROC; i++) {
		struct proc *p = &proc_table[i];
		if (p->state != PROC_ALIVE)
			continue;
		if (p->alarm_ns && p->alarm_ns <= now) {
			p->alarm_ns = p->alarm_interval_ns ? now + p->alarm_interval_ns : 0;
			proc_signal(p, SIGALRM);
		}
		if (p->state == PROC_ALIVE && has_deadline(p) && p->wait.deadline_ns <= now)
			syscall_rerun(p);
		if (p->state != PROC_ALIVE)
			continue;
		if (p->alarm_ns && (!next || p->alarm_ns < next))
			next = p->alarm_ns;
		if (has_deadline(p) && (!next || p->wait.deadline_ns < next))
			next = p->wait.deadline_ns;
	}
	return next;
}

static void *timer_thread(void *arg)
{
	struct {
		mach_msg_header_t head;
		mach_msg_max_trailer_t trailer;
	} m;

	(void)arg;
	for (;;) {
		mthread_mutex_lock(&bsd_lock);
		uint64_t next = timer_run();
		mthread_mutex_unlock(&bsd_lock);
		mach_msg_timeout_t ms = MACH_MSG_TIMEOUT_NONE;
		mach_msg_option_t opt = MACH_RCV_MSG;
		if (next) {
			uint64_t now = now_ns();
			uint64_t left = next > now ? next - now : 0;
			ms = (mach_msg_timeout_t)((left + 999999) / 1000000);
			opt |= MACH_RCV_TIMEOUT;
		}
		(void)mach_msg(&m.head, opt, 0, sizeof(m), timer_port, ms, MACH_PORT_NULL);
	}
	return NULL;
}

void timer_start(void)
{
	mthread_t t;
	mthread_attr_t attr = { .stack_size = 64 * 1024 };

	realtime_start();
	host_priv_take();
	(void)mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &timer_port);
	bsd_label(timer_port, "bsd_server: the timer (sleeps, alarms)");
	mach_port_limits_t lim = { .mpl_qlimit = 1 };
	(void)mach_port_set_attributes(mach_task_self(), timer_port, MACH_PORT_LIMITS_INFO,
				       (mach_port_info_t)&lim, MACH_PORT_LIMITS_INFO_COUNT);
	(void)mthread_create(&t, &attr, timer_thread, NULL);
}

/* ---- the system calls ---- */

int sys_nanosleep(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	if (p->wait.deadline_ns == 0) {		/* the call's first run */
		struct timespec ts;
		int error = copyin(p, ARG(0), &ts, sizeof(ts));
		if (error)
			return error;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return EINVAL;
		p->wait.deadline_ns = now_ns() + NS(ts.tv_sec) + (uint64_t)ts.tv_nsec;
		if (p->wait.deadline_ns == 0)
			p->wait.deadline_ns = 1;
	}
	if (now_ns() >= p->wait.deadline_ns)
		return 0;
	syscall_park(p, WAIT_SLEEP, NULL);
	timer_kick();
	return EJUSTRETURN;
}

static void ns_to_timeval(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / 1000000000ULL);
	tv->tv_usec = (suseconds_t)(ns % 1000000000ULL / 1000);
}

int sys_setitimer(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct itimerval it, old;

	(void)rv;
	if ((int)ARG(0) != ITIMER_REAL)
		return EINVAL;	/* the virtual and profiling timers need CPU accounting */
	memset(&old, 0, sizeof(old));
	uint64_t now = now_ns();
	if (p->alarm_ns)
		ns_to_timeval(p->alarm_ns > now ? p->alarm_ns - now : 1000, &old.it_value);
	ns_to_timeval(p->alarm_interval_ns, &old.it_interval);
	if (ARG(1)) {
		int error = copyin(p, ARG(1), &it, sizeof(it));
		if (error)
			return error;
		if (it.it_value.tv_sec < 0 || it.it_value.tv_usec < 0 ||
		    it.it_value.tv_usec >= 1000000 || it.it_interval.tv_sec < 0 ||
		    it.it_interval.tv_usec < 0 || it.it_interval.tv_usec >= 1000000)
			return EINVAL;
		uint64_t value = NS(it.it_value.tv_sec) + (uint64_t)it.it_value.tv_usec * 1000;
		p->alarm_interval_ns = NS(it.it_interval.tv_sec) + (uint64_t)it.it_interval.tv_usec * 1000;
		p->alarm_ns = value ? now + value : 0;
		timer_kick();
	}
	if (ARG(2))
		return copyout(p, &old, ARG(2), sizeof(old));
	return 0;
}

int sys_gettimeofday(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct timeval tv;

	(void)rv;
	ns_to_timeval((uint64_t)realtime_ns(), &tv);
	if (ARG(0))
		return copyout(p, &tv, ARG(0), sizeof(tv));
	return 0;
}

int sys_clock_gettime(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	clockid_t id = (clockid_t)ARG(0);
	struct timespec ts;

	(void)rv;
	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC)
		return EINVAL;
	uint64_t ns = id == CLOCK_REALTIME ? (uint64_t)realtime_ns() : now_ns();
	ts.tv_sec = (time_t)(ns / 1000000000ULL);
	ts.tv_nsec = (long)(ns % 1000000000ULL);
	return copyout(p, &ts, ARG(1), sizeof(ts));
}

/* The latest second the calendar takes (its nanoseconds fit in 63 bits: 2262). */
#define SET_SEC_MAX	(INT64_MAX / 1000000000 - 1)

/* Set the time of day to `ns' (the callers check as FreeBSD does, in its order:
 * root, then the arguments). */
static int set_realtime(int64_t ns)
{
	time_value64_t t = { ns / (int64_t)NS(1), ns % (int64_t)NS(1) };
	int64_t before = (int64_t)now_ns();	/* before the kernel's: see realtime_start */

	if (host_set_time64(bsd_host_priv, t) != KERN_SUCCESS)
		return EPERM;	/* no host-priv port given */
	__atomic_store_n(&realtime_offset_ns, ns - before, __ATOMIC_RELAXED);
	return 0;
}

int sys_settimeofday(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct timeval tv;

	(void)rv;
	if (p->cred.euid != 0)
		return EPERM;
	if (!ARG(0))
		return 0;	/* the time zone alone: ignored, as FreeBSD does */
	int error = copyin(p, ARG(0), &tv, sizeof(tv));
	if (error)
		return error;
	if (tv.tv_sec < 0 || tv.tv_sec > SET_SEC_MAX || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return EINVAL;
	return set_realtime((int64_t)NS(tv.tv_sec) + (int64_t)tv.tv_usec * 1000);
}

int sys_clock_settime(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	struct timespec ts;

	(void)rv;
	if (p->cred.euid != 0)
		return EPERM;
	if ((clockid_t)ARG(0) != CLOCK_REALTIME)
		return EINVAL;
	int error = copyin(p, ARG(1), &ts, sizeof(ts));
	if (error)
		return error;
	if (ts.tv_sec < 0 || ts.tv_sec > SET_SEC_MAX || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return EINVAL;
	return set_realtime((int64_t)NS(ts.tv_sec) + ts.tv_nsec);
}
