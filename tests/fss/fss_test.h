/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Helpers of the file-system core's host tests: images made by mke2fs -d
 * from trees the tests build, mounting them through blkdev_file, e2fsck and
 * debugfs runs, path walks, and the credentials the tests act as.
 */
#ifndef _TESTS_FSS_FSS_TEST_H_
#define _TESTS_FSS_FSS_TEST_H_
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include "blkdev.h"
#include "check.h"
#include "ext2.h"
#include "ext2_fs.h"

/* A test image: its directory (removed by timg_done), the image file, the
 * tree it was made from, and the mounted file system. */
struct timg {
	char dir[256], img[300], tree[300];
	struct fss_blkdev dev;
	struct ext2_fs *fs;
	char why[200];
};

extern const struct ext2_cred root_cred, user_cred, other_cred;

/* Run a shell command (printf format); its exit status. */
int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run a shell command and return its standard output (malloc'd). */
char *sh_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Make an image: run `tree' (a shell script, may be NULL) in an empty
 * directory, then `mke2fs -t ext2 <mkfs> -d tree img <blocks>'.  0 or -1.
 */
int timg_make(struct timg *t, const char *mkfs, const char *blocks, const char *tree);
/* Mount / unmount it; return ext2_mount's / ext2_unmount's result. */
int timg_mount(struct timg *t, unsigned flags);
int timg_umount(struct timg *t);
/* Unmount if mounted, then: is `e2fsck -fn' clean?  1 yes, 0 (printed) no. */
int timg_fsck(struct timg *t);
void timg_done(struct timg *t);
/* debugfs -R `cmd' on the image; its output (malloc'd). */
char *timg_debugfs(struct timg *t, const char *cmd);

/* The inode of an absolute path (as root), 0 if any step fails. */
uint32_t walk(struct ext2_fs *fs, const char *path);
/* Create `name' in dir with `len' bytes of data; its inode or 0. */
uint32_t put_file(struct ext2_fs *fs, uint32_t dir, const char *name, const void *data, size_t len);
/* Read all of a file into a malloc'd buffer; NULL on error. */
uint8_t *get_file(struct ext2_fs *fs, uint32_t ino, size_t *len);
uint64_t free_blocks(struct ext2_fs *fs);
uint64_t free_inodes(struct ext2_fs *fs);
/* The clock the tests mount with: the real time at the first call, then
 * +1 per call (so each change has a later time than the one before). */
int64_t test_now(void);

#endif /* _TESTS_FSS_FSS_TEST_H_ */
