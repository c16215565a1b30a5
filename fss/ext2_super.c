/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Mounting and unmounting, the superblock and group descriptors, sync and
 * statfs: the parts of the core that concern the whole file system.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "ext2_private.h"

/* The incompatible features we can name in a refusal. */
static const struct {
	uint32_t bit;
	const char *name;
} incompat_names[] = {
	{ EXT2_FEATURE_INCOMPAT_COMPRESSION, "compression" },
	{ EXT3_FEATURE_INCOMPAT_RECOVER, "needs_recovery (a journal to replay)" },
	{ EXT3_FEATURE_INCOMPAT_JOURNAL_DEV, "journal_dev" },
	{ EXT2_FEATURE_INCOMPAT_META_BG, "meta_bg" },
	{ EXT4_FEATURE_INCOMPAT_EXTENTS, "extent" },
	{ EXT4_FEATURE_INCOMPAT_64BIT, "64bit" },
	{ EXT4_FEATURE_INCOMPAT_MMP, "mmp" },
	{ EXT4_FEATURE_INCOMPAT_FLEX_BG, "flex_bg" },
	{ EXT4_FEATURE_INCOMPAT_EA_INODE, "ea_inode" },
	{ EXT4_FEATURE_INCOMPAT_DIRDATA, "dirdata" },
	{ EXT4_FEATURE_INCOMPAT_CSUM_SEED, "metadata_csum_seed" },
	{ EXT4_FEATURE_INCOMPAT_LARGEDIR, "large_dir" },
	{ EXT4_FEATURE_INCOMPAT_INLINE_DATA, "inline_data" },
	{ EXT4_FEATURE_INCOMPAT_ENCRYPT, "encrypt" },
	{ EXT4_FEATURE_INCOMPAT_CASEFOLD, "casefold" },
};

/* Say why a mount is refused (into `why', if given); returns `err'. */
static int
refuse(char *why, size_t whylen, int err, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return err;
}

/* Does group `g' hold a copy of the superblock and descriptors? */
static int
group_has_super(struct ext2_fs *fs, uint32_t g)
{
	if (!fs->sparse_super)
		return 1;
	if (g <= 1)
		return 1;
	for (uint32_t p = 3; p <= 7; p += 2) {
		uint32_t x = p;
		while (x < g)
			x *= p;
		if (x == g)
			return 1;
	}
	return 0;
}

int
ext2_blk_is_data(struct ext2_fs *fs, uint32_t blk)
{
	if (blk < fs->first_data_block || blk >= fs->blocks_count)
		return 0;
	uint32_t g = (blk - fs->first_data_block) / fs->bpg;
	uint32_t start = fs->first_data_block + g * fs->bpg;
	const struct ext2_group_desc *gd = &fs->gd[g];	/* locations never change */

	if (blk == gd->bg_block_bitmap || blk == gd->bg_inode_bitmap)
		return 0;
	if (blk >= gd->bg_inode_table && blk - gd->bg_inode_table < fs->itb_per_group)
		return 0;
	if (blk - start < 1 + fs->gdt_blocks + fs->reserved_gdt && group_has_super(fs, g))
		return 0;	/* the cheap test first: most blocks are past the copies */
	return 1;
}

/* Read the 1024-byte superblock straight from the device. */
static int
read_super(const struct fss_blkdev *dev, struct ext2_super_block *sb)
{
	if (dev->nsectors < 4)
		return EIO;
	return dev->read(dev->ctx, EXT2_SUPER_OFFSET / FSS_SECTOR_SIZE,
			 sizeof(*sb) / FSS_SECTOR_SIZE, sb) ? EIO : 0;
}

