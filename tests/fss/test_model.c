/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The randomized model test: thousands of seeded random operations
 * (create, write at offsets, truncate, rename, link, unlink, mkdir, rmdir,
 * symlink) applied both to an image and to a model in memory, each result
 * (including each error) compared with the model's.  Halfway and at the
 * end: e2fsck -fn is clean, and the tree read back by our reader and by
 * debugfs rdump equals the model.  A failure prints the seed and the step.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "fss_test.h"

#define R		(&root_cred)
#define MAXNODES	300
#define MAXENTS		1200
#define DATA_LIMIT	(10u << 20)	/* keep well under the image size */

enum { T_FREE, T_FILE, T_DIR, T_LINK };

struct node {
	int	type;
	uint32_t ino;
	uint8_t	*data;		/* file contents */
	size_t	size;
	char	*target;	/* symlink target */
	int	parent;		/* directories: the parent node */
};

struct ent {
	int	used;
	int	dir, node;
	char	name[48];
};

static struct node nodes[MAXNODES];
static struct ent ents[MAXENTS];
static uint64_t rng;
static size_t data_total;
static const char *names[] = {
	"a", "bb", "ccc", "name4", "n5", "a-longer-name-6", "x7",
	"yet-another-considerably-longer-name-number-8", "n9", "z10", "k11", "m12",
	"thirteen", "f14", "q15", "the-sixteenth-name",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static int
find_ent(int dir, const char *name)
{
	for (int i = 0; i < MAXENTS; i++)
		if (ents[i].used && ents[i].dir == dir && strcmp(ents[i].name, name) == 0)
			return i;
	return -1;
}

static int
children(int dir)
{
	int n = 0;
	for (int i = 0; i < MAXENTS; i++)
		n += ents[i].used && ents[i].dir == dir;
	return n;
}

static int
links_of(int node)
{
	int n = 0;
	for (int i = 0; i < MAXENTS; i++)
		n += ents[i].used && ents[i].node == node;
	return n;
}

/* Is directory `a' the directory `b' or above it? */
static int
is_ancestor(int a, int b)
{
	for (int d = b;; d = nodes[d].parent) {
		if (d == a)
			return 1;
		if (d == 0)
			return 0;
	}
}

static int
new_node(int type, uint32_t ino)
{
	for (int i = 1; i < MAXNODES; i++)
		if (nodes[i].type == T_FREE) {
			memset(&nodes[i], 0, sizeof(nodes[i]));
			nodes[i].type = type;
			nodes[i].ino = ino;
			return i;
		}
	return -1;
}

static int
free_slots(void)
{
	int n = 0;
	for (int i = 1; i < MAXNODES; i++)
		n += nodes[i].type == T_FREE;
	return n;
}

static void
node_free(int i)
{
	data_total -= nodes[i].size;
	free(nodes[i].data);
	free(nodes[i].target);
	memset(&nodes[i], 0, sizeof(nodes[i]));
}

static void
add_ent(int dir, const char *name, int node)
{
	for (int i = 0; i < MAXENTS; i++)
		if (!ents[i].used) {
			ents[i] = (struct ent){ 1, dir, node, "" };
			snprintf(ents[i].name, sizeof(ents[i].name), "%s", name);
			return;
		}
	abort();
}

/* Drop entry i; the node goes with its last link (a directory with it). */
static void
drop_ent(int i)
{
	int node = ents[i].node;
	ents[i].used = 0;
	if (nodes[node].type == T_DIR || links_of(node) == 0)
		node_free(node);
}

static int
pick(int type)
{
	int start = (int)rnd(MAXNODES);
	for (int k = 0; k < MAXNODES; k++) {
		int i = (start + k) % MAXNODES;
		if (nodes[i].type == type)
			return i;
	}
	return -1;
}

static int
pick_ent(void)
{
	int start = (int)rnd(MAXENTS);
	for (int k = 0; k < MAXENTS; k++) {
		int i = (start + k) % MAXENTS;
		if (ents[i].used)
			return i;
	}
	return -1;
}

static uint64_t step;
static unsigned done_ok, done_err;	/* operations that succeeded / failed as expected */
#define EXPECT(call, exp) do {						\
		int _e = (call), _x = (exp);				\
		if (_x) done_err++; else done_ok++;			\
		if (_e != _x) {						\
			printf("  step %llu: %s gave %d, the model says %d\n", \
			       (unsigned long long)step, #call, _e, _x); \
			return 1;					\
		}							\
	} while (0)

/* One random operation on the image and the model. */
static int
random_op(struct ext2_fs *fs)
{
	int dir = pick(T_DIR), op = (int)rnd(100), e, n;
	const char *name = names[rnd(NNAMES)];
	uint32_t ino;
	size_t done;

	if (op < 18) {				/* create */
		if (free_slots() < 2)
			return 0;
		e = find_ent(dir, name) >= 0 ? EEXIST : 0;
		EXPECT(ext2_create(fs, R, nodes[dir].ino, name, 0644, &ino), e);
		if (!e)
			add_ent(dir, name, new_node(T_FILE, ino));
	} else if (op < 27) {			/* mkdir */
		if (free_slots() < 2)
			return 0;
		e = find_ent(dir, name) >= 0 ? EEXIST : 0;
		EXPECT(ext2_mkdir(fs, R, nodes[dir].ino, name, 0755, &ino), e);
		if (!e) {
			n = new_node(T_DIR, ino);
			nodes[n].parent = dir;
			add_ent(dir, name, n);
		}
	} else if (op < 32) {			/* symlink, fast or slow */
		if (free_slots() < 2)
			return 0;
		char target[400];
		size_t len = 1 + rnd(rnd(2) ? 59 : 399);
		for (size_t i = 0; i < len; i++)
			target[i] = (char)('a' + rnd(26));
		target[len] = 0;
		e = find_ent(dir, name) >= 0 ? EEXIST : 0;
		EXPECT(ext2_symlink(fs, R, nodes[dir].ino, name, target, &ino), e);
		if (!e) {
			n = new_node(T_LINK, ino);
			nodes[n].target = strdup(target);
			add_ent(dir, name, n);
		}
	} else if (op < 54) {			/* write at an offset */
		int f = pick(T_FILE);
		if (f < 0)
			return 0;
		struct node *np = &nodes[f];
		uint32_t r = rnd(10);
		uint64_t off = r < 5 ? rnd((uint32_t)np->size + 100) : r < 8 ? rnd(20000) : rnd(300000);
		size_t len = 1 + rnd(6000);
		size_t end = off + len > np->size ? off + len : np->size;
		if (data_total + end - np->size > DATA_LIMIT)
			return 0;
		uint8_t *buf = malloc(len);
		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rnd(256);
		EXPECT(ext2_write(fs, NULL, np->ino, off, buf, len, &done), 0);
		EXPECT(done != len, 0);
		if (end > np->size) {
			np->data = realloc(np->data, end);
			memset(np->data + np->size, 0, end - np->size);
			data_total += end - np->size;
			np->size = end;
		}
		memcpy(np->data + off, buf, len);
		free(buf);
	} else if (op < 60) {			/* truncate */
		int f = pick(T_FILE);
		if (f < 0)
			return 0;
		struct node *np = &nodes[f];
		size_t size = rnd((uint32_t)np->size + 5000);
		if (size > np->size && data_total + size - np->size > DATA_LIMIT)
			return 0;
		EXPECT(ext2_truncate(fs, NULL, np->ino, size), 0);
		if (size > np->size) {
			np->data = realloc(np->data, size);
			memset(np->data + np->size, 0, size - np->size);
		}
		data_total = data_total - np->size + size;
		np->size = size;
	} else if (op < 66) {			/* unlink */
		int i = pick_ent();
		if (i < 0)
			return 0;
		e = nodes[ents[i].node].type == T_DIR ? EISDIR : 0;
		EXPECT(ext2_unlink(fs, R, nodes[ents[i].dir].ino, ents[i].name), e);
		if (!e)
			drop_ent(i);
	} else if (op < 69) {			/* rmdir */
		int i = pick_ent();
		if (i < 0)
			return 0;
		int node = ents[i].node;
		e = nodes[node].type != T_DIR ? ENOTDIR : children(node) ? ENOTEMPTY : 0;
		EXPECT(ext2_rmdir(fs, R, nodes[ents[i].dir].ino, ents[i].name), e);
		if (!e)
			drop_ent(i);
	} else if (op < 74) {			/* link */
		int f = pick(rnd(2) ? T_FILE : T_LINK);
		if (f < 0)
			return 0;
		e = find_ent(dir, name) >= 0 ? EEXIST : 0;
		EXPECT(ext2_link(fs, R, nodes[f].ino, fs, nodes[dir].ino, name), e);
		if (!e)
			add_ent(dir, name, f);
	} else if (op < 90) {			/* rename */
		int i = pick_ent();
		if (i < 0)
			return 0;
		int s = ents[i].node, sdir = ents[i].dir, t = find_ent(dir, name);
		int tn = t >= 0 ? ents[t].node : -1;
		if (nodes[s].type == T_DIR && is_ancestor(s, dir))
			e = EINVAL;
		else if (tn == s)
			e = 0;
		else if (tn >= 0 && nodes[tn].type == T_DIR && is_ancestor(tn, sdir))
			e = ENOTEMPTY;
		else if (tn >= 0 && nodes[s].type == T_DIR && nodes[tn].type != T_DIR)
			e = ENOTDIR;
		else if (tn >= 0 && nodes[s].type != T_DIR && nodes[tn].type == T_DIR)
			e = EISDIR;
		else if (tn >= 0 && nodes[tn].type == T_DIR && children(tn))
			e = ENOTEMPTY;
		else
			e = 0;
		EXPECT(ext2_rename(fs, R, nodes[sdir].ino, ents[i].name, fs, nodes[dir].ino, name), e);
		if (!e && tn != s) {
			if (t >= 0)
				drop_ent(t);
			ents[i].dir = dir;
			snprintf(ents[i].name, sizeof(ents[i].name), "%s", name);
			if (nodes[s].type == T_DIR)
				nodes[s].parent = dir;
		}
	} else {				/* read a file back */
		int f = pick(T_FILE);
		if (f < 0)
			return 0;
		size_t len;
		uint8_t *d = get_file(fs, nodes[f].ino, &len);
		EXPECT(d == NULL || len != nodes[f].size ||
		       (len && memcmp(d, nodes[f].data, len) != 0), 0);
		free(d);
	}
	return 0;
}

/* Every node of the model, as our reader sees it. */
static int
check_ours(struct ext2_fs *fs)
{
	static struct ext2_dirent dents[16];
	for (int i = 0; i < MAXNODES; i++) {
		struct node *np = &nodes[i];
		struct ext2_stat st;
		if (np->type == T_FREE)
			continue;
		CHECK(ext2_stat(fs, np->ino, &st) == 0);
		if (np->type == T_FILE) {
			size_t len;
			uint8_t *d = get_file(fs, np->ino, &len);
			CHECK(d && len == np->size && (len == 0 || memcmp(d, np->data, len) == 0));
			free(d);
			CHECK((int)st.nlink == links_of(i));
		} else if (np->type == T_LINK) {
			char buf[512];
			size_t len;
			CHECK(ext2_readlink(fs, np->ino, buf, sizeof(buf), &len) == 0);
			CHECK(strcmp(buf, np->target) == 0);
			CHECK((int)st.nlink == links_of(i));
		} else {
			int subdirs = 0, seen = 0;
			for (int k = 0; k < MAXENTS; k++)
				subdirs += ents[k].used && ents[k].dir == i &&
					   nodes[ents[k].node].type == T_DIR;
			CHECK(i == 0 || (int)st.nlink == 2 + subdirs);
			uint64_t cookie = 0;
			unsigned n;
			do {
				CHECK(ext2_readdir(fs, R, np->ino, &cookie, dents, 16, &n) == 0);
				for (unsigned k = 0; k < n; k++) {
					if (!strcmp(dents[k].name, ".") || !strcmp(dents[k].name, "..") ||
					    (i == 0 && !strcmp(dents[k].name, "lost+found")))
						continue;
					int e = find_ent(i, dents[k].name);
					CHECK(e >= 0 && nodes[ents[e].node].ino == dents[k].ino);
					seen++;
				}
			} while (n);
			CHECK(seen == children(i));
		}
	}
	return 0;
}

/* The model's directory `dir' against the host directory `path' (rdump). */
static int
check_host(int dir, const char *path)
{
	int seen = 0;
	DIR *dp = opendir(path);
	struct dirent *de;

	CHECK(dp != NULL);
	while ((de = readdir(dp))) {
		char sub[4096];
		struct stat st;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    (dir == 0 && !strcmp(de->d_name, "lost+found")))
			continue;
		int e = find_ent(dir, de->d_name);
		CHECK(e >= 0);
		struct node *np = &nodes[ents[e].node];
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		CHECK(lstat(sub, &st) == 0);
		if (np->type == T_DIR) {
			CHECK(S_ISDIR(st.st_mode));
			CHECK(check_host(ents[e].node, sub) == 0);
		} else if (np->type == T_LINK) {
			char buf[512];
			ssize_t n = readlink(sub, buf, sizeof(buf));
			CHECK(S_ISLNK(st.st_mode) && n == (ssize_t)strlen(np->target));
			CHECK(memcmp(buf, np->target, n) == 0);
		} else {
			CHECK(S_ISREG(st.st_mode) && (size_t)st.st_size == np->size);
			FILE *fp = fopen(sub, "rb");
			uint8_t *d = malloc(np->size + 1);
			CHECK(fp && fread(d, 1, np->size + 1, fp) == np->size);
			CHECK(np->size == 0 || memcmp(d, np->data, np->size) == 0);
			fclose(fp);
			free(d);
		}
		seen++;
	}
	closedir(dp);
	CHECK(seen == children(dir));
	return 0;
}

