/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Block and inode allocation: the bitmaps of each group, with the free
 * counts of the group descriptors and the superblock kept in step.  Blocks
 * go near a goal (the block after the file's last one, or its inode's
 * group); a file's inode goes in its directory's group, a directory's in a
 * group with at least the average free inodes, the fewest directories,
 * then the most free blocks.
 *   Locks: every function takes alloc_lock, and under it one bitmap buffer
 *   at a time; callers may hold inode locks.
 */
#include "ext2_private.h"

static int
bit_test(const uint8_t *map, uint32_t i)
{
	return map[i / 8] >> (i % 8) & 1;
}

static void
bit_set(uint8_t *map, uint32_t i)
{
	map[i / 8] |= (uint8_t)(1u << (i % 8));
}

static void
bit_clear(uint8_t *map, uint32_t i)
{
	map[i / 8] &= (uint8_t)~(1u << (i % 8));
}

static uint32_t
group_start(struct ext2_fs *fs, uint32_t g)
{
	return fs->first_data_block + g * fs->bpg;
}

static uint32_t
group_nblocks(struct ext2_fs *fs, uint32_t g)
{
	uint32_t left = fs->blocks_count - group_start(fs, g);

	return left < fs->bpg ? left : fs->bpg;
}

/* The first clear bit in [from, to) of `map', or `to'. */
static uint32_t
find_clear(const uint8_t *map, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++) {
		if ((i % 8) == 0 && i + 8 <= to && map[i / 8] == 0xff) {
			i += 7;
			continue;
		}
		if (!bit_test(map, i))
			return i;
	}
	return to;
}

/*
 * ext2_balloc: allocate one block, as near `goal' as possible.
 *   Returns: 0 and *blk; ENOSPC; EIO (a bitmap unreadable, or marking a
 *            group's own metadata free).
 */
int
ext2_balloc(struct ext2_fs *fs, uint32_t goal, uint32_t *blk)
{
	uint32_t g0 = 0, bit0 = 0;
	int err = ENOSPC;

	if (goal >= fs->first_data_block && goal < fs->blocks_count) {
		g0 = (goal - fs->first_data_block) / fs->bpg;
		bit0 = goal - group_start(fs, g0);
	}
	fss_mutex_lock(&fs->alloc_lock);
	for (uint32_t i = 0; i <= fs->ngroups && fs->sb.s_free_blocks_count; i++) {
		uint32_t g = (g0 + i) % fs->ngroups;
		uint32_t n = group_nblocks(fs, g), from = i == 0 ? bit0 : 0, to = n;
		struct buf *b;

		if (i == fs->ngroups) {		/* back in the first group: before the goal */
			from = 0;
			to = bit0;
		}
		if (fs->gd[g].bg_free_blocks_count == 0 || from >= to)
			continue;
		if ((err = bcache_get(fs->bc, fs->gd[g].bg_block_bitmap, &b)))
			break;
		uint32_t bit = find_clear(b->data, from, to);
		if (bit == to) {
			bcache_put(b);
			err = ENOSPC;
			continue;
		}
		if (!ext2_blk_is_data(fs, group_start(fs, g) + bit)) {
			bcache_put(b);	/* the bitmap is corrupt: refuse, write nothing */
			err = EIO;
			break;
		}
		bit_set(b->data, bit);
		bcache_dirty(b);
		bcache_put(b);
		fs->gd[g].bg_free_blocks_count--;
		fs->sb.s_free_blocks_count--;
		*blk = group_start(fs, g) + bit;
		err = 0;
		break;
	}
	fss_mutex_unlock(&fs->alloc_lock);
	return err;
}

/* ext2_bfree: give back block `blk'.  EIO if it is not a data block or is
 * free already (a corrupt pointer); nothing is changed then. */
int
ext2_bfree(struct ext2_fs *fs, uint32_t blk)
{
	struct buf *b;
	int err;

	if (!ext2_blk_is_data(fs, blk))
		return EIO;
	uint32_t g = (blk - fs->first_data_block) / fs->bpg, bit = blk - group_start(fs, g);

	fss_mutex_lock(&fs->alloc_lock);
	if (!(err = bcache_get(fs->bc, fs->gd[g].bg_block_bitmap, &b))) {
		if (!bit_test(b->data, bit)) {
			err = EIO;
		} else {
			bit_clear(b->data, bit);
			bcache_dirty(b);
			fs->gd[g].bg_free_blocks_count++;
			fs->sb.s_free_blocks_count++;
		}
		bcache_put(b);
	}
	fss_mutex_unlock(&fs->alloc_lock);
	return err;
}

