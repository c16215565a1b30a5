/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Names in directories: lookup, create, mkdir, symlink, link, unlink,
 * rmdir.  Each takes the directory's lock, then (parent before child) the
 * lock of the inode the name denotes.  ext2_rename is in ext2_rename.c.
 */
#include "fss_trace.h"
#include "ext2_private.h"

static int
is_dot(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/*
 * Check `name', get and lock directory `dir' and check `want' permission
 * on it; a directory already removed (no links) has no names: ENOENT.
 * `modify': EROFS on a read-only file system.
 */
static int
dir_begin(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
	  const char *name, int want, int modify, struct inode **dpp, size_t *len)
{
	struct inode *dp;
	int err;

	if ((err = ext2_name_check(name, len)))
		return err;
	if ((err = ext2_inode_get(fs, dir, &dp)))
		return err;
	ext2_inode_lock(dp);
	if (!inode_is_dir(dp))
		err = ENOTDIR;
	else if (!(err = ext2_perm_check(cred, dp, want)) && dp->di.i_links_count == 0)
		err = ENOENT;
	else if (!err && modify && fs->rdonly)
		err = EROFS;
	if (err) {
		ext2_inode_unlock(dp);
		ext2_inode_put(fs, dp);
		return err;
	}
	*dpp = dp;
	return 0;
}

static void
dir_end(struct ext2_fs *fs, struct inode *dp)
{
	ext2_inode_unlock(dp);
	ext2_inode_put(fs, dp);
}

int
ext2_lookup(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
	    const char *name, uint32_t *ino)
{
	struct inode *dp;
	size_t len;
	int err = dir_begin(fs, cred, dir, name, 1, 0, &dp, &len);

	if (err)
		return err;
	err = ext2_dir_find(fs, dp, name, len, ino, NULL);
	dir_end(fs, dp);
	FSS_TRACE(TRN_FS_LOOKUP, dir, err ? 0 : *ino, name);
	return err;
}

/*
 * Make a new inode of `mode' named `name' in the locked directory dp:
 * allocated in dp's group (a directory: spread), owned by the caller, the
 * group of dp if dp is set-group-id; returned locked and referenced, not
 * yet entered in dp.  Returns 0; EEXIST; EMLINK; ENOSPC; EIO.
 */
static int
node_new(struct ext2_fs *fs, const struct ext2_cred *cred, struct inode *dp,
	 const char *name, size_t len, uint32_t mode, struct inode **ipp)
{
	uint32_t ino, ifmt = mode & EXT2_S_IFMT;
	struct inode *ip;
	uint8_t type;
	int err = ext2_dir_find(fs, dp, name, len, &ino, &type);

	if (err == 0)
		return EEXIST;
	if (err != ENOENT)
		return err;
	if (ifmt == EXT2_S_IFDIR && dp->di.i_links_count >= EXT2_LINK_MAX)
		return EMLINK;
	if ((err = ext2_ialloc(fs, dp->ino, ifmt == EXT2_S_IFDIR, &ino)))
		return err;
	if ((err = ext2_inode_get_new(fs, ino, ifmt, &ip))) {
		(void)ext2_ifree(fs, ino, ifmt == EXT2_S_IFDIR);
		return err;
	}
	ext2_inode_lock(ip);
	uint32_t uid = cred ? cred->uid : 0, gid = cred ? cred->gid : 0;
	if (dp->di.i_mode & EXT2_S_ISGID) {
		gid = inode_gid(dp);
		if (ifmt == EXT2_S_IFDIR)
			mode |= EXT2_S_ISGID;
	}
	ip->di.i_mode = (uint16_t)mode;
	ip->di.i_uid = (uint16_t)uid;
	ip->di.i_uid_high = (uint16_t)(uid >> 16);
	ip->di.i_gid = (uint16_t)gid;
	ip->di.i_gid_high = (uint16_t)(gid >> 16);
	ip->di.i_links_count = ifmt == EXT2_S_IFDIR ? 2 : 1;
	ip->di.i_atime = ip->di.i_mtime = ip->di.i_ctime = (uint32_t)fs_now(fs);
	*ipp = ip;
	return 0;
}

/*
 * Enter the new, locked inode ip in dp (after its contents are set up by
 * the caller, with `err' the setup's result); on any failure, ip loses its
 * link and its last reference frees it.  Unlocks and puts ip.
 */
static int
node_finish(struct ext2_fs *fs, struct inode *dp, struct inode *ip, const char *name,
	    size_t len, int err, uint32_t *ino)
{
	if (!err)
		err = ext2_inode_write(fs, ip);
	if (!err)
		err = ext2_dir_add(fs, dp, name, len, ip->ino, ext2_mode_to_ftype(ip->di.i_mode));
	if (!err && inode_is_dir(ip)) {
		dp->di.i_links_count++;		/* the new ".." */
		err = ext2_inode_write(fs, dp);
	}
	if (err) {
		ip->di.i_links_count = 0;
		(void)ext2_inode_write(fs, ip);
	} else if (ino) {
		*ino = ip->ino;
	}
	ext2_inode_unlock(ip);
	ext2_inode_put(fs, ip);
	return err;
}

int
ext2_create(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
	    const char *name, uint32_t mode, uint32_t *ino)
{
	struct inode *dp, *ip;
	size_t len;
	int err = dir_begin(fs, cred, dir, name, 3, 1, &dp, &len);

	if (err)
		return err;
	if (!(err = node_new(fs, cred, dp, name, len, EXT2_S_IFREG | (mode & 07777), &ip)))
		err = node_finish(fs, dp, ip, name, len, 0, ino);
	dir_end(fs, dp);
	return err;
}

int
ext2_mkdir(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
	   const char *name, uint32_t mode, uint32_t *ino)
{
	struct inode *dp, *ip;
	size_t len;
	int err = dir_begin(fs, cred, dir, name, 3, 1, &dp, &len);

	if (err)
		return err;
	if (!(err = node_new(fs, cred, dp, name, len, EXT2_S_IFDIR | (mode & 07777), &ip)))
		err = node_finish(fs, dp, ip, name, len, ext2_dir_init(fs, ip, dp->ino), ino);
	dir_end(fs, dp);
	return err;
}

/* A symlink's target: in i_block if it fits (fast), else in one block. */
static int
symlink_fill(struct ext2_fs *fs, struct inode *ip, const char *target, size_t n)
{
	uint32_t pblk;
	struct buf *b;
	int fresh, err;

	if (n <= EXT2_FAST_SYMLINK_MAX) {
		memcpy(ip->di.i_block, target, n);
		ip->map_ok = 0;
	} else {
		if ((err = ext2_bmap(fs, ip, 0, 1, &pblk, &fresh)))
			return err;
		if ((err = bcache_get_zero(fs->bc, pblk, &b)))
			return err;
		memcpy(b->data, target, n);
		bcache_dirty(b);
		bcache_put(b);
	}
	ip->di.i_size = (uint32_t)n;
	return 0;
}

int
ext2_symlink(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
	     const char *name, const char *target, uint32_t *ino)
{
	struct inode *dp, *ip;
	size_t len, n = strlen(target);
	int err;

	if (n == 0)
		return ENOENT;
	if (n >= fs->bsize)
		return ENAMETOOLONG;
	if ((err = dir_begin(fs, cred, dir, name, 3, 1, &dp, &len)))
		return err;
	if (!(err = node_new(fs, cred, dp, name, len, EXT2_S_IFLNK | 0777, &ip)))
		err = node_finish(fs, dp, ip, name, len, symlink_fill(fs, ip, target, n), ino);
	dir_end(fs, dp);
	return err;
}

int
ext2_link(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
	  struct ext2_fs *dfs, uint32_t dir, const char *name)
{
	struct inode *dp, *ip;
	uint32_t old;
	size_t len;
	int err;

	if (fs != dfs)
		return EXDEV;
	if ((err = dir_begin(fs, cred, dir, name, 3, 1, &dp, &len)))
		return err;
	if ((err = ext2_inode_get(fs, ino, &ip))) {
		dir_end(fs, dp);
		return err;
	}
	if (ip->ifmt == EXT2_S_IFDIR) {
		err = EPERM;	/* never lock it: it may be above dp */
	} else {
		ext2_inode_lock(ip);		/* a non-directory: last in the lock order */
		if (ip->di.i_links_count == 0)
			err = ENOENT;
		else if (ip->di.i_links_count >= EXT2_LINK_MAX)
			err = EMLINK;
		else if ((err = ext2_dir_find(fs, dp, name, len, &old, NULL)) == 0)
			err = EEXIST;
		else if (err == ENOENT &&
			 !(err = ext2_dir_add(fs, dp, name, len, ino, ext2_mode_to_ftype(ip->di.i_mode)))) {
			ip->di.i_links_count++;
			ext2_inode_touch(fs, ip, 0, 1);
			err = ext2_inode_write(fs, ip);
		}
		ext2_inode_unlock(ip);
	}
	ext2_inode_put(fs, ip);
	dir_end(fs, dp);
	return err;
}

/* May `cred' remove ip from dp, as far as dp's sticky bit goes? */
static int
sticky_ok(const struct ext2_cred *cred, struct inode *dp, struct inode *ip)
{
	if (!cred || cred->uid == 0 || !(dp->di.i_mode & EXT2_S_ISVTX))
		return 1;
	return cred->uid == inode_uid(ip) || cred->uid == inode_uid(dp);
}

/* unlink and rmdir: remove `name' from `dir'. */
static int
remove_name(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
	    const char *name, int rmdir)
{
	struct inode *dp, *ip;
	uint32_t ino;
	size_t len;
	int err, empty;

	if ((err = dir_begin(fs, cred, dir, name, 3, 1, &dp, &len)))
		return err;
	if (is_dot(name, len)) {
		err = !rmdir ? EISDIR : len == 1 ? EINVAL : ENOTEMPTY;
		goto out_dp;
	}
	if ((err = ext2_dir_find(fs, dp, name, len, &ino, NULL)))
		goto out_dp;
	if (ino == dp->ino) {
		err = EIO;	/* a corrupt entry naming its own directory */
		goto out_dp;
	}
	if ((err = ext2_inode_get(fs, ino, &ip)))
		goto out_dp;
	if (ip->ifmt == EXT2_S_IFDIR && !rmdir) {
		err = EISDIR;
		goto out_ip;
	}
	if (ip->ifmt != EXT2_S_IFDIR && rmdir) {
		err = ENOTDIR;
		goto out_ip;
	}
	if (ino == EXT2_ROOT_INO) {
		err = EBUSY;
		goto out_ip;
	}
	ext2_inode_lock(ip);
	if (!sticky_ok(cred, dp, ip))
		err = EPERM;
	else if (rmdir && !(err = ext2_dir_is_empty(fs, ip, &empty)) && !empty)
		err = ENOTEMPTY;
	if (!err)
		err = ext2_dir_remove(fs, dp, name, len);
	if (!err) {
		if (rmdir) {
			ip->di.i_links_count = 0;	/* its name and its "." */
			if (dp->di.i_links_count > 2)
				dp->di.i_links_count--;	/* its ".." */
			err = ext2_inode_write(fs, dp);
		} else if (ip->di.i_links_count > 0) {
			ip->di.i_links_count--;
		}
		ext2_inode_touch(fs, ip, 0, 1);
		int e = ext2_inode_write(fs, ip);
		if (!err)
			err = e;
	}
	ext2_inode_unlock(ip);
out_ip:
	ext2_inode_put(fs, ip);	/* the last one frees it: dp stays locked (parent first) */
out_dp:
	dir_end(fs, dp);
	return err;
}

int
ext2_unlink(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir, const char *name)
{
	return remove_name(fs, cred, dir, name, 0);
}

int
ext2_rmdir(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir, const char *name)
{
	return remove_name(fs, cred, dir, name, 1);
}
