// SPDX-License-Identifier: BSD-2-Clause
// dir_lookup: walk a path from a directory (the core's ext2_walk: the
// same walk as the single-server bsd_server's), create and truncate as the
// flags say, and open the result as a new protid.  dir_stat (fss_ext): the
// same walk, and the attributes of what it found instead of a protid.
#include <errno.h>
#include <string.h>
#include "fss_server.h"
#include "fsServer.h"
#include "fss_extServer.h"

// fss's open flags (the Hurd's) as the core's walk and open flags.
static int core_flags(int flags)
{
	int f = EXT2_WALK_ABSOLUTE_STOPS;	/* an absolute symlink goes back to the client */
	if (flags & FS_O_CREAT)
		f |= EXT2_WALK_CREAT;
	if (flags & FS_O_EXCL)
		f |= EXT2_WALK_EXCL;
	if (flags & FS_O_NOLINK)
		f |= EXT2_WALK_NOLINK;
	if (flags & FS_O_NOFOLLOW)
		f |= EXT2_WALK_NOFOLLOW;
	if (flags & FS_O_DIRECTORY)
		f |= EXT2_WALK_DIRECTORY;
	if (flags & FS_O_READ)
		f |= EXT2_OPEN_READ;
	if (flags & FS_O_WRITE)
		f |= EXT2_OPEN_WRITE;
	if (flags & FS_O_EXEC)
		f |= EXT2_OPEN_EXEC;
	if (flags & FS_O_TRUNC)
		f |= EXT2_OPEN_TRUNC;
	return f;
}

/*
 * The walk both calls make: `name' from the directory protid `p', as
 * its user (*cred, filled in) may search, with fss's `flags' (mode for a
 * file created).  0 and *ino, *created; an errno value;
 * EXT2_WALK_ABSOLUTE with `path' (EXT2_PATH_MAX bytes) the rest of the
 * walk from the client's root.
 */
static int walk(struct fss_protid *p, struct ext2_cred *cred, const char *name, int flags,
		uint32_t mode, char path[EXT2_PATH_MAX], uint32_t *ino, int *created)
{
	fss_user_cred(&p->user, cred);
	size_t n = strnlen(name, EXT2_PATH_MAX - 1);	/* no strncpy: no 1 KiB of padding */
	memcpy(path, name, n);
	path[n] = 0;
	*created = 0;
	if (path[0] && p->ifmt != EXT2_S_IFDIR)
		return ENOTDIR;
	return ext2_walk(fss_fs, cred, p->ino, path, EXT2_PATH_MAX, core_flags(flags), mode, ino,
			 created);
}

kern_return_t S_dir_lookup(file_t port, const_fss_string_t name, int flags, uint32_t mode,
			   retry_type *do_retry, fss_string_t retry_name, mach_port_t *result,
			   mach_msg_type_name_t *poly)
{
	struct fss_protid *p = fss_protid_lookup(port);
	if (!p)
		return fss_err(EOPNOTSUPP);
	struct ext2_cred cred;
	char path[EXT2_PATH_MAX];
	uint32_t ino;
	int created;
	int e = walk(p, &cred, name, flags, mode, path, &ino, &created);
	int cf = core_flags(flags);
	*result = MACH_PORT_NULL;
	*poly = MACH_MSG_TYPE_MOVE_SEND;
	retry_name[0] = 0;
	if (e == EXT2_WALK_ABSOLUTE) {
		*do_retry = FS_RETRY_MAGICAL;
		strcpy(retry_name, path);
		fss_protid_release(p);
		return KERN_SUCCESS;
	}
	if (!e)
		e = ext2_open_checks(fss_fs, &cred, ino, cf, created);
	if (!e && (flags & FS_O_TRUNC) && (flags & FS_O_WRITE))
		fss_pager_changed(ino, 0, UINT64_MAX);
	char joined[EXT2_PATH_MAX];
	if (!e)
		e = fss_protid_create(ino, &p->user, flags,
				      fss_path_join(p, name, joined, sizeof(joined)), result);
	fss_protid_release(p);
	if (e)
		return fss_err(e);
	*do_retry = FS_RETRY_NORMAL;
	return KERN_SUCCESS;
}

// fss_ext's dir_lookup_path: dir_lookup with both strings at their own
// lengths (<fss/fss_ext.defs>).
kern_return_t S_dir_lookup_path(file_t port, const_fss_string_t name, int flags, uint32_t mode,
				retry_type *do_retry, fss_string_t retry_name, mach_port_t *result,
				mach_msg_type_name_t *poly)
{
	return S_dir_lookup(port, name, flags, mode, do_retry, retry_name, result, poly);
}

kern_return_t S_dir_stat(file_t port, const_fss_string_t name, int flags, retry_type *do_retry,
			 io_statbuf_t *stat_info)
{
	struct fss_protid *p = fss_protid_lookup(port);
	if (!p)
		return fss_err(EOPNOTSUPP);
	struct ext2_cred cred;
	char path[EXT2_PATH_MAX];
	uint32_t ino;
	int created;
	int e = (flags & ~FS_O_NOLINK) ? EINVAL
				       : walk(p, &cred, name, flags, 0, path, &ino, &created);
	fss_protid_release(p);
	*do_retry = FS_RETRY_NORMAL;
	if (e == EXT2_WALK_ABSOLUTE) {
		*do_retry = FS_RETRY_MAGICAL;	/* dir_lookup says where to go on */
		memset(stat_info, 0, sizeof(*stat_info));
		return KERN_SUCCESS;
	}
	struct ext2_stat st;
	if (!e)
		e = ext2_stat(fss_fs, ino, &st);
	if (e)
		return fss_err(e);
	fss_statbuf(&st, stat_info);
	return KERN_SUCCESS;
}
