// SPDX-License-Identifier: BSD-2-Clause
// A descriptor on a file of the file system (fs.h): reads at the file's
// offset through the implementation, a page at a time, out to the caller.
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include "fs.h"

struct fs_file {
	struct vnode	*vp;
	uint64_t	offset;
};

static long fsf_read(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	struct fs_file *ff = f->f_data;
	char buf[4096];
	size_t done = 0;

	while (done < n) {
		size_t chunk = n - done < sizeof(buf) ? n - done : sizeof(buf);
		long r = bsd_fs->vop_read(&p->cred, ff->vp, ff->offset, buf, chunk);
		if (r < 0)
			return done ? (long)done : r;
		if (r == 0)
			break;
		if (copyout(p, buf, uaddr + done, (size_t)r))
			return done ? (long)done : -EFAULT;
		ff->offset += (uint64_t)r;
		done += (size_t)r;
		if ((size_t)r < chunk)
			break;
	}
	return (long)done;
}

static long fsf_write(struct file *f, struct proc *p, uint64_t uaddr, size_t n)
{
	(void)f, (void)p, (void)uaddr, (void)n;
	return -EROFS;
}

static void fsf_close(struct file *f)
{
	struct fs_file *ff = f->f_data;

	bsd_fs->vop_release(ff->vp);
	free(ff);
}

static const struct fileops fs_fileops = {
	.fo_read = fsf_read, .fo_write = fsf_write, .fo_close = fsf_close,
};

struct file *fs_open_file(struct proc *p, const char *path, int flags, int *error)
{
	struct vnode *vp;

	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC))) {
		/* Nothing may be written to this file system. */
		int e = bsd_fs->vop_lookup(&p->cred, path, &vp);
		if (e == 0)
			bsd_fs->vop_release(vp);
		*error = e == 0 || (flags & O_CREAT) ? EROFS : e;
		return NULL;
	}
	*error = bsd_fs->vop_lookup(&p->cred, path, &vp);
	if (*error)
		return NULL;
	struct fs_file *ff = calloc(1, sizeof(*ff));
	struct file *f = ff ? file_alloc(&fs_fileops, ff, flags & (O_ACCMODE | O_NONBLOCK)) : NULL;
	if (!f) {
		free(ff);
		bsd_fs->vop_release(vp);
		*error = ENOMEM;
		return NULL;
	}
	ff->vp = vp;
	return f;
}
