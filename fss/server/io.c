// SPDX-License-Identifier: BSD-2-Clause
// The io interface (<fss/io.defs>) on protids: read, write, seek, open
// modes, stat, new ports for the same file, mapping.  Each routine looks
// the protid up (EOPNOTSUPP for a port of the server that is not one),
// does its work through the core, and answers Mach codes or FSS_ERRNO.
#include <errno.h>
#include <string.h>
#include "fss_server.h"
#include "ioServer.h"

#define FSS_READ_MAX	(16u << 20)	/* the most one io_read returns */

#define PROTID_OR_FAIL(p, port)					\
	struct fss_protid *p = fss_protid_lookup(port);		\
	if (!p)							\
		return fss_err(EOPNOTSUPP)

kern_return_t S_io_write(io_t port, const_data_t data, mach_msg_type_number_t count, int64_t offset,
			 vm_size_t *amount)
{
	PROTID_OR_FAIL(p, port);
	int e = 0;
	size_t done = 0;
	if (!(p->openmodes & FS_O_WRITE))
		e = EBADF;
	else if (offset < -1)
		e = EINVAL;
	int64_t pos = 0;
	if (!e) {
		// At `offset', or at the file pointer (-1), which moves; with
		// O_APPEND at the end, and the pointer moves there.  The
		// protid's lock covers the pointer and the append; a write at an
		// offset uses only the held inode, which the core locks.
		bool append = __atomic_load_n(&p->openmodes, __ATOMIC_RELAXED) & FS_O_APPEND;
		bool at_pointer = offset == -1 || append;
		if (at_pointer) {
			mthread_mutex_lock(&p->lock);
			append = p->openmodes & FS_O_APPEND;	/* as it is now */
		}
		pos = offset == -1 ? p->filepos : offset;
		if (append) {
			struct ext2_stat st;
			e = ext2_stat(fss_fs, p->ino, &st);
			pos = (int64_t)st.size;
		}
		if (!e)
			e = ext2_write_held(fss_fs, p->ip, (uint64_t)pos, data, count, &done);
		if (at_pointer) {
			if (!e && (offset == -1 || append))
				p->filepos = pos + (int64_t)done;
			mthread_mutex_unlock(&p->lock);
		}
		if (!e) {
			fss_pager_changed(p->ino, (uint64_t)pos, done);
			if (p->openmodes & FS_O_FSYNC)
				e = ext2_fsync(fss_fs, p->ino);
		}
	}
	fss_protid_release(p);
	if (e)
		return fss_err(e);
	fss_request_free_ool(data, count);
	*amount = done;
	return KERN_SUCCESS;
}

// A symlink opened on itself (FS_O_NOLINK) reads as its target, as the
// Hurd's ext2fs answers.
static int read_link(struct fss_protid *p, int64_t pos, char *buf, size_t len, size_t *done)
{
	char target[FSS_SYMLINK_MAX + 1];
	size_t n;
	int e = ext2_readlink(fss_fs, p->ino, target, sizeof(target), &n);
	if (e)
		return e;
	*done = 0;
	if ((uint64_t)pos < n) {
		*done = n - (size_t)pos < len ? n - (size_t)pos : len;
		memcpy(buf, target + pos, *done);
	}
	return 0;
}

/* S_io_read's way for all but a read at an offset of a regular file or
 * directory into the stub's buffer: the file pointer, a symbolic link,
 * fresh memory, an error. */
static kern_return_t __attribute__((noinline))
io_read_general(struct fss_protid *p, data_t *data, mach_msg_type_number_t *count,
		int64_t offset, vm_size_t amount);

kern_return_t S_io_read(io_t port, data_t *data, mach_msg_type_number_t *count, int64_t offset,
			vm_size_t amount)
{
	PROTID_OR_FAIL(p, port);
	if (__builtin_expect(!(p->openmodes & FS_O_READ) || offset < 0 || amount > *count ||
			     p->ifmt == EXT2_S_IFLNK, 0))
		return io_read_general(p, data, count, offset, amount);
	/* The common case (bsd_server's reads): few values live across the calls. */
	size_t done = 0;
	fss_pager_sync(p->ino);
	int e = ext2_read_held(fss_fs, p->ip, (uint64_t)offset, *data, amount, &done);
	fss_protid_release(p);
	if (e)
		return fss_err(e);
	*count = (mach_msg_type_number_t)done;
	return KERN_SUCCESS;
}