/* Check the geometry the superblock claims against itself and the device. */
static int
check_geometry(struct ext2_fs *fs, const struct fss_blkdev *dev, char *why, size_t whylen)
{
	struct ext2_super_block *sb = &fs->sb;

	if (sb->s_magic != EXT2_SUPER_MAGIC)
		return refuse(why, whylen, EINVAL, "bad magic 0x%x: not an ext2 file system", sb->s_magic);
	if (sb->s_rev_level > EXT2_DYNAMIC_REV)
		return refuse(why, whylen, EINVAL, "unsupported revision %u", sb->s_rev_level);
	if (sb->s_log_block_size > 2)
		return refuse(why, whylen, EINVAL, "unsupported block size (log %u)",
			      sb->s_log_block_size);
	fs->bsize = 1024u << sb->s_log_block_size;
	fs->apb = fs->bsize / 4;
	fs->max_lblocks = ext2_bmap_max_blocks(fs);
	fs->inode_size = sb->s_rev_level == 0 ? EXT2_GOOD_OLD_INODE_SIZE : sb->s_inode_size;
	fs->first_ino = sb->s_rev_level == 0 ? EXT2_GOOD_OLD_FIRST_INO : sb->s_first_ino;
	fs->ipg = sb->s_inodes_per_group;
	fs->bpg = sb->s_blocks_per_group;
	fs->first_data_block = sb->s_first_data_block;
	fs->blocks_count = sb->s_blocks_count;
	fs->inodes_count = sb->s_inodes_count;
	if (fs->inode_size < EXT2_GOOD_OLD_INODE_SIZE || fs->inode_size > fs->bsize ||
	    (fs->inode_size & (fs->inode_size - 1)))
		return refuse(why, whylen, EINVAL, "bad inode size %u", fs->inode_size);
	if (fs->bpg == 0 || fs->bpg > fs->bsize * 8 || fs->ipg == 0 || fs->ipg > fs->bsize * 8 ||
	    fs->first_data_block != (fs->bsize == 1024 ? 1u : 0u) ||
	    fs->blocks_count <= fs->first_data_block || fs->first_ino <= EXT2_ROOT_INO ||
	    fs->first_ino > fs->inodes_count)
		return refuse(why, whylen, EINVAL, "inconsistent geometry in the superblock");
	fs->ngroups = (fs->blocks_count - fs->first_data_block + fs->bpg - 1) / fs->bpg;
	if ((uint64_t)fs->ngroups * fs->ipg != fs->inodes_count)
		return refuse(why, whylen, EINVAL, "inode count %u does not match the groups", fs->inodes_count);
	if ((uint64_t)fs->blocks_count * (fs->bsize / FSS_SECTOR_SIZE) > dev->nsectors)
		return refuse(why, whylen, EINVAL, "the device is smaller than the file system (%u blocks)", fs->blocks_count);
	fs->itb_per_group = (fs->ipg * fs->inode_size + fs->bsize - 1) / fs->bsize;
	fs->gdt_blocks = (fs->ngroups * sizeof(struct ext2_group_desc) + fs->bsize - 1) / fs->bsize;
	fs->reserved_gdt = sb->s_rev_level ? sb->s_reserved_gdt_blocks : 0;
	fs->sparse_super = sb->s_rev_level && (sb->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER);
	fs->filetype = sb->s_rev_level && (sb->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE);
	if (1 + fs->gdt_blocks + fs->reserved_gdt >= fs->bpg)
		return refuse(why, whylen, EINVAL, "too many descriptor blocks (%u)",
			      fs->gdt_blocks);
	return 0;
}

static int
check_features(struct ext2_fs *fs, char *why, size_t whylen)
{
	uint32_t incompat = fs->sb.s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_SUPPORTED;

	if (fs->sb.s_rev_level == 0)
		return 0;
	if (incompat) {
		for (unsigned i = 0; i < sizeof(incompat_names) / sizeof(incompat_names[0]); i++)
			if (incompat & incompat_names[i].bit)
				return refuse(why, whylen, ENOTSUP,
					      "unsupported incompatible feature: %s",
					      incompat_names[i].name);
		return refuse(why, whylen, ENOTSUP, "unsupported incompatible feature 0x%x",
			      incompat);
	}
	if (fs->sb.s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPPORTED)
		fs->rdonly = 1;	/* readable, but we must not write it */
	return 0;
}

