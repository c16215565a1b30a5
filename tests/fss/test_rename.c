/* SPDX-License-Identifier: BSD-2-Clause */
/* ext2_rename: each of POSIX rename()'s rules; e2fsck -fn clean after each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fss_test.h"

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
#define RN(s, sn, d, dn) ext2_rename(t.fs, R, walk(t.fs, s), sn, t.fs, walk(t.fs, d), dn)

TEST(rename_within_a_directory_moves_the_name)
{
	SETUP("printf abc > f");
	uint32_t f = walk(t.fs, "/f");
	CHECK(RN("/", "f", "/", "g") == 0);
	CHECK(walk(t.fs, "/f") == 0 && walk(t.fs, "/g") == f);
	FINISH();
}

TEST(rename_across_directories_moves_the_name)
{
	SETUP("mkdir a b && printf abc > a/f");
	uint32_t f = walk(t.fs, "/a/f");
	CHECK(RN("/a", "f", "/b", "g") == 0);
	CHECK(walk(t.fs, "/a/f") == 0 && walk(t.fs, "/b/g") == f);
	FINISH();
}

TEST(rename_over_a_file_replaces_it_and_frees_it)
{
	SETUP("printf abc > f && printf defgh > g");
	uint32_t f = walk(t.fs, "/f");
	uint64_t i0 = free_inodes(t.fs);
	CHECK(RN("/", "f", "/", "g") == 0);
	CHECK(walk(t.fs, "/g") == f && walk(t.fs, "/f") == 0);
	CHECK(free_inodes(t.fs) == i0 + 1);
	FINISH();
}

TEST(rename_over_an_empty_directory_replaces_it)
{
	SETUP("mkdir -p a/x b");
	uint32_t a = walk(t.fs, "/a");
	struct ext2_stat r0, r1;
	CHECK(ext2_stat(t.fs, EXT2_ROOT, &r0) == 0);
	CHECK(RN("/", "a", "/", "b") == 0);
	CHECK(walk(t.fs, "/b") == a && walk(t.fs, "/b/x") != 0);
	CHECK(ext2_stat(t.fs, EXT2_ROOT, &r1) == 0 && r1.nlink == r0.nlink - 1);
	FINISH();
}

TEST(rename_over_a_non_empty_directory_is_enotempty)
{
	SETUP("mkdir -p a b/x");
	CHECK(RN("/", "a", "/", "b") == ENOTEMPTY);
	FINISH();
}

TEST(rename_of_a_directory_over_a_file_is_enotdir)
{
	SETUP("mkdir a && printf x > f");
	CHECK(RN("/", "a", "/", "f") == ENOTDIR);
	FINISH();
}

TEST(rename_of_a_file_over_a_directory_is_eisdir)
{
	SETUP("mkdir a && printf x > f");
	CHECK(RN("/", "f", "/", "a") == EISDIR);
	FINISH();
}

TEST(rename_of_a_directory_into_itself_or_below_is_einval)
{
	SETUP("mkdir -p a/b/c");
	CHECK(RN("/", "a", "/a/b/c", "x") == EINVAL);
	CHECK(RN("/", "a", "/a", "x") == EINVAL);
	CHECK(walk(t.fs, "/a/b/c") != 0);
	FINISH();
}

TEST(rename_over_an_ancestor_of_the_source_is_enotempty)
{
	SETUP("mkdir -p a/b/c");
	CHECK(RN("/a/b", "c", "/", "a") == ENOTEMPTY);
	FINISH();
}

TEST(rename_of_a_directory_to_another_parent_updates_dotdot_and_links)
{
	SETUP("mkdir -p a/d b");
	uint32_t a = walk(t.fs, "/a"), b = walk(t.fs, "/b"), d = walk(t.fs, "/a/d"), x;
	struct ext2_stat sa, sb;
	CHECK(RN("/a", "d", "/b", "e") == 0);
	CHECK(ext2_lookup(t.fs, R, d, "..", &x) == 0 && x == b);
	CHECK(ext2_stat(t.fs, a, &sa) == 0 && sa.nlink == 2);
	CHECK(ext2_stat(t.fs, b, &sb) == 0 && sb.nlink == 3);
	FINISH();
}

TEST(rename_onto_another_link_of_the_same_file_does_nothing)
{
	SETUP("printf x > f && ln f g");
	struct ext2_stat st;
	CHECK(RN("/", "f", "/", "g") == 0);
	CHECK(walk(t.fs, "/f") != 0 && walk(t.fs, "/g") != 0);
	CHECK(ext2_stat(t.fs, walk(t.fs, "/f"), &st) == 0 && st.nlink == 2);
	FINISH();
}

TEST(rename_of_a_missing_name_is_enoent)
{
	SETUP(NULL);
	CHECK(RN("/", "nothing", "/", "x") == ENOENT);
	FINISH();
}

TEST(rename_of_dot_or_dotdot_is_einval)
{
	SETUP("mkdir a");
	CHECK(RN("/a", ".", "/", "x") == EINVAL);
	CHECK(RN("/a", "..", "/", "x") == EINVAL);
	CHECK(RN("/", "a", "/a", "..") == EINVAL);
	FINISH();
}

TEST(rename_without_write_permission_on_a_directory_is_eacces)
{
	SETUP("mkdir a b && printf x > a/f");
	CHECK(ext2_chmod(t.fs, R, walk(t.fs, "/a"), 0777) == 0);
	CHECK(ext2_chmod(t.fs, R, walk(t.fs, "/b"), 0555) == 0);
	CHECK(ext2_rename(t.fs, &user_cred, walk(t.fs, "/a"), "f", t.fs, walk(t.fs, "/b"), "f") == EACCES);
	CHECK(ext2_rename(t.fs, &user_cred, walk(t.fs, "/a"), "f", t.fs, walk(t.fs, "/a"), "g") == 0);
	FINISH();
}

TEST(rename_out_of_a_sticky_directory_by_a_stranger_is_eperm)
{
	SETUP("mkdir tmp && printf x > tmp/f");
	uint32_t tmp = walk(t.fs, "/tmp");
	CHECK(ext2_chmod(t.fs, R, tmp, 01777) == 0);
	CHECK(ext2_rename(t.fs, &user_cred, tmp, "f", t.fs, tmp, "g") == EPERM);
	CHECK(ext2_unlink(t.fs, &user_cred, tmp, "f") == EPERM);
	CHECK(ext2_chown(t.fs, R, walk(t.fs, "/tmp/f"), 1000, 1000) == 0);
	CHECK(ext2_rename(t.fs, &user_cred, tmp, "f", t.fs, tmp, "g") == 0);
	FINISH();
}
