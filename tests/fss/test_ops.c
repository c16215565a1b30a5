/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Each name operation of the core and each of its errors, on an image
 * made by mke2fs -d; e2fsck -fn is clean after every workload.
 */
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

TEST(lookup_finds_a_name_and_dot_and_dotdot)
{
	SETUP("mkdir -p d/e");
	uint32_t d = walk(t.fs, "/d"), e, x;
	CHECK(d && ext2_lookup(t.fs, R, d, "e", &e) == 0);
	CHECK(ext2_lookup(t.fs, R, e, "..", &x) == 0 && x == d);
	CHECK(ext2_lookup(t.fs, R, e, ".", &x) == 0 && x == e);
	CHECK(ext2_lookup(t.fs, R, EXT2_ROOT, "..", &x) == 0 && x == EXT2_ROOT);
	FINISH();
}

TEST(lookup_of_a_missing_name_is_enoent)
{
	SETUP(NULL);
	uint32_t x;
	CHECK(ext2_lookup(t.fs, R, EXT2_ROOT, "nothing", &x) == ENOENT);
	CHECK(ext2_lookup(t.fs, R, EXT2_ROOT, "", &x) == ENOENT);
	FINISH();
}

TEST(lookup_in_a_file_is_enotdir)
{
	SETUP("printf x > f");
	uint32_t x;
	CHECK(ext2_lookup(t.fs, R, walk(t.fs, "/f"), "a", &x) == ENOTDIR);
	FINISH();
}

TEST(a_name_over_255_bytes_is_enametoolong)
{
	SETUP(NULL);
	char name[300];
	uint32_t x;
	memset(name, 'n', 256);
	name[256] = 0;
	CHECK(ext2_create(t.fs, R, EXT2_ROOT, name, 0644, &x) == ENAMETOOLONG);
	CHECK(ext2_lookup(t.fs, R, EXT2_ROOT, name, &x) == ENAMETOOLONG);
	name[255] = 0;		/* 255 is the limit, and fine */
	CHECK(ext2_create(t.fs, R, EXT2_ROOT, name, 0644, &x) == 0);
	CHECK(ext2_lookup(t.fs, R, EXT2_ROOT, name, &x) == 0);
	FINISH();
}

TEST(create_makes_an_empty_file_owned_by_the_caller)
{
	SETUP(NULL);
	uint32_t ino, x;
	struct ext2_stat st;
	CHECK(ext2_chmod(t.fs, R, EXT2_ROOT, 0777) == 0);
	CHECK(ext2_create(t.fs, &user_cred, EXT2_ROOT, "f", 0640, &ino) == 0);
	CHECK(ext2_lookup(t.fs, R, EXT2_ROOT, "f", &x) == 0 && x == ino);
	CHECK(ext2_stat(t.fs, ino, &st) == 0);
	CHECK(st.mode == (EXT2_S_IFREG | 0640) && st.nlink == 1 && st.size == 0);
	CHECK(st.uid == 1000 && st.gid == 1000 && st.mtime != 0 && st.ctime == st.mtime);
	FINISH();
}

TEST(create_of_an_existing_name_is_eexist)
{
	SETUP("printf x > f && mkdir d");
	uint32_t x;
	CHECK(ext2_create(t.fs, R, EXT2_ROOT, "f", 0644, &x) == EEXIST);
	CHECK(ext2_mkdir(t.fs, R, EXT2_ROOT, "d", 0755, &x) == EEXIST);
	CHECK(ext2_symlink(t.fs, R, EXT2_ROOT, "f", "t", &x) == EEXIST);
	FINISH();
}

TEST(create_stamps_the_directory_mtime_and_ctime)
{
	SETUP(NULL);
	struct ext2_stat a, b;
	uint32_t x;
	CHECK(ext2_stat(t.fs, EXT2_ROOT, &a) == 0);
	CHECK(ext2_create(t.fs, R, EXT2_ROOT, "f", 0644, &x) == 0);
	CHECK(ext2_stat(t.fs, EXT2_ROOT, &b) == 0);
	CHECK(b.mtime > a.mtime && b.ctime > a.ctime);
	FINISH();
}

