/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Many threads at once, as in a multi-threaded server: each thread works
 * in its own directory and in shared ones (creating, writing, renaming
 * files and directories between two shared parents, linking, removing),
 * so every lock of the core is contended.  Nothing deadlocks (ctest's
 * timeout), each thread reads back what it wrote, and e2fsck -fn is clean.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bcache.h"
#include "fss_test.h"

#define R		(&root_cred)
#define NTHREADS	4
#define ROUNDS		150

struct worker {
	struct ext2_fs *fs;
	int id, failed;
	uint32_t own, a, b;
};

#define WCHECK(cond) do { if (!(cond)) { printf("  thread %d round %d: %s\n", w->id, r, #cond); \
		w->failed = 1; return NULL; } } while (0)

static void *
work(void *arg)
{
	struct worker *w = arg;
	char name[32], other[32], dname[32], buf[3000], back[3000];
	uint32_t ino, x;
	size_t done;

	snprintf(dname, sizeof(dname), "dir-%d", w->id);
	for (int r = 0; r < ROUNDS; r++) {
		snprintf(name, sizeof(name), "t%d-%d", w->id, r);
		snprintf(other, sizeof(other), "u%d-%d", w->id, r);
		memset(buf, 'a' + (r + w->id) % 26, sizeof(buf));
		WCHECK(ext2_create(w->fs, R, w->own, name, 0644, &ino) == 0);
		WCHECK(ext2_write(w->fs, NULL, ino, (uint64_t)r * 512, buf, sizeof(buf), &done) == 0);
		/* Into a shared directory and back, with a link left behind. */
		WCHECK(ext2_rename(w->fs, R, w->own, name, w->fs, w->a, name) == 0);
		WCHECK(ext2_link(w->fs, R, ino, w->fs, w->b, other) == 0);
		WCHECK(ext2_rename(w->fs, R, w->a, name, w->fs, w->own, name) == 0);
		WCHECK(ext2_unlink(w->fs, R, w->b, other) == 0);
		WCHECK(ext2_read(w->fs, NULL, ino, (uint64_t)r * 512, back, sizeof(back), &done) == 0);
		WCHECK(done == sizeof(back) && memcmp(buf, back, sizeof(buf)) == 0);
		/* A directory that moves between the two shared parents. */
		uint32_t from = r % 2 ? w->b : w->a, to = r % 2 ? w->a : w->b;
		if (r == 0)
			WCHECK(ext2_mkdir(w->fs, R, from, dname, 0755, &x) == 0);
		WCHECK(ext2_rename(w->fs, R, from, dname, w->fs, to, dname) == 0);
		WCHECK(ext2_mkdir(w->fs, R, w->a, other, 0755, &x) == 0);
		WCHECK(ext2_rmdir(w->fs, R, w->a, other) == 0);
		if (r % 3 == 0)
			WCHECK(ext2_unlink(w->fs, R, w->own, name) == 0);
		else
			WCHECK(ext2_truncate(w->fs, NULL, ino, 100) == 0);
		if (r % 50 == 0)
			WCHECK(ext2_sync(w->fs) == 0);
	}
	return NULL;
}

