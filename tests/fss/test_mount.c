/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mounting: the formats mke2fs -t ext2 makes are read (1 and 4 KiB blocks,
 * 128- and 256-byte inodes, hashed directories), other formats are refused
 * or mounted read-only, and the superblock says "not clean" while mounted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fss_test.h"

#define TREE "mkdir -p a/b/c && printf hello > a/b/c/f && printf x > top && " \
	     "head -c 70000 /dev/zero | tr '\\0' 'q' > a/big && ln -s a/b/c/f link"

/* Read the tree TREE made in an image made with `mkfs' options. */
static int
reads_tree(const char *mkfs)
{
	struct timg t;
	size_t len;

	CHECK(timg_make(&t, mkfs, "4M", TREE) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = walk(t.fs, "/a/b/c/f");
	CHECK(f != 0);
	uint8_t *d = get_file(t.fs, f, &len);
	CHECK(d && len == 5 && memcmp(d, "hello", 5) == 0);
	free(d);
	d = get_file(t.fs, walk(t.fs, "/a/big"), &len);
	CHECK(d && len == 70000 && d[0] == 'q' && d[69999] == 'q');
	free(d);
	char target[64];
	CHECK(ext2_readlink(t.fs, walk(t.fs, "/link"), target, sizeof(target), &len) == 0);
	CHECK(len == 7 && strcmp(target, "a/b/c/f") == 0);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

TEST(reads_1k_blocks_128_byte_inodes)
{
	return reads_tree("-b 1024 -I 128");
}

TEST(reads_4k_blocks_256_byte_inodes)
{
	return reads_tree("-b 4096 -I 256");
}

TEST(reads_1k_blocks_256_byte_inodes_with_ext_attr)
{
	return reads_tree("-b 1024 -I 256 -O ext_attr,dir_index,resize_inode,sparse_super,large_file");
}

TEST(hashed_directory_is_read_linearly_and_stays_consistent_when_changed)
{
	struct timg t;
	uint32_t ino;

	CHECK(timg_make(&t, "-b 1024", "8M",
			"mkdir d && i=0; while [ $i -lt 400 ]; do : > d/file_$i; i=$((i+1)); done") == 0);
	char *st = timg_debugfs(&t, "stat /d");
	int indexed = st && strstr(st, "Flags: 0x1000") != NULL;
	free(st);
	if (!indexed) /* e2fsck -D indexes it, as a kernel would */
		CHECK(sh("%s -fyD '%s' >/dev/null 2>&1; true", E2FSCK, t.img) == 0);
	st = timg_debugfs(&t, "stat /d");
	CHECK(st && strstr(st, "Flags: 0x1000") != NULL);
	free(st);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t d = walk(t.fs, "/d");
	for (int i = 0; i < 400; i += 37) {
		char name[32];
		snprintf(name, sizeof(name), "file_%d", i);
		CHECK(ext2_lookup(t.fs, &root_cred, d, name, &ino) == 0);
	}
	CHECK(ext2_create(t.fs, &root_cred, d, "new", 0644, &ino) == 0);
	CHECK(ext2_unlink(t.fs, &root_cred, d, "file_7") == 0);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

TEST(wrong_magic_is_refused_with_a_reason)
{
	struct timg t;

	CHECK(timg_make(&t, "-b 1024", "1M", NULL) == 0);
	CHECK(sh("printf '\\000\\000' | dd of='%s' bs=1 seek=1080 conv=notrunc 2>/dev/null", t.img) == 0);
	CHECK(timg_mount(&t, 0) == EINVAL);
	CHECK(strstr(t.why, "magic") != NULL);
	timg_done(&t);
	return 0;
}

/* Set `feature' with debugfs, then try to mount: the result. */
static int
mount_with_feature(struct timg *t, const char *feature)
{
	CHECK(timg_make(t, "-b 1024", "2M", NULL) == 0);
	CHECK(sh("%s -w -R 'feature %s' '%s' >/dev/null 2>&1", DEBUGFS, feature, t->img) == 0);
	return timg_mount(t, 0);
}

TEST(extent_feature_is_refused_naming_it)
{
	struct timg t;

	CHECK(mount_with_feature(&t, "extent") == ENOTSUP);
	CHECK(strstr(t.why, "extent") != NULL);
	timg_done(&t);
	return 0;
}

TEST(journal_needing_recovery_is_refused_naming_it)
{
	struct timg t;

	CHECK(mount_with_feature(&t, "needs_recovery") == ENOTSUP);
	CHECK(strstr(t.why, "needs_recovery") != NULL);
	timg_done(&t);
	return 0;
}

TEST(64bit_feature_is_refused_naming_it)
{
	struct timg t;

	CHECK(mount_with_feature(&t, "64bit") == ENOTSUP);
	CHECK(strstr(t.why, "64bit") != NULL);
	timg_done(&t);
	return 0;
}

TEST(unknown_ro_compat_feature_mounts_read_only)
{
	struct timg t;
	uint32_t ino;
	size_t done;

	CHECK(mount_with_feature(&t, "huge_file") == 0);
	CHECK(ext2_readonly(t.fs));
	CHECK(ext2_create(t.fs, &root_cred, EXT2_ROOT, "f", 0644, &ino) == EROFS);
	char buf[8];
	CHECK(ext2_lookup(t.fs, &root_cred, EXT2_ROOT, "lost+found", &ino) == 0);
	CHECK(ext2_read(t.fs, NULL, ino, 0, buf, 8, &done) == EISDIR);
	timg_done(&t);
	return 0;
}

static uint16_t
image_state(struct timg *t)
{
	char *out = sh_out("od -An -tu2 -j 1082 -N 2 '%s'", t->img);
	uint16_t st = (uint16_t)atoi(out);
	free(out);
	return st;
}

TEST(superblock_is_not_clean_while_mounted_and_clean_after)
{
	struct timg t;

	CHECK(timg_make(&t, "-b 1024", "1M", NULL) == 0);
	CHECK(image_state(&t) & EXT2_VALID_FS);
	CHECK(timg_mount(&t, 0) == 0);
	CHECK((image_state(&t) & EXT2_VALID_FS) == 0);
	CHECK(timg_umount(&t) == 0);
	CHECK(image_state(&t) & EXT2_VALID_FS);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}

TEST(read_only_mount_leaves_the_image_untouched)
{
	struct timg t;

	CHECK(timg_make(&t, "-b 1024", "1M", "printf abc > f") == 0);
	char *before = sh_out("md5sum < '%s'", t.img);
	CHECK(timg_mount(&t, EXT2_MOUNT_RDONLY) == 0);
	CHECK(walk(t.fs, "/f") != 0);
	CHECK(ext2_sync(t.fs) == 0);
	CHECK(timg_umount(&t) == 0);
	char *after = sh_out("md5sum < '%s'", t.img);
	CHECK(strcmp(before, after) == 0);
	free(before);
	free(after);
	timg_done(&t);
	return 0;
}

TEST(statfs_matches_what_e2fsprogs_counts)
{
	struct timg t;
	struct ext2_statfs st;

	CHECK(timg_make(&t, "-b 1024", "2M", "printf abc > f") == 0);
	CHECK(timg_mount(&t, 0) == 0);
	CHECK(ext2_statfs(t.fs, &st) == 0);
	CHECK(timg_umount(&t) == 0);
	char *out = sh_out("dumpe2fs -h '%s' 2>/dev/null | grep -E '^Free (blocks|inodes):'", t.img);
	char expect[128];
	snprintf(expect, sizeof(expect), "Free blocks:              %llu\nFree inodes:              %llu\n",
		 (unsigned long long)st.bfree, (unsigned long long)st.ffree);
	CHECK(out && strcmp(out, expect) == 0);
	CHECK(st.bsize == 1024 && st.blocks == 2048 && st.namemax == 255);
	free(out);
	timg_done(&t);
	return 0;
}