TEST(mkdir_makes_dot_dotdot_and_counts_links)
{
	SETUP(NULL);
	struct ext2_stat r0, r1, d;
	uint32_t ino, x;
	CHECK(ext2_stat(t.fs, EXT2_ROOT, &r0) == 0);
	CHECK(ext2_mkdir(t.fs, R, EXT2_ROOT, "d", 0755, &ino) == 0);
	CHECK(ext2_stat(t.fs, EXT2_ROOT, &r1) == 0 && r1.nlink == r0.nlink + 1);
	CHECK(ext2_stat(t.fs, ino, &d) == 0 && d.nlink == 2 && d.mode == (EXT2_S_IFDIR | 0755));
	CHECK(d.size == 1024);
	CHECK(ext2_lookup(t.fs, R, ino, "..", &x) == 0 && x == EXT2_ROOT);
	FINISH();
}

TEST(mkdir_in_a_setgid_directory_inherits_its_group_and_bit)
{
	SETUP("mkdir s");
	uint32_t s = walk(t.fs, "/s"), ino;
	struct ext2_stat st;
	CHECK(ext2_chown(t.fs, R, s, 0, 100) == 0);
	CHECK(ext2_chmod(t.fs, R, s, 02777) == 0);
	CHECK(ext2_mkdir(t.fs, &user_cred, s, "d", 0755, &ino) == 0);
	CHECK(ext2_stat(t.fs, ino, &st) == 0 && st.gid == 100 && (st.mode & EXT2_S_ISGID));
	CHECK(ext2_create(t.fs, &user_cred, s, "f", 0644, &ino) == 0);
	CHECK(ext2_stat(t.fs, ino, &st) == 0 && st.gid == 100 && !(st.mode & EXT2_S_ISGID));
	FINISH();
}

TEST(mkdir_in_a_directory_at_the_link_limit_is_emlink)
{
	SETUP("mkdir d");
	uint32_t x;
	CHECK(timg_umount(&t) == 0);
	CHECK(sh("%s -w -R 'sif /d links_count 65000' '%s' >/dev/null 2>&1", DEBUGFS, t.img) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	CHECK(ext2_mkdir(t.fs, R, walk(t.fs, "/d"), "e", 0755, &x) == EMLINK);
	CHECK(ext2_create(t.fs, R, walk(t.fs, "/d"), "f", 0644, &x) == 0);	/* files are fine */
	timg_done(&t);
	return 0;
}

TEST(readdir_lists_every_entry_once_across_calls)
{
	SETUP("mkdir d && for i in 0 1 2 3 4 5 6 7 8 9; do : > d/f$i; done");
	uint32_t d = walk(t.fs, "/d");
	struct ext2_dirent ents[3];
	uint64_t cookie = 0;
	unsigned n, seen = 0, total = 0;
	do {
		CHECK(ext2_readdir(t.fs, R, d, &cookie, ents, 3, &n) == 0);
		for (unsigned i = 0; i < n; i++, total++)
			if (ents[i].name[0] == 'f' && ents[i].namelen == 2)
				seen |= 1u << (ents[i].name[1] - '0');
	} while (n);
	CHECK(seen == 0x3ff && total == 12);	/* and "." and ".." */
	FINISH();
}

TEST(readdir_of_a_file_is_enotdir)
{
	SETUP("printf x > f");
	struct ext2_dirent e;
	uint64_t c = 0;
	unsigned n;
	CHECK(ext2_readdir(t.fs, R, walk(t.fs, "/f"), &c, &e, 1, &n) == ENOTDIR);
	FINISH();
}

TEST(unlink_removes_the_name_and_frees_the_inode_and_blocks)
{
	SETUP(NULL);
	uint64_t b0 = free_blocks(t.fs), i0 = free_inodes(t.fs);
	static uint8_t data[50000];
	uint32_t x;
	CHECK(put_file(t.fs, EXT2_ROOT, "f", data, sizeof(data)) != 0);
	CHECK(free_blocks(t.fs) < b0 && free_inodes(t.fs) == i0 - 1);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == 0);
	CHECK(ext2_lookup(t.fs, R, EXT2_ROOT, "f", &x) == ENOENT);
	CHECK(free_blocks(t.fs) == b0 && free_inodes(t.fs) == i0);
	FINISH();
}

