// SPDX-License-Identifier: BSD-2-Clause
// dir_lookup: walk a path from a directory, following symlinks, creating
// and truncating as the flags say, and open the result as a new protid.
#include <errno.h>
#include <string.h>
#include "fss_server.h"
#include "fsServer.h"

#define SYMLOOP_MAX	16	/* symlinks followed in one lookup */
#define PATH_BUF	1024	/* string_t */

static bool is_type(uint32_t ino, uint32_t fmt)
{
	struct ext2_stat st;
	return ext2_stat(fss_fs, ino, &st) == 0 && (st.mode & EXT2_S_IFMT) == fmt;
}

// Replace the component just looked up by the symlink `link's target:
// the path to walk becomes target + rest (rest is "" or starts with '/').  0, ENAMETOOLONG, EIO.
static int splice_link(uint32_t link, char *path, const char *rest)
{
	char target[FSS_SYMLINK_MAX + 1];
	size_t n;
	int e = ext2_readlink(fss_fs, link, target, sizeof(target), &n);
	if (e)
		return e;
	size_t r = strlen(rest);	// "" or "/..." (the slash kept)
	if (n + r + 1 > PATH_BUF)
		return ENAMETOOLONG;
	char out[PATH_BUF];
	memcpy(out, target, n);
	memcpy(out + n, rest, r + 1);
	strcpy(path, out);
	return 0;
}

// The access an open with `flags' needs: R_OK 4, W_OK 2, X_OK 1.
static int access_of(int flags)
{
	return ((flags & FS_O_READ) ? 4 : 0) | ((flags & FS_O_WRITE) ? 2 : 0) |
	       ((flags & FS_O_EXEC) ? 1 : 0);
}

/*
 * walk: from directory `dir', the inode `path' names, per `flags'.
 *   *ino the result; *created if FS_O_CREAT made it; *magic with `path'
 *   rewritten from the root when a symlink's target is absolute.
 *   Returns 0 or an errno value.
 */
static int walk(const struct ext2_cred *cred, uint32_t dir, char *path, int flags, uint32_t mode,
		uint32_t *ino, bool *created, bool *magic)
{
	int links = 0;
	uint32_t cur = dir;
	char *s = path;
	*created = *magic = false;
	for (;;) {
		while (*s == '/')
			s++;
		if (!*s) {
			*ino = cur;	// "" or trailing slashes: the directory itself
			return 0;
		}
		char *end = strchr(s, '/');
		char comp[EXT2_NAME_LEN + 1];
		size_t len = end ? (size_t)(end - s) : strlen(s);
		if (len > EXT2_NAME_LEN)
			return ENAMETOOLONG;
		memcpy(comp, s, len);
		comp[len] = 0;
		const char *rest = end ? end : "";
		bool last = !*rest;
		for (const char *t = rest; *t == '/'; t++)
			last = !t[1];	// only slashes follow: still the last, a directory wanted
		bool must_dir = end != NULL;

		uint32_t next;
		int e = (strcmp(comp, "..") == 0 && cur == EXT2_ROOT) ? (next = EXT2_ROOT, 0)
			: ext2_lookup(fss_fs, cred, cur, comp, &next);
		if (e == ENOENT && last && !must_dir && (flags & FS_O_CREAT)) {
			e = ext2_create(fss_fs, cred, cur, comp, mode & 07777, &next);
			if (e == EEXIST)	// made meanwhile by another client
				e = ext2_lookup(fss_fs, cred, cur, comp, &next);
			else if (!e)
				*created = true;
		}
		if (e)
			return e;
		if (last && (flags & FS_O_CREAT) && (flags & FS_O_EXCL) && !*created)
			return EEXIST;
		if (is_type(next, EXT2_S_IFLNK) &&
		    !(last && !must_dir && (flags & (FS_O_NOLINK | FS_O_NOFOLLOW)))) {
			if (++links > SYMLOOP_MAX)
				return ELOOP;
			if ((e = splice_link(next, path, rest)))
				return e;
			s = path;
			if (*s == '/') {
				*magic = true;
				return 0;
			}
			continue;	// from the directory that holds the link
		}
		if (last && !must_dir && (flags & FS_O_NOFOLLOW) && !(flags & FS_O_NOLINK) &&
		    is_type(next, EXT2_S_IFLNK))
			return ELOOP;
		if (!last || must_dir) {
			if (!is_type(next, EXT2_S_IFDIR))
				return ENOTDIR;
		}
		cur = next;
		if (last) {
			*ino = cur;
			return 0;
		}
		s = end;
	}
}

kern_return_t S_dir_lookup(file_t port, fss_string_t name, int flags, uint32_t mode,
			   retry_type *do_retry, fss_string_t retry_name, mach_port_t *result,
			   mach_msg_type_name_t *poly)
{
	struct fss_protid *p = fss_protid_lookup(port);
	if (!p)
		return fss_err(EOPNOTSUPP);
	struct ext2_cred cred;
	fss_user_cred(&p->user, &cred);
	char path[PATH_BUF];
	strncpy(path, name, PATH_BUF - 1);
	path[PATH_BUF - 1] = 0;
	uint32_t ino;
	bool created, magic;
	int e = 0;
	if (path[0] && !is_type(p->ino, EXT2_S_IFDIR))
		e = ENOTDIR;
	if (!e)
		e = walk(&cred, p->ino, path, flags, mode, &ino, &created, &magic);
	*result = MACH_PORT_NULL;
	*poly = MACH_MSG_TYPE_MOVE_SEND;
	retry_name[0] = 0;
	if (!e && magic) {
		*do_retry = FS_RETRY_MAGICAL;
		strcpy(retry_name, path);
		fss_protid_release(p);
		return KERN_SUCCESS;
	}
	bool dir = !e && is_type(ino, EXT2_S_IFDIR);
	if (!e && (flags & FS_O_DIRECTORY) && !dir)
		e = ENOTDIR;
	if (!e && dir && (flags & FS_O_WRITE))
		e = EISDIR;
	if (!e && !created && access_of(flags))
		e = ext2_access(fss_fs, &cred, ino, access_of(flags));
	if (!e && (flags & FS_O_TRUNC) && (flags & FS_O_WRITE) && is_type(ino, EXT2_S_IFREG)) {
		e = ext2_truncate(fss_fs, NULL, ino, 0);
		if (!e)
			fss_pager_changed(ino, 0, UINT64_MAX);
	}
	if (!e)
		e = fss_protid_create(ino, &p->user, flags, result);
	fss_protid_release(p);
	if (e)
		return fss_err(e);
	*do_retry = FS_RETRY_NORMAL;
	return KERN_SUCCESS;
}