static int
run_model(const char *mkfs, uint64_t seed, unsigned ops)
{
	struct timg t;
	struct ext2_stats st;

	memset(nodes, 0, sizeof(nodes));
	memset(ents, 0, sizeof(ents));
	data_total = 0;
	done_ok = done_err = 0;
	rng = seed;
	printf("  seed %llu, %s, %u operations\n", (unsigned long long)seed, mkfs, ops);
	CHECK(timg_make(&t, mkfs, "32M", NULL) == 0);
	CHECK(timg_mount(&t, 0) == 0);
	nodes[0].type = T_DIR;
	nodes[0].ino = EXT2_ROOT;
	for (step = 0; step < ops; step++) {
		if (random_op(t.fs))
			return 1;
		if (step == ops / 2) {		/* halfway: to disk and back */
			CHECK(timg_fsck(&t));
			CHECK(timg_mount(&t, 0) == 0);
			CHECK(check_ours(t.fs) == 0);
		}
	}
	CHECK(check_ours(t.fs) == 0);
	int live = 0;
	for (int i = 0; i < MAXNODES; i++)
		live += nodes[i].type != T_FREE;
	printf("  %u calls succeeded, %u failed as the model said; %d inodes, %zu bytes at the end\n",
	       done_ok, done_err, live, data_total);
	CHECK(done_ok > ops / 2 && done_err > ops / 50);	/* the mix does both */
	ext2_get_stats(t.fs, &st);
	printf("  MEASURE ops=%u cache_hits=%llu cache_misses=%llu dev_reads=%llu dev_writes=%llu\n",
	       ops, (unsigned long long)st.cache_hits, (unsigned long long)st.cache_misses,
	       (unsigned long long)st.dev_reads, (unsigned long long)st.dev_writes);
	CHECK(timg_fsck(&t));
	char out[400];
	snprintf(out, sizeof(out), "%s/rdump", t.dir);
	CHECK(sh("mkdir '%s' && %s -R 'rdump / %s' '%s' >/dev/null 2>&1", out, DEBUGFS, out, t.img) == 0);
	CHECK(check_host(0, out) == 0);
	for (int i = 0; i < MAXNODES; i++)
		if (nodes[i].type != T_FREE)
			node_free(i);
	timg_done(&t);
	return 0;
}

TEST(random_operations_match_the_model_1k_blocks_128_byte_inodes)
{
	return run_model("-b 1024 -I 128 -N 2048", 0x5eed0001, 4000);
}

TEST(random_operations_match_the_model_4k_blocks_256_byte_inodes)
{
	return run_model("-b 4096 -I 256 -N 2048", 0x5eed0002, 4000);
}

TEST(random_operations_match_the_model_another_seed)
{
	const char *env = getenv("FSS_MODEL_SEED");
	return run_model("-b 1024 -I 256 -N 2048", env ? strtoull(env, NULL, 0) : 0x5eed0003, 3000);
}
