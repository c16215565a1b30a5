/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attributes and permissions: the POSIX mode-bit check against a caller's
 * credentials, stat, chmod, chown, utimes, access.
 */
#include "ext2_private.h"

int
ext2_cred_in_group(const struct ext2_cred *cred, uint32_t gid)
{
	if (cred->gid == gid)
		return 1;
	for (uint32_t i = 0; i < cred->ngroups; i++)
		if (cred->groups[i] == gid)
			return 1;
	return 0;
}

/*
 * ext2_perm_check: may `cred' access ip with `want' (4 read, 2 write, 1
 * execute/search)?  The owner's bits apply to the owner, the group's to
 * members, the others' to the rest; root passes, except that it may
 * execute a non-directory only if some execute bit is set.  NULL cred:
 * already checked.  Returns 0 or EACCES.
 */
int
ext2_perm_check(const struct ext2_cred *cred, const struct inode *ip, int want)
{
	uint32_t mode = ip->di.i_mode, bits;

	if (!cred)
		return 0;
	if (cred->uid == 0) {
		if ((want & 1) && !inode_is_dir(ip) && !(mode & 0111))
			return EACCES;
		return 0;
	}
	if (cred->uid == inode_uid(ip))
		bits = mode >> 6;
	else if (ext2_cred_in_group(cred, inode_gid(ip)))
		bits = mode >> 3;
	else
		bits = mode;
	return ((bits & 7) & (uint32_t)want) == (uint32_t)want ? 0 : EACCES;
}

/* name_check: is `name' one component (1..255 bytes, no '/')?
 * 0 and its length; ENOENT (empty), ENAMETOOLONG, EINVAL (a '/'). */
int
ext2_name_check(const char *name, size_t *len)
{
	size_t n = 0;

	while (name[n] && n <= EXT2_NAME_LEN) {
		if (name[n] == '/')
			return EINVAL;
		n++;
	}
	if (n == 0)
		return ENOENT;
	if (n > EXT2_NAME_LEN)
		return ENAMETOOLONG;
	*len = n;
	return 0;
}

int
ext2_access(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino, int mode)
{
	struct inode *ip;
	int err;

	if ((err = ext2_inode_get(fs, ino, &ip)))
		return err;
	ext2_inode_lock(ip);
	err = ext2_perm_check(cred, ip, mode & 7);
	if (!err && (mode & 2) && fs->rdonly)
		err = EROFS;
	ext2_inode_unlock(ip);
	ext2_inode_put(fs, ip);
	return err;
}

int
ext2_stat(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st)
{
	struct inode *ip;
	int err;

	if ((err = ext2_inode_get(fs, ino, &ip)))
		return err;
	ext2_inode_lock(ip);
	memset(st, 0, sizeof(*st));
	st->ino = ino;
	st->mode = ip->di.i_mode;
	st->nlink = ip->di.i_links_count;
	st->uid = inode_uid(ip);
	st->gid = inode_gid(ip);
	st->size = inode_size(ip);
	st->blocks = ip->di.i_blocks;
	st->blksize = fs->bsize;
	if ((ip->di.i_mode & EXT2_S_IFMT) == EXT2_S_IFCHR ||
	    (ip->di.i_mode & EXT2_S_IFMT) == EXT2_S_IFBLK)
		st->rdev = ip->di.i_block[0] ? ip->di.i_block[0] : ip->di.i_block[1];
	st->atime = ip->di.i_atime;
	st->mtime = ip->di.i_mtime;
	st->ctime = ip->di.i_ctime;
	ext2_inode_unlock(ip);
	ext2_inode_put(fs, ip);
	return 0;
}

/* The file type bits of ino's mode (EXT2_S_IFMT), for the path walk's
 * checks: ext2_stat without the rest of the attributes. */
int
ext2_inode_fmt(struct ext2_fs *fs, uint32_t ino, uint32_t *fmt)
{
	struct inode *ip;
	int err;

	if ((err = ext2_inode_get(fs, ino, &ip)))
		return err;
	ext2_inode_lock(ip);
	*fmt = ip->di.i_mode & EXT2_S_IFMT;
	ext2_inode_unlock(ip);
	ext2_inode_put(fs, ip);
	return 0;
}

