// SPDX-License-Identifier: BSD-2-Clause
// sysctl(3)'s system call, FreeBSD's __sysctl (202): the system's facts by
// a name of integers (<sys/sysctl.h>).  bsd_server is the kernel a Unix
// program sees, so it answers them: what the system is (kern.ostype,
// kern.osrelease, kern.version naming the shape running, hw.machine), the
// host's name (kern.hostname, root may set it) and the process table
// (kern.proc.all, records of <machrv/bsd_sysctl.h>).  FreeBSD's rules: a
// value is copied out as far as the buffer goes (ENOMEM when it did not
// all fit), without a buffer only its size is said, and a value is set
// only where the name allows it.
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/sysctl.h>
#include <machrv/bsd_sysctl.h>
#include "fs.h"
#include "kern/version.h"


#define HOSTNAME_MAX	256	/* FreeBSD's MAXHOSTNAMELEN, the NUL included */

static char hostname[HOSTNAME_MAX] = "machrv";

/* One request: where the old value goes and the new one comes from. */
struct sysctl_req {
	struct proc	*p;
	uint64_t	oldp;		/* the caller's buffer (0: none, only the size) */
	size_t		oldlen;		/* its size */
	size_t		oldidx;		/* bytes of the value so far (given or not) */
	uint64_t	newp;		/* the new value (0: none) */
	size_t		newlen;
};

/*
 * sysctl_out: the next `n' bytes of the value.  Copied into the caller's
 * buffer as far as it goes; counted whether or not.
 *   Returns: 0; ENOMEM when they did not all fit; EFAULT.
 */
static int sysctl_out(struct sysctl_req *r, const void *data, size_t n)
{
	size_t at = r->oldidx;
	r->oldidx += n;
	if (!r->oldp || n == 0)
		return 0;
	if (at >= r->oldlen)
		return ENOMEM;
	size_t fit = r->oldlen - at < n ? r->oldlen - at : n;
	if (copyout(r->p, data, r->oldp + at, fit))
		return EFAULT;
	return fit < n ? ENOMEM : 0;
}

/* A string that cannot be set: the string and its NUL; EPERM for a new value. */
static int sysctl_string(struct sysctl_req *r, const char *s)
{
	if (r->newp)
		return EPERM;
	return sysctl_out(r, s, strlen(s) + 1);
}

static int kern_ostype(struct sysctl_req *r)
{
	return sysctl_string(r, "MachRV");
}

static int kern_osrelease(struct sysctl_req *r)
{
	return sysctl_string(r, MACHRV_VERSION);
}

// The release and the shape running, which the file system in use makes
// (bsd_fs->shape: single-server, multi-server, or the boot archive).
static int kern_version(struct sysctl_req *r)
{
	char v[200];
	snprintf(v, sizeof(v), "%s (%s)", MACHRV_VERSION_STRING, bsd_fs->shape);
	return sysctl_string(r, v);
}

static int hw_machine(struct sysctl_req *r)
{
	return sysctl_string(r, "riscv64");
}

// The old name out, then the new one in: root's (EPERM), shorter than
// HOSTNAME_MAX (EINVAL); newlen bytes, a NUL among them ending it.
static int kern_hostname(struct sysctl_req *r)
{
	int e = sysctl_out(r, hostname, strlen(hostname) + 1);
	if (e || !r->newp)
		return e;
	if (r->p->cred.euid != 0)
		return EPERM;
	if (r->newlen >= sizeof(hostname))
		return EINVAL;
	char name[HOSTNAME_MAX];
	if (copyin(r->p, r->newp, name, r->newlen))
		return EFAULT;
	name[r->newlen] = '\0';
	strcpy(hostname, name);
	return 0;
}

// A process's state for ps: a zombie, stopped, waiting in a call that
// parked (sleeping), or running (in user code, or in a call now served).
static char proc_state(const struct proc *q)
{
	if (q->state == PROC_ZOMBIE)
		return 'Z';
	if (q->stopped)
		return 'T';
	return q->wait.kind != WAIT_NONE ? 'S' : 'R';
}