/* Read the group descriptors and check where each says its tables are. */
static int
read_groups(struct ext2_fs *fs, char *why, size_t whylen)
{
	uint32_t per_block = fs->bsize / sizeof(struct ext2_group_desc);

	fs->gd = calloc(fs->gdt_blocks * per_block, sizeof(struct ext2_group_desc));
	if (!fs->gd)
		return ENOMEM;
	for (uint32_t i = 0; i < fs->gdt_blocks; i++) {
		struct buf *b;
		int err = bcache_get(fs->bc, fs->first_data_block + 1 + i, &b);
		if (err)
			return err;
		memcpy(fs->gd + i * per_block, b->data, fs->bsize);
		bcache_put(b);
	}
	for (uint32_t g = 0; g < fs->ngroups; g++) {
		const struct ext2_group_desc *gd = &fs->gd[g];
		uint32_t start = fs->first_data_block + g * fs->bpg;
		uint32_t end = start + fs->bpg;
		if (end > fs->blocks_count)
			end = fs->blocks_count;
		if (gd->bg_block_bitmap < start || gd->bg_block_bitmap >= end ||
		    gd->bg_inode_bitmap < start || gd->bg_inode_bitmap >= end ||
		    gd->bg_inode_table < start || gd->bg_inode_table + fs->itb_per_group > end)
			return refuse(why, whylen, EINVAL, "group %u's tables lie outside it", g);
	}
	return 0;
}

/*
 * ext2_super_write: copy the superblock and group descriptors into their cached
 * blocks (primary copies only; the backups keep mke2fs's values, as
 * Linux's ext2 leaves them).
 *   Locks: takes alloc_lock, then one buffer at a time.
 */
int
ext2_super_write(struct ext2_fs *fs)
{
	uint32_t per_block = fs->bsize / sizeof(struct ext2_group_desc);
	struct buf *b;
	int err;

	fss_mutex_lock(&fs->alloc_lock);
	fs->sb.s_wtime = (uint32_t)fs_now(fs);
	err = bcache_get(fs->bc, fs->bsize == 1024 ? 1 : 0, &b);
	if (!err) {
		memcpy(b->data + (fs->bsize == 1024 ? 0 : EXT2_SUPER_OFFSET), &fs->sb, sizeof(fs->sb));
		bcache_dirty(b);
		bcache_put(b);
	}
	for (uint32_t i = 0; !err && i < fs->gdt_blocks; i++) {
		err = bcache_get(fs->bc, fs->first_data_block + 1 + i, &b);
		if (err)
			break;
		memcpy(b->data, fs->gd + i * per_block, fs->bsize);
		bcache_dirty(b);
		bcache_put(b);
	}
	fss_mutex_unlock(&fs->alloc_lock);
	return err;
}

void
ext2_super_set_large_file(struct ext2_fs *fs)
{
	fss_mutex_lock(&fs->alloc_lock);
	fs->sb.s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
	fss_mutex_unlock(&fs->alloc_lock);
}

static void
fs_free(struct ext2_fs *fs)
{
	/* In-core inodes still held (ext2_hold without ext2_release). */
	for (unsigned h = 0; h < ICACHE_HASH; h++)
		while (fs->ihash[h]) {
			struct inode *ip = fs->ihash[h];
			fs->ihash[h] = ip->hnext;
			fss_mutex_destroy(&ip->lock);
			free(ip);
		}
	if (fs->bc)
		(void)bcache_destroy(fs->bc);
	fss_mutex_destroy(&fs->rename_lock);
	fss_mutex_destroy(&fs->alloc_lock);
	fss_mutex_destroy(&fs->icache_lock);
	fss_cond_destroy(&fs->icache_cond);
	free(fs->gd);
	free(fs);
}

int
ext2_mount(const struct fss_blkdev *dev, const struct ext2_mount_opts *opts,
	   struct ext2_fs **fsp, char *why, size_t whylen)
{
	struct ext2_fs *fs = calloc(1, sizeof(*fs));
	int err;

