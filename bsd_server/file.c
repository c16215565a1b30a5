// SPDX-License-Identifier: BSD-2-Clause
// Open files and descriptor tables.  A struct file is shared by every
// descriptor that names it (dup, fork); f_count counts them, and the
// file's own close (fo_close) runs when the last goes.
#include <errno.h>
#include <stdlib.h>
#include "bsd_server.h"

struct file *file_alloc(const struct fileops *ops, void *data, int flag)
{
	struct file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->f_count = 1;
	f->f_ops = ops;
	f->f_data = data;
	f->f_flag = flag;
	return f;
}

void file_hold(struct file *f)
{
	f->f_count++;
}

void file_release(struct file *f)
{
	if (--f->f_count > 0)
		return;
	if (f->f_ops->fo_close)
		f->f_ops->fo_close(f);
	free(f);
}

int fd_alloc(struct proc *p, int from)
{
	for (int fd = from < 0 ? 0 : from; fd < BSD_NOFILE; fd++)
		if (!p->fd[fd])
			return fd;
	return -EMFILE;
}

void fd_close_all(struct proc *p)
{
	for (int fd = 0; fd < BSD_NOFILE; fd++) {
		struct file *f = p->fd[fd];
		p->fd[fd] = NULL;
		p->fd_cloexec[fd] = 0;
		if (f)
			file_release(f);
	}
}

void fd_close_on_exec(struct proc *p)
{
	for (int fd = 0; fd < BSD_NOFILE; fd++) {
		if (p->fd[fd] && p->fd_cloexec[fd]) {
			struct file *f = p->fd[fd];
			p->fd[fd] = NULL;
			p->fd_cloexec[fd] = 0;
			file_release(f);
		}
	}
}

void fd_copy(struct proc *to, struct proc *from)
{
	for (int fd = 0; fd < BSD_NOFILE; fd++) {
		to->fd[fd] = from->fd[fd];
		to->fd_cloexec[fd] = from->fd_cloexec[fd];
		if (to->fd[fd])
			file_hold(to->fd[fd]);
	}
}
