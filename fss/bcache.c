/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The block cache (bcache.h): a hash of buffers by block number and an LRU
 * list of all of them, the most recently put first.  A buffer in use stays
 * on the list (the victim search passes it by), so a hit on the buffer put
 * last changes no link.  Write-back: a modified buffer stays dirty
 * until bcache_sync or until it is the LRU victim for another block.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fss_trace.h"
#include "bcache.h"

#define BCACHE_HASH	256

/*
 * The cache.  `lock' covers the hash, the LRU list, each buffer's `ref'
 * and `blkno', `nbufs' and the statistics; but `ref' changes atomically,
 * and bcache_put drops an unchanged head buffer's reference without the
 * lock (so a buffer may be recycled only at `ref' 0 read under the lock,
 * and `lru_head' is read without it).  Lock order: a buffer's lock may
 * be taken with nothing else held but file-system locks; the cache lock is
 * taken inside a buffer's lock, never the other way round while waiting
 * (bcache_get drops the cache lock before it sleeps on a buffer).
 */
struct bcache {
	fss_mutex_t		lock;
	const struct fss_blkdev	*dev;
	uint32_t		bsize, spb;	/* block size, sectors per block */
	uint32_t		nbufs, maxbufs;
	uint64_t		nblocks;	/* device size in blocks */
	struct buf		*hash[BCACHE_HASH];
	struct buf		*lru_head, *lru_tail;	/* head: most recently used */
	struct bcache_stats	st;
};

struct bcache *
bcache_create(const struct fss_blkdev *dev, uint32_t bsize, uint32_t nbufs)
{
	struct bcache *bc = calloc(1, sizeof(*bc));

	if (!bc)
		return NULL;
	fss_mutex_init(&bc->lock);
	bc->dev = dev;
	bc->bsize = bsize;
	bc->spb = bsize / FSS_SECTOR_SIZE;
	bc->maxbufs = nbufs < 16 ? 16 : nbufs;
	bc->nblocks = dev->nsectors / bc->spb;
	return bc;
}

static void
lru_remove(struct bcache *bc, struct buf *b)
{
	if (b->lprev)
		b->lprev->lnext = b->lnext;
	else
		__atomic_store_n(&bc->lru_head, b->lnext, __ATOMIC_RELAXED);
	if (b->lnext)
		b->lnext->lprev = b->lprev;
	else
		bc->lru_tail = b->lprev;
	b->lprev = b->lnext = NULL;
}

static void
lru_push_head(struct bcache *bc, struct buf *b)
{
	b->lprev = NULL;
	b->lnext = bc->lru_head;
	if (bc->lru_head)
		bc->lru_head->lprev = b;
	else
		bc->lru_tail = b;
	__atomic_store_n(&bc->lru_head, b, __ATOMIC_RELAXED);
}

/* The least recently used buffer no one holds, or NULL.  Cache lock held. */
static struct buf *
lru_victim(struct bcache *bc)
{
	struct buf *b = bc->lru_tail;

	while (b && __atomic_load_n(&b->ref, __ATOMIC_ACQUIRE))
		b = b->lprev;
	return b;
}

static void
hash_remove(struct bcache *bc, struct buf *b)
{
	struct buf **pp = &bc->hash[b->blkno % BCACHE_HASH];

	while (*pp && *pp != b)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = b->hnext;
	b->hnext = NULL;
}

/* Write a locked, dirty buffer to the device; it is clean after success
 * (or after a failure, if `forget': the error is reported once).  0 or
 * EIO. */
static int
buf_write(struct buf *b, int forget)
{
	struct bcache *bc = b->bc;
	int err = bc->dev->write(bc->dev->ctx, (uint64_t)b->blkno * bc->spb, bc->spb, b->data);

	fss_mutex_lock(&bc->lock);
	if (err == 0 || forget)
		b->dirty = 0;
	bc->st.writes++;
	fss_mutex_unlock(&bc->lock);
	return err ? EIO : 0;
}

