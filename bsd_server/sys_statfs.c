// SPDX-License-Identifier: BSD-2-Clause
// The mounted file system, as FreeBSD's statfs (555), fstatfs (556) and
// getfsstat (557) give it: one mount, the file system in use (fs.h)
// on "/", in FreeBSD's struct statfs (<sys/mount.h>).  The numbers are
// the file system's own at the time of the call (the ext2 superblock's
// counts, through fss's file_statfs or the core linked in).
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include "fs.h"


#define FSTYPE_EXT2	1	/* f_type: MachRV's numbers (FreeBSD's are given at boot) */
#define FSTYPE_CPIO	2

// The statfs of the one mount.  Errors: the file system's (EIO).
static int mount_statfs(struct statfs *sf)
{
	struct fs_statfs s;
	int e = bsd_fs->vop_statfs(&s);
	if (e)
		return e;
	memset(sf, 0, sizeof(*sf));
	sf->f_version = STATFS_VERSION;
	sf->f_type = strcmp(s.type, "ext2") == 0 ? FSTYPE_EXT2 : FSTYPE_CPIO;
	sf->f_flags = MNT_LOCAL | MNT_ROOTFS | (s.readonly ? MNT_RDONLY : 0);
	sf->f_bsize = s.bsize;
	sf->f_iosize = s.bsize;
	sf->f_blocks = s.blocks;
	sf->f_bfree = s.bfree;
	sf->f_bavail = (int64_t)s.bavail;
	sf->f_files = s.files;
	sf->f_ffree = (int64_t)s.ffree;
	sf->f_namemax = s.namemax;
	sf->f_owner = 0;
	sf->f_fsid.val[0] = 1;		/* stat's st_dev (vattr_to_stat) */
	sf->f_fsid.val[1] = (int32_t)sf->f_type;
	snprintf(sf->f_fstypename, sizeof(sf->f_fstypename), "%.15s", s.type);
	snprintf(sf->f_mntfromname, sizeof(sf->f_mntfromname), "%s", s.from);
	strcpy(sf->f_mntonname, "/");
	return 0;
}

// statfs(path, buf): the file system holding `path' (which must be there:
// ENOENT, EACCES, ... as stat says).
int sys_statfs(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	char path[BSD_PATH_MAX];
	int e = bsd_path_arg(p, ARG(0), path);
	struct vattr va;
	if (!e)
		e = bsd_fs->vop_stat(&p->cred, path, true, &va);
	struct statfs sf;
	if (!e)
		e = mount_statfs(&sf);
	if (e)
		return e;
	return copyout(p, &sf, ARG(1), sizeof(sf)) ? EFAULT : 0;
}

// fstatfs(fd, buf): the file system of an open file; EINVAL for a pipe or
// a device (they are on none).
int sys_fstatfs(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	(void)rv;
	struct file *f = fd_get(p, (int)ARG(0));
	if (!f)
		return EBADF;
	if (!f->f_ops->fo_path)
		return EINVAL;
	struct statfs sf;
	int e = mount_statfs(&sf);
	if (e)
		return e;
	return copyout(p, &sf, ARG(1), sizeof(sf)) ? EFAULT : 0;
}

// getfsstat(buf, bufsize, mode): a statfs per mount, as many as bufsize
// bytes hold; the count written, or with buf NULL the count there is.
// Both modes (MNT_WAIT, MNT_NOWAIT) give fresh numbers.
int sys_getfsstat(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2])
{
	int64_t bufsize = (int64_t)ARG(1);
	if (bufsize < 0)
		return EINVAL;
	if (!ARG(0)) {
		rv[0] = 1;
		return 0;
	}
	if ((uint64_t)bufsize < sizeof(struct statfs)) {
		rv[0] = 0;
		return 0;
	}
	struct statfs sf;
	int e = mount_statfs(&sf);
	if (e)
		return e;
	if (copyout(p, &sf, ARG(0), sizeof(sf)))
		return EFAULT;
	rv[0] = 1;
	return 0;
}
