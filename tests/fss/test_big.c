/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sizes: files through double and triple indirect blocks with holes, past
 * 4 GiB, the largest file, directories of thousands of entries, and a full
 * disk that deleting gives back completely.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fss_test.h"

#define R	(&root_cred)
#define KiB	1024ull
#define MiB	(1024 * KiB)
#define GiB	(1024 * MiB)

TEST(sparse_file_through_triple_indirect_blocks_reads_back_and_frees)
{
	struct timg t;
	static const struct { uint64_t off; char c; } at[] = {
		{ 0, 'A' }, { 300 * KiB, 'B' }, { 70 * MiB, 'C' }, { 5 * GiB, 'D' },
	};
	struct ext2_stat st;
	size_t done;
	char c;

	CHECK(timg_make(&t, "-b 1024 -I 128", "8M", NULL) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint64_t b0 = free_blocks(t.fs);
	uint32_t f = put_file(t.fs, EXT2_ROOT, "f", NULL, 0);
	for (unsigned i = 0; i < 4; i++)
		CHECK(ext2_write(t.fs, NULL, f, at[i].off, &at[i].c, 1, &done) == 0 && done == 1);
	CHECK(ext2_stat(t.fs, f, &st) == 0 && st.size == 5 * GiB + 1);
	/* 4 data blocks; B: double + single; C: triple + double + single;
	 * D: another double + single under the same triple. */
	CHECK(st.blocks == 2 * (4 + 2 + 3 + 2));
	for (unsigned i = 0; i < 4; i++) {
		CHECK(ext2_read(t.fs, NULL, f, at[i].off, &c, 1, &done) == 0 && done == 1);
		CHECK(c == at[i].c);
		CHECK(ext2_read(t.fs, NULL, f, at[i].off + 1, &c, 1, &done) == 0);
		CHECK(i == 3 ? done == 0 : (done == 1 && c == 0));
	}
	CHECK(timg_fsck(&t));
	char *out = timg_debugfs(&t, "stat /f");
	CHECK(out && strstr(out, "Size: 5368709121") != NULL);
	free(out);
	out = timg_debugfs(&t, "features");
	CHECK(out && strstr(out, "large_file") != NULL);
	free(out);
	CHECK(timg_mount(&t, 0) == 0);
	CHECK(ext2_truncate(t.fs, NULL, walk(t.fs, "/f"), 200 * KiB) == 0);
	CHECK(free_blocks(t.fs) == b0 - 1);	/* only A's block is left */
	CHECK(ext2_truncate(t.fs, NULL, walk(t.fs, "/f"), 0) == 0);
	CHECK(free_blocks(t.fs) == b0);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

TEST(sequential_file_past_double_indirect_matches_debugfs_dump)
{
	struct timg t;
	size_t n = 6 * MiB, done;
	uint8_t *data = malloc(n);

	for (size_t i = 0; i < n; i++)
		data[i] = (uint8_t)(i * 7 + i / 4096);
	CHECK(timg_make(&t, "-b 4096 -I 256", "16M", NULL) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = put_file(t.fs, EXT2_ROOT, "f", NULL, 0);
	for (size_t off = 0; off < n; off += 100000) {	/* unaligned pieces */
		size_t len = n - off < 100000 ? n - off : 100000;
		CHECK(ext2_write(t.fs, NULL, f, off, data + off, len, &done) == 0 && done == len);
	}
	CHECK(timg_fsck(&t));
	char dump[400];
	snprintf(dump, sizeof(dump), "%s/dump", t.dir);
	char cmd[500];
	snprintf(cmd, sizeof(cmd), "dump /f %s", dump);
	free(timg_debugfs(&t, cmd));
	FILE *fp = fopen(dump, "rb");
	CHECK(fp != NULL);
	uint8_t *back = malloc(n + 1);
	CHECK(fread(back, 1, n + 1, fp) == n);
	fclose(fp);
	CHECK(memcmp(back, data, n) == 0);
	free(back);
	free(data);
	timg_done(&t);
	return 0;
}

TEST(writing_past_the_largest_file_is_efbig)
{
	struct timg t;
	size_t done;

	CHECK(timg_make(&t, "-b 1024", "2M", NULL) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = put_file(t.fs, EXT2_ROOT, "f", NULL, 0);
	/* 1 KiB blocks: 12 + 256 + 256^2 + 256^3 blocks, just over 16 GiB. */
	uint64_t max = (12 + 256 + 65536 + 16777216ull) * 1024;
	CHECK(ext2_write(t.fs, NULL, f, max, "x", 1, &done) == EFBIG);
	CHECK(ext2_write(t.fs, NULL, f, max - 1, "xy", 2, &done) == EFBIG);
	CHECK(ext2_truncate(t.fs, NULL, f, max + 1) == EFBIG);
	CHECK(ext2_write(t.fs, NULL, f, max - 1, "x", 1, &done) == 0 && done == 1);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

static unsigned
count_entries(struct ext2_fs *fs, uint32_t dir)
{
	static struct ext2_dirent ents[64];
	uint64_t cookie = 0;
	unsigned n, total = 0;

	do {
		if (ext2_readdir(fs, R, dir, &cookie, ents, 64, &n))
			return 0;
		total += n;
	} while (n);
	return total;
}

TEST(directory_of_thousands_of_entries)
{
	struct timg t;
	uint32_t ino;
	char name[64];

	CHECK(timg_make(&t, "-b 1024 -N 4096", "8M", "mkdir d") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t d = walk(t.fs, "/d");
	for (int i = 0; i < 3000; i++) {
		snprintf(name, sizeof(name), "entry-with-a-longish-name-%05d", i);
		CHECK(ext2_create(t.fs, R, d, name, 0644, &ino) == 0);
	}
	CHECK(count_entries(t.fs, d) == 3002);
	for (int i = 0; i < 3000; i += 2) {
		snprintf(name, sizeof(name), "entry-with-a-longish-name-%05d", i);
		CHECK(ext2_unlink(t.fs, R, d, name) == 0);
	}
	for (int i = 1; i < 3000; i += 98) {
		snprintf(name, sizeof(name), "entry-with-a-longish-name-%05d", i);
		CHECK(ext2_lookup(t.fs, R, d, name, &ino) == 0);
	}
	CHECK(count_entries(t.fs, d) == 1502);
	CHECK(timg_fsck(&t));
	char *out = sh_out("%s -R 'ls -p /d' '%s' 2>/dev/null | grep -v '^/0/' | grep -c entry-with", DEBUGFS, t.img);
	CHECK(out && atoi(out) == 1500);	/* (debugfs lists emptied first entries as inode 0) */
	free(out);
	timg_done(&t);
	return 0;
}

TEST(full_disk_is_enospc_and_deleting_gives_every_block_and_inode_back)
{
	struct timg t;
	static uint8_t chunk[64 * 1024];
	uint32_t ino, d;
	size_t done;
	char name[32];
	int err = 0, files = 0;

	CHECK(timg_make(&t, "-b 1024 -N 64", "1M", NULL) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint64_t b0 = free_blocks(t.fs), i0 = free_inodes(t.fs);
	CHECK(ext2_mkdir(t.fs, R, EXT2_ROOT, "d", 0755, &d) == 0);
	uint32_t f = put_file(t.fs, d, "big", NULL, 0);
	uint64_t off = 0;
	while ((err = ext2_write(t.fs, NULL, f, off, chunk, sizeof(chunk), &done)) == 0) {
		off += done;
		if (done < sizeof(chunk))
			break;		/* a short write: the disk filled */
	}
	CHECK(err == 0 && off > 800 * KiB);
	CHECK(ext2_write(t.fs, NULL, f, off, chunk, 1, &done) == ENOSPC);
	CHECK(free_blocks(t.fs) == 0);
	while ((err = ext2_create(t.fs, R, d, (snprintf(name, sizeof(name), "f%d", files), name),
				  0644, &ino)) == 0)
		files++;
	CHECK(err == ENOSPC);	/* no block for the directory, or no inode */
	CHECK(ext2_mkdir(t.fs, R, d, "dir", 0755, &ino) == ENOSPC);
	CHECK(timg_fsck(&t));
	CHECK(timg_mount(&t, 0) == 0);
	d = walk(t.fs, "/d");
	CHECK(ext2_unlink(t.fs, R, d, "big") == 0);
	for (int i = 0; i < files; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		CHECK(ext2_unlink(t.fs, R, d, name) == 0);
	}
	CHECK(ext2_rmdir(t.fs, R, EXT2_ROOT, "d") == 0);
	CHECK(free_blocks(t.fs) == b0 && free_inodes(t.fs) == i0);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

/* The block group of block `b' / inode `ino' in an image of 1 KiB blocks
 * and `ipg' inodes per group. */
#define BGROUP(b)	(((b) - 1) / 8192)

TEST(a_file_goes_in_its_directory_group_and_directories_spread)
{
	struct timg t;
	uint32_t d1, d2, f;
	static uint8_t data[20 * 1024];
	size_t done;

	CHECK(timg_make(&t, "-b 1024 -N 2048", "32M", NULL) == 0);	/* 4 groups */
	CHECK(timg_mount(&t, 0) == 0);
	char *out = sh_out("dumpe2fs -h '%s' 2>/dev/null | grep 'Inodes per group' | grep -o '[0-9]*'",
			   t.img);
	uint32_t ipg = out ? (uint32_t)atoi(out) : 0;
	free(out);
	CHECK(ipg == 512);
	CHECK(ext2_mkdir(t.fs, R, EXT2_ROOT, "d1", 0755, &d1) == 0);
	CHECK(ext2_mkdir(t.fs, R, EXT2_ROOT, "d2", 0755, &d2) == 0);
	CHECK((d1 - 1) / ipg != (d2 - 1) / ipg);		/* spread */
	CHECK(ext2_create(t.fs, R, d2, "f", 0644, &f) == 0);
	CHECK((f - 1) / ipg == (d2 - 1) / ipg);			/* near its directory */
	CHECK(ext2_write(t.fs, NULL, f, 0, data, sizeof(data), &done) == 0);
	CHECK(timg_fsck(&t));
	for (unsigned l = 0; l < 20; l += 19) {
		char cmd[64];
		snprintf(cmd, sizeof(cmd), "bmap /d2/f %u", l);
		out = timg_debugfs(&t, cmd);
		uint32_t b = out ? (uint32_t)strtoul(out, NULL, 10) : 0;
		free(out);
		CHECK(b != 0 && BGROUP(b) == (f - 1) / ipg);	/* blocks in its group */
	}
	timg_done(&t);
	return 0;
}