/* The buffer of `blkno' in the hash, or NULL.  The cache lock held. */
static inline struct buf *
hash_find(struct bcache *bc, uint32_t blkno)
{
	struct buf *b = bc->hash[blkno % BCACHE_HASH];

	while (b && b->blkno != blkno)
		b = b->hnext;
	return b;
}

/* Move `b' to the head of the LRU list (the most recently used).  The cache lock held. */
static inline void
lru_to_head(struct bcache *bc, struct buf *b)
{
	if (bc->lru_head != b) {
		lru_remove(bc, b);
		lru_push_head(bc, b);
	}
}

static struct buf *buf_lookup_miss(struct bcache *bc, uint32_t blkno);

/*
 * Find or make the buffer of `blkno' and take a reference, under the cache
 * lock.  A miss recycles the least recently used clean buffer, or makes a
 * new one while the cache is below its size (or every buffer is in use: a
 * thread holds one buffer at a time, so that is at most one per thread).
 * A dirty victim is written back first, outside the cache lock.
 */
static inline __attribute__((always_inline)) struct buf *
buf_lookup(struct bcache *bc, uint32_t blkno)
{
	struct buf *b;

	fss_mutex_lock(&bc->lock);
	b = hash_find(bc, blkno);
	if (__builtin_expect(!b, 0))
		return buf_lookup_miss(bc, blkno);	/* it unlocks */
	__atomic_fetch_add(&b->ref, 1, __ATOMIC_RELAXED);
	bc->st.hits++;
	fss_mutex_unlock(&bc->lock);
	return b;
}

/*
 * buf_lookup's way when the block is not in the hash (looked for again:
 * the loop may drop the lock), out of line.  The cache lock is held, and
 * released here.
 */
static struct buf * __attribute__((noinline))
buf_lookup_miss(struct bcache *bc, uint32_t blkno)
{
	struct buf *b;

	for (;;) {
		b = hash_find(bc, blkno);
		if (b) {
			__atomic_fetch_add(&b->ref, 1, __ATOMIC_RELAXED);
			bc->st.hits++;
			break;
		}
		b = bc->nbufs < bc->maxbufs ? NULL : lru_victim(bc);
		if (b && b->dirty) {
			/* Write the victim back without holding the cache lock. */
			__atomic_fetch_add(&b->ref, 1, __ATOMIC_RELAXED);
			fss_mutex_unlock(&bc->lock);
			fss_mutex_lock(&b->lock);
			if (b->dirty)
				(void)buf_write(b, 0);	/* a failure keeps it dirty */
			fss_mutex_unlock(&b->lock);
			fss_mutex_lock(&bc->lock);
			__atomic_fetch_sub(&b->ref, 1, __ATOMIC_RELEASE);	/* clean now: the next victim */
			continue;
		}
		if (b) {
			hash_remove(bc, b);	/* it keeps its place on the list until put */
		} else {
			b = calloc(1, sizeof(*b));
			uint8_t *data = b ? malloc(bc->bsize) : NULL;
			if (!data) {
				free(b);
				fss_mutex_unlock(&bc->lock);
				return NULL;
			}
			b->data = data;
			b->bc = bc;
			fss_mutex_init(&b->lock);
			bc->nbufs++;
			lru_push_head(bc, b);
		}
		b->blkno = blkno;
		b->valid = 0;
		b->dirty = 0;
		__atomic_store_n(&b->ref, 1, __ATOMIC_RELAXED);	/* nobody else holds it */
		b->hnext = bc->hash[blkno % BCACHE_HASH];
		bc->hash[blkno % BCACHE_HASH] = b;
		bc->st.misses++;
		break;
	}
	fss_mutex_unlock(&bc->lock);
	return b;
}

/*
 * get's way for a buffer to zero or to read from the device (out of line:
 * a hit then needs no frame).  b referenced and locked; on an error it
 * is put.
 */
