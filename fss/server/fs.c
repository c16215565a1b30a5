// SPDX-License-Identifier: BSD-2-Clause
// The fs interface (<fss/fs.defs>) and fss_ext (<fss/fss_ext.defs>) on
// protids: attributes, size, sync, statfs, directory entries and names.
// Permission checks use the protid's user; dir_lookup is in lookup.c.
#include <errno.h>
#include <string.h>
#include "fss_server.h"
#include "fsServer.h"
#include "fss_extServer.h"

// The protid of `port' and its user as the core's credentials.
#define PROTID_CRED_OR_FAIL(p, cred, port)			\
	struct fss_protid *p = fss_protid_lookup(port);		\
	if (!p)							\
		return fss_err(EOPNOTSUPP);			\
	struct ext2_cred cred;					\
	fss_user_cred(&p->user, &cred)

// A name argument: one component.
static int check_name(const char *name)
{
	if (!name[0])
		return ENOENT;
	if (strchr(name, '/'))
		return EINVAL;
	return strlen(name) > EXT2_NAME_LEN ? ENAMETOOLONG : 0;
}

kern_return_t S_file_chown(file_t port, uint32_t uid, uint32_t gid)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	int e = ext2_chown(fss_fs, &cred, p->ino, uid, gid);
	fss_protid_release(p);
	return fss_err(e);
}

kern_return_t S_file_chmod(file_t port, uint32_t mode)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	int e = ext2_chmod(fss_fs, &cred, p->ino, mode & 07777);
	fss_protid_release(p);
	return fss_err(e);
}

kern_return_t S_file_utimes(file_t port, fss_time_value_t atime, fss_time_value_t mtime)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	struct ext2_timespec a = { atime.seconds, 0 }, m = { mtime.seconds, 0 };
	int e;
	if (atime.microseconds == FSS_TIME_NOW && mtime.microseconds == FSS_TIME_NOW) {
		e = ext2_utimes(fss_fs, &cred, p->ino, NULL, NULL);
	} else if (atime.microseconds == FSS_TIME_NOW || mtime.microseconds == FSS_TIME_NOW) {
		// One now, one given: explicit times, so the owner's rule applies.
		struct ext2_timespec now = { fss_now(), 0 };
		e = ext2_utimes(fss_fs, &cred, p->ino,
				atime.microseconds == FSS_TIME_NOW ? &now : &a,
				mtime.microseconds == FSS_TIME_NOW ? &now : &m);
	} else if (atime.microseconds < 0 || atime.microseconds >= 1000000 ||
		   mtime.microseconds < 0 || mtime.microseconds >= 1000000) {
		e = EINVAL;
	} else {
		a.nsec = (uint32_t)atime.microseconds * 1000;
		m.nsec = (uint32_t)mtime.microseconds * 1000;
		e = ext2_utimes(fss_fs, &cred, p->ino, &a, &m);
	}
	fss_protid_release(p);
	return fss_err(e);
}

kern_return_t S_file_set_size(file_t port, int64_t size)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	(void)cred;
	int e = 0;
	if (!(p->openmodes & FS_O_WRITE))
		e = EBADF;
	else if (size < 0)
		e = EINVAL;
	else
		e = ext2_truncate(fss_fs, NULL, p->ino, (uint64_t)size);
	if (!e)
		fss_pager_changed(p->ino, (uint64_t)size, UINT64_MAX);
	fss_protid_release(p);
	return fss_err(e);
}

kern_return_t S_file_check_access(file_t port, int *allowed)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	*allowed = 0;
	if (ext2_access(fss_fs, &cred, p->ino, 4) == 0)
		*allowed |= FS_O_READ;
	if (ext2_access(fss_fs, &cred, p->ino, 2) == 0)
		*allowed |= FS_O_WRITE;
	if (ext2_access(fss_fs, &cred, p->ino, 1) == 0)
		*allowed |= FS_O_EXEC;
	fss_protid_release(p);
	return KERN_SUCCESS;
}

