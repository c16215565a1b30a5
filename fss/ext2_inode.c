/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * In-core inodes: a table of the inodes in use, by number, each with a
 * reference count and a lock, and the last ICACHE_KEEP that no one holds
 * any more (an LRU list); reading and writing an inode's slot in the
 * inode table; freeing an inode on disk when its last link and its last
 * reference are gone.  ext2_hold/ext2_release are references kept by the
 * caller (open files).
 */
#include <stdlib.h>
#include "ext2_private.h"

/* Where inode `ino' lives: its inode-table block and byte offset. */
static int
inode_where(struct ext2_fs *fs, uint32_t ino, uint32_t *blk, uint32_t *off)
{
	uint32_t g = ino_group(fs, ino);
	uint64_t byte = (uint64_t)((ino - 1) % fs->ipg) * fs->inode_size;

	*blk = fs->gd[g].bg_inode_table + (uint32_t)(byte / fs->bsize);
	*off = (uint32_t)(byte % fs->bsize);
	return 0;
}

static int
inode_read(struct ext2_fs *fs, struct inode *ip)
{
	uint32_t blk, off;
	struct buf *b;
	int err;

	inode_where(fs, ip->ino, &blk, &off);
	if ((err = bcache_get(fs->bc, blk, &b)))
		return err;
	memcpy(&ip->di, b->data + off, sizeof(ip->di));
	ip->map_ok = 0;
	bcache_put(b);
	return 0;
}

/*
 * ext2_inode_write: store the in-core copy into the inode table (in the cache).
 * A fresh inode's whole slot is written: zeros past the first 128 bytes,
 * and i_extra_isize = 32 in large slots, as mke2fs writes new inodes.
 *   Locks: ip locked; takes one buffer.
 */
int
ext2_inode_write(struct ext2_fs *fs, struct inode *ip)
{
	uint32_t blk, off;
	struct buf *b;
	int err;

	inode_where(fs, ip->ino, &blk, &off);
	if ((err = bcache_get(fs->bc, blk, &b)))
		return err;
	memcpy(b->data + off, &ip->di, sizeof(ip->di));
	if (ip->fresh) {
		memset(b->data + off + sizeof(ip->di), 0, fs->inode_size - sizeof(ip->di));
		if (fs->inode_size >= EXT2_GOOD_OLD_INODE_SIZE + 4) {
			uint16_t extra = 32;
			memcpy(b->data + off + EXT2_GOOD_OLD_INODE_SIZE, &extra, 2);
		}
		ip->fresh = 0;
	}
	bcache_dirty(b);
	bcache_put(b);
	return 0;
}

void
ext2_inode_set_size(struct inode *ip, uint64_t size)
{
	ip->di.i_size = (uint32_t)size;
	if (inode_is_reg(ip))
		ip->di.i_size_high = (uint32_t)(size >> 32);
}

void
ext2_inode_touch(struct ext2_fs *fs, struct inode *ip, int mtime, int ctime)
{
	uint32_t now = (uint32_t)fs_now(fs);

	if (mtime)
		ip->di.i_mtime = now;
	if (ctime)
		ip->di.i_ctime = now;
}

static void
hash_remove(struct ext2_fs *fs, struct inode *ip)
{
	struct inode **pp = &fs->ihash[ip->ino % ICACHE_HASH];

	while (*pp && *pp != ip)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = ip->hnext;
	ip->hashed = 0;
}

/* Take a kept inode off the LRU list (it is held again, or dropped).  icache_lock held. */
static void
lru_remove(struct ext2_fs *fs, struct inode *ip)
{
	if (ip->lru_prev)
		ip->lru_prev->lru_next = ip->lru_next;
	else
		fs->lru_first = ip->lru_next;
	if (ip->lru_next)
		ip->lru_next->lru_prev = ip->lru_prev;
	else
		fs->lru_last = ip->lru_prev;
	ip->lru_prev = ip->lru_next = NULL;
	fs->lru_count--;
}