static int __attribute__((noinline))
get_fill(struct bcache *bc, struct buf *b, uint32_t blkno, int zero)
{
	if (zero) {
		memset(b->data, 0, bc->bsize);
		__atomic_store_n(&b->valid, 1, __ATOMIC_RELEASE);
		return 0;
	}
	FSS_TRACE(TRN_FS_CACHE, blkno, 0, "miss");
	FSS_TRACE(TRN_FS_READ_BLOCKS, blkno, 1, NULL);
	int err = bc->dev->read(bc->dev->ctx, (uint64_t)blkno * bc->spb, bc->spb, b->data);
	fss_mutex_lock(&bc->lock);
	bc->st.reads++;
	fss_mutex_unlock(&bc->lock);
	if (err) {
		bcache_put(b);
		return EIO;
	}
	__atomic_store_n(&b->valid, 1, __ATOMIC_RELEASE);	/* bcache_get_stable reads it unlocked */
	return 0;
}

static inline __attribute__((always_inline)) int
get(struct bcache *bc, uint32_t blkno, struct buf **bp, int zero)
{
	struct buf *b;

	if (blkno >= bc->nblocks)
		return EIO;		/* never touch past the device */
	b = buf_lookup(bc, blkno);
	if (!b)
		return ENOMEM;
	fss_mutex_lock(&b->lock);
	if (__builtin_expect(zero || !b->valid, 0)) {
		int err = get_fill(bc, b, blkno, zero);
		if (err)
			return err;
	} else {
		FSS_TRACE(TRN_FS_CACHE, blkno, 1, "hit");
	}
	*bp = b;
	return 0;
}

/*
 * The rest of bcache_get_stable once `b' (NULL: no memory) is referenced:
 * read it in under its lock if it was not yet.
 */
static int __attribute__((noinline))
stable_finish(struct bcache *bc, struct buf *b, uint32_t blkno, struct buf **bp)
{
	if (!b)
		return ENOMEM;
	if (!__atomic_load_n(&b->valid, __ATOMIC_ACQUIRE)) {
		fss_mutex_lock(&b->lock);
		if (!b->valid) {
			int err = get_fill(bc, b, blkno, 0);	/* puts b on an error */
			if (err)
				return err;
		}
		fss_mutex_unlock(&b->lock);
	} else {
		FSS_TRACE(TRN_FS_CACHE, blkno, 1, "hit");
	}
	*bp = b;
	return 0;
}

/* bcache_get_stable's ways out of its common case (tail calls from it). */
static int __attribute__((noinline))
stable_slow(struct bcache *bc, uint32_t blkno, struct buf **bp)
{
	if (blkno >= bc->nblocks)
		return EIO;
	return stable_finish(bc, buf_lookup(bc, blkno), blkno, bp);
}

static int __attribute__((noinline))
stable_miss(struct bcache *bc, uint32_t blkno, struct buf **bp)
{
	return stable_finish(bc, buf_lookup_miss(bc, blkno), blkno, bp);	/* it unlocks */
}

static int __attribute__((noinline))
stable_hand_over(struct bcache *bc, struct buf *b, uint32_t blkno, struct buf **bp)
{
	fss_mutex_hand_over(&bc->lock);
	return stable_finish(bc, b, blkno, bp);
}

/*
 * Its common case makes no call, so it needs no frame: untraced, the
 * cache's lock free and nobody waiting for it, a hit on a buffer read in
 * already.  Anything else goes on out of line.
 */
int
bcache_get_stable(struct bcache *bc, uint32_t blkno, struct buf **bp)
{
	struct buf *b;

	if (__builtin_expect(FSS_TRACING() || blkno >= bc->nblocks || !fss_mutex_take(&bc->lock), 0))
		return stable_slow(bc, blkno, bp);
	b = hash_find(bc, blkno);
	if (__builtin_expect(!b, 0))
		return stable_miss(bc, blkno, bp);
	__atomic_fetch_add(&b->ref, 1, __ATOMIC_RELAXED);
	bc->st.hits++;
	if (__builtin_expect(!fss_mutex_give(&bc->lock), 0))
		return stable_hand_over(bc, b, blkno, bp);
	if (__builtin_expect(!__atomic_load_n(&b->valid, __ATOMIC_ACQUIRE), 0))
		return stable_finish(bc, b, blkno, bp);
	*bp = b;
	return 0;
}

static void put_relink(struct buf *b, int modified, int locked);

