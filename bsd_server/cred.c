// SPDX-License-Identifier: BSD-2-Clause
// Credentials: real, effective and saved user and group ids and the
// supplementary groups, with FreeBSD's rules (kern_prot.c): root
// (effective uid 0) may set any id; others may only move among their
// real and saved ids.  Credentials live here and go with every request
// to the file system (fs.h).
#include <errno.h>
#include "bsd_server.h"

#define NOCHANGE ((uint32_t)-1)

static bool privileged(const struct proc *p)
{
	return p->cred.euid == 0;
}

int sys_getuid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	rv[0] = p->cred.ruid;
	return 0;
}

int sys_geteuid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	rv[0] = p->cred.euid;
	return 0;
}

int sys_getgid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	rv[0] = p->cred.rgid;
	return 0;
}

int sys_getegid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)req;
	rv[0] = p->cred.egid;
	return 0;
}

int sys_setuid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	uid_t uid = (uid_t)ARG(0);
	struct ucred *c = &p->cred;

	(void)rv;
	if (uid != c->ruid && uid != c->svuid && !privileged(p))
		return EPERM;
	if (privileged(p) || uid == c->ruid) {
		c->ruid = uid;
		c->svuid = uid;
	}
	c->euid = uid;
	return 0;
}

int sys_seteuid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	uid_t euid = (uid_t)ARG(0);
	struct ucred *c = &p->cred;

	(void)rv;
	if (euid != c->ruid && euid != c->svuid && !privileged(p))
		return EPERM;
	c->euid = euid;
	return 0;
}

int sys_setgid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	gid_t gid = (gid_t)ARG(0);
	struct ucred *c = &p->cred;

	(void)rv;
	if (gid != c->rgid && gid != c->svgid && !privileged(p))
		return EPERM;
	if (privileged(p) || gid == c->rgid) {
		c->rgid = gid;
		c->svgid = gid;
	}
	c->egid = gid;
	return 0;
}

int sys_setegid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	gid_t egid = (gid_t)ARG(0);
	struct ucred *c = &p->cred;

	(void)rv;
	if (egid != c->rgid && egid != c->svgid && !privileged(p))
		return EPERM;
	c->egid = egid;
	return 0;
}

int sys_setreuid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	uint32_t ruid = (uint32_t)ARG(0), euid = (uint32_t)ARG(1);
	struct ucred *c = &p->cred;

	(void)rv;
	if (((ruid != NOCHANGE && ruid != c->ruid && ruid != c->svuid) ||
	     (euid != NOCHANGE && euid != c->euid && euid != c->ruid && euid != c->svuid)) &&
	    !privileged(p))
		return EPERM;
	uid_t old_ruid = c->ruid;
	if (euid != NOCHANGE)
		c->euid = euid;
	if (ruid != NOCHANGE)
		c->ruid = ruid;
	if (ruid != NOCHANGE || (euid != NOCHANGE && euid != old_ruid))
		c->svuid = c->euid;
	return 0;
}

int sys_setregid(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	uint32_t rgid = (uint32_t)ARG(0), egid = (uint32_t)ARG(1);
	struct ucred *c = &p->cred;

	(void)rv;
	if (((rgid != NOCHANGE && rgid != c->rgid && rgid != c->svgid) ||
	     (egid != NOCHANGE && egid != c->egid && egid != c->rgid && egid != c->svgid)) &&
	    !privileged(p))
		return EPERM;
	gid_t old_rgid = c->rgid;
	if (egid != NOCHANGE)
		c->egid = egid;
	if (rgid != NOCHANGE)
		c->rgid = rgid;
	if (rgid != NOCHANGE || (egid != NOCHANGE && egid != old_rgid))
		c->svgid = c->egid;
	return 0;
}

int sys_getgroups(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int n = (int)ARG(0);

	if (n == 0) {
		rv[0] = p->cred.ngroups;
		return 0;
	}
	if (n < p->cred.ngroups)
		return EINVAL;
	int error = copyout(p, p->cred.groups, ARG(1), sizeof(gid_t) * (size_t)p->cred.ngroups);
	if (!error)
		rv[0] = p->cred.ngroups;
	return error;
}

int sys_setgroups(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int n = (int)ARG(0);
	gid_t groups[BSD_NGROUPS];

	(void)rv;
	if (!privileged(p))
		return EPERM;
	if (n < 0 || n > BSD_NGROUPS)
		return EINVAL;
	int error = copyin(p, ARG(1), groups, sizeof(gid_t) * (size_t)n);
	if (error)
		return error;
	for (int i = 0; i < n; i++)
		p->cred.groups[i] = groups[i];
	p->cred.ngroups = n;
	return 0;
}