	if (why && whylen)
		why[0] = 0;
	if (!fs)
		return ENOMEM;
	fss_mutex_init(&fs->rename_lock);
	fss_mutex_init(&fs->alloc_lock);
	fss_mutex_init(&fs->icache_lock);
	fss_cond_init(&fs->icache_cond);
	fs->icache_keep = ICACHE_KEEP;
	fs->dev = dev;
	fs->now = opts ? opts->now : NULL;
	fs->rdonly = opts && (opts->flags & EXT2_MOUNT_RDONLY);
	err = read_super(dev, &fs->sb);
	if (err) {
		refuse(why, whylen, err, "cannot read the superblock");
		goto fail;
	}
	if ((err = check_geometry(fs, dev, why, whylen)) ||
	    (err = check_features(fs, why, whylen)))
		goto fail;
	fs->bc = bcache_create(dev, fs->bsize, opts && opts->cache_blocks ? opts->cache_blocks : 256);
	if (!fs->bc) {
		err = ENOMEM;
		goto fail;
	}
	if ((err = read_groups(fs, why, whylen)))
		goto fail;
	if (!fs->rdonly) {
		/* Not clean while mounted: e2fsck can tell a crash. */
		fs->sb.s_state &= ~EXT2_VALID_FS;
		fs->sb.s_mtime = (uint32_t)fs_now(fs);
		fs->sb.s_mnt_count++;
		if ((err = ext2_super_write(fs)) || (err = bcache_sync(fs->bc)))
			goto fail;
	}
	*fsp = fs;
	return 0;
fail:
	fs_free(fs);
	return err;
}

/* Inodes still held at unmount: drop the holds, so the unlinked ones are
 * freed on disk now (not left as orphans for e2fsck). */
static void
release_held(struct ext2_fs *fs)
{
	ext2_icache_drop_kept(fs);	/* and keep none from now on */
	for (unsigned h = 0; h < ICACHE_HASH; h++) {
		struct inode *ip;
		while ((ip = fs->ihash[h]) != NULL) {
			fss_mutex_lock(&fs->icache_lock);
			ip->ref = 1;	/* no other caller may run now */
			fss_mutex_unlock(&fs->icache_lock);
			ext2_inode_put(fs, ip);	/* unhashes and frees it */
		}
	}
}

int
ext2_unmount(struct ext2_fs *fs)
{
	int err = 0;

	release_held(fs);
	if (!fs->rdonly) {
		fss_mutex_lock(&fs->alloc_lock);
		fs->sb.s_state |= EXT2_VALID_FS;
		fss_mutex_unlock(&fs->alloc_lock);
		err = ext2_super_write(fs);
	}
	int err2 = bcache_destroy(fs->bc);
	fs->bc = NULL;
	fs_free(fs);
	return err ? err : err2;
}

int
ext2_readonly(struct ext2_fs *fs)
{
	return fs->rdonly;
}

int
ext2_sync(struct ext2_fs *fs)
{
	int err = fs->rdonly ? 0 : ext2_super_write(fs);
	int err2 = bcache_sync(fs->bc);

	return err ? err : err2;
}

int
ext2_fsync(struct ext2_fs *fs, uint32_t ino)
{
	struct inode *ip;
	int err = ext2_inode_get(fs, ino, &ip);

	if (err)
		return err;
	ext2_inode_put(fs, ip);
	return ext2_sync(fs);
}

int
ext2_statfs(struct ext2_fs *fs, struct ext2_statfs *st)
{
	fss_mutex_lock(&fs->alloc_lock);
	st->bsize = fs->bsize;
	st->blocks = fs->sb.s_blocks_count;
	st->bfree = fs->sb.s_free_blocks_count;
	st->bavail = st->bfree > fs->sb.s_r_blocks_count ? st->bfree - fs->sb.s_r_blocks_count : 0;
	st->files = fs->sb.s_inodes_count;
	st->ffree = fs->sb.s_free_inodes_count;
	fss_mutex_unlock(&fs->alloc_lock);
	st->namemax = EXT2_NAME_LEN;
	st->readonly = fs->rdonly;
	return 0;
}

void
ext2_get_stats(struct ext2_fs *fs, struct ext2_stats *st)
{
	struct bcache_stats b;

	bcache_get_stats(fs->bc, &b);
	st->cache_hits = b.hits;
	st->cache_misses = b.misses;
	st->dev_reads = b.reads;
	st->dev_writes = b.writes;
}
