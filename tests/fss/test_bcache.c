/* SPDX-License-Identifier: BSD-2-Clause */
/* The block cache over a device in memory that counts its I/O. */
#include <stdlib.h>
#include <string.h>
#include "bcache.h"
#include "fss_test.h"

#define NSECT	64		/* 32 KiB: 32 blocks of 1 KiB */

struct memdev {
	uint8_t data[NSECT * FSS_SECTOR_SIZE];
	int reads, writes, flushes;
};

static int
mem_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	struct memdev *m = ctx;
	if (sector + count > NSECT)
		abort();		/* the cache must never ask */
	memcpy(buf, m->data + sector * FSS_SECTOR_SIZE, count * FSS_SECTOR_SIZE);
	m->reads++;
	return 0;
}

static int
mem_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	struct memdev *m = ctx;
	if (sector + count > NSECT)
		abort();
	memcpy(m->data + sector * FSS_SECTOR_SIZE, buf, count * FSS_SECTOR_SIZE);
	m->writes++;
	return 0;
}

static int
mem_flush(void *ctx)
{
	((struct memdev *)ctx)->flushes++;
	return 0;
}

static struct memdev mem;
static struct fss_blkdev dev = { &mem, NSECT, mem_read, mem_write, mem_flush };

TEST(a_block_past_the_device_is_eio_without_device_access)
{
	struct bcache *bc = bcache_create(&dev, 1024, 16);
	struct buf *b;
	memset(&mem, 0, sizeof(mem));
	CHECK(bcache_get(bc, 32, &b) == EIO);
	CHECK(bcache_get_zero(bc, 1u << 31, &b) == EIO);
	CHECK(bcache_get(bc, 31, &b) == 0);
	bcache_put(b);
	CHECK(mem.reads == 1);
	CHECK(bcache_destroy(bc) == 0);
	return 0;
}

TEST(a_cached_block_is_read_once)
{
	struct bcache *bc = bcache_create(&dev, 1024, 16);
	struct bcache_stats st;
	struct buf *b;
	memset(&mem, 0, sizeof(mem));
	mem.data[5 * 1024] = 42;
	for (int i = 0; i < 10; i++) {
		CHECK(bcache_get(bc, 5, &b) == 0 && b->data[0] == 42);
		bcache_put(b);
	}
	bcache_get_stats(bc, &st);
	CHECK(mem.reads == 1 && st.hits == 9 && st.misses == 1);
	CHECK(bcache_destroy(bc) == 0);
	return 0;
}

TEST(a_dirty_block_reaches_the_device_on_sync_not_before)
{
	struct bcache *bc = bcache_create(&dev, 1024, 16);
	struct buf *b;
	memset(&mem, 0, sizeof(mem));
	CHECK(bcache_get(bc, 3, &b) == 0);
	b->data[0] = 7;
	bcache_dirty(b);
	bcache_put(b);
	CHECK(mem.writes == 0 && mem.data[3 * 1024] == 0);
	CHECK(bcache_sync(bc) == 0);
	CHECK(mem.writes == 1 && mem.data[3 * 1024] == 7 && mem.flushes == 1);
	CHECK(bcache_sync(bc) == 0 && mem.writes == 1);	/* clean now */
	CHECK(bcache_destroy(bc) == 0);
	return 0;
}

TEST(evicting_a_dirty_block_writes_it_back_first)
{
	struct bcache *bc = bcache_create(&dev, 1024, 16);
	struct buf *b;
	memset(&mem, 0, sizeof(mem));
	for (uint32_t i = 0; i < 32; i++) {	/* twice the cache */
		CHECK(bcache_get_zero(bc, i, &b) == 0);
		b->data[0] = (uint8_t)(i + 1);
		bcache_dirty(b);
		bcache_put(b);
	}
	CHECK(mem.writes >= 16);
	CHECK(bcache_destroy(bc) == 0);
	for (uint32_t i = 0; i < 32; i++)
		CHECK(mem.data[i * 1024] == i + 1);
	return 0;
}