kern_return_t S_file_statfs(file_t port, fsys_statfsbuf_t *out)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	(void)cred;
	fss_protid_release(p);
	struct ext2_statfs st;
	int e = ext2_statfs(fss_fs, &st);
	if (e)
		return fss_err(e);
	memset(out, 0, sizeof(*out));
	out->f_bsize = st.bsize;
	out->f_namemax = st.namemax;
	out->f_flag = st.readonly ? FSS_ST_RDONLY : 0;
	out->f_fsid = FSS_FSID;
	out->f_blocks = st.blocks;
	out->f_bfree = st.bfree;
	out->f_bavail = st.bavail;
	out->f_files = st.files;
	out->f_ffree = st.ffree;
	return KERN_SUCCESS;
}

kern_return_t S_file_sync(file_t port, int wait, int omit_metadata)
{
	(void)wait, (void)omit_metadata;
	PROTID_CRED_OR_FAIL(p, cred, port);
	(void)cred;
	fss_pager_sync(p->ino);
	int e = ext2_fsync(fss_fs, p->ino);
	fss_protid_release(p);
	return fss_err(e);
}

kern_return_t S_file_syncfs(file_t port, int wait, int do_children)
{
	(void)wait, (void)do_children;
	PROTID_CRED_OR_FAIL(p, cred, port);
	(void)cred;
	fss_protid_release(p);
	return fss_err(ext2_sync(fss_fs));
}

// The d_type of an ext2 entry type.
static uint8_t dtype(uint8_t ft)
{
	static const uint8_t map[] = {
		[EXT2_FT_UNKNOWN] = FSS_DT_UNKNOWN, [EXT2_FT_REG_FILE] = FSS_DT_REG,
		[EXT2_FT_DIR] = FSS_DT_DIR, [EXT2_FT_CHRDEV] = FSS_DT_CHR,
		[EXT2_FT_BLKDEV] = FSS_DT_BLK, [EXT2_FT_FIFO] = FSS_DT_FIFO,
		[EXT2_FT_SOCK] = FSS_DT_SOCK, [EXT2_FT_SYMLINK] = FSS_DT_LNK,
	};
	return ft < sizeof(map) ? map[ft] : FSS_DT_UNKNOWN;
}

#define READDIR_MAX	(256u << 10)	/* the most one dir_readdir returns */

/*
 * dir_readdir by entry index: the core reads from byte cookies, so the
 * entries before `entry' are read and skipped (a client reading a whole
 * directory in turn asks for each index once).
 */
kern_return_t S_dir_readdir(file_t port, data_t *data, mach_msg_type_number_t *count, int entry,
			    int nentries, vm_size_t bufsiz, int *amount)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	size_t room = bufsiz && bufsiz < READDIR_MAX ? bufsiz : READDIR_MAX;
	int e = entry < 0 ? EINVAL : 0;
	char *buf = *data;
	size_t cap = *count, used = 0;
	int got = 0, index = 0;
	uint64_t cookie = 0;
	struct ext2_dirent ents[8];
	while (!e && (nentries < 0 || got < nentries)) {
		unsigned n;
		e = ext2_readdir(fss_fs, &cred, p->ino, &cookie, ents, 8, &n);
		if (e || n == 0)
			break;
		unsigned i;
		for (i = 0; i < n && (nentries < 0 || got < nentries); i++, index++) {
			if (index < entry)
				continue;
			size_t sz = fss_dirent_size(ents[i].namelen);
			if (used + sz > room)
				break;
			if (used + sz > cap) {
				// Grow into fresh memory, sent out of line.
				vm_address_t a = 0;
				size_t ncap = round_page(used + sz > 2 * cap ? used + sz : 2 * cap);
				if (vm_allocate(mach_task_self(), &a, ncap, VM_FLAGS_ANYWHERE)) {
					e = ENOMEM;
					break;
				}
				memcpy((void *)a, buf, used);
				if (buf != *data)
					vm_deallocate(mach_task_self(), (vm_address_t)buf, cap);
				buf = (char *)a;
				cap = ncap;
			}
			struct fss_dirent *d = (struct fss_dirent *)(buf + used);
			d->d_ino = ents[i].ino;
			d->d_reclen = (uint16_t)sz;
			d->d_type = dtype(ents[i].type);
			d->d_namlen = ents[i].namelen;
			memcpy(d->d_name, ents[i].name, ents[i].namelen + 1u);
			memset(d->d_name + ents[i].namelen + 1, 0, sz - 8 - ents[i].namelen - 1);
			used += sz;
			got++;
		}
		if (i < n && (nentries < 0 || got < nentries))
			break;	// out of room
	}
	fss_protid_release(p);
	if (e) {
		if (buf != *data)
			vm_deallocate(mach_task_self(), (vm_address_t)buf, cap);
		return fss_err(e);
	}
	if (buf != *data && cap > round_page(used))
		vm_deallocate(mach_task_self(), (vm_address_t)buf + round_page(used),
			      cap - round_page(used));
	*data = buf;
	*count = (mach_msg_type_number_t)used;
	*amount = got;
	return KERN_SUCCESS;
}

