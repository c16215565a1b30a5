/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A file's block map: logical block -> disk block through the inode's 12
 * direct pointers and its single, double and triple indirect blocks
 * (docs/fss.md, "On-disk format").  A zero pointer is a hole.  Every
 * pointer read from disk is checked with ext2_blk_is_data before it is used, so
 * a corrupt map gives EIO, never a read or write of metadata or of blocks
 * past the file system.
 *   Locks: every function runs with ip locked; takes alloc_lock (through
 *   ext2_balloc/ext2_bfree) and one buffer at a time.
 */
#include <stdlib.h>
#include "ext2_private.h"

#define XATTR_MAGIC	0xEA020000u

/* A file's most blocks: what the block map reaches and i_blocks can count
 * (fs->max_lblocks holds it from mount on). */
uint64_t
ext2_bmap_max_blocks(struct ext2_fs *fs)
{
	uint64_t a = fs->apb;
	uint64_t n = EXT2_NDIR_BLOCKS + a + a * a + a * a * a;

	/* i_blocks counts 512-byte units in 32 bits. */
	uint64_t lim = (0xffffffffull / (fs->bsize / 512)) - (a + a * a + 2);
	return n < lim ? n : lim;
}

static void
blocks_add(struct ext2_fs *fs, struct inode *ip, int sign)
{
	uint32_t units = fs->bsize / 512;

	if (sign > 0)
		ip->di.i_blocks += units;
	else
		ip->di.i_blocks = ip->di.i_blocks >= units ? ip->di.i_blocks - units : 0;
}

/* Allocate a block for ip near its goal; indirect blocks are zeroed. */
static int
alloc_block(struct ext2_fs *fs, struct inode *ip, int zero, uint32_t *blk)
{
	int err = ext2_balloc(fs, ip->goal, blk);

	if (err)
		return err;
	ip->goal = *blk + 1;
	blocks_add(fs, ip, 1);
	if (zero) {
		struct buf *b;
		if ((err = bcache_get_zero(fs->bc, *blk, &b)))
			return err;
		bcache_dirty(b);
		bcache_put(b);
	}
	return 0;
}

static int
ind_get(struct ext2_fs *fs, uint32_t blk, uint32_t idx, uint32_t *val)
{
	struct buf *b;
	int err = bcache_get(fs->bc, blk, &b);

	if (err)
		return err;
	memcpy(val, b->data + idx * 4, 4);
	bcache_put(b);
	return 0;
}

static int
ind_set(struct ext2_fs *fs, uint32_t blk, uint32_t idx, uint32_t val)
{
	struct buf *b;
	int err = bcache_get(fs->bc, blk, &b);

	if (err)
		return err;
	memcpy(b->data + idx * 4, &val, 4);
	bcache_dirty(b);
	bcache_put(b);
	return 0;
}

/*
 * ext2_bmap: the disk block of logical block `lblk' of ip.
 *   With alloc, a hole is filled: missing indirect blocks are allocated
 *   zeroed, the data block is allocated and *fresh set (its old contents
 *   are garbage: the caller zeroes what it does not write); the caller
 *   writes the inode afterwards.  Without alloc, a hole gives *pblk = 0,
 *   and a block found is remembered (ip->map_*: ext2_bmap_read).
 *   Returns: 0; EFBIG (past the largest file); ENOSPC; EIO (a pointer
 *            outside the data blocks, or an unreadable block).
 */
int
ext2_bmap(struct ext2_fs *fs, struct inode *ip, uint64_t lblk, int alloc,
     uint32_t *pblk, int *fresh)
{
	uint64_t a = fs->apb;
	uint32_t idx[3], *root, cur, next;
	int level, err;

	*fresh = 0;
	if (alloc)
		ip->map_ok = 0;		/* this call may change the map */
	if (lblk >= fs->max_lblocks)
		return EFBIG;
	uint64_t want = lblk;
	if (lblk < EXT2_NDIR_BLOCKS) {
		root = &ip->di.i_block[lblk];
		level = 0;
	} else if ((lblk -= EXT2_NDIR_BLOCKS) < a) {
		root = &ip->di.i_block[EXT2_IND_BLOCK];
		level = 1;
		idx[0] = (uint32_t)lblk;
	} else if ((lblk -= a) < a * a) {
		root = &ip->di.i_block[EXT2_DIND_BLOCK];
		level = 2;
		idx[0] = (uint32_t)(lblk / a);
		idx[1] = (uint32_t)(lblk % a);
	} else {
		lblk -= a * a;
		root = &ip->di.i_block[EXT2_TIND_BLOCK];
		level = 3;
		idx[0] = (uint32_t)(lblk / (a * a));
		idx[1] = (uint32_t)(lblk / a % a);
		idx[2] = (uint32_t)(lblk % a);
	}
	cur = *root;
	if (cur == 0) {
		if (!alloc) {
			*pblk = 0;
			return 0;
		}
		if ((err = alloc_block(fs, ip, level > 0, &cur)))
			return err;
		*root = cur;
		*fresh = level == 0;
	} else if (!ext2_blk_is_data(fs, cur)) {
		return EIO;
	}
	for (int i = 0; i < level; i++) {
		if ((err = ind_get(fs, cur, idx[i], &next)))
			return err;
		if (next == 0) {
			if (!alloc) {
				*pblk = 0;
				return 0;
			}
			int data = i == level - 1;
			if ((err = alloc_block(fs, ip, !data, &next)))
				return err;
			if ((err = ind_set(fs, cur, idx[i], next)))
				return err;
			*fresh = data;
		} else if (!ext2_blk_is_data(fs, next)) {
			return EIO;
		}
		cur = next;
	}
	*pblk = cur;
	if (!alloc) {
		ip->map_lblk = want;
		ip->map_pblk = cur;
		ip->map_ok = 1;
	}
	return 0;
}

