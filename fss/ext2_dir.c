/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Directory contents: linear lists of entries in each block, as ext2
 * keeps them.  A hashed (dir_index) directory is read the same way (its
 * index blocks look like empty entries) and loses its index flag when we
 * change it, as the format allows for implementations without hashing;
 * e2fsck -D can rebuild the index.  Every entry is checked (its length,
 * its name length, its inode number) before use: a corrupt block gives
 * EIO, never a loop or a read past the block.
 *   Locks: dp locked by the caller; one buffer at a time.
 */
#include "ext2_private.h"

uint8_t
ext2_mode_to_ftype(uint32_t mode)
{
	switch (mode & EXT2_S_IFMT) {
	case EXT2_S_IFREG: return EXT2_FT_REG_FILE;
	case EXT2_S_IFDIR: return EXT2_FT_DIR;
	case EXT2_S_IFLNK: return EXT2_FT_SYMLINK;
	case EXT2_S_IFCHR: return EXT2_FT_CHRDEV;
	case EXT2_S_IFBLK: return EXT2_FT_BLKDEV;
	case EXT2_S_IFIFO: return EXT2_FT_FIFO;
	case EXT2_S_IFSOCK: return EXT2_FT_SOCK;
	}
	return EXT2_FT_UNKNOWN;
}

/* The entry at `off' of a directory block, checked; NULL if corrupt. */
static struct ext2_dir_entry *
ent_at(struct ext2_fs *fs, uint8_t *data, uint32_t off)
{
	struct ext2_dir_entry *de = (struct ext2_dir_entry *)(data + off);

	if (off + EXT2_DIR_ENTRY_HEAD > fs->bsize)
		return NULL;
	if (de->rec_len < EXT2_DIR_ENTRY_HEAD || de->rec_len % 4 || off + de->rec_len > fs->bsize)
		return NULL;
	if (de->inode && (de->name_len == 0 || EXT2_DIR_REC_LEN(de->name_len) > de->rec_len ||
			  de->inode > fs->inodes_count))
		return NULL;
	return de;
}

static int
ent_is(const struct ext2_dir_entry *de, const char *name, size_t len)
{
	return de->inode && de->name_len == len && memcmp(de->name, name, len) == 0;
}

static uint32_t
dir_nblocks(struct ext2_fs *fs, struct inode *dp)
{
	return dp->di.i_size / fs->bsize;
}

/* The buffer of directory block `lblk' (a hole or a bad size is EIO). */
static int
dir_block(struct ext2_fs *fs, struct inode *dp, uint32_t lblk, struct buf **bp)
{
	uint32_t pblk;
	int err;

	if (dp->di.i_size % fs->bsize)
		return EIO;
	if ((err = ext2_bmap_read(fs, dp, lblk, &pblk)))
		return err;
	if (pblk == 0)
		return EIO;
	return bcache_get(fs->bc, pblk, bp);
}

/*
 * Find the entry `name' in dp: leaves its block locked in *bp (the caller
 * puts it) with its offset and the previous entry's (or UINT32_MAX).
 * Returns 0, ENOENT, EIO.
 */
static int
dir_locate(struct ext2_fs *fs, struct inode *dp, const char *name, size_t len,
	   struct buf **bp, uint32_t *offp, uint32_t *prevp)
{
	uint32_t n = dir_nblocks(fs, dp);
	int err;

	for (uint32_t lblk = 0; lblk < n; lblk++) {
		struct buf *b;
		uint32_t prev = UINT32_MAX;
		if ((err = dir_block(fs, dp, lblk, &b)))
			return err;
		for (uint32_t off = 0; off < fs->bsize;) {
			struct ext2_dir_entry *de = ent_at(fs, b->data, off);
			if (!de) {
				bcache_put(b);
				return EIO;
			}
			if (ent_is(de, name, len)) {
				*bp = b;
				*offp = off;
				*prevp = prev;
				return 0;
			}
			prev = off;
			off += de->rec_len;
		}
		bcache_put(b);
	}
	return ENOENT;
}

