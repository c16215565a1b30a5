/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Inside the file-system core: the mounted file system, the in-core inode,
 * and the functions the core's files share.
 *
 * Locks, in the order they are taken (docs/fss.md, "Locks"):
 *
 *   1. fs->rename_lock   taken first, by ext2_rename only: while it is held
 *                        no directory changes parent, so the ".." chains
 *                        rename walks stay true.
 *   2. inode locks       (struct inode.lock) a directory before the inodes
 *                        it contains; two directories that are not one
 *                        another's ancestor (only rename holds two such)
 *                        lower inode number first; non-directories last,
 *                        lower number first.  Nobody takes an inode lock
 *                        while holding any lock below.
 *   3. fs->alloc_lock    bitmaps, group descriptors, superblock counters.
 *   4. fs->icache_lock   the in-core inode table: hash chains, the kept list, `ref',
 *                        `state' changes.
 *   5. buffer locks      (bcache.h) at most one per thread at a time;
 *                        device I/O happens under a buffer lock only.
 *   6. the cache's lock  (bcache.c) hash and LRU of buffers.
 *
 * A thread holding a lock of level n takes only locks of levels > n.
 * ext2_inode_get never takes an inode lock: it waits for an inode being read
 * in on fs->icache_cond (under icache_lock), so a caller holding any
 * inode locks may call it for any inode.
 */
#ifndef _FSS_EXT2_PRIVATE_H_
#define _FSS_EXT2_PRIVATE_H_
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include "bcache.h"
#include "ext2.h"
#include "ext2_fs.h"
#include "fss_lock.h"

#define ICACHE_HASH	128
/*
 * In-core inodes no one holds are kept, the most recently used this many,
 * so that the next look-up of a path's directories and files finds them
 * without reading and decoding their slots again.  The in-core copy is the
 * inode: every change is written through (ext2_inode_write) before its
 * holder lets go, and one with no links is freed on disk, never kept.
 */
#define ICACHE_KEEP	64

/*
 * An in-core inode.  States (field `state', under icache_lock): LOADING
 * while the thread that made it reads it in (others wait on icache_cond);
 * LIVE; DEAD if it could not be read or names no live inode (then
 * unhashed: the next ext2_inode_get reads again); DELETING while its last
 * reference frees it on disk (ext2_inode_get refuses it).
 */
enum inode_state { INODE_LOADING, INODE_LIVE, INODE_DEAD, INODE_DELETING };

struct inode {
	fss_mutex_t	lock;		/* covers di, size, goal, fresh, map_* */
	uint32_t	ino;
	uint32_t	ifmt;		/* file type bits: fixed, read without the lock */
	int		ref;		/* icache_lock: users and ext2_hold holds */
	enum inode_state state;		/* icache_lock */
	int		hashed;		/* icache_lock */
	int		err;		/* why DEAD */
	struct inode	*hnext;		/* icache_lock */
	struct inode	*lru_prev, *lru_next;	/* icache_lock: kept with ref 0 (the LRU list) */
	struct ext2_inode di;		/* the first 128 bytes of the disk inode */
	int		fresh;		/* just allocated: zero the rest of its slot */
	uint32_t	goal;		/* next block to try when allocating */
	/*
	 * The last block ext2_bmap looked up without allocating (a read's):
	 * map_lblk is at map_pblk, if map_ok.  Dropped wherever the block map
	 * may change (an allocating ext2_bmap, ext2_bmap_free_from, a fast
	 * symlink's target) or is read anew (inode_read, a fresh inode).
	 */
	int		map_ok;
	uint64_t	map_lblk;
	uint32_t	map_pblk;
};

struct ext2_fs {
	const struct fss_blkdev	*dev;
	struct bcache		*bc;
	int64_t			(*now)(void);
	int			rdonly;

