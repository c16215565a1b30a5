/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_rename, with all of POSIX rename()'s rules.  Its locking:
 *   (1) fs->rename_lock: no other rename runs, so no directory changes
 *       parent until we are done (mkdir and rmdir add and remove leaves
 *       only);
 *   (2) walk the ".." chains of both directories up to the root, each
 *       directory locked only while its ".." is read: the chains tell
 *       whether the source is above the destination (EINVAL) and whether
 *       the target is above the source directory (ENOTEMPTY), before any
 *       child lock is taken the wrong way round;
 *   (3) lock the two directories, the ancestor first (else the lower
 *       number first);
 *   (4) look both names up, then lock the source and target inodes, lower
 *       number first;
 *   (5) check every rule, then change: target entry, source entry, "..",
 *       link counts.
 */
#include <stdlib.h>
#include "ext2_private.h"

/* The directories from `dir' up to the root, `dir' first (step 2).  EIO
 * if a ".." is missing or the chain loops (a corrupt image). */
static int
ancestors(struct ext2_fs *fs, uint32_t dir, uint32_t **chainp, unsigned *np)
{
	unsigned n = 0, cap = 16;
	uint32_t *chain = malloc(cap * sizeof(*chain)), cur = dir;
	int err = 0;

	if (!chain)
		return ENOMEM;
	for (;;) {
		struct inode *dp;
		uint32_t up;
		for (unsigned i = 0; i < n; i++)
			if (chain[i] == cur) {
				err = EIO;	/* a loop of ".." entries */
				goto out;
			}
		if (n == cap) {
			uint32_t *c = realloc(chain, 2 * cap * sizeof(*chain));
			if (!c) {
				err = ENOMEM;
				goto out;
			}
			chain = c;
			cap *= 2;
		}
		chain[n++] = cur;
		if (cur == EXT2_ROOT_INO)
			break;
		if ((err = ext2_inode_get(fs, cur, &dp)))
			goto out;
		ext2_inode_lock(dp);
		err = inode_is_dir(dp) ? ext2_dir_find(fs, dp, "..", 2, &up, NULL) : EIO;
		ext2_inode_unlock(dp);
		ext2_inode_put(fs, dp);
		if (err) {
			err = EIO;
			goto out;
		}
		cur = up;
	}
out:
	if (err) {
		free(chain);
		return err;
	}
	*chainp = chain;
	*np = n;
	return 0;
}

static int
in_chain(const uint32_t *chain, unsigned n, uint32_t ino)
{
	for (unsigned i = 0; i < n; i++)
		if (chain[i] == ino)
			return 1;
	return 0;
}

static void
lock_two(struct inode *a, struct inode *b, int a_first)
{
	if (a == b || !b) {
		ext2_inode_lock(a);
		return;
	}
	if (!a) {
		ext2_inode_lock(b);
		return;
	}
	ext2_inode_lock(a_first ? a : b);
	ext2_inode_lock(a_first ? b : a);
}

static void
unlock_two(struct inode *a, struct inode *b)
{
	if (a)
		ext2_inode_unlock(a);
	if (b && b != a)
		ext2_inode_unlock(b);
}

/* May `cred' take ip out of sticky directory dp? */
static int
sticky_ok(const struct ext2_cred *cred, struct inode *dp, struct inode *ip)
{
	if (!cred || cred->uid == 0 || !(dp->di.i_mode & EXT2_S_ISVTX))
		return 1;
	return cred->uid == inode_uid(ip) || cred->uid == inode_uid(dp);
}

/* Step 5: every check, with all four inodes locked; changes nothing. */
static int
rename_check(struct ext2_fs *fs, const struct ext2_cred *cred, struct inode *sdp,
	     struct inode *ddp, struct inode *sip, struct inode *tip)
{
	int sdir = inode_is_dir(sip), empty, err;

	if (sdp->di.i_links_count == 0 || ddp->di.i_links_count == 0)
		return ENOENT;
	if (!sticky_ok(cred, sdp, sip) || (tip && !sticky_ok(cred, ddp, tip)))
		return EPERM;
	if (tip) {
		if (sdir && !inode_is_dir(tip))
			return ENOTDIR;
		if (!sdir && inode_is_dir(tip))
			return EISDIR;
		if (inode_is_dir(tip)) {
			if ((err = ext2_dir_is_empty(fs, tip, &empty)))
				return err;
			if (!empty)
				return ENOTEMPTY;
		}
	}
	if (sdir && sdp != ddp) {
		if ((err = ext2_perm_check(cred, sip, 2)))	/* its ".." changes */
			return err;
		if (!tip && ddp->di.i_links_count >= EXT2_LINK_MAX)
			return EMLINK;
	}
	return 0;
}

/* Step 5's changes.  Only the first (entering the new name) can fail for
 * want of space, before anything has changed. */
static int
rename_commit(struct ext2_fs *fs, struct inode *sdp, const char *sname, size_t slen,
	      struct inode *ddp, const char *dname, size_t dlen, struct inode *sip,
	      struct inode *tip)
{
	int sdir = inode_is_dir(sip), err;
	uint8_t type = ext2_mode_to_ftype(sip->di.i_mode);