TEST(unlink_of_a_directory_is_eisdir_and_of_nothing_enoent)
{
	SETUP("mkdir d");
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "d") == EISDIR);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "nothing") == ENOENT);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, ".") == EISDIR);
	FINISH();
}

TEST(an_unlinked_file_held_open_stays_readable_until_released)
{
	SETUP(NULL);
	uint64_t b0 = free_blocks(t.fs);
	uint32_t ino = put_file(t.fs, EXT2_ROOT, "f", "data", 4);
	char buf[8];
	size_t done;
	CHECK(ino && ext2_hold(t.fs, ino) == 0);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == 0);
	CHECK(ext2_read(t.fs, NULL, ino, 0, buf, 8, &done) == 0 && done == 4);
	CHECK(free_blocks(t.fs) < b0);
	ext2_release(t.fs, ino);
	CHECK(free_blocks(t.fs) == b0);
	CHECK(ext2_read(t.fs, NULL, ino, 0, buf, 8, &done) == ENOENT);
	FINISH();
}

TEST(a_held_inode_reads_and_writes_by_its_handle_until_released)
{
	SETUP("mkdir d && ln -s f l");
	uint64_t b0 = free_blocks(t.fs), i0 = free_inodes(t.fs);
	uint32_t ino = put_file(t.fs, EXT2_ROOT, "f", "data", 4);
	struct inode *ip, *dp, *lp;
	char buf[8];
	size_t done;
	unsigned held0, held, kept;
	ext2_icache_counts(t.fs, &held0, &kept);
	CHECK(ino && ext2_hold_inode(t.fs, ino, &ip) == 0);
	ext2_icache_counts(t.fs, &held, &kept);
	CHECK(held == held0 + 1);
	CHECK(ext2_write_held(t.fs, ip, 4, "more", 4, &done) == 0 && done == 4);
	CHECK(ext2_read_held(t.fs, ip, 2, buf, 8, &done) == 0 && done == 6 &&
	      memcmp(buf, "tamore", 6) == 0);
	/* The same file by number sees the write. */
	CHECK(ext2_read(t.fs, NULL, ino, 0, buf, 8, &done) == 0 && done == 8 &&
	      memcmp(buf, "datamore", 8) == 0);
	CHECK(ext2_read_held(t.fs, ip, 8, buf, 8, &done) == 0 && done == 0);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == 0);
	CHECK(ext2_read_held(t.fs, ip, 0, buf, 4, &done) == 0 && done == 4);
	CHECK(free_inodes(t.fs) == i0 - 1);
	ext2_release_inode(t.fs, ip);
	CHECK(free_blocks(t.fs) == b0 && free_inodes(t.fs) == i0);
	ext2_icache_counts(t.fs, &held, &kept);
	CHECK(held == held0);
	/* Not a file: the errors ext2_read gives. */
	CHECK(ext2_hold_inode(t.fs, walk(t.fs, "/d"), &dp) == 0);
	CHECK(ext2_read_held(t.fs, dp, 0, buf, 1, &done) == EISDIR);
	CHECK(ext2_write_held(t.fs, dp, 0, "x", 1, &done) == EISDIR);
	ext2_release_inode(t.fs, dp);
	CHECK(ext2_hold_inode(t.fs, walk(t.fs, "/l"), &lp) == 0);
	CHECK(ext2_read_held(t.fs, lp, 0, buf, 1, &done) == EINVAL);
	ext2_release_inode(t.fs, lp);
	CHECK(ext2_hold_inode(t.fs, 999999, &lp) == EINVAL);	/* past the last inode */
	FINISH();
}

TEST(a_held_inode_on_a_read_only_mount_reads_and_refuses_writes)
{
	SETUP("printf xy > f");
	struct inode *ip;
	char buf[4];
	size_t done;
	CHECK(timg_umount(&t) == 0);
	CHECK(timg_mount(&t, EXT2_MOUNT_RDONLY) == 0);
	CHECK(ext2_hold_inode(t.fs, walk(t.fs, "/f"), &ip) == 0);
	CHECK(ext2_write_held(t.fs, ip, 0, "z", 1, &done) == EROFS);
	CHECK(ext2_read_held(t.fs, ip, 0, buf, 4, &done) == 0 && done == 2 && buf[1] == 'y');
	ext2_release_inode(t.fs, ip);
	FINISH();
}