	/* Geometry, fixed at mount. */
	uint32_t	bsize, apb;		/* block size, block numbers per block */
	uint64_t	max_lblocks;		/* a file's most blocks (ext2_bmap_max_blocks) */
	uint32_t	inode_size, ipg, bpg, ngroups;
	uint32_t	first_data_block, blocks_count, inodes_count, first_ino;
	uint32_t	itb_per_group;		/* inode-table blocks per group */
	uint32_t	gdt_blocks;		/* blocks of group descriptors */
	uint32_t	reserved_gdt;		/* resize_inode's blocks after them */
	int		sparse_super;		/* backups only in groups 0, 1, 3^n, 5^n, 7^n */
	int		filetype;		/* entries carry the file type */

	fss_mutex_t	rename_lock;
	fss_mutex_t	alloc_lock;
	struct ext2_super_block sb;		/* alloc_lock (counters, state) */
	struct ext2_group_desc *gd;		/* alloc_lock */

	fss_mutex_t	icache_lock;
	fss_cond_t	icache_cond;		/* an inode finished LOADING */
	struct inode	*ihash[ICACHE_HASH];	/* icache_lock */
	/* Kept inodes (ref 0, LIVE, hashed), least recently used first; at most
	 * icache_keep (ICACHE_KEEP; 0 while unmounting). */
	struct inode	*lru_first, *lru_last;	/* icache_lock */
	unsigned	lru_count, icache_keep;	/* icache_lock */
};

static inline int64_t
fs_now(struct ext2_fs *fs)
{
	return fs->now ? fs->now() : 0;
}

static inline int
inode_is_dir(const struct inode *ip)
{
	return (ip->di.i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
}

static inline int
inode_is_reg(const struct inode *ip)
{
	return (ip->di.i_mode & EXT2_S_IFMT) == EXT2_S_IFREG;
}

static inline int
inode_is_lnk(const struct inode *ip)
{
	return (ip->di.i_mode & EXT2_S_IFMT) == EXT2_S_IFLNK;
}

/* Does ip's i_block hold block numbers?  Not for a fast symlink (the
 * target is there: no blocks but an attribute block) nor for device files
 * (the device number), FIFOs and sockets (nothing). */
static inline int
inode_has_blocks(const struct ext2_fs *fs, const struct inode *ip)
{
	switch (ip->di.i_mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG: case EXT2_S_IFDIR:
		return 1;
	case EXT2_S_IFLNK:
		return ip->di.i_blocks != (ip->di.i_file_acl ? fs->bsize / 512 : 0);
	}
	return 0;
}

static inline uint64_t
inode_size(const struct inode *ip)
{
	uint64_t sz = ip->di.i_size;

	if (inode_is_reg(ip))
		sz |= (uint64_t)ip->di.i_size_high << 32;
	return sz;
}

static inline uint32_t inode_uid(const struct inode *ip)
{
	return ip->di.i_uid | (uint32_t)ip->di.i_uid_high << 16;
}

static inline uint32_t inode_gid(const struct inode *ip)
{
	return ip->di.i_gid | (uint32_t)ip->di.i_gid_high << 16;
}

static inline uint32_t
ino_group(struct ext2_fs *fs, uint32_t ino)
{
	return (ino - 1) / fs->ipg;
}

/* ext2_super.c */
void ext2_super_set_large_file(struct ext2_fs *fs);
int ext2_super_write(struct ext2_fs *fs);
/* Is `blk' a block that may hold file data or indirect blocks (inside the
 * file system and not the group's superblock, descriptors, bitmaps or
 * inode table)?  Checked for every block number read from disk. */
int ext2_blk_is_data(struct ext2_fs *fs, uint32_t blk);

/* ext2_alloc.c (Locks: takes alloc_lock and bitmap buffers; the caller
 * may hold inode locks) */
int ext2_balloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk);
int ext2_bfree(struct ext2_fs *fs, uint32_t blk);
int ext2_ialloc(struct ext2_fs *fs, uint32_t parent, int isdir, uint32_t *ino);
int ext2_ifree(struct ext2_fs *fs, uint32_t ino, int isdir);