TEST(concurrent_operations_keep_the_file_system_consistent)
{
	struct timg t;
	struct worker w[NTHREADS];
	pthread_t th[NTHREADS];

	CHECK(timg_make(&t, "-b 1024 -N 4096", "16M", "mkdir a b t0 t1 t2 t3") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	for (int i = 0; i < NTHREADS; i++) {
		char own[8];
		snprintf(own, sizeof(own), "/t%d", i);
		w[i] = (struct worker){ t.fs, i, 0, walk(t.fs, own), walk(t.fs, "/a"), walk(t.fs, "/b") };
		CHECK(pthread_create(&th[i], NULL, work, &w[i]) == 0);
	}
	for (int i = 0; i < NTHREADS; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	for (int i = 0; i < NTHREADS; i++)
		CHECK(!w[i].failed);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

struct mover {
	struct ext2_fs *fs;
	uint32_t from, to;
	const char *name;
	int bad;
};

/* Move `name' from `from' to `to' and back, many times. */
static void *
move(void *arg)
{
	struct mover *m = arg;

	for (int i = 0; i < 400 && !m->bad; i++) {
		if (ext2_rename(m->fs, R, m->from, m->name, m->fs, m->to, m->name) ||
		    ext2_rename(m->fs, R, m->to, m->name, m->fs, m->from, m->name))
			m->bad = 1;
	}
	return NULL;
}

TEST(concurrent_renames_of_directories_in_both_directions_do_not_deadlock)
{
	struct timg t;
	pthread_t th[2];
	uint32_t x;

	CHECK(timg_make(&t, "-b 1024", "4M", "mkdir -p p/q r/s") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	struct ext2_fs *fs = t.fs;
	uint32_t p = walk(fs, "/p"), r = walk(fs, "/r");
	struct mover m[2] = { { fs, p, r, "q", 0 }, { fs, r, p, "s", 0 } };
	for (int i = 0; i < 2; i++)
		CHECK(pthread_create(&th[i], NULL, move, &m[i]) == 0);
	/* Meanwhile: names made and removed in both parents. */
	for (int i = 0; i < 400; i++) {
		CHECK(ext2_mkdir(fs, R, i % 2 ? p : r, "tmp", 0755, &x) == 0);
		CHECK(ext2_rmdir(fs, R, i % 2 ? p : r, "tmp") == 0);
	}
	for (int i = 0; i < 2; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	CHECK(!m[0].bad && !m[1].bad);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

struct swapper {
	struct ext2_fs *fs;
	const char *me, *other;
	int bad;
};

/* Move directory `me' into `other' and back out, many times. */
static void *
swap_in(void *arg)
{
	struct swapper *s = arg;
	uint32_t other;

	for (int i = 0; i < 3000 && !s->bad; i++) {
		if (ext2_lookup(s->fs, R, EXT2_ROOT, s->other, &other))
			continue;	/* it is inside me just now */
		int err = ext2_rename(s->fs, R, EXT2_ROOT, s->me, s->fs, other, s->me);
		if (err == 0)
			err = ext2_rename(s->fs, R, other, s->me, s->fs, EXT2_ROOT, s->me);
		if (err && err != EINVAL && err != ENOENT)
			s->bad = err;
	}
	return NULL;
}

TEST(two_directories_moved_into_each_other_at_once_never_make_a_cycle)
{
	struct timg t;
	pthread_t th[2];

	CHECK(timg_make(&t, "-b 1024", "4M", "mkdir A B") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	struct swapper s[2] = { { t.fs, "A", "B", 0 }, { t.fs, "B", "A", 0 } };
	for (int i = 0; i < 2; i++)
		CHECK(pthread_create(&th[i], NULL, swap_in, &s[i]) == 0);
	for (int i = 0; i < 2; i++)
		CHECK(pthread_join(th[i], NULL) == 0);
	CHECK(!s[0].bad && !s[1].bad);
	CHECK(walk(t.fs, "/A") != 0 && walk(t.fs, "/B") != 0);	/* both back at the root */
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

/* ---- the block cache alone: readers racing through a cache too small ---- */

#define BC_BLOCKS	64		/* a device of 64 blocks of 1 KiB; the cache holds 16 */

static uint8_t bc_disk[BC_BLOCKS * 1024];

static int
bc_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	(void)ctx;
	memcpy(buf, bc_disk + sector * FSS_SECTOR_SIZE, count * FSS_SECTOR_SIZE);
	return 0;
}

static int
bc_write(void *ctx, uint64_t sector, uint32_t count, const void *buf)
{
	(void)ctx, (void)sector, (void)count, (void)buf;
	return EIO;			/* nothing is written: every buffer stays clean */
}

struct bc_reader {
	struct bcache *bc;
	int id, failed;
};

static void *
bc_work(void *arg)
{
	struct bc_reader *w = arg;
	uint32_t x = 12345u + (uint32_t)w->id * 7919u;
	for (int r = 0; r < 4000 && !w->failed; r++) {
		x = x * 1103515245u + 12345u;
		uint32_t blk = (x >> 8) % BC_BLOCKS;
		/* Each block twice in a row half the time: the second put finds it the newest. */
		for (int twice = 0; twice <= (int)((x >> 4) & 1); twice++) {
			struct buf *b;
			if (bcache_get(w->bc, blk, &b) != 0) {
				w->failed = 1;
				break;
			}
			for (int i = 0; i < 1024; i += 97)
				if (b->blkno != blk || b->data[i] != (uint8_t)(blk * 3 + i))
					w->failed = 1;
			bcache_put(b);
		}
	}
	return NULL;
}

TEST(readers_racing_through_a_small_block_cache_each_see_their_own_block)
{
	for (uint32_t blk = 0; blk < BC_BLOCKS; blk++)
		for (int i = 0; i < 1024; i++)
			bc_disk[blk * 1024 + i] = (uint8_t)(blk * 3 + i);
	struct fss_blkdev dev = { NULL, BC_BLOCKS * 2, bc_read, bc_write, NULL };
	struct bcache *bc = bcache_create(&dev, 1024, 16);
	CHECK(bc != NULL);
	pthread_t t[NTHREADS];
	struct bc_reader w[NTHREADS];
	for (int i = 0; i < NTHREADS; i++) {
		w[i] = (struct bc_reader){ bc, i, 0 };
		CHECK(pthread_create(&t[i], NULL, bc_work, &w[i]) == 0);
	}
	int failed = 0;
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		failed |= w[i].failed;
	}
	CHECK(!failed);
	CHECK(bcache_destroy(bc) == 0);
	return 0;
}