TEST(rmdir_removes_an_empty_directory_and_fixes_link_counts)
{
	SETUP("mkdir d");
	struct ext2_stat a, b;
	uint64_t i0 = free_inodes(t.fs);
	CHECK(ext2_stat(t.fs, EXT2_ROOT, &a) == 0);
	CHECK(ext2_rmdir(t.fs, R, EXT2_ROOT, "d") == 0);
	CHECK(ext2_stat(t.fs, EXT2_ROOT, &b) == 0 && b.nlink == a.nlink - 1);
	CHECK(free_inodes(t.fs) == i0 + 1);
	FINISH();
}

TEST(rmdir_of_a_non_empty_directory_is_enotempty)
{
	SETUP("mkdir -p d/e");
	CHECK(ext2_rmdir(t.fs, R, EXT2_ROOT, "d") == ENOTEMPTY);
	FINISH();
}

TEST(rmdir_of_a_file_is_enotdir_and_of_dot_einval)
{
	SETUP("printf x > f && mkdir d");
	CHECK(ext2_rmdir(t.fs, R, EXT2_ROOT, "f") == ENOTDIR);
	CHECK(ext2_rmdir(t.fs, R, walk(t.fs, "/d"), ".") == EINVAL);
	CHECK(ext2_rmdir(t.fs, R, walk(t.fs, "/d"), "..") == ENOTEMPTY);
	FINISH();
}

TEST(link_adds_a_name_and_counts_it)
{
	SETUP("printf abc > f && mkdir d");
	uint32_t f = walk(t.fs, "/f"), x;
	struct ext2_stat st;
	CHECK(ext2_link(t.fs, R, f, t.fs, walk(t.fs, "/d"), "g") == 0);
	CHECK(ext2_lookup(t.fs, R, walk(t.fs, "/d"), "g", &x) == 0 && x == f);
	CHECK(ext2_stat(t.fs, f, &st) == 0 && st.nlink == 2);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == 0);
	CHECK(ext2_stat(t.fs, f, &st) == 0 && st.nlink == 1);
	FINISH();
}

TEST(link_to_a_directory_is_eperm_and_over_a_name_eexist)
{
	SETUP("printf abc > f && mkdir d");
	CHECK(ext2_link(t.fs, R, walk(t.fs, "/d"), t.fs, EXT2_ROOT, "d2") == EPERM);
	CHECK(ext2_link(t.fs, R, walk(t.fs, "/f"), t.fs, EXT2_ROOT, "d") == EEXIST);
	FINISH();
}