static kern_return_t
io_read_general(struct fss_protid *p, data_t *data, mach_msg_type_number_t *count,
		int64_t offset, vm_size_t amount)
{
	int e = 0;
	if (!(p->openmodes & FS_O_READ))
		e = EBADF;
	else if (offset < -1)
		e = EINVAL;
	if (amount > FSS_READ_MAX)
		amount = FSS_READ_MAX;
	char *buf = *data;
	if (!e && amount > *count) {
		// More than the stub's buffer: fresh memory, sent out of line.
		vm_address_t a = 0;
		if (vm_allocate(mach_task_self(), &a, amount, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
			e = ENOMEM;
		buf = (char *)a;
	}
	size_t done = 0;
	if (!e) {
		fss_pager_sync(p->ino);
		// The file pointer (offset -1) is the protid's lock's; a read at
		// an offset uses only the held inode, which the core locks.
		bool at_pointer = offset == -1;
		if (at_pointer)
			mthread_mutex_lock(&p->lock);
		int64_t pos = at_pointer ? p->filepos : offset;
		if (p->ifmt == EXT2_S_IFLNK)
			e = read_link(p, pos, buf, amount, &done);
		else
			e = ext2_read_held(fss_fs, p->ip, (uint64_t)pos, buf, amount, &done);
		if (at_pointer) {
			if (!e)
				p->filepos = pos + (int64_t)done;
			mthread_mutex_unlock(&p->lock);
		}
	}
	fss_protid_release(p);
	if (buf != *data) {
		if (e || done == 0) {
			vm_deallocate(mach_task_self(), (vm_address_t)buf, amount);
			buf = *data;
		} else if (round_page(done) < round_page(amount)) {
			vm_deallocate(mach_task_self(), (vm_address_t)buf + round_page(done),
				      round_page(amount) - round_page(done));
		}
	}
	if (e)
		return fss_err(e);
	*data = buf;
	*count = (mach_msg_type_number_t)done;
	return KERN_SUCCESS;
}

kern_return_t S_io_seek(io_t port, int64_t offset, int whence, int64_t *newp)
{
	PROTID_OR_FAIL(p, port);
	int e = 0;
	int64_t base = 0;
	struct ext2_stat st;
	mthread_mutex_lock(&p->lock);
	switch (whence) {
	case FS_SEEK_SET:
		break;
	case FS_SEEK_CUR:
		base = p->filepos;
		break;
	case FS_SEEK_END:
		e = ext2_stat(fss_fs, p->ino, &st);
		base = (int64_t)st.size;
		break;
	default:
		e = EINVAL;
	}
	if (!e && (offset < 0 ? base + offset < 0 : base > INT64_MAX - offset))
		e = EINVAL;
	if (!e)
		*newp = p->filepos = base + offset;
	mthread_mutex_unlock(&p->lock);
	fss_protid_release(p);
	return fss_err(e);
}

kern_return_t S_io_readable(io_t port, vm_size_t *amount)
{
	PROTID_OR_FAIL(p, port);
	struct ext2_stat st;
	int e = p->openmodes & FS_O_READ ? ext2_stat(fss_fs, p->ino, &st) : EBADF;
	if (!e) {
		mthread_mutex_lock(&p->lock);
		*amount = (int64_t)st.size > p->filepos ? st.size - (uint64_t)p->filepos : 0;
		mthread_mutex_unlock(&p->lock);
	}
	fss_protid_release(p);
	return fss_err(e);
}

// The open modes: only FS_O_SETTABLE bits change.
static kern_return_t set_modes(io_t port, int clear, int set)
{
	PROTID_OR_FAIL(p, port);
	mthread_mutex_lock(&p->lock);
	/* Stored atomically: io_write reads O_APPEND without the lock first. */
	__atomic_store_n(&p->openmodes,
			 (p->openmodes & ~(clear & FS_O_SETTABLE)) | (set & FS_O_SETTABLE),
			 __ATOMIC_RELAXED);
	mthread_mutex_unlock(&p->lock);
	fss_protid_release(p);
	return KERN_SUCCESS;
}

kern_return_t S_io_set_all_openmodes(io_t port, int newbits)
{
	return set_modes(port, FS_O_SETTABLE, newbits);
}

kern_return_t S_io_set_some_openmodes(io_t port, int bits)
{
	return set_modes(port, 0, bits);
}

kern_return_t S_io_clear_some_openmodes(io_t port, int bits)
{
	return set_modes(port, bits, 0);
}

kern_return_t S_io_get_openmodes(io_t port, int *bits)
{
	PROTID_OR_FAIL(p, port);
	mthread_mutex_lock(&p->lock);
	*bits = p->openmodes;
	mthread_mutex_unlock(&p->lock);
	fss_protid_release(p);
	return KERN_SUCCESS;
}

void fss_statbuf(const struct ext2_stat *st, io_statbuf_t *out)
{
	memset(out, 0, sizeof(*out));
	out->st_ino = st->ino;
	out->st_mode = st->mode;
	out->st_nlink = st->nlink;
	out->st_uid = st->uid;
	out->st_gid = st->gid;
	out->st_rdev = st->rdev;
	out->st_blksize = st->blksize;
	out->st_dev = FSS_FSID;
	out->st_size = st->size;
	out->st_blocks = st->blocks;
	out->st_atime_sec = st->atime;
	out->st_mtime_sec = st->mtime;
	out->st_ctime_sec = st->ctime;
}

kern_return_t S_io_stat(io_t port, io_statbuf_t *out)
{
	PROTID_OR_FAIL(p, port);
	struct ext2_stat st;
	int e = ext2_stat(fss_fs, p->ino, &st);
	fss_protid_release(p);
	if (e)
		return fss_err(e);
	fss_statbuf(&st, out);
	return KERN_SUCCESS;
}

static bool has_id(const uint32_t *ids, uint32_t n, uint32_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

// The ids of `want' a user `u' may take: all of them for the superuser,
// else those it has (the Hurd's rule: rights only shrink).
static void restrict_ids(const uint32_t *have, uint32_t nhave, bool root, const uint32_t *want,
			 uint32_t nwant, uint32_t *out, uint32_t *nout)
{
	*nout = 0;
	for (uint32_t i = 0; i < nwant && i < FSS_MAX_IDS; i++)
		if (root || has_id(have, nhave, want[i]))
			out[(*nout)++] = want[i];
}

kern_return_t S_io_restrict_auth(io_t port, mach_port_t *newport, mach_msg_type_name_t *poly,
				 idarray_t uids, mach_msg_type_number_t nuids, idarray_t gids,
				 mach_msg_type_number_t ngids)
{
	PROTID_OR_FAIL(p, port);
	struct fss_user u;
	bool root = fss_user_is_root(&p->user);
	restrict_ids(p->user.uids, p->user.nuids, root, uids, nuids, u.uids, &u.nuids);
	restrict_ids(p->user.gids, p->user.ngids, root, gids, ngids, u.gids, &u.ngids);
	mthread_mutex_lock(&p->lock);
	int modes = p->openmodes;
	mthread_mutex_unlock(&p->lock);
	int e = fss_protid_create(p->ino, &u, modes, p->path, newport);
	fss_protid_release(p);
	*poly = MACH_MSG_TYPE_MOVE_SEND;
	return fss_err(e);
}

kern_return_t S_io_duplicate(io_t port, mach_port_t *newport, mach_msg_type_name_t *poly)
{
	PROTID_OR_FAIL(p, port);
	mthread_mutex_lock(&p->lock);
	int modes = p->openmodes;
	int64_t pos = p->filepos;
	mthread_mutex_unlock(&p->lock);
	int e = fss_protid_create(p->ino, &p->user, modes, p->path, newport);
	if (!e) {
		struct fss_protid *n = fss_protid_lookup(*newport);
		if (n) {
			n->filepos = pos;
			fss_protid_release(n);
		}
	}
	fss_protid_release(p);
	*poly = MACH_MSG_TYPE_MOVE_SEND;
	return fss_err(e);
}

kern_return_t S_io_server_version(io_t port, fss_string_t name, int *major, int *minor, int *edit)
{
	PROTID_OR_FAIL(p, port);
	fss_protid_release(p);
	strcpy(name, FSS_SERVER_NAME);
	*major = FSS_MAJOR_VERSION;
	*minor = FSS_MINOR_VERSION;
	*edit = 0;
	return KERN_SUCCESS;
}

kern_return_t S_io_map(io_t port, mach_port_t *rd, mach_msg_type_name_t *rdpoly, mach_port_t *wr,
		       mach_msg_type_name_t *wrpoly)
{
	PROTID_OR_FAIL(p, port);
	int e = 0, modes = p->openmodes;
	if (p->ifmt != EXT2_S_IFREG)
		e = ENODEV;
	else if (!(modes & (FS_O_READ | FS_O_WRITE)))
		e = EACCES;
	*rd = *wr = MACH_PORT_NULL;
	*rdpoly = *wrpoly = MACH_MSG_TYPE_MOVE_SEND;
	// One object serves both: a send right for each mode opened.
	if (!e && (modes & FS_O_READ))
		e = fss_pager_get(p->ino, rd);
	if (!e && (modes & FS_O_WRITE)) {
		e = fss_pager_get(p->ino, wr);
		if (e && *rd != MACH_PORT_NULL)
			mach_port_deallocate(mach_task_self(), *rd);
	}
	fss_protid_release(p);
	return fss_err(e);
}
