/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Corrupt images give errors, never a crash, a hang, or a write outside
 * the file system: bad block numbers, bad directory entries, loops of
 * "..", bad group descriptors, bad inodes.  Each image is 2 MiB of file
 * system followed by 1 MiB of a pattern that must survive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fss_test.h"

#define R	(&root_cred)

static int
setup(struct timg *t, const char *tree, const char *debugfs_cmds)
{
	CHECK(timg_make(t, "-b 1024 -I 128", "2048", tree) == 0);
	CHECK(sh("head -c 1048576 /dev/zero | tr '\\0' '\\252' >> '%s'", t->img) == 0);
	if (debugfs_cmds)
		CHECK(sh("%s -w -f - '%s' >/dev/null 2>&1 <<'EOF'\n%s\nEOF", DEBUGFS, t->img,
			 debugfs_cmds) == 0);
	return 0;
}

/* Is the pattern past the file system intact? */
static int
tail_intact(struct timg *t)
{
	char *out = sh_out("tail -c 1048576 '%s' | tr -d '\\252' | wc -c", t->img);
	int ok = out && atoi(out) == 0;
	free(out);
	return ok;
}

/* Block number `n' of what debugfs prints for `cmd'. */
static uint32_t
debugfs_num(struct timg *t, const char *cmd)
{
	char *out = timg_debugfs(t, cmd);
	uint32_t n = out ? (uint32_t)strtoul(out, NULL, 10) : 0;
	free(out);
	return n;
}

TEST(block_pointer_past_the_file_system_is_eio_and_nothing_is_written_there)
{
	struct timg t;
	char buf[16];
	size_t done;

	CHECK(setup(&t, "printf data > f", "sif /f block[0] 2500\nsif /f block[IND] 2600") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = walk(t.fs, "/f");
	CHECK(ext2_read(t.fs, NULL, f, 0, buf, 4, &done) == EIO);
	CHECK(ext2_write(t.fs, NULL, f, 0, "x", 1, &done) == EIO);
	CHECK(ext2_write(t.fs, NULL, f, 20 * 1024, "x", 1, &done) == EIO);
	CHECK(ext2_truncate(t.fs, NULL, f, 0) == EIO);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == 0);
	CHECK(timg_umount(&t) == 0);
	CHECK(tail_intact(&t));
	timg_done(&t);
	return 0;
}

TEST(block_pointer_into_the_metadata_is_eio_and_the_metadata_survives)
{
	struct timg t;
	char buf[16];
	size_t done;

	CHECK(setup(&t, "printf data > f", NULL) == 0);
	/* Block 2 holds the group descriptors; block 3 the block bitmap. */
	CHECK(sh("%s -w -R 'sif /f block[0] 2' '%s' >/dev/null 2>&1", DEBUGFS, t.img) == 0);
	char *before = sh_out("head -c 8192 '%s' | tail -c 6144 | md5sum", t.img);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = walk(t.fs, "/f");
	CHECK(ext2_read(t.fs, NULL, f, 0, buf, 4, &done) == EIO);
	CHECK(ext2_write(t.fs, NULL, f, 0, "xxxxxxxx", 8, &done) == EIO);
	CHECK(timg_umount(&t) == 0);
	char *after = sh_out("head -c 8192 '%s' | tail -c 6144 | md5sum", t.img);
	/* The superblock changed (mount count, state); the blocks after it not. */
	CHECK(before && after && strcmp(before, after) == 0);
	free(before);
	free(after);
	CHECK(tail_intact(&t));
	timg_done(&t);
	return 0;
}

/* Patch bytes at byte `off' of directory `path''s first block. */
static int
patch_dir(struct timg *t, const char *path, unsigned off, const char *bytes)
{
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "bmap %s 0", path);
	uint32_t blk = debugfs_num(t, cmd);
	CHECK(blk != 0);
	CHECK(sh("printf '%s' | dd of='%s' bs=1 seek=%u conv=notrunc 2>/dev/null", bytes, t->img,
		 blk * 1024 + off) == 0);
	return 0;
}