/*
 * The last reference to `ip' is gone: keep it (LIVE, hashed, with links)
 * at the LRU list's end, and return the inode to free: the least recently
 * used one if the list is over its size, `ip' itself if it is not to be
 * kept, or NULL.  Whatever is returned is unhashed.  icache_lock held.
 */
static struct inode *
icache_last_ref(struct ext2_fs *fs, struct inode *ip)
{
	if (ip->hashed && ip->state == INODE_LIVE && ip->di.i_links_count && fs->icache_keep) {
		ip->lru_next = NULL;
		ip->lru_prev = fs->lru_last;
		if (fs->lru_last)
			fs->lru_last->lru_next = ip;
		else
			fs->lru_first = ip;
		fs->lru_last = ip;
		if (++fs->lru_count <= fs->icache_keep)
			return NULL;
		ip = fs->lru_first;
		lru_remove(fs, ip);
	}
	if (ip->hashed)
		hash_remove(fs, ip);
	return ip;
}

/* Free an in-core inode that is unhashed and unreferenced. */
static void
inode_free_core(struct inode *ip)
{
	fss_mutex_destroy(&ip->lock);
	free(ip);
}

void
ext2_icache_drop_kept(struct ext2_fs *fs)
{
	fss_mutex_lock(&fs->icache_lock);
	fs->icache_keep = 0;
	while (fs->lru_first) {
		struct inode *ip = fs->lru_first;
		lru_remove(fs, ip);
		hash_remove(fs, ip);
		inode_free_core(ip);
	}
	fss_mutex_unlock(&fs->icache_lock);
}

/* Does `ino' name an inode files can be: the root or one past the
 * reserved ones? */
static int
ino_valid(struct ext2_fs *fs, uint32_t ino)
{
	return ino == EXT2_ROOT_INO || (ino >= fs->first_ino && ino <= fs->inodes_count);
}

/*
 * Find or make the in-core inode `ino' and take a reference.  An inode
 * another thread is reading in is waited for (holding a reference, so it
 * cannot vanish).  A new one is hashed LOADING; *made tells the caller to
 * read it in and then call icache_loaded or icache_fail.
 */
static int
icache_ref(struct ext2_fs *fs, uint32_t ino, struct inode **ipp, int *made)
{
	struct inode *ip;
	int err = 0;

	fss_mutex_lock(&fs->icache_lock);
	for (ip = fs->ihash[ino % ICACHE_HASH]; ip; ip = ip->hnext)
		if (ip->ino == ino)
			break;
	if (ip) {
		if (ip->ref++ == 0)
			lru_remove(fs, ip);	/* a kept one: held again */
		while (ip->state == INODE_LOADING)
			fss_cond_wait(&fs->icache_cond, &fs->icache_lock);
		*made = 0;
		if (ip->state != INODE_LIVE) {
			err = ip->state == INODE_DEAD ? ip->err : ENOENT;
			struct inode *gone = --ip->ref == 0 ? icache_last_ref(fs, ip) : NULL;
			fss_mutex_unlock(&fs->icache_lock);
			if (gone)
				inode_free_core(gone);
			return err;
		}
	} else {
		ip = calloc(1, sizeof(*ip));
		if (!ip) {
			fss_mutex_unlock(&fs->icache_lock);
			return ENOMEM;
		}
		fss_mutex_init(&ip->lock);
		ip->ino = ino;
		ip->ref = 1;
		ip->state = INODE_LOADING;
		ip->hashed = 1;
		ip->hnext = fs->ihash[ino % ICACHE_HASH];
		fs->ihash[ino % ICACHE_HASH] = ip;
		*made = 1;
	}
	fss_mutex_unlock(&fs->icache_lock);
	*ipp = ip;
	return 0;
}