/* ext2_inode.c */
int ext2_inode_get(struct ext2_fs *fs, uint32_t ino, struct inode **ipp);
/* ext2_inode_fmt: ino's file type (mode & EXT2_S_IFMT); ext2_inode_get's errors (ext2_attr.c). */
int ext2_inode_fmt(struct ext2_fs *fs, uint32_t ino, uint32_t *fmt);
int ext2_inode_get_new(struct ext2_fs *fs, uint32_t ino, uint32_t ifmt, struct inode **ipp);
void ext2_inode_put(struct ext2_fs *fs, struct inode *ip);
/* ext2_icache_drop_kept: free the kept inodes and keep none from now on (unmount). */
void ext2_icache_drop_kept(struct ext2_fs *fs);
int ext2_inode_write(struct ext2_fs *fs, struct inode *ip);
/* An inode's lock (level 2 of the order above); inline, as the mutex's own ways are. */
static inline void ext2_inode_lock(struct inode *ip)
{
	fss_mutex_lock(&ip->lock);
}

static inline void ext2_inode_unlock(struct inode *ip)
{
	fss_mutex_unlock(&ip->lock);
}
void ext2_inode_set_size(struct inode *ip, uint64_t size);
void ext2_inode_touch(struct ext2_fs *fs, struct inode *ip, int mtime, int ctime);

/* ext2_bmap.c (ip locked) */
int ext2_bmap(struct ext2_fs *fs, struct inode *ip, uint64_t lblk, int alloc,
	 uint32_t *pblk, int *fresh);
int ext2_bmap_free_from(struct ext2_fs *fs, struct inode *ip, uint64_t first);
/*
 * A read's lookup (ext2_bmap without alloc): the last one's block again
 * when it asks for the same logical block (a file read a few bytes at a
 * time), with no call.
 */
static inline int
ext2_bmap_read(struct ext2_fs *fs, struct inode *ip, uint64_t lblk, uint32_t *pblk)
{
	int fresh;

	if (ip->map_ok && lblk == ip->map_lblk) {
		*pblk = ip->map_pblk;
		return 0;
	}
	return ext2_bmap(fs, ip, lblk, 0, pblk, &fresh);
}
uint64_t ext2_bmap_max_blocks(struct ext2_fs *fs);
int ext2_inode_free_xattr(struct ext2_fs *fs, struct inode *ip);

/* ext2_file.c (ip locked) */
int ext2_file_setsize(struct ext2_fs *fs, struct inode *ip, uint64_t size);
int ext2_file_rw(struct ext2_fs *fs, struct inode *ip, uint64_t off, void *buf,
	    size_t len, int write, size_t *done);

/* ext2_dir.c (dp locked) */
int ext2_dir_find(struct ext2_fs *fs, struct inode *dp, const char *name, size_t len,
	     uint32_t *ino, uint8_t *type);
int ext2_dir_add(struct ext2_fs *fs, struct inode *dp, const char *name, size_t len,
	    uint32_t ino, uint8_t type);
int ext2_dir_remove(struct ext2_fs *fs, struct inode *dp, const char *name, size_t len);
int ext2_dir_set(struct ext2_fs *fs, struct inode *dp, const char *name, size_t len,
	    uint32_t ino, uint8_t type);
int ext2_dir_is_empty(struct ext2_fs *fs, struct inode *dp, int *empty);
int ext2_dir_init(struct ext2_fs *fs, struct inode *dp, uint32_t parent);
uint8_t ext2_mode_to_ftype(uint32_t mode);

/* ext2_attr.c */
int ext2_perm_check(const struct ext2_cred *cred, const struct inode *ip, int want);
int ext2_cred_in_group(const struct ext2_cred *cred, uint32_t gid);
int ext2_name_check(const char *name, size_t *len);

#endif /* _FSS_EXT2_PRIVATE_H_ */
