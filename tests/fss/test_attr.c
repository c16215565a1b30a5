/* SPDX-License-Identifier: BSD-2-Clause */
/* Attributes and permissions: stat, chmod, chown, utimes, access. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fss_test.h"

static int
setup(struct timg *t, const char *tree)
{
	CHECK(timg_make(t, "-b 4096 -I 256", "4M", tree) == 0);
	CHECK(timg_mount(t, 0) == 0);
	return 0;
}
#define SETUP(tree)	struct timg t; if (setup(&t, tree)) return 1
#define FINISH()	do { CHECK(timg_fsck(&t)); timg_done(&t); return 0; } while (0)
#define R		(&root_cred)
#define U		(&user_cred)
#define O		(&other_cred)

/* A file /f owned by user 1000:1000, mode `mode'. */
static uint32_t
user_file(struct timg *t, uint32_t mode)
{
	uint32_t f = put_file(t->fs, EXT2_ROOT, "f", "data", 4);
	ext2_chown(t->fs, R, f, 1000, 1000);
	ext2_chmod(t->fs, R, f, mode);
	return f;
}

TEST(stat_reports_what_debugfs_reports)
{
	SETUP("printf hello > f && chmod 640 f");
	struct ext2_stat st;
	uint32_t f = walk(t.fs, "/f");
	CHECK(ext2_stat(t.fs, f, &st) == 0);
	CHECK(st.ino == f && st.size == 5 && st.mode == (EXT2_S_IFREG | 0640) && st.nlink == 1);
	CHECK(st.blocks == 8 && st.blksize == 4096);
	CHECK(timg_umount(&t) == 0);
	char *out = timg_debugfs(&t, "stat /f");
	char expect[64];
	snprintf(expect, sizeof(expect), "Inode: %u   Type: regular    Mode:  0640", f);
	CHECK(out && strstr(out, expect) != NULL);
	free(out);
	FINISH();
}

TEST(chmod_by_the_owner_changes_the_mode_and_ctime)
{
	SETUP(NULL);
	uint32_t f = user_file(&t, 0644);
	struct ext2_stat a, b;
	CHECK(ext2_stat(t.fs, f, &a) == 0);
	CHECK(ext2_chmod(t.fs, U, f, 0600) == 0);
	CHECK(ext2_stat(t.fs, f, &b) == 0 && b.mode == (EXT2_S_IFREG | 0600) && b.ctime > a.ctime);
	FINISH();
}

TEST(chmod_by_another_user_is_eperm)
{
	SETUP(NULL);
	uint32_t f = user_file(&t, 0644);
	CHECK(ext2_chmod(t.fs, O, f, 0777) == EPERM);
	FINISH();
}

TEST(chmod_drops_setgid_for_a_non_member)
{
	SETUP(NULL);
	uint32_t f = user_file(&t, 0644);
	struct ext2_stat st;
	CHECK(ext2_chown(t.fs, R, f, 1000, 5) == 0);
	CHECK(ext2_chmod(t.fs, U, f, 02755) == 0);
	CHECK(ext2_stat(t.fs, f, &st) == 0 && st.mode == (EXT2_S_IFREG | 0755));
	FINISH();
}

TEST(chown_by_root_sets_32_bit_ids)
{
	SETUP(NULL);
	uint32_t f = user_file(&t, 0644);
	struct ext2_stat st;
	CHECK(ext2_chown(t.fs, R, f, 70000, 80000) == 0);
	CHECK(ext2_stat(t.fs, f, &st) == 0 && st.uid == 70000 && st.gid == 80000);
	CHECK(ext2_chown(t.fs, R, f, (uint32_t)-1, 5) == 0);
	CHECK(ext2_stat(t.fs, f, &st) == 0 && st.uid == 70000 && st.gid == 5);
	FINISH();
}

TEST(chown_by_the_owner_to_its_group_clears_setuid)
{
	SETUP(NULL);
	uint32_t f = user_file(&t, 04755);
	struct ext2_stat st;
	CHECK(ext2_chown(t.fs, U, f, (uint32_t)-1, 100) == 0);
	CHECK(ext2_stat(t.fs, f, &st) == 0 && st.gid == 100 && st.mode == (EXT2_S_IFREG | 0755));
	FINISH();
}