int
ext2_dir_find(struct ext2_fs *fs, struct inode *dp, const char *name, size_t len,
	 uint32_t *ino, uint8_t *type)
{
	struct buf *b;
	uint32_t off, prev;
	int err = dir_locate(fs, dp, name, len, &b, &off, &prev);

	if (err)
		return err;
	struct ext2_dir_entry *de = (struct ext2_dir_entry *)(b->data + off);
	*ino = de->inode;
	if (type)
		*type = de->file_type;
	bcache_put(b);
	return 0;
}

/* After a change: stamp dp, drop its (now stale) hash index, write it. */
static int
dir_changed(struct ext2_fs *fs, struct inode *dp)
{
	dp->di.i_flags &= ~EXT2_INDEX_FL;
	ext2_inode_touch(fs, dp, 1, 1);
	return ext2_inode_write(fs, dp);
}

static void
ent_fill(struct ext2_fs *fs, struct ext2_dir_entry *de, const char *name, size_t len,
	 uint32_t ino, uint8_t type)
{
	de->inode = ino;
	de->name_len = (uint8_t)len;
	de->file_type = fs->filetype ? type : 0;
	memcpy(de->name, name, len);
}

/*
 * ext2_dir_add: add the entry name -> ino (the caller has checked it is not
 * there): into the first gap big enough, else a new block at the end.
 *   Returns: 0; ENOSPC; EFBIG; EIO.
 */
int
ext2_dir_add(struct ext2_fs *fs, struct inode *dp, const char *name, size_t len,
	uint32_t ino, uint8_t type)
{
	uint32_t need = EXT2_DIR_REC_LEN(len), n = dir_nblocks(fs, dp), pblk;
	struct buf *b;
	int err, fresh;

	for (uint32_t lblk = 0; lblk < n; lblk++) {
		if ((err = dir_block(fs, dp, lblk, &b)))
			return err;
		for (uint32_t off = 0; off < fs->bsize;) {
			struct ext2_dir_entry *de = ent_at(fs, b->data, off);
			if (!de) {
				bcache_put(b);
				return EIO;
			}
			uint32_t used = de->inode ? EXT2_DIR_REC_LEN(de->name_len) : 0;
			if (de->rec_len - used >= need) {
				if (used) {	/* split: the new entry takes the slack */
					struct ext2_dir_entry *ne =
						(struct ext2_dir_entry *)(b->data + off + used);
					ne->rec_len = (uint16_t)(de->rec_len - used);
					de->rec_len = (uint16_t)used;
					de = ne;
				}
				ent_fill(fs, de, name, len, ino, type);
				bcache_dirty(b);
				bcache_put(b);
				return dir_changed(fs, dp);
			}
			off += de->rec_len;
		}
		bcache_put(b);
	}
	/* No room: a new block. */
	if ((err = ext2_bmap(fs, dp, n, 1, &pblk, &fresh))) {
		(void)ext2_inode_write(fs, dp);	/* indirect blocks may have come */
		return err;
	}
	if ((err = bcache_get_zero(fs->bc, pblk, &b)))
		return err;
	struct ext2_dir_entry *de = (struct ext2_dir_entry *)b->data;
	de->rec_len = (uint16_t)fs->bsize;
	ent_fill(fs, de, name, len, ino, type);
	bcache_dirty(b);
	bcache_put(b);
	dp->di.i_size += fs->bsize;
	return dir_changed(fs, dp);
}

/* dir_remove: remove the entry `name' (merged into the one before it).
 * Returns 0, ENOENT, EIO. */
int
ext2_dir_remove(struct ext2_fs *fs, struct inode *dp, const char *name, size_t len)
{
	struct buf *b;
	uint32_t off, prev;
	int err = dir_locate(fs, dp, name, len, &b, &off, &prev);

	if (err)
		return err;
	struct ext2_dir_entry *de = (struct ext2_dir_entry *)(b->data + off);
	if (prev != UINT32_MAX)
		((struct ext2_dir_entry *)(b->data + prev))->rec_len += de->rec_len;
	else
		de->inode = 0;
	bcache_dirty(b);
	bcache_put(b);
	return dir_changed(fs, dp);
}