/* Get and lock ino for an attribute change.  EROFS, or ext2_inode_get's. */
static int
attr_begin(struct ext2_fs *fs, uint32_t ino, struct inode **ipp)
{
	int err;

	if (fs->rdonly)
		return EROFS;
	if ((err = ext2_inode_get(fs, ino, ipp)))
		return err;
	ext2_inode_lock(*ipp);
	return 0;
}

/* Stamp ctime, write, unlock, put; returns `err' or the write's error. */
static int
attr_end(struct ext2_fs *fs, struct inode *ip, int err)
{
	if (!err) {
		ext2_inode_touch(fs, ip, 0, 1);
		err = ext2_inode_write(fs, ip);
	}
	ext2_inode_unlock(ip);
	ext2_inode_put(fs, ip);
	return err;
}

int
ext2_chmod(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino, uint32_t mode)
{
	struct inode *ip;
	int err;

	if ((err = attr_begin(fs, ino, &ip)))
		return err;
	mode &= 07777;
	if (cred && cred->uid != 0) {
		if (cred->uid != inode_uid(ip))
			err = EPERM;
		else if (!ext2_cred_in_group(cred, inode_gid(ip)))
			mode &= ~(uint32_t)EXT2_S_ISGID;
		if (!inode_is_dir(ip) && (mode & EXT2_S_ISVTX))
			mode &= ~(uint32_t)EXT2_S_ISVTX;	/* as 4.4BSD: sticky files are root's */
	}
	if (!err)
		ip->di.i_mode = (uint16_t)((ip->di.i_mode & EXT2_S_IFMT) | mode);
	return attr_end(fs, ip, err);
}

int
ext2_chown(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
	   uint32_t uid, uint32_t gid)
{
	struct inode *ip;
	int err;

	if ((err = attr_begin(fs, ino, &ip)))
		return err;
	if (uid == (uint32_t)-1)
		uid = inode_uid(ip);
	if (gid == (uint32_t)-1)
		gid = inode_gid(ip);
	if (cred && cred->uid != 0) {
		/* POSIX _POSIX_CHOWN_RESTRICTED: the owner may change only the
		 * group, to one of its own. */
		if (cred->uid != inode_uid(ip) || uid != inode_uid(ip) ||
		    (gid != inode_gid(ip) && !ext2_cred_in_group(cred, gid)))
			err = EPERM;
		else if (!inode_is_dir(ip))
			ip->di.i_mode &= (uint16_t)~(EXT2_S_ISUID | EXT2_S_ISGID);
	}
	if (!err) {
		ip->di.i_uid = (uint16_t)uid;
		ip->di.i_uid_high = (uint16_t)(uid >> 16);
		ip->di.i_gid = (uint16_t)gid;
		ip->di.i_gid_high = (uint16_t)(gid >> 16);
	}
	return attr_end(fs, ip, err);
}

int
ext2_utimes(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
	    const struct ext2_timespec *atime, const struct ext2_timespec *mtime)
{
	struct inode *ip;
	int err;

	if ((err = attr_begin(fs, ino, &ip)))
		return err;
	if (cred && cred->uid != 0 && cred->uid != inode_uid(ip)) {
		/* Others may only set "now", and only with write permission. */
		if (atime || mtime)
			err = EPERM;
		else
			err = ext2_perm_check(cred, ip, 2);
	}
	if (!err) {
		uint32_t now = (uint32_t)fs_now(fs);
		ip->di.i_atime = atime ? (uint32_t)atime->sec : now;
		ip->di.i_mtime = mtime ? (uint32_t)mtime->sec : now;
	}
	return attr_end(fs, ip, err);
}

int64_t ext2_root_time(struct ext2_fs *fs)
{
	struct ext2_stat st;
	if (ext2_stat(fs, EXT2_ROOT, &st))
		return 0;
	int64_t t = st.atime > st.mtime ? st.atime : st.mtime;
	return t > st.ctime ? t : st.ctime;
}