TEST(chown_giving_a_file_away_or_to_a_foreign_group_is_eperm)
{
	SETUP(NULL);
	uint32_t f = user_file(&t, 0644);
	CHECK(ext2_chown(t.fs, U, f, 2000, (uint32_t)-1) == EPERM);
	CHECK(ext2_chown(t.fs, U, f, (uint32_t)-1, 2000) == EPERM);
	CHECK(ext2_chown(t.fs, O, f, (uint32_t)-1, 2000) == EPERM);
	FINISH();
}

TEST(utimes_by_the_owner_sets_given_times)
{
	SETUP(NULL);
	uint32_t f = user_file(&t, 0644);
	struct ext2_timespec a = { 1000, 0 }, m = { 2000, 0 };
	struct ext2_stat st;
	CHECK(ext2_utimes(t.fs, U, f, &a, &m) == 0);
	CHECK(ext2_stat(t.fs, f, &st) == 0 && st.atime == 1000 && st.mtime == 2000);
	FINISH();
}

TEST(utimes_by_a_stranger_is_eperm_for_given_times_and_eacces_for_now)
{
	SETUP(NULL);
	uint32_t f = user_file(&t, 0644);
	struct ext2_timespec a = { 1000, 0 };
	CHECK(ext2_utimes(t.fs, O, f, &a, &a) == EPERM);
	CHECK(ext2_utimes(t.fs, O, f, NULL, NULL) == EACCES);
	CHECK(ext2_chmod(t.fs, R, f, 0666) == 0);
	CHECK(ext2_utimes(t.fs, O, f, NULL, NULL) == 0);
	FINISH();
}

TEST(mode_bits_decide_read_and_write_for_owner_group_and_others)
{
	SETUP(NULL);
	uint32_t f = user_file(&t, 0640);
	char buf[4];
	size_t done;
	struct ext2_cred member = { 3000, 1000, 0, NULL };
	CHECK(ext2_read(t.fs, U, f, 0, buf, 4, &done) == 0);
	CHECK(ext2_write(t.fs, U, f, 0, "x", 1, &done) == 0);
	CHECK(ext2_read(t.fs, &member, f, 0, buf, 4, &done) == 0);
	CHECK(ext2_write(t.fs, &member, f, 0, "x", 1, &done) == EACCES);
	CHECK(ext2_read(t.fs, O, f, 0, buf, 4, &done) == EACCES);
	CHECK(ext2_access(t.fs, O, f, 4) == EACCES);
	CHECK(ext2_read(t.fs, R, f, 0, buf, 4, &done) == 0);
	CHECK(ext2_access(t.fs, R, f, 1) == EACCES);	/* root needs an x bit to execute */
	FINISH();
}

TEST(creating_in_a_directory_without_write_permission_is_eacces)
{
	SETUP("mkdir d");
	uint32_t d = walk(t.fs, "/d"), x;
	CHECK(ext2_chmod(t.fs, R, d, 0755) == 0);
	CHECK(ext2_create(t.fs, U, d, "f", 0644, &x) == EACCES);
	CHECK(ext2_mkdir(t.fs, U, d, "e", 0755, &x) == EACCES);
	CHECK(ext2_unlink(t.fs, R, d, "nothing") == ENOENT);
	FINISH();
}

TEST(lookup_without_search_permission_is_eacces)
{
	SETUP("mkdir d && printf x > d/f");
	uint32_t d = walk(t.fs, "/d"), x;
	CHECK(ext2_chmod(t.fs, R, d, 0700) == 0);
	CHECK(ext2_lookup(t.fs, U, d, "f", &x) == EACCES);
	CHECK(ext2_lookup(t.fs, R, d, "f", &x) == 0);
	FINISH();
}

TEST(supplementary_groups_count_for_permission)
{
	SETUP("mkdir d");
	uint32_t d = walk(t.fs, "/d"), x;
	CHECK(ext2_chown(t.fs, R, d, 0, 100) == 0);
	CHECK(ext2_chmod(t.fs, R, d, 0070) == 0);
	CHECK(ext2_create(t.fs, U, d, "f", 0644, &x) == 0);	/* user_cred has group 100 */
	CHECK(ext2_create(t.fs, O, d, "g", 0644, &x) == EACCES);
	FINISH();
}