/* dir_set: point the existing entry `name' at `ino'. 0, ENOENT, EIO. */
int
ext2_dir_set(struct ext2_fs *fs, struct inode *dp, const char *name, size_t len,
	uint32_t ino, uint8_t type)
{
	struct buf *b;
	uint32_t off, prev;
	int err = dir_locate(fs, dp, name, len, &b, &off, &prev);

	if (err)
		return err;
	struct ext2_dir_entry *de = (struct ext2_dir_entry *)(b->data + off);
	ent_fill(fs, de, name, len, ino, type);
	bcache_dirty(b);
	bcache_put(b);
	return dir_changed(fs, dp);
}

/* dir_is_empty: does dp hold nothing but "." and ".."?  0 or EIO. */
int
ext2_dir_is_empty(struct ext2_fs *fs, struct inode *dp, int *empty)
{
	uint32_t n = dir_nblocks(fs, dp);
	int err;

	*empty = 1;
	for (uint32_t lblk = 0; lblk < n && *empty; lblk++) {
		struct buf *b;
		if ((err = dir_block(fs, dp, lblk, &b)))
			return err;
		for (uint32_t off = 0; off < fs->bsize;) {
			struct ext2_dir_entry *de = ent_at(fs, b->data, off);
			if (!de) {
				bcache_put(b);
				return EIO;
			}
			if (de->inode && !ent_is(de, ".", 1) && !ent_is(de, "..", 2)) {
				*empty = 0;
				break;
			}
			off += de->rec_len;
		}
		bcache_put(b);
	}
	return 0;
}

/* dir_init: give a new directory its first block with "." and "..". */
int
ext2_dir_init(struct ext2_fs *fs, struct inode *dp, uint32_t parent)
{
	uint32_t pblk;
	struct buf *b;
	int fresh, err;

	if ((err = ext2_bmap(fs, dp, 0, 1, &pblk, &fresh)))
		return err;
	if ((err = bcache_get_zero(fs->bc, pblk, &b)))
		return err;
	struct ext2_dir_entry *dot = (struct ext2_dir_entry *)b->data;
	dot->rec_len = EXT2_DIR_REC_LEN(1);
	ent_fill(fs, dot, ".", 1, dp->ino, EXT2_FT_DIR);
	struct ext2_dir_entry *dotdot = (struct ext2_dir_entry *)(b->data + dot->rec_len);
	dotdot->rec_len = (uint16_t)(fs->bsize - dot->rec_len);
	ent_fill(fs, dotdot, "..", 2, parent, EXT2_FT_DIR);
	bcache_dirty(b);
	bcache_put(b);
	dp->di.i_size = fs->bsize;
	return 0;
}

int
ext2_readdir(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t dir,
	     uint64_t *cookie, struct ext2_dirent *ents, unsigned max, unsigned *count)
{
	struct inode *dp;
	unsigned got = 0;
	uint64_t pos = *cookie;
	int err;

	if ((err = ext2_inode_get(fs, dir, &dp)))
		return err;
	ext2_inode_lock(dp);
	if (!inode_is_dir(dp))
		err = ENOTDIR;
	else
		err = ext2_perm_check(cred, dp, 4);
	uint32_t n = dir_nblocks(fs, dp);
	while (!err && got < max && pos < (uint64_t)n * fs->bsize) {
		uint32_t lblk = (uint32_t)(pos / fs->bsize), want = (uint32_t)(pos % fs->bsize);
		struct buf *b;
		if ((err = dir_block(fs, dp, lblk, &b)))
			break;
		/* Walk from the block's start: a stale cookie lands on an entry. */
		uint32_t off = 0;
		while (off < fs->bsize && got < max) {
			struct ext2_dir_entry *de = ent_at(fs, b->data, off);
			if (!de) {
				err = EIO;
				break;
			}
			if (off >= want && de->inode) {
				struct ext2_dirent *e = &ents[got++];
				e->ino = de->inode;
				e->type = de->file_type;
				e->namelen = de->name_len;
				memcpy(e->name, de->name, de->name_len);
				e->name[de->name_len] = 0;
			}
			off += de->rec_len;
		}
		bcache_put(b);
		pos = off >= fs->bsize ? (uint64_t)(lblk + 1) * fs->bsize : (uint64_t)lblk * fs->bsize + off;
	}
	ext2_inode_unlock(dp);
	ext2_inode_put(fs, dp);
	if (err)
		return err;
	*cookie = pos;
	*count = got;
	return 0;
}