void
bcache_put_stable(struct buf *b)
{
	/* As bcache_put of an unchanged buffer, with no buffer lock to drop. */
	if (__builtin_expect(__atomic_load_n(&b->bc->lru_head, __ATOMIC_RELAXED) == b, 1)) {
		__atomic_fetch_sub(&b->ref, 1, __ATOMIC_RELEASE);
		return;
	}
	put_relink(b, 0, 0);
}

int
bcache_get(struct bcache *bc, uint32_t blkno, struct buf **bp)
{
	return get(bc, blkno, bp, 0);
}

int
bcache_get_zero(struct bcache *bc, uint32_t blkno, struct buf **bp)
{
	return get(bc, blkno, bp, 1);
}

void
bcache_dirty(struct buf *b)
{
	b->modified = 1;	/* becomes `dirty' at bcache_put, under both locks */
}

/*
 * bcache_put's and bcache_put_stable's way when the buffer changed or is
 * not the most recently used; `locked': the caller holds the buffer's
 * lock (bcache_put), dropped here.
 */
static void __attribute__((noinline))
put_relink(struct buf *b, int modified, int locked)
{
	struct bcache *bc = b->bc;

	fss_mutex_lock(&bc->lock);	/* buffer lock -> cache lock: the order */
	if (modified)
		b->dirty = 1;
	if (locked)
		fss_mutex_unlock(&b->lock);
	__atomic_fetch_sub(&b->ref, 1, __ATOMIC_RELEASE);
	lru_to_head(bc, b);		/* the most recently used first */
	fss_mutex_unlock(&bc->lock);
}

void
bcache_put(struct buf *b)
{
	int modified = b->modified;

	b->modified = 0;
	/*
	 * Unchanged and the most recently used already (a block read again
	 * and again): no link to change, so not the cache's lock either.
	 * The reference goes last, after the buffer's lock: once it is 0 the
	 * buffer may be recycled.  (A buffer put at the head meanwhile may
	 * stand before this one: the order is nearly, not strictly, LRU.)
	 */
	if (__builtin_expect(!modified && __atomic_load_n(&b->bc->lru_head, __ATOMIC_RELAXED) == b, 1)) {
		fss_mutex_unlock(&b->lock);
		__atomic_fetch_sub(&b->ref, 1, __ATOMIC_RELEASE);
		return;
	}
	put_relink(b, modified, 1);
}

/*
 * Write every dirty buffer back.  Each buffer is referenced under the cache
 * lock and written under its own lock only, so reads of other blocks go on
 * meanwhile.  The sweep restarts after each write because the hash may
 * have changed while the cache lock was dropped.
 */
int
bcache_sync(struct bcache *bc)
{
	int first = 0;

	for (unsigned h = 0; h < BCACHE_HASH; h++) {
		fss_mutex_lock(&bc->lock);
	again:
		for (struct buf *b = bc->hash[h]; b; b = b->hnext) {
			if (!b->dirty)
				continue;
			__atomic_fetch_add(&b->ref, 1, __ATOMIC_RELAXED);
			fss_mutex_unlock(&bc->lock);
			fss_mutex_lock(&b->lock);
			int err = b->dirty ? buf_write(b, 1) : 0;	/* reported once */
			if (err && !first)
				first = err;
			bcache_put(b);
			fss_mutex_lock(&bc->lock);
			goto again;
		}
		fss_mutex_unlock(&bc->lock);
	}
	int err = bc->dev->flush ? bc->dev->flush(bc->dev->ctx) : 0;
	return first ? first : err;
}

void
bcache_get_stats(struct bcache *bc, struct bcache_stats *st)
{
	fss_mutex_lock(&bc->lock);
	*st = bc->st;
	fss_mutex_unlock(&bc->lock);
}

int
bcache_destroy(struct bcache *bc)
{
	int err = bcache_sync(bc);

	for (unsigned h = 0; h < BCACHE_HASH; h++) {
		struct buf *b = bc->hash[h];
		while (b) {
			struct buf *next = b->hnext;
			fss_mutex_destroy(&b->lock);
			free(b->data);
			free(b);
			b = next;
		}
	}
	fss_mutex_destroy(&bc->lock);
	free(bc);
	return err;
}
