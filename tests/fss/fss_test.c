/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers of the file-system core's host tests (fss_test.h). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include "fss_test.h"

static const uint32_t user_groups[] = { 100 };
const struct ext2_cred root_cred = { 0, 0, 0, NULL };
const struct ext2_cred user_cred = { 1000, 1000, 1, user_groups };
const struct ext2_cred other_cred = { 2000, 2000, 0, NULL };

static int64_t clock_now;

int64_t
test_now(void)
{
	if (!__atomic_load_n(&clock_now, __ATOMIC_RELAXED)) {
		int64_t zero = 0;	/* start at the real time: e2fsck rejects future times */
		__atomic_compare_exchange_n(&clock_now, &zero, (int64_t)time(NULL), 0,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
	}
	return __atomic_fetch_add(&clock_now, 1, __ATOMIC_RELAXED);	/* threads share it */
}

int
sh(const char *fmt, ...)
{
	char *cmd;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	int st = system(cmd);
	free(cmd);
	return st == -1 ? -1 : WEXITSTATUS(st);
}

char *
sh_out(const char *fmt, ...)
{
	char *cmd, *out = NULL;
	size_t cap = 0, len = 0;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&cmd, fmt, ap) < 0)
		abort();
	va_end(ap);
	FILE *p = popen(cmd, "r");
	free(cmd);
	if (!p)
		return NULL;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = (cap + 4096) * 2;
			out = realloc(out, cap);
		}
		size_t n = fread(out + len, 1, 4096, p);
		len += n;
		if (n == 0)
			break;
	}
	out[len] = 0;
	pclose(p);
	return out;
}

int
timg_make(struct timg *t, const char *mkfs, const char *blocks, const char *tree)
{
	const char *base = getenv("FSS_TEST_TMP");

	memset(t, 0, sizeof(*t));
	snprintf(t->dir, sizeof(t->dir), "%s/fss.XXXXXX", base ? base : "/tmp");
	if (base)
		sh("mkdir -p '%s'", base);
	if (!mkdtemp(t->dir))
		return -1;
	snprintf(t->img, sizeof(t->img), "%s/img", t->dir);
	snprintf(t->tree, sizeof(t->tree), "%s/tree", t->dir);
	if (sh("mkdir '%s'", t->tree))
		return -1;
	if (tree && sh("cd '%s' && { %s\n}", t->tree, tree)) {
		printf("  tree script failed\n");
		return -1;
	}
	if (sh("%s -q -F -t ext2 %s -d '%s' '%s' %s >/dev/null", MKE2FS, mkfs, t->tree, t->img,
	       blocks)) {
		printf("  mke2fs failed\n");
		return -1;
	}
	return 0;
}

int
timg_mount(struct timg *t, unsigned flags)
{
	struct ext2_mount_opts opts = { flags, 64, test_now };
	int err = blkdev_file_open(&t->dev, t->img, 0);

	if (err)
		return err;
	err = ext2_mount(&t->dev, &opts, &t->fs, t->why, sizeof(t->why));
	if (err) {
		blkdev_file_close(&t->dev);
		t->fs = NULL;
	}
	return err;
}

int
timg_umount(struct timg *t)
{
	if (!t->fs)
		return 0;
	int err = ext2_unmount(t->fs);
	t->fs = NULL;
	blkdev_file_close(&t->dev);
	return err;
}

int
timg_fsck(struct timg *t)
{
	if (timg_umount(t))
		return 0;
	char *out = sh_out("%s -fn '%s' 2>&1; echo \"exit=$?\"", E2FSCK, t->img);
	int ok = out && strstr(out, "exit=0\n") != NULL;
	if (!ok)
		printf("  e2fsck -fn is not clean:\n%s\n", out ? out : "(no output)");
	free(out);
	return ok;
}

void
timg_done(struct timg *t)
{
	timg_umount(t);
	if (t->dir[0])
		sh("rm -rf '%s'", t->dir);
}

char *
timg_debugfs(struct timg *t, const char *cmd)
{
	return sh_out("%s -R '%s' '%s' 2>/dev/null", DEBUGFS, cmd, t->img);
}

uint32_t
walk(struct ext2_fs *fs, const char *path)
{
	uint32_t ino = EXT2_ROOT;
	char name[256];

	while (*path) {
		while (*path == '/')
			path++;
		size_t n = strcspn(path, "/");
		if (n == 0)
			break;
		if (n > 255)
			return 0;
		memcpy(name, path, n);
		name[n] = 0;
		if (ext2_lookup(fs, &root_cred, ino, name, &ino))
			return 0;
		path += n;
	}
	return ino;
}

uint32_t
put_file(struct ext2_fs *fs, uint32_t dir, const char *name, const void *data, size_t len)
{
	uint32_t ino;
	size_t done;

	if (ext2_create(fs, &root_cred, dir, name, 0644, &ino))
		return 0;
	if (len && (ext2_write(fs, NULL, ino, 0, data, len, &done) || done != len))
		return 0;
	return ino;
}

uint8_t *
get_file(struct ext2_fs *fs, uint32_t ino, size_t *len)
{
	struct ext2_stat st;
	size_t done;

	if (ext2_stat(fs, ino, &st))
		return NULL;
	uint8_t *buf = malloc(st.size + 1);
	if (ext2_read(fs, NULL, ino, 0, buf, st.size, &done) || done != st.size) {
		free(buf);
		return NULL;
	}
	*len = done;
	return buf;
}

uint64_t
free_blocks(struct ext2_fs *fs)
{
	struct ext2_statfs st;

	ext2_statfs(fs, &st);
	return st.bfree;
}

uint64_t
free_inodes(struct ext2_fs *fs)
{
	struct ext2_statfs st;

	ext2_statfs(fs, &st);
	return st.ffree;
}