kern_return_t S_dir_mkdir(file_t port, const_fss_string_t name, uint32_t mode)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	uint32_t ino;
	int e = check_name(name);
	if (!e)
		e = ext2_mkdir(fss_fs, &cred, p->ino, name, mode & 07777, &ino);
	fss_protid_release(p);
	return fss_err(e);
}

// dir_rmdir and dir_unlink: `op' on the name in the directory of `port'.
static kern_return_t remove_name(file_t port, const char *name,
				 int (*op)(struct ext2_fs *, const struct ext2_cred *, uint32_t,
					   const char *))
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	int e = check_name(name);
	if (!e)
		e = op(fss_fs, &cred, p->ino, name);
	fss_protid_release(p);
	return fss_err(e);
}

kern_return_t S_dir_rmdir(file_t port, const_fss_string_t name)
{
	return remove_name(port, name, ext2_rmdir);
}

kern_return_t S_dir_unlink(file_t port, const_fss_string_t name)
{
	return remove_name(port, name, ext2_unlink);
}

// The protid of a second port argument: EXDEV when it is not one of ours.
static int other_protid(mach_port_t port, struct fss_protid **out)
{
	*out = fss_protid_lookup(port);
	return *out ? 0 : EXDEV;
}

kern_return_t S_dir_link(file_t port, file_t file, const_fss_string_t name, int excl)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	struct fss_protid *f = NULL;
	int e = check_name(name);
	if (!e)
		e = other_protid(file, &f);
	if (!e) {
		e = ext2_link(fss_fs, &cred, f->ino, fss_fs, p->ino, name);
		if (e == EEXIST && !excl) {
			// Replace a non-directory of that name, as rename would.
			uint32_t old;
			if (ext2_lookup(fss_fs, &cred, p->ino, name, &old) == 0 && old == f->ino)
				e = 0;
			else if ((e = ext2_unlink(fss_fs, &cred, p->ino, name)) == 0)
				e = ext2_link(fss_fs, &cred, f->ino, fss_fs, p->ino, name);
		}
		fss_protid_release(f);
	}
	fss_protid_release(p);
	if (file != MACH_PORT_NULL && !e)
		mach_port_deallocate(mach_task_self(), file);
	return fss_err(e);
}

kern_return_t S_dir_rename(file_t port, const_fss_string_t oldname, file_t newdir,
			   const_fss_string_t newname, int excl)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	struct fss_protid *d = NULL;
	int e = check_name(oldname);
	if (!e)
		e = check_name(newname);
	if (!e)
		e = other_protid(newdir, &d);
	if (!e) {
		uint32_t ino;
		if (excl && ext2_lookup(fss_fs, &cred, d->ino, newname, &ino) == 0)
			e = EEXIST;
		if (!e)
			e = ext2_rename(fss_fs, &cred, p->ino, oldname, fss_fs, d->ino, newname);
		fss_protid_release(d);
	}
	fss_protid_release(p);
	if (!e)
		mach_port_deallocate(mach_task_self(), newdir);
	return fss_err(e);
}

kern_return_t S_dir_symlink(file_t port, const_fss_string_t name, const_fss_string_t target)
{
	PROTID_CRED_OR_FAIL(p, cred, port);
	uint32_t ino;
	int e = check_name(name);
	if (!e && !target[0])
		e = ENOENT;
	if (!e)
		e = ext2_symlink(fss_fs, &cred, p->ino, name, target, &ino);
	fss_protid_release(p);
	return fss_err(e);
}
