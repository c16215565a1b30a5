/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The block cache: file-system blocks of one device, kept in memory and
 * written back when the file system syncs (sync, fsync, unmount) or when a
 * dirty block must make room.  docs/fss.md, "The block cache".
 */
#ifndef _FSS_BCACHE_H_
#define _FSS_BCACHE_H_
#include <stdint.h>
#include "blkdev.h"
#include "fss_lock.h"

struct bcache;

/*
 * A cached block.  `lock' is held by the one thread using the data (and
 * across the device I/O that fills or writes it); `ref' (atomic: the
 * last put of an unchanged buffer drops it without the cache's lock), the
 * hash and LRU links are covered by the cache's lock; `dirty' changes only under both
 * (so either is enough to read it).  States: invalid (no data yet, or a
 * read failed), valid clean, valid dirty (to be written back).
 */
struct buf {
	fss_mutex_t	lock;
	uint32_t	blkno;		/* file-system block number */
	int		ref;		/* users holding or waiting for it */
	int		valid;		/* data holds the block (lock; set with release,
					 * read without it by bcache_get_stable) */
	int		dirty;		/* data differs from the disk (lock and cache lock) */
	int		modified;	/* bcache_dirty since bcache_get (lock) */
	struct buf	*hnext;		/* hash chain (cache lock) */
	struct buf	*lprev, *lnext;	/* LRU list of every buf, held ones too (cache lock) */
	struct bcache	*bc;
	uint8_t		*data;
};

struct bcache_stats {
	uint64_t	hits, misses, reads, writes;	/* reads/writes: device blocks */
};

/* A cache of about `nbufs' blocks of `bsize' bytes over `dev'.  NULL if
 * there is no memory. */
struct bcache *bcache_create(const struct fss_blkdev *dev, uint32_t bsize, uint32_t nbufs);
/* Write back, then free everything.  Returns the first write error. */
int bcache_destroy(struct bcache *bc);

/*
 * bcache_get: the block `blkno', locked, with its data read in.
 *   Locks:   takes the buffer's lock (held on return); the caller holds no
 *            other buffer's lock (a thread holds one buffer at a time).
 *   Returns: 0 and *bp; EIO if the block is past the device or the read
 *            failed.
 * bcache_get_zero: the same, but the block's data is zeroed without
 * reading it (a block just allocated).
 */
int bcache_get(struct bcache *bc, uint32_t blkno, struct buf **bp);
int bcache_get_zero(struct bcache *bc, uint32_t blkno, struct buf **bp);
/* Mark the (locked) buffer modified: it is written back later. */
void bcache_dirty(struct buf *b);
/* Unlock and release a buffer from bcache_get. */
void bcache_put(struct buf *b);
/*
 * bcache_get_stable: bcache_get for a reader whose own lock keeps the
 * block's bytes from changing: the lock of the inode whose data block it
 * is (every writer of a file's data holds that inode's lock; a block
 * moves to another file only through a truncate, under it too).  The
 * buffer comes back referenced but not locked (read in under its lock
 * first, if it was not yet); its data is only read, and it is given back
 * with bcache_put_stable.  Returns as bcache_get.
 */
int bcache_get_stable(struct bcache *bc, uint32_t blkno, struct buf **bp);
void bcache_put_stable(struct buf *b);
/* Write every dirty block back, then flush the device.  First error. */
int bcache_sync(struct bcache *bc);
void bcache_get_stats(struct bcache *bc, struct bcache_stats *st);

#endif /* _FSS_BCACHE_H_ */
