/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Measurements of the core on the host, in device blocks (the unit that
 * costs on a disk): a path lookup cold and warm, a 1 MiB file written and
 * read back cold, create+unlink.  Each prints a MEASURE line (numbers for
 * docs/fss.md) and checks the one fact that must hold (a warm lookup
 * reads nothing; a cold read reads each block once).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fss_test.h"

#define R	(&root_cred)

static uint64_t
reads(struct ext2_fs *fs)
{
	struct ext2_stats st;
	ext2_get_stats(fs, &st);
	return st.dev_reads;
}

static uint64_t
writes(struct ext2_fs *fs)
{
	struct ext2_stats st;
	ext2_get_stats(fs, &st);
	return st.dev_writes;
}

static int
lookup_cost(const char *mkfs)
{
	struct timg t;

	CHECK(timg_make(&t, mkfs, "8M", "mkdir -p usr/share/doc && printf x > usr/share/doc/f") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint64_t r0 = reads(t.fs);
	CHECK(walk(t.fs, "/usr/share/doc") != 0);
	uint64_t cold = reads(t.fs) - r0;
	r0 = reads(t.fs);
	CHECK(walk(t.fs, "/usr/share/doc") != 0);
	uint64_t warm = reads(t.fs) - r0;
	printf("  MEASURE %s: lookup of 3 components: %llu blocks read cold, %llu warm\n", mkfs,
	       (unsigned long long)cold, (unsigned long long)warm);
	CHECK(warm == 0 && cold > 0 && cold <= 7);	/* 3 inode-table blocks + 3 directory blocks + root's */
	timg_done(&t);
	return 0;
}

TEST(warm_lookup_reads_no_block_1k)
{
	return lookup_cost("-b 1024 -I 128");
}

TEST(warm_lookup_reads_no_block_4k)
{
	return lookup_cost("-b 4096 -I 256");
}

static int
sequential(const char *mkfs, uint32_t bsize)
{
	struct timg t;
	size_t n = 1 << 20, done;
	uint8_t *data = malloc(n);

	memset(data, 0x33, n);
	CHECK(timg_make(&t, mkfs, "8M", NULL) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = put_file(t.fs, EXT2_ROOT, "f", NULL, 0);
	uint64_t w0 = writes(t.fs);
	CHECK(ext2_write(t.fs, NULL, f, 0, data, n, &done) == 0 && done == n);
	CHECK(ext2_sync(t.fs) == 0);
	uint64_t w = writes(t.fs) - w0;
	CHECK(timg_umount(&t) == 0);
	CHECK(timg_mount(&t, 0) == 0);	/* cold cache */
	f = walk(t.fs, "/f");
	uint64_t r0 = reads(t.fs);
	for (size_t off = 0; off < n; off += 4096)
		CHECK(ext2_read(t.fs, NULL, f, off, data, 4096, &done) == 0 && done == 4096);
	uint64_t r = reads(t.fs) - r0;
	printf("  MEASURE %s: 1 MiB written: %llu blocks written at sync; read cold in 4 KiB "
	       "pieces: %llu blocks read (%u data)\n", mkfs, (unsigned long long)w,
	       (unsigned long long)r, (unsigned)(n / bsize));
	/* Written: each data block once, its few indirect blocks, the bitmap,
	 * inode and superblock; a hot block is not written again and again as
	 * dirty victims pass it in the LRU. */
	CHECK(w <= n / bsize + n / bsize / 128 + 12);
	/* Read: each data block once, plus the indirect blocks, plus at most
	 * the cache's re-reads of indirect blocks evicted meanwhile. */
	CHECK(r >= n / bsize && r <= n / bsize + n / bsize / 8);
	free(data);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

TEST(sequential_io_moves_each_block_about_once_1k)
{
	return sequential("-b 1024 -I 128", 1024);
}

TEST(sequential_io_moves_each_block_about_once_4k)
{
	return sequential("-b 4096 -I 256", 4096);
}

TEST(create_and_unlink_cost_no_device_io_until_sync)
{
	struct timg t;
	uint32_t ino;

	CHECK(timg_make(&t, "-b 4096 -I 256", "8M", NULL) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	CHECK(ext2_create(t.fs, R, EXT2_ROOT, "warm", 0644, &ino) == 0);	/* warms the bitmaps */
	uint64_t r0 = reads(t.fs), w0 = writes(t.fs);
	for (int i = 0; i < 1000; i++) {
		CHECK(ext2_create(t.fs, R, EXT2_ROOT, "f", 0644, &ino) == 0);
		CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == 0);
	}
	uint64_t r = reads(t.fs) - r0, w = writes(t.fs) - w0;
	CHECK(ext2_sync(t.fs) == 0);
	printf("  MEASURE 1000 create+unlink pairs: %llu blocks read, %llu written before sync, "
	       "%llu at sync\n", (unsigned long long)r, (unsigned long long)w,
	       (unsigned long long)(writes(t.fs) - w0 - w));
	CHECK(r == 0 && w == 0);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}