TEST(link_past_65000_links_is_emlink)
{
	SETUP("printf abc > f");
	CHECK(timg_umount(&t) == 0);
	CHECK(sh("%s -w -R 'sif /f links_count 64999' '%s' >/dev/null 2>&1", DEBUGFS, t.img) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = walk(t.fs, "/f");
	CHECK(ext2_link(t.fs, R, f, t.fs, EXT2_ROOT, "g") == 0);
	CHECK(ext2_link(t.fs, R, f, t.fs, EXT2_ROOT, "h") == EMLINK);
	timg_done(&t);
	return 0;
}

TEST(link_across_file_systems_is_exdev)
{
	SETUP("printf abc > f");
	struct timg u;
	CHECK(setup(&u, NULL) == 0);
	CHECK(ext2_link(t.fs, R, walk(t.fs, "/f"), u.fs, EXT2_ROOT, "g") == EXDEV);
	CHECK(ext2_rename(t.fs, R, EXT2_ROOT, "f", u.fs, EXT2_ROOT, "g") == EXDEV);
	timg_done(&u);
	FINISH();
}

TEST(fast_symlink_lives_in_the_inode)
{
	SETUP(NULL);
	uint32_t ino;
	struct ext2_stat st;
	char buf[100];
	size_t len;
	const char *target = "a/target/of/59/bytes/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	CHECK(strlen(target) == 59);
	CHECK(ext2_symlink(t.fs, R, EXT2_ROOT, "l", target, &ino) == 0);
	CHECK(ext2_stat(t.fs, ino, &st) == 0 && st.blocks == 0 && st.size == 59);
	CHECK((st.mode & EXT2_S_IFMT) == EXT2_S_IFLNK);
	CHECK(ext2_readlink(t.fs, ino, buf, sizeof(buf), &len) == 0 && len == 59);
	CHECK(strcmp(buf, target) == 0);
	CHECK(timg_fsck(&t));
	char *out = timg_debugfs(&t, "stat /l");
	CHECK(out && strstr(out, "Fast link dest: \"a/target/of/59") != NULL);
	free(out);
	timg_done(&t);
	return 0;
}

TEST(slow_symlink_lives_in_a_block)
{
	SETUP(NULL);
	uint32_t ino;
	struct ext2_stat st;
	char target[1000], buf[1100];
	size_t len;
	memset(target, 'x', 60);	/* one past the fast limit */
	target[60] = 0;
	CHECK(ext2_symlink(t.fs, R, EXT2_ROOT, "l", target, &ino) == 0);
	CHECK(ext2_stat(t.fs, ino, &st) == 0 && st.blocks == 2 && st.size == 60);
	CHECK(ext2_readlink(t.fs, ino, buf, sizeof(buf), &len) == 0 && len == 60);
	CHECK(strcmp(buf, target) == 0);
	memset(target, 'y', 999);
	target[999] = 0;
	CHECK(ext2_symlink(t.fs, R, EXT2_ROOT, "m", target, &ino) == 0);
	CHECK(ext2_readlink(t.fs, ino, buf, sizeof(buf), &len) == 0 && len == 999);
	CHECK(memcmp(buf, target, 999) == 0);
	FINISH();
}

TEST(symlink_as_long_as_a_block_is_enametoolong)
{
	SETUP(NULL);
	char target[1025];
	uint32_t ino;
	memset(target, 'x', 1024);
	target[1024] = 0;
	CHECK(ext2_symlink(t.fs, R, EXT2_ROOT, "l", target, &ino) == ENAMETOOLONG);
	FINISH();
}

TEST(readlink_of_a_file_is_einval)
{
	SETUP("printf x > f");
	char buf[8];
	size_t len;
	CHECK(ext2_readlink(t.fs, walk(t.fs, "/f"), buf, 8, &len) == EINVAL);
	FINISH();
}

TEST(deleting_symlinks_frees_their_blocks)
{
	SETUP(NULL);
	uint64_t b0 = free_blocks(t.fs), i0 = free_inodes(t.fs);
	char target[200];
	uint32_t ino;
	memset(target, 'z', 199);
	target[199] = 0;
	CHECK(ext2_symlink(t.fs, R, EXT2_ROOT, "slow", target, &ino) == 0);
	CHECK(ext2_symlink(t.fs, R, EXT2_ROOT, "fast", "abc", &ino) == 0);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "slow") == 0);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "fast") == 0);
	CHECK(free_blocks(t.fs) == b0 && free_inodes(t.fs) == i0);
	FINISH();
}

TEST(write_then_read_back_at_offsets)
{
	SETUP(NULL);
	uint32_t ino = put_file(t.fs, EXT2_ROOT, "f", "0123456789", 10);
	char buf[32];
	size_t done;
	CHECK(ino != 0);
	CHECK(ext2_write(t.fs, NULL, ino, 5, "abc", 3, &done) == 0 && done == 3);
	CHECK(ext2_read(t.fs, NULL, ino, 0, buf, 32, &done) == 0 && done == 10);
	CHECK(memcmp(buf, "01234abc89", 10) == 0);
	CHECK(ext2_read(t.fs, NULL, ino, 8, buf, 32, &done) == 0 && done == 2);
	CHECK(ext2_read(t.fs, NULL, ino, 10, buf, 32, &done) == 0 && done == 0);
	CHECK(ext2_read(t.fs, NULL, ino, 1000, buf, 32, &done) == 0 && done == 0);
	char *out = timg_debugfs(&t, "cat /f");	/* not yet synced: still old */
	CHECK(timg_umount(&t) == 0);
	free(out);
	out = timg_debugfs(&t, "cat /f");
	CHECK(out && strcmp(out, "01234abc89") == 0);
	free(out);
	FINISH();
}

