/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The in-core inodes kept after their last holder lets go (ICACHE_KEEP,
 * fss/ext2_private.h): they are kept and found again, no more of them
 * than the limit, never one with no links, and what was changed through
 * one is what the next holder sees; e2fsck -fn is clean after each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fss_test.h"
#include "ext2_private.h"

static int
setup(struct timg *t, const char *tree)
{
	CHECK(timg_make(t, "-b 1024 -I 128", "4M", tree) == 0);
	CHECK(timg_mount(t, 0) == 0);
	return 0;
}
#define SETUP(tree)	struct timg t; if (setup(&t, tree)) return 1
#define FINISH()	do { CHECK(timg_fsck(&t)); timg_done(&t); return 0; } while (0)
#define R		(&root_cred)
/* CHECK, with what was seen (cond is evaluated once). */
#define CHECKM(cond, ...) do {						\
		int ok_ = (cond);					\
		if (!ok_) {						\
			printf("  " __VA_ARGS__);			\
			printf("\n");					\
		}							\
		CHECK(ok_ && #cond);					\
	} while (0)

TEST(inodes_let_go_are_kept_and_none_is_held)
{
	SETUP("mkdir -p d/e && printf x > d/e/f");
	unsigned held, kept;
	struct ext2_stat st;
	uint32_t f = walk(t.fs, "/d/e/f");
	CHECK(f && ext2_stat(t.fs, f, &st) == 0);
	ext2_icache_counts(t.fs, &held, &kept);
	/* The root, d, e and f were each looked at and let go. */
	CHECKM(held == 0 && kept >= 4, "held %u, kept %u", held, kept);
	FINISH();
}

TEST(no_more_than_icache_keep_inodes_are_kept)
{
	SETUP("mkdir d && for i in $(seq 1 100); do printf x > d/f$i; done");
	uint32_t d = walk(t.fs, "/d");
	char name[16];
	struct ext2_stat st;
	for (int i = 1; i <= 100; i++) {
		uint32_t ino;
		snprintf(name, sizeof(name), "f%d", i);
		CHECK(ext2_lookup(t.fs, R, d, name, &ino) == 0 && ext2_stat(t.fs, ino, &st) == 0);
	}
	unsigned held, kept;
	ext2_icache_counts(t.fs, &held, &kept);
	CHECKM(held == 0 && kept == ICACHE_KEEP, "held %u, kept %u of %u", held, kept,
	       ICACHE_KEEP);
	FINISH();
}

TEST(an_unlinked_kept_inode_is_freed_and_its_number_can_be_made_again)
{
	SETUP(NULL);
	uint32_t a, b;
	struct ext2_stat st;
	CHECK(ext2_create(t.fs, R, EXT2_ROOT, "a", 0644, &a) == 0 && ext2_stat(t.fs, a, &st) == 0);
	uint64_t before = free_inodes(t.fs);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "a") == 0);
	CHECK(free_inodes(t.fs) == before + 1);	/* back in the bitmap */
	CHECK(ext2_stat(t.fs, a, &st) == ENOENT);	/* the old number names nothing */
	/* The lowest free number is a's again: made fresh, not the kept copy. */
	int err = ext2_create(t.fs, R, EXT2_ROOT, "b", 0600, &b);
	CHECKM(err == 0 && b == a, "create: %d, b %u, a %u", err, b, a);
	CHECK(ext2_stat(t.fs, b, &st) == 0 && (st.mode & 07777) == 0600 && st.size == 0);
	FINISH();
}

TEST(a_change_made_through_one_holder_is_what_the_next_one_sees)
{
	SETUP("printf hello > f");
	uint32_t f = walk(t.fs, "/f");
	struct ext2_stat st;
	CHECK(f && ext2_chmod(t.fs, R, f, 0600) == 0);
	CHECK(ext2_truncate(t.fs, R, f, 2) == 0);
	CHECK(ext2_stat(t.fs, f, &st) == 0 && (st.mode & 07777) == 0600 && st.size == 2);
	/* And on the disk, after the unmount (timg_fsck) frees every kept one. */
	CHECK(timg_umount(&t) == 0);
	char *out = timg_debugfs(&t, "stat /f");
	CHECKM(out && strstr(out, "Mode:  0600") && strstr(out, "Size: 2"), "%s", out ? out : "");
	free(out);
	CHECK(timg_fsck(&t));
	timg_done(&t);
	return 0;
}