/* The group for a new directory, as 4.4BSD's FFS chooses: among the
 * groups with at least the average number of free inodes, the one with
 * the fewest directories, then the most free blocks (spreads directories,
 * and files follow their directories). */
static uint32_t
dir_group(struct ext2_fs *fs, uint32_t parent_group)
{
	uint32_t avg = fs->sb.s_free_inodes_count / fs->ngroups, best = parent_group;
	int found = 0;

	for (uint32_t i = 0; i < fs->ngroups; i++) {
		uint32_t g = (parent_group + i) % fs->ngroups;
		const struct ext2_group_desc *gd = &fs->gd[g], *bd = &fs->gd[best];
		if (gd->bg_free_inodes_count == 0 || gd->bg_free_inodes_count < avg)
			continue;
		if (!found || gd->bg_used_dirs_count < bd->bg_used_dirs_count ||
		    (gd->bg_used_dirs_count == bd->bg_used_dirs_count &&
		     gd->bg_free_blocks_count > bd->bg_free_blocks_count))
			best = g;
		found = 1;
	}
	return best;
}

/*
 * ext2_ialloc: allocate an inode for a file (near directory `parent') or a
 * directory (spread out).
 *   Returns: 0 and *ino; ENOSPC; EIO.
 */
int
ext2_ialloc(struct ext2_fs *fs, uint32_t parent, int isdir, uint32_t *ino)
{
	int err = ENOSPC;

	fss_mutex_lock(&fs->alloc_lock);
	uint32_t g0 = ino_group(fs, parent);
	if (isdir)
		g0 = dir_group(fs, g0);
	for (uint32_t i = 0; i < fs->ngroups && fs->sb.s_free_inodes_count; i++) {
		uint32_t g = (g0 + i) % fs->ngroups;
		uint32_t from = 0;
		struct buf *b;

		if (fs->gd[g].bg_free_inodes_count == 0)
			continue;
		if (g * fs->ipg + 1 < fs->first_ino)
			from = fs->first_ino - 1 - g * fs->ipg;	/* skip reserved inodes */
		if (from >= fs->ipg)
			continue;
		if ((err = bcache_get(fs->bc, fs->gd[g].bg_inode_bitmap, &b)))
			break;
		uint32_t bit = find_clear(b->data, from, fs->ipg);
		if (bit == fs->ipg) {
			bcache_put(b);
			err = ENOSPC;
			continue;
		}
		bit_set(b->data, bit);
		bcache_dirty(b);
		bcache_put(b);
		fs->gd[g].bg_free_inodes_count--;
		fs->sb.s_free_inodes_count--;
		if (isdir)
			fs->gd[g].bg_used_dirs_count++;
		*ino = g * fs->ipg + bit + 1;
		err = 0;
		break;
	}
	fss_mutex_unlock(&fs->alloc_lock);
	return err;
}

/* ext2_ifree: give back inode `ino'.  EIO if it is free already. */
int
ext2_ifree(struct ext2_fs *fs, uint32_t ino, int isdir)
{
	uint32_t g = ino_group(fs, ino), bit = (ino - 1) % fs->ipg;
	struct buf *b;
	int err;

	fss_mutex_lock(&fs->alloc_lock);
	if (!(err = bcache_get(fs->bc, fs->gd[g].bg_inode_bitmap, &b))) {
		if (!bit_test(b->data, bit)) {
			err = EIO;
		} else {
			bit_clear(b->data, bit);
			bcache_dirty(b);
			fs->gd[g].bg_free_inodes_count++;
			fs->sb.s_free_inodes_count++;
			if (isdir && fs->gd[g].bg_used_dirs_count)
				fs->gd[g].bg_used_dirs_count--;
		}
		bcache_put(b);
	}
	fss_mutex_unlock(&fs->alloc_lock);
	return err;
}