TEST(write_reaches_the_disk_on_fsync_not_before)
{
	SETUP("printf old > f");
	uint32_t ino = walk(t.fs, "/f");
	size_t done;
	CHECK(ext2_write(t.fs, NULL, ino, 0, "new", 3, &done) == 0);
	char *out = timg_debugfs(&t, "cat /f");
	CHECK(out && strcmp(out, "old") == 0);
	free(out);
	CHECK(ext2_fsync(t.fs, ino) == 0);
	out = timg_debugfs(&t, "cat /f");
	CHECK(out && strcmp(out, "new") == 0);
	free(out);
	FINISH();
}

TEST(read_and_write_of_a_directory_are_eisdir)
{
	SETUP("mkdir d");
	char buf[4];
	size_t done;
	CHECK(ext2_read(t.fs, NULL, walk(t.fs, "/d"), 0, buf, 4, &done) == EISDIR);
	CHECK(ext2_write(t.fs, NULL, walk(t.fs, "/d"), 0, buf, 4, &done) == EISDIR);
	CHECK(ext2_truncate(t.fs, NULL, walk(t.fs, "/d"), 0) == EISDIR);
	FINISH();
}

TEST(a_hole_reads_as_zeros_and_takes_no_block)
{
	SETUP(NULL);
	uint32_t ino = put_file(t.fs, EXT2_ROOT, "f", "a", 1);
	struct ext2_stat st;
	uint8_t buf[5000];
	size_t done;
	CHECK(ext2_write(t.fs, NULL, ino, 100000, "z", 1, &done) == 0);
	CHECK(ext2_stat(t.fs, ino, &st) == 0 && st.size == 100001);
	CHECK(st.blocks == 2 * (2 + 1));	/* two data blocks and one indirect */
	CHECK(ext2_read(t.fs, NULL, ino, 1, buf, sizeof(buf), &done) == 0 && done == sizeof(buf));
	for (size_t i = 0; i < done; i++)
		CHECK(buf[i] == 0);
	FINISH();
}

TEST(truncate_shrinking_frees_blocks_and_growing_reads_zeros)
{
	SETUP(NULL);
	static uint8_t data[300000];
	memset(data, 0x5a, sizeof(data));
	uint64_t b0 = free_blocks(t.fs);
	uint32_t ino = put_file(t.fs, EXT2_ROOT, "f", data, sizeof(data));
	uint8_t buf[100];
	size_t done;
	struct ext2_stat st;
	CHECK(ino != 0);
	CHECK(ext2_truncate(t.fs, NULL, ino, 1500) == 0);
	CHECK(ext2_stat(t.fs, ino, &st) == 0 && st.size == 1500 && st.blocks == 4);
	CHECK(free_blocks(t.fs) == b0 - 2);
	CHECK(ext2_truncate(t.fs, NULL, ino, 2000) == 0);
	CHECK(ext2_read(t.fs, NULL, ino, 1450, buf, 100, &done) == 0 && done == 100);
	CHECK(buf[49] == 0x5a && buf[50] == 0 && buf[99] == 0);
	CHECK(ext2_truncate(t.fs, NULL, ino, 0) == 0);
	CHECK(free_blocks(t.fs) == b0);
	FINISH();
}