/* Drop a reference without any disk work (the inode is not to be freed on disk). */
static void
icache_unref(struct ext2_fs *fs, struct inode *ip)
{
	fss_mutex_lock(&fs->icache_lock);
	struct inode *gone = --ip->ref == 0 ? icache_last_ref(fs, ip) : NULL;
	fss_mutex_unlock(&fs->icache_lock);
	if (gone)
		inode_free_core(gone);
}

/* A LOADING inode is LIVE: wake its waiters. */
static void
icache_loaded(struct ext2_fs *fs, struct inode *ip)
{
	fss_mutex_lock(&fs->icache_lock);
	ip->state = INODE_LIVE;
	fss_cond_broadcast(&fs->icache_cond);
	fss_mutex_unlock(&fs->icache_lock);
}

/* Mark a loading inode DEAD with `err', unhash it, wake its waiters. */
static int
icache_fail(struct ext2_fs *fs, struct inode *ip, int err)
{
	fss_mutex_lock(&fs->icache_lock);
	ip->state = INODE_DEAD;
	ip->err = err;
	if (ip->hashed)
		hash_remove(fs, ip);
	fss_cond_broadcast(&fs->icache_cond);
	fss_mutex_unlock(&fs->icache_lock);
	icache_unref(fs, ip);
	return err;
}

/*
 * ext2_inode_get: a reference to the live inode `ino' (not locked).
 *   Locks: takes no inode lock, so the caller may hold any; waits (on
 *          icache_cond) while another thread reads the inode in.
 *   Refs:    one reference for the caller (ext2_inode_put drops it).
 *   Returns: 0; EINVAL (not a file's inode number); ENOENT (free, or being
 *            freed); EIO (unreadable, or a mode no file has).
 */
int
ext2_inode_get(struct ext2_fs *fs, uint32_t ino, struct inode **ipp)
{
	struct inode *ip;
	int made, err;

	if (!ino_valid(fs, ino))
		return EINVAL;
	if ((err = icache_ref(fs, ino, &ip, &made)))
		return err;
	if (!made) {
		*ipp = ip;
		return 0;
	}
	if ((err = inode_read(fs, ip)))
		return icache_fail(fs, ip, err);
	if (ip->di.i_links_count == 0 || ip->di.i_mode == 0)
		return icache_fail(fs, ip, ENOENT);	/* free, or deleted */
	switch (ip->di.i_mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG: case EXT2_S_IFDIR: case EXT2_S_IFLNK: case EXT2_S_IFCHR:
	case EXT2_S_IFBLK: case EXT2_S_IFIFO: case EXT2_S_IFSOCK:
		break;
	default:
		return icache_fail(fs, ip, EIO);
	}
	if (ip->di.i_flags & (EXT2_EXTENTS_FL | EXT2_INLINE_DATA_FL))
		return icache_fail(fs, ip, EIO);	/* formats we do not read */
	ip->goal = fs->first_data_block + ino_group(fs, ino) * fs->bpg;
	ip->ifmt = ip->di.i_mode & EXT2_S_IFMT;
	icache_loaded(fs, ip);
	*ipp = ip;
	return 0;
}

/*
 * ext2_inode_get_new: the in-core inode for `ino', just allocated by ext2_ialloc:
 * zeroed, not read, `fresh' (its whole slot is written on ext2_inode_write).
 *   Returns: 0; ENOMEM; EIO if the number is in use in core (a corrupt
 *            bitmap said it was free).
 */
int
ext2_inode_get_new(struct ext2_fs *fs, uint32_t ino, uint32_t ifmt, struct inode **ipp)
{
	struct inode *ip;
	int made, err;

	if ((err = icache_ref(fs, ino, &ip, &made)))
		return err;
	if (!made) {
		icache_unref(fs, ip);
		return EIO;
	}
	memset(&ip->di, 0, sizeof(ip->di));
	ip->map_ok = 0;
	ip->di.i_mode = (uint16_t)ifmt;
	ip->ifmt = ifmt;
	ip->fresh = 1;
	ip->goal = fs->first_data_block + ino_group(fs, ino) * fs->bpg;
	icache_loaded(fs, ip);
	*ipp = ip;
	return 0;
}

