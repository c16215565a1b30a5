// SPDX-License-Identifier: BSD-2-Clause
// Paths: walking a path of components from a directory, following
// symlinks, creating the last component, and opening the result with the
// checks of open(2).  Shared by the fss server (dir_lookup) and the
// single-server bsd_server, so both walk paths the same way (ext2.h).
#include <stdbool.h>
#include <string.h>
#include "ext2_private.h"

#define SYMLOOP_MAX	16	/* symlinks followed in one walk */

// ino's file type, 0 if it cannot be read.
static uint32_t fmt_of(struct ext2_fs *fs, uint32_t ino)
{
	uint32_t fmt;
	return ext2_inode_fmt(fs, ino, &fmt) == 0 ? fmt : 0;
}

// Replace the component just looked up by the symlink `link's target:
// the path to walk becomes target + rest (rest is "" or starts with '/').
static int splice_link(struct ext2_fs *fs, uint32_t link, char *path, size_t size,
		       const char *rest)
{
	char target[EXT2_PATH_MAX];
	size_t n;
	int e = ext2_readlink(fs, link, target, sizeof(target), &n);
	if (e)
		return e;
	size_t r = strlen(rest);
	if (n >= sizeof(target) || n + r + 1 > size)
		return ENAMETOOLONG;
	memmove(path + n, rest, r + 1);	/* rest lies inside path, after the link's name */
	memcpy(path, target, n);
	return 0;
}

int ext2_walk(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir, char *path,
	      size_t size, int flags, uint32_t mode, uint32_t *ino, int *created)
{
	int links = 0;
	uint32_t cur = dir;
	char *s = path;
	*created = 0;
	for (;;) {
		while (*s == '/')
			s++;
		if (!*s) {
			*ino = cur;	/* "" or trailing slashes: the directory itself */
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
			last = !t[1];	/* only slashes follow: still the last, a directory wanted */
		bool must_dir = end != NULL;

		uint32_t next;
		int e = (strcmp(comp, "..") == 0 && cur == EXT2_ROOT) ? (next = EXT2_ROOT, 0)
			: ext2_lookup(fs, cred, cur, comp, &next);
		if (e == ENOENT && last && !must_dir && (flags & EXT2_WALK_CREAT)) {
			e = ext2_create(fs, cred, cur, comp, mode & 07777, &next);
			if (e == EEXIST)	/* made meanwhile by another caller */
				e = ext2_lookup(fs, cred, cur, comp, &next);
			else if (!e)
				*created = 1;
		}
		if (e)
			return e;
		if (last && (flags & EXT2_WALK_CREAT) && (flags & EXT2_WALK_EXCL) && !*created)
			return EEXIST;
		uint32_t fmt = fmt_of(fs, next);	/* one look at the inode for both checks */
		bool link = fmt == EXT2_S_IFLNK;
		if (link && !(last && !must_dir && (flags & (EXT2_WALK_NOLINK | EXT2_WALK_NOFOLLOW)))) {
			if (++links > SYMLOOP_MAX)
				return ELOOP;
			if ((e = splice_link(fs, next, path, size, rest)))
				return e;
			s = path;
			if (*s == '/') {
				if (flags & EXT2_WALK_ABSOLUTE_STOPS)
					return EXT2_WALK_ABSOLUTE;	/* the caller goes on from its root */
				cur = EXT2_ROOT;
			}
			continue;	/* from the directory that holds the link, or the root */
		}
		if (link && last && !must_dir && (flags & EXT2_WALK_NOFOLLOW) &&
		    !(flags & EXT2_WALK_NOLINK))
			return ELOOP;
		if ((!last || must_dir) && fmt != EXT2_S_IFDIR)
			return ENOTDIR;
		cur = next;
		if (last) {
			*ino = cur;
			return 0;
		}
		s = end;
	}
}

int ext2_open_checks(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino, int flags,
		     int created)
{
	uint32_t fmt = fmt_of(fs, ino);
	bool dir = fmt == EXT2_S_IFDIR;
	if ((flags & EXT2_WALK_DIRECTORY) && !dir)
		return ENOTDIR;
	if (dir && (flags & EXT2_OPEN_WRITE))
		return EISDIR;
	int access = ((flags & EXT2_OPEN_READ) ? 4 : 0) | ((flags & EXT2_OPEN_WRITE) ? 2 : 0) |
		     ((flags & EXT2_OPEN_EXEC) ? 1 : 0);
	int e = 0;
	if (!created && access)
		e = ext2_access(fs, cred, ino, access);
	if (!e && (flags & EXT2_OPEN_TRUNC) && (flags & EXT2_OPEN_WRITE) &&
	    fmt == EXT2_S_IFREG)
		e = ext2_truncate(fs, NULL, ino, 0);
	return e;
}