TEST(a_block_truncated_away_is_not_read_again_through_the_last_lookup)
{
	SETUP(NULL);
	char a[1024], b[1024], buf[1024];
	size_t done;
	memset(a, 'A', sizeof(a));
	memset(b, 'B', sizeof(b));
	uint32_t f = put_file(t.fs, EXT2_ROOT, "f", a, sizeof(a));
	CHECK(f != 0);
	/* Read: block 0's lookup is remembered (the inode's map_*). */
	CHECK(ext2_read(t.fs, NULL, f, 0, buf, sizeof(buf), &done) == 0 && done == 1024);
	CHECK(buf[0] == 'A');
	/* Its block freed, then likely given to another file; f grows back as a hole. */
	CHECK(ext2_truncate(t.fs, NULL, f, 0) == 0);
	CHECK(put_file(t.fs, EXT2_ROOT, "g", b, sizeof(b)) != 0);
	CHECK(ext2_truncate(t.fs, NULL, f, sizeof(buf)) == 0);
	CHECK(ext2_read(t.fs, NULL, f, 0, buf, sizeof(buf), &done) == 0 && done == 1024);
	CHECK(buf[0] == 0 && buf[1023] == 0);
	/* Written again: a new block, read back. */
	CHECK(ext2_write(t.fs, NULL, f, 0, a, 16, &done) == 0 && done == 16);
	CHECK(ext2_read(t.fs, NULL, f, 0, buf, sizeof(buf), &done) == 0 && done == 1024);
	CHECK(buf[0] == 'A' && buf[15] == 'A' && buf[16] == 0);
	FINISH();
}

TEST(every_change_on_a_read_only_mount_is_erofs)
{
	SETUP("printf x > f && mkdir d");
	uint32_t f, x;
	size_t done;
	CHECK(timg_umount(&t) == 0);
	CHECK(timg_mount(&t, EXT2_MOUNT_RDONLY) == 0);
	f = walk(t.fs, "/f");
	CHECK(ext2_create(t.fs, R, EXT2_ROOT, "g", 0644, &x) == EROFS);
	CHECK(ext2_mkdir(t.fs, R, EXT2_ROOT, "e", 0755, &x) == EROFS);
	CHECK(ext2_symlink(t.fs, R, EXT2_ROOT, "l", "f", &x) == EROFS);
	CHECK(ext2_link(t.fs, R, f, t.fs, EXT2_ROOT, "h") == EROFS);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == EROFS);
	CHECK(ext2_rmdir(t.fs, R, EXT2_ROOT, "d") == EROFS);
	CHECK(ext2_rename(t.fs, R, EXT2_ROOT, "f", t.fs, EXT2_ROOT, "g") == EROFS);
	CHECK(ext2_write(t.fs, NULL, f, 0, "y", 1, &done) == EROFS);
	CHECK(ext2_truncate(t.fs, NULL, f, 0) == EROFS);
	CHECK(ext2_chmod(t.fs, R, f, 0600) == EROFS);
	CHECK(ext2_chown(t.fs, R, f, 1, 1) == EROFS);
	CHECK(ext2_utimes(t.fs, R, f, NULL, NULL) == EROFS);
	CHECK(ext2_access(t.fs, R, f, 2) == EROFS);
	CHECK(ext2_access(t.fs, R, f, 4) == 0);
	FINISH();
}

TEST(a_stale_or_reserved_inode_number_is_refused)
{
	SETUP(NULL);
	struct ext2_stat st;
	CHECK(ext2_stat(t.fs, 0, &st) == EINVAL);
	CHECK(ext2_stat(t.fs, 7, &st) == EINVAL);		/* the resize inode */
	CHECK(ext2_stat(t.fs, 1u << 30, &st) == EINVAL);
	CHECK(ext2_stat(t.fs, 20, &st) == ENOENT);		/* free */
	FINISH();
}

/* The data block of logical block `lblk' of `path', by debugfs. */
static uint32_t
block_of(struct timg *t, const char *path, unsigned lblk)
{
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "bmap %s %u", path, lblk);
	char *out = timg_debugfs(t, cmd);
	uint32_t b = out ? (uint32_t)strtoul(out, NULL, 10) : 0;
	free(out);
	return b;
}