TEST(directory_entry_of_length_zero_is_eio_not_a_hang)
{
	struct timg t;
	uint32_t x;
	struct ext2_dirent e;
	uint64_t c = 0;
	unsigned n;

	CHECK(setup(&t, "mkdir d && : > d/f", NULL) == 0);
	/* "." becomes an empty entry of length 0: a walk by rec_len would spin. */
	CHECK(patch_dir(&t, "/d", 0, "\\000\\000\\000\\000\\000\\000") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t d = walk(t.fs, "/d");
	CHECK(d != 0);
	CHECK(ext2_lookup(t.fs, R, d, "f", &x) == EIO);
	CHECK(ext2_readdir(t.fs, R, d, &c, &e, 1, &n) == EIO);
	CHECK(ext2_create(t.fs, R, d, "g", 0644, &x) == EIO);
	CHECK(ext2_rmdir(t.fs, R, EXT2_ROOT, "d") == EIO);
	CHECK(timg_umount(&t) == 0);
	CHECK(tail_intact(&t));
	timg_done(&t);
	return 0;
}

TEST(block_pointer_at_the_block_bitmap_is_eio_and_the_bitmap_survives)
{
	struct timg t;
	char buf[16];
	size_t done;

	CHECK(setup(&t, "printf data > f", NULL) == 0);
	char *out = sh_out("dumpe2fs '%s' 2>/dev/null | grep -o 'Block bitmap at [0-9]*' | head -1 | "
			   "cut -d' ' -f4", t.img);
	uint32_t bitmap = out ? (uint32_t)strtoul(out, NULL, 10) : 0;
	free(out);
	CHECK(bitmap != 0);
	char cmd[100];
	snprintf(cmd, sizeof(cmd), "sif /f block[0] %u", bitmap);
	CHECK(sh("%s -w -R '%s' '%s' >/dev/null 2>&1", DEBUGFS, cmd, t.img) == 0);
	char *before = sh_out("dd if='%s' bs=1024 skip=%u count=1 2>/dev/null | md5sum", t.img, bitmap);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = walk(t.fs, "/f");
	CHECK(ext2_read(t.fs, NULL, f, 0, buf, 4, &done) == EIO);
	CHECK(ext2_write(t.fs, NULL, f, 0, "xxxxxxxx", 8, &done) == EIO);
	CHECK(timg_umount(&t) == 0);
	char *after = sh_out("dd if='%s' bs=1024 skip=%u count=1 2>/dev/null | md5sum", t.img, bitmap);
	CHECK(before && after && strcmp(before, after) == 0);
	free(before);
	free(after);
	timg_done(&t);
	return 0;
}

TEST(directory_entry_running_past_its_block_is_eio)
{
	struct timg t;
	uint32_t x;

	CHECK(setup(&t, "mkdir d && : > d/f", NULL) == 0);
	CHECK(patch_dir(&t, "/d", 16, "\\000\\010") == 0);	/* ".."'s rec_len = 2048 */
	CHECK(timg_mount(&t, 0) == 0);
	CHECK(ext2_lookup(t.fs, R, walk(t.fs, "/d"), "f", &x) == EIO);
	timg_done(&t);
	return 0;
}

TEST(a_loop_of_dotdot_entries_makes_rename_eio_not_a_hang)
{
	struct timg t;

	CHECK(setup(&t, "mkdir -p a/b && : > x", "unlink /a/b/..\nlink /a/b /a/b/..") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t b = walk(t.fs, "/a/b"), x;
	CHECK(b != 0 && ext2_lookup(t.fs, R, b, "..", &x) == 0 && x == b);
	CHECK(ext2_rename(t.fs, R, EXT2_ROOT, "x", t.fs, b, "y") == EIO);
	CHECK(walk(t.fs, "/x") != 0);
	timg_done(&t);
	return 0;
}

TEST(an_entry_naming_its_own_directory_is_not_removed_or_locked_twice)
{
	struct timg t;

	CHECK(setup(&t, "mkdir d", "link /d /d/self") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t d = walk(t.fs, "/d");
	CHECK(ext2_rmdir(t.fs, R, d, "self") == EIO);
	CHECK(ext2_rename(t.fs, R, d, "self", t.fs, EXT2_ROOT, "z") == EIO);
	timg_done(&t);
	return 0;
}

TEST(group_tables_outside_their_group_are_refused_at_mount)
{
	struct timg t;

	CHECK(setup(&t, NULL, "set_bg 0 inode_table 2040") == 0);
	CHECK(timg_mount(&t, 0) == EINVAL);
	CHECK(strstr(t.why, "group 0") != NULL);
	timg_done(&t);
	return 0;
}

TEST(a_file_system_larger_than_its_device_is_refused)
{
	struct timg t;

	CHECK(setup(&t, NULL, "ssv blocks_count 9000") == 0);
	CHECK(timg_mount(&t, 0) == EINVAL);
	CHECK(strstr(t.why, "smaller") != NULL || strstr(t.why, "inconsistent") != NULL ||
	      strstr(t.why, "does not match") != NULL);
	timg_done(&t);
	return 0;
}

TEST(an_inode_with_a_mode_no_file_has_is_eio)
{
	struct timg t;
	struct ext2_stat st;

	CHECK(setup(&t, "printf x > f", "sif /f mode 0170644") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = walk(t.fs, "/f");
	CHECK(f != 0 && ext2_stat(t.fs, f, &st) == EIO);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == EIO);
	timg_done(&t);
	return 0;
}

TEST(an_entry_naming_a_cleared_inode_is_enoent)
{
	struct timg t;
	struct ext2_stat st;
	uint32_t f;

	CHECK(setup(&t, "printf x > f", "clri /f") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	CHECK(ext2_lookup(t.fs, R, EXT2_ROOT, "f", &f) == 0);
	CHECK(ext2_stat(t.fs, f, &st) == ENOENT);
	timg_done(&t);
	return 0;
}

TEST(an_indirect_block_naming_itself_frees_without_a_crash)
{
	struct timg t;

	CHECK(setup(&t, "head -c 20000 /dev/zero | tr '\\0' x > f", NULL) == 0);
	char *out = sh_out("%s -R 'stat /f' '%s' 2>/dev/null | grep -o '(IND):[0-9]*' | cut -d: -f2",
			   DEBUGFS, t.img);
	uint32_t ind = out ? (uint32_t)strtoul(out, NULL, 10) : 0;
	free(out);
	CHECK(ind != 0);
	/* Point the single indirect block's first entry at its own block. */
	CHECK(sh("printf \"$(printf '\\\\%%03o\\\\%%03o\\\\%%03o\\\\%%03o' %u %u %u %u)\" | "
		 "dd of='%s' bs=1 seek=%u conv=notrunc 2>/dev/null",
		 ind & 255, ind >> 8 & 255, ind >> 16 & 255, ind >> 24, t.img, ind * 1024) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == 0);	/* the double free is refused */
	CHECK(timg_umount(&t) == 0);
	CHECK(tail_intact(&t));
	timg_done(&t);
	return 0;
}