/*
 * Free what `*slot' (an indirect block of `level', mapping logical blocks
 * from `base') maps at or past `first', and the block itself if it maps
 * nothing below `first'.  Entries are read into a copy, so recursion holds
 * no buffer.
 */
static int
free_tree(struct ext2_fs *fs, struct inode *ip, uint32_t *slot, int level,
	  uint64_t base, uint64_t first)
{
	uint64_t per = 1, span;
	int err = 0, changed = 0;

	for (int i = 1; i < level; i++)
		per *= fs->apb;
	span = per * fs->apb;
	if (*slot == 0 || first >= base + span)
		return 0;
	if (!ext2_blk_is_data(fs, *slot)) {
		if (first <= base)
			*slot = 0;	/* forget the bad pointer */
		return EIO;
	}
	uint32_t *ents = malloc(fs->bsize);
	if (!ents)
		return ENOMEM;
	struct buf *b;
	if ((err = bcache_get(fs->bc, *slot, &b))) {
		free(ents);
		return err;
	}
	memcpy(ents, b->data, fs->bsize);
	bcache_put(b);
	for (uint32_t j = 0; j < fs->apb; j++) {
		uint64_t lo = base + j * per;
		if (lo + per <= first || ents[j] == 0)
			continue;
		int e;
		if (level == 1) {
			e = ext2_bfree(fs, ents[j]);
			if (!e)
				blocks_add(fs, ip, -1);
			ents[j] = 0;
		} else {
			e = free_tree(fs, ip, &ents[j], level - 1, lo, first);
		}
		changed = 1;
		if (e && !err)
			err = e;
	}
	if (first <= base) {
		int e = ext2_bfree(fs, *slot);
		if (!e)
			blocks_add(fs, ip, -1);
		else if (!err)
			err = e;
		*slot = 0;
	} else if (changed) {
		int e = bcache_get(fs->bc, *slot, &b);
		if (!e) {
			memcpy(b->data, ents, fs->bsize);
			bcache_dirty(b);
			bcache_put(b);
		} else if (!err) {
			err = e;
		}
	}
	free(ents);
	return err;
}

/*
 * bmap_free_from: free every block of ip from logical block `first' on,
 * with the indirect blocks that map nothing any more.  The caller writes
 * the inode.  Returns the first error; frees what it can past it.
 */
int
ext2_bmap_free_from(struct ext2_fs *fs, struct inode *ip, uint64_t first)
{
	uint64_t a = fs->apb;
	int err = 0, e;

	ip->map_ok = 0;
	for (uint64_t i = first; i < EXT2_NDIR_BLOCKS; i++) {
		if (ip->di.i_block[i] == 0)
			continue;
		e = ext2_bfree(fs, ip->di.i_block[i]);
		if (!e)
			blocks_add(fs, ip, -1);
		else if (!err)
			err = e;
		ip->di.i_block[i] = 0;
	}
	uint64_t base = EXT2_NDIR_BLOCKS;
	e = free_tree(fs, ip, &ip->di.i_block[EXT2_IND_BLOCK], 1, base, first);
	if (e && !err)
		err = e;
	base += a;
	e = free_tree(fs, ip, &ip->di.i_block[EXT2_DIND_BLOCK], 2, base, first);
	if (e && !err)
		err = e;
	base += a * a;
	e = free_tree(fs, ip, &ip->di.i_block[EXT2_TIND_BLOCK], 3, base, first);
	if (e && !err)
		err = e;
	return err;
}

/*
 * inode_free_xattr: drop ip's reference to its extended-attribute block
 * (which we never read otherwise): the block's count goes down, and the
 * block is freed at zero.  Leaves anything that is not an xattr block.
 */
int
ext2_inode_free_xattr(struct ext2_fs *fs, struct inode *ip)
{
	uint32_t blk = ip->di.i_file_acl, magic, refs;
	struct buf *b;
	int err, last = 0;

	if (blk == 0)
		return 0;
	ip->di.i_file_acl = 0;
	if (!ext2_blk_is_data(fs, blk))
		return EIO;
	if ((err = bcache_get(fs->bc, blk, &b)))
		return err;
	memcpy(&magic, b->data, 4);
	memcpy(&refs, b->data + 4, 4);
	if (magic == XATTR_MAGIC) {
		if (refs > 1) {
			refs--;
			memcpy(b->data + 4, &refs, 4);
			bcache_dirty(b);
		} else {
			last = 1;
		}
	}
	bcache_put(b);
	if (magic != XATTR_MAGIC)
		return EIO;
	blocks_add(fs, ip, -1);
	return last ? ext2_bfree(fs, blk) : 0;
}