TEST(growing_a_file_zeroes_old_bytes_past_its_end)
{
	SETUP("printf abc > f && printf abc > g");
	CHECK(timg_umount(&t) == 0);
	/* Garbage past the end of file in both last blocks, as a careless
	 * writer could leave it. */
	CHECK(sh("printf ZZZZZZZZ | dd of='%s' bs=1 seek=%u conv=notrunc 2>/dev/null", t.img,
		 block_of(&t, "/f", 0) * 1024 + 3) == 0);
	CHECK(sh("printf ZZZZZZZZ | dd of='%s' bs=1 seek=%u conv=notrunc 2>/dev/null", t.img,
		 block_of(&t, "/g", 0) * 1024 + 3) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	uint32_t f = walk(t.fs, "/f"), g = walk(t.fs, "/g");
	char buf[20];
	size_t done;
	CHECK(ext2_truncate(t.fs, NULL, f, 20) == 0);
	CHECK(ext2_read(t.fs, NULL, f, 0, buf, 20, &done) == 0 && done == 20);
	CHECK(memcmp(buf, "abc\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 20) == 0);
	CHECK(ext2_write(t.fs, NULL, g, 19, "!", 1, &done) == 0);
	CHECK(ext2_read(t.fs, NULL, g, 0, buf, 20, &done) == 0 && done == 20);
	CHECK(memcmp(buf, "abc\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0!", 20) == 0);
	FINISH();
}

TEST(shrinking_a_file_leaves_zeros_past_its_end_on_disk)
{
	SETUP(NULL);
	static uint8_t data[3000];
	memset(data, 0x5a, sizeof(data));
	uint32_t f = put_file(t.fs, EXT2_ROOT, "f", data, sizeof(data));
	CHECK(f && ext2_truncate(t.fs, NULL, f, 1500) == 0);
	CHECK(timg_umount(&t) == 0);
	char *out = sh_out("dd if='%s' bs=1 skip=%u count=548 2>/dev/null | tr -d '\\000' | wc -c",
			   t.img, block_of(&t, "/f", 1) * 1024 + 476);
	CHECK(out && atoi(out) == 0);
	free(out);
	FINISH();
}

TEST(unmount_frees_an_unlinked_file_still_held)
{
	SETUP(NULL);
	uint64_t b0 = free_blocks(t.fs), i0 = free_inodes(t.fs);
	uint32_t ino = put_file(t.fs, EXT2_ROOT, "f", "data", 4);
	CHECK(ino && ext2_hold(t.fs, ino) == 0);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "f") == 0);
	CHECK(timg_umount(&t) == 0);	/* without ext2_release */
	CHECK(timg_mount(&t, 0) == 0);
	CHECK(free_blocks(t.fs) == b0 && free_inodes(t.fs) == i0);
	FINISH();
}

TEST(special_files_and_a_fast_symlink_with_an_xattr_block_delete_cleanly)
{
	SETUP("printf x > f");
	CHECK(timg_umount(&t) == 0);
	/* The device number, as i_block[0] holds it, is /f's block: freeing
	 * it as a block would corrupt /f. */
	uint32_t fb = block_of(&t, "/f", 0);
	CHECK(fb > 0 && fb < 65536);
	CHECK(sh("%s -w -f - '%s' >/dev/null 2>&1 <<'EOF'\nmknod tty c %u %u\nmknod fifo p\n"
		 "symlink /l target\nea_set /l user.note a-value-that-needs-a-block\nEOF",
		 DEBUGFS, t.img, fb >> 8, fb & 255) == 0);
	char *out = timg_debugfs(&t, "stat /l");
	CHECK(out && strstr(out, "File ACL: 0") == NULL);	/* it has an attribute block */
	free(out);
	CHECK(timg_fsck(&t));
	CHECK(timg_mount(&t, 0) == 0);
	uint64_t b0 = free_blocks(t.fs);
	struct ext2_stat st;
	char buf[16];
	size_t len;
	CHECK(ext2_stat(t.fs, walk(t.fs, "/tty"), &st) == 0 && (st.mode & EXT2_S_IFMT) == EXT2_S_IFCHR);
	CHECK(st.rdev == fb);
	CHECK(ext2_readlink(t.fs, walk(t.fs, "/l"), buf, sizeof(buf), &len) == 0);
	CHECK(len == 6 && strcmp(buf, "target") == 0);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "tty") == 0);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "fifo") == 0);
	CHECK(ext2_unlink(t.fs, R, EXT2_ROOT, "l") == 0);
	CHECK(free_blocks(t.fs) == b0 + 1);	/* the attribute block, nothing else */
	FINISH();
}