// The name the kernel has for q's task ("-" without one, as a zombie's).
static void task_name_of(const struct proc *q, char name[BSD_KP_NAMELEN])
{
	task_machrv_name_data_t tn;
	mach_msg_type_number_t count = TASK_MACHRV_NAME_COUNT;
	strcpy(name, "-");
	if (!MACH_PORT_VALID(q->task) ||
	    task_info(q->task, TASK_MACHRV_NAME, (task_info_t)&tn, &count) != KERN_SUCCESS)
		return;
	tn.name[sizeof(tn.name) - 1] = '\0';
	if (tn.name[0])
		snprintf(name, BSD_KP_NAMELEN, "%.*s", BSD_KP_NAMELEN - 1, tn.name);
}

// Every process, zombies too, in pid order: a bsd_kinfo_proc each.
static int kern_proc_all(struct sysctl_req *r)
{
	if (r->newp)
		return EPERM;
	pid_t last = 0;
	for (;;) {
		struct proc *next = NULL;	/* the lowest pid above `last' */
		for (int i = 0; i < BSD_MAXPROC; i++) {
			struct proc *q = &proc_table[i];
			if (q->state != PROC_FREE && q->pid > last && (!next || q->pid < next->pid))
				next = q;
		}
		if (!next)
			return 0;
		last = next->pid;
		struct bsd_kinfo_proc kp;
		memset(&kp, 0, sizeof(kp));
		kp.kp_size = sizeof(kp);
		kp.kp_pid = next->pid;
		kp.kp_ppid = next->parent ? next->parent->pid : 0;
		kp.kp_pgid = next->pgid;
		kp.kp_uid = next->cred.euid;
		kp.kp_state = proc_state(next);
		snprintf(kp.kp_comm, sizeof(kp.kp_comm), "%s", next->comm);
		task_name_of(next, kp.kp_task);
		int e = sysctl_out(r, &kp, sizeof(kp));
		if (e)
			return e;
	}
}

/* The names answered: a value's name, and its handler. */
static const struct sysctl_leaf {
	int		name[3];
	unsigned	namelen;
	int		(*handler)(struct sysctl_req *r);
} leaves[] = {
	{ { CTL_KERN, KERN_OSTYPE }, 2, kern_ostype },
	{ { CTL_KERN, KERN_OSRELEASE }, 2, kern_osrelease },
	{ { CTL_KERN, KERN_VERSION }, 2, kern_version },
	{ { CTL_KERN, KERN_HOSTNAME }, 2, kern_hostname },
	{ { CTL_KERN, KERN_PROC, KERN_PROC_ALL }, 3, kern_proc_all },
	{ { CTL_HW, HW_MACHINE }, 2, hw_machine },
};

/*
 * find_leaf: the value `name' names.
 *   Returns: 0 and *leaf; EISDIR if names go on under it (kern.proc);
 *   ENOTDIR if it goes on past a value's name; ENOENT for no such name.
 */
static int find_leaf(const int *name, unsigned namelen, const struct sysctl_leaf **leaf)
{
	int e = ENOENT;
	for (size_t i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		const struct sysctl_leaf *l = &leaves[i];
		unsigned common = namelen < l->namelen ? namelen : l->namelen;
		if (memcmp(name, l->name, common * sizeof(int)) != 0)
			continue;
		if (namelen == l->namelen) {
			*leaf = l;
			return 0;
		}
		e = namelen < l->namelen ? EISDIR : ENOTDIR;
	}
	return e;
}

// __sysctl(name, namelen, oldp, oldlenp, newp, newlen), as <sys/sysctl.h>
// says.  *oldlenp, when given, becomes the size given (with a buffer) or
// needed (without), also when the answer is ENOMEM.
int sys___sysctl(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	unsigned namelen = (unsigned)ARG(1);
	if (namelen < 2 || namelen > CTL_MAXNAME)
		return EINVAL;
	int name[CTL_MAXNAME];
	if (copyin(p, ARG(0), name, namelen * sizeof(int)))
		return EFAULT;
	struct sysctl_req r = { .p = p, .oldp = ARG(2), .newp = ARG(4), .newlen = (size_t)ARG(5) };
	if (ARG(3) && copyin(p, ARG(3), &r.oldlen, sizeof(r.oldlen)))
		return EFAULT;
	const struct sysctl_leaf *leaf;
	int e = find_leaf(name, namelen, &leaf);
	if (e)
		return e;
	e = leaf->handler(&r);
	if (e && e != ENOMEM)
		return e;
	size_t len = r.oldp && r.oldidx > r.oldlen ? r.oldlen : r.oldidx;
	if (ARG(3) && copyout(p, &len, ARG(3), sizeof(len)))
		return EFAULT;
	return e;
}