TEST(the_victim_is_the_least_recently_used_block)
{
	struct bcache *bc = bcache_create(&dev, 1024, 16);
	struct buf *b;
	memset(&mem, 0, sizeof(mem));
	for (uint32_t i = 0; i < 16; i++) {	/* the cache full, 0 the oldest */
		CHECK(bcache_get(bc, i, &b) == 0);
		bcache_put(b);
	}
	CHECK(bcache_get(bc, 0, &b) == 0);	/* 0 the newest now, 1 the oldest */
	bcache_put(b);
	CHECK(mem.reads == 16);
	CHECK(bcache_get(bc, 16, &b) == 0);	/* evicts 1 */
	bcache_put(b);
	CHECK(bcache_get(bc, 0, &b) == 0);
	bcache_put(b);
	CHECK(mem.reads == 17);
	CHECK(bcache_get(bc, 1, &b) == 0);
	bcache_put(b);
	CHECK(mem.reads == 18);
	CHECK(bcache_destroy(bc) == 0);
	return 0;
}

/*
 * Hold block 0 (with bcache_get, or `stable': bcache_get_stable) while
 * going around the cache twice: it is never the victim, and once given
 * back it is still cached.
 */
static int
held_block_is_kept(int stable)
{
	struct bcache *bc = bcache_create(&dev, 1024, 16);
	struct buf *held, *b;
	memset(&mem, 0, sizeof(mem));
	mem.data[0] = 9;
	CHECK((stable ? bcache_get_stable(bc, 0, &held) : bcache_get(bc, 0, &held)) == 0 &&
	      held->data[0] == 9);
	for (uint32_t round = 0; round < 2; round++)
		for (uint32_t i = 1; i < 32; i++) {	/* twice the cache, around it */
			CHECK(bcache_get(bc, i, &b) == 0);
			bcache_put(b);
		}
	CHECK(held->blkno == 0 && held->data[0] == 9);
	if (stable)
		bcache_put_stable(held);	/* not the newest: relinked */
	else
		bcache_put(held);
	int reads = mem.reads;
	CHECK(bcache_get(bc, 0, &b) == 0 && b->data[0] == 9);
	bcache_put(b);
	CHECK(mem.reads == reads);		/* still cached */
	CHECK(bcache_destroy(bc) == 0);
	return 0;
}

TEST(a_held_block_is_never_the_victim)
{
	return held_block_is_kept(0);
}

TEST(a_stable_get_reads_a_block_in_once_and_leaves_it_unlocked)
{
	struct bcache *bc = bcache_create(&dev, 1024, 16);
	struct bcache_stats st;
	struct buf *b, *l;
	memset(&mem, 0, sizeof(mem));
	mem.data[4 * 1024] = 17;
	CHECK(bcache_get_stable(bc, 4, &b) == 0 && b->data[0] == 17 && mem.reads == 1);
	/* Not locked: a writer (who would hold the inode's lock) could take it. */
	CHECK(pthread_mutex_trylock(&b->lock) == 0);
	pthread_mutex_unlock(&b->lock);
	CHECK(bcache_get(bc, 4, &l) == 0 && l == b);	/* the locking way too */
	bcache_put(l);
	bcache_put_stable(b);
	CHECK(bcache_get_stable(bc, 4, &b) == 0 && b->data[0] == 17);
	bcache_put_stable(b);
	bcache_get_stats(bc, &st);
	CHECK(mem.reads == 1 && st.hits == 2 && st.misses == 1);
	CHECK(bcache_get_stable(bc, 32, &b) == EIO);	/* past the device */
	CHECK(bcache_destroy(bc) == 0);
	return 0;
}

TEST(a_block_held_stable_is_never_the_victim)
{
	return held_block_is_kept(1);
}