	if (tip)
		err = ext2_dir_set(fs, ddp, dname, dlen, sip->ino, type);
	else
		err = ext2_dir_add(fs, ddp, dname, dlen, sip->ino, type);
	if (err)
		return err;
	if ((err = ext2_dir_remove(fs, sdp, sname, slen)))
		return err;
	if (tip) {
		if (inode_is_dir(tip)) {
			tip->di.i_links_count = 0;
			if (ddp->di.i_links_count > 2)
				ddp->di.i_links_count--;	/* tip's ".." */
		} else if (tip->di.i_links_count > 0) {
			tip->di.i_links_count--;
		}
		ext2_inode_touch(fs, tip, 0, 1);
		if ((err = ext2_inode_write(fs, tip)))
			return err;
	}
	if (sdir && sdp != ddp) {
		if ((err = ext2_dir_set(fs, sip, "..", 2, ddp->ino, EXT2_FT_DIR)))
			return err;
		sdp->di.i_links_count--;
		ddp->di.i_links_count++;
		if ((err = ext2_inode_write(fs, sdp)) || (err = ext2_inode_write(fs, ddp)))
			return err;
	} else if (tip && inode_is_dir(tip)) {
		if ((err = ext2_inode_write(fs, ddp)))
			return err;
	}
	ext2_inode_touch(fs, sip, 0, 1);
	return ext2_inode_write(fs, sip);
}

int
ext2_rename(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t sdir,
	    const char *sname, struct ext2_fs *dfs, uint32_t ddir, const char *dname)
{
	struct inode *sdp = NULL, *ddp = NULL, *sip = NULL, *tip = NULL;
	uint32_t *schain = NULL, *dchain = NULL, sino, tino = 0;
	unsigned sn = 0, dn = 0;
	size_t slen, dlen;
	int err, dirs_locked = 0, kids_locked = 0;

	if (fs != dfs)
		return EXDEV;
	if ((err = ext2_name_check(sname, &slen)) || (err = ext2_name_check(dname, &dlen)))
		return err;
	if ((slen <= 2 && strncmp(sname, "..", slen) == 0) ||
	    (dlen <= 2 && strncmp(dname, "..", dlen) == 0))
		return EINVAL;		/* "." or ".." */
	if (fs->rdonly)
		return EROFS;
	fss_mutex_lock(&fs->rename_lock);				/* (1) */
	if ((err = ext2_inode_get(fs, sdir, &sdp)) || (err = ext2_inode_get(fs, ddir, &ddp)))
		goto out;
	if (sdp->ifmt != EXT2_S_IFDIR || ddp->ifmt != EXT2_S_IFDIR) {
		err = ENOTDIR;
		goto out;
	}
	if ((err = ancestors(fs, sdir, &schain, &sn)) ||		/* (2) */
	    (err = ancestors(fs, ddir, &dchain, &dn)))
		goto out;
	int s_first = in_chain(dchain, dn, sdir) ? 1 :			/* (3) */
		      in_chain(schain, sn, ddir) ? 0 : sdir < ddir;
	lock_two(sdp, ddp, s_first);
	dirs_locked = 1;
	if ((err = ext2_perm_check(cred, sdp, 3)) || (err = ext2_perm_check(cred, ddp, 3)))
		goto out;
	if ((err = ext2_dir_find(fs, sdp, sname, slen, &sino, NULL)))	/* (4) */
		goto out;
	if (in_chain(dchain, dn, sino)) {
		err = EINVAL;	/* the source is the destination or above it */
		goto out;
	}
	err = ext2_dir_find(fs, ddp, dname, dlen, &tino, NULL);
	if (err && err != ENOENT)
		goto out;
	err = 0;
	if (tino == sino)
		goto out;	/* two links of one inode: nothing to do */
	if (tino && in_chain(schain, sn, tino)) {
		err = ENOTEMPTY;	/* the target holds the source */
		goto out;
	}
	if ((err = ext2_inode_get(fs, sino, &sip)) || (tino && (err = ext2_inode_get(fs, tino, &tip))))
		goto out;
	if (sip == sdp || sip == ddp || tip == sdp || tip == ddp) {
		err = EIO;	/* corrupt entries: never lock an inode twice */
		goto out;
	}
	lock_two(sip, tip, !tip || sino < tino);
	kids_locked = 1;
	if (!(err = rename_check(fs, cred, sdp, ddp, sip, tip)))	/* (5) */
		err = rename_commit(fs, sdp, sname, slen, ddp, dname, dlen, sip, tip);
out:
	if (kids_locked)
		unlock_two(sip, tip);
	if (dirs_locked)
		unlock_two(sdp, ddp);
	if (tip)
		ext2_inode_put(fs, tip);	/* a replaced target may be freed here */
	if (sip)
		ext2_inode_put(fs, sip);
	if (ddp)
		ext2_inode_put(fs, ddp);
	if (sdp)
		ext2_inode_put(fs, sdp);
	free(schain);
	free(dchain);
	fss_mutex_unlock(&fs->rename_lock);
	return err;
}