/*
 * Free a linkless inode on disk: its blocks, its extended-attribute block,
 * then (dtime stamped) its bit in the bitmap.  Errors are not reported:
 * the caller is letting go; e2fsck finds what a corrupt image leaves.
 */
static void
inode_delete(struct ext2_fs *fs, struct inode *ip)
{
	int isdir = inode_is_dir(ip);

	ext2_inode_lock(ip);
	if (inode_has_blocks(fs, ip))
		(void)ext2_bmap_free_from(fs, ip, 0);
	(void)ext2_inode_free_xattr(fs, ip);
	ext2_inode_set_size(ip, 0);
	ip->di.i_dtime = (uint32_t)fs_now(fs);
	if (ip->di.i_dtime == 0)
		ip->di.i_dtime = 1;	/* e2fsck: a deleted inode has a dtime */
	(void)ext2_inode_write(fs, ip);
	ext2_inode_unlock(ip);
	fss_mutex_lock(&fs->icache_lock);
	hash_remove(fs, ip);
	fss_mutex_unlock(&fs->icache_lock);
	(void)ext2_ifree(fs, ip->ino, isdir);	/* only now may ext2_ialloc hand it out */
}

/*
 * ext2_inode_put: drop a reference.  The last reference to an inode with no
 * links frees it on disk.
 *   Locks: the caller holds no lock of ip; may hold its parent's.
 */
void
ext2_inode_put(struct ext2_fs *fs, struct inode *ip)
{
	fss_mutex_lock(&fs->icache_lock);
	if (ip->ref == 1 && ip->state == INODE_LIVE && ip->di.i_links_count == 0 &&
	    !fs->rdonly) {
		ip->state = INODE_DELETING;	/* ext2_inode_get refuses it from now */
		fss_mutex_unlock(&fs->icache_lock);
		inode_delete(fs, ip);
		fss_mutex_lock(&fs->icache_lock);
	}
	struct inode *gone = --ip->ref == 0 ? icache_last_ref(fs, ip) : NULL;
	fss_mutex_unlock(&fs->icache_lock);
	if (gone)
		inode_free_core(gone);
}

int
ext2_hold_inode(struct ext2_fs *fs, uint32_t ino, struct inode **ipp)
{
	return ext2_inode_get(fs, ino, ipp);	/* the reference stays */
}

void
ext2_release_inode(struct ext2_fs *fs, struct inode *ip)
{
	ext2_inode_put(fs, ip);
}

int
ext2_hold(struct ext2_fs *fs, uint32_t ino)
{
	struct inode *ip;

	return ext2_hold_inode(fs, ino, &ip);
}

void
ext2_release(struct ext2_fs *fs, uint32_t ino)
{
	struct inode *ip = NULL;

	fss_mutex_lock(&fs->icache_lock);
	for (ip = fs->ihash[ino % ICACHE_HASH]; ip; ip = ip->hnext)
		if (ip->ino == ino && ip->state == INODE_LIVE && ip->ref)
			break;
	fss_mutex_unlock(&fs->icache_lock);
	if (ip)
		ext2_inode_put(fs, ip);
}

void
ext2_icache_counts(struct ext2_fs *fs, unsigned *held, unsigned *kept)
{
	unsigned n = 0;

	fss_mutex_lock(&fs->icache_lock);
	for (unsigned h = 0; h < ICACHE_HASH; h++)
		for (struct inode *ip = fs->ihash[h]; ip; ip = ip->hnext)
			n++;
	*kept = fs->lru_count;
	*held = n - fs->lru_count;
	fss_mutex_unlock(&fs->icache_lock);
}
