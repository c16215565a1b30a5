/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * File data: read, write, truncate and readlink.  Reads do not update the
 * access time (as a "noatime" mount: a read never writes the disk).
 */
#include "fss_trace.h"
#include "ext2_private.h"

/* Zero the bytes of ip's last block past `size' (so a later extension
 * reads zeros there, whatever an earlier truncate or writer left). */
static int
zero_tail(struct ext2_fs *fs, struct inode *ip, uint64_t size)
{
	uint32_t boff = (uint32_t)(size % fs->bsize), pblk;
	struct buf *b;
	int fresh, err;

	if (boff == 0)
		return 0;
	if ((err = ext2_bmap(fs, ip, size / fs->bsize, 0, &pblk, &fresh)) || pblk == 0)
		return err;
	if ((err = bcache_get(fs->bc, pblk, &b)))
		return err;
	memset(b->data + boff, 0, fs->bsize - boff);
	bcache_dirty(b);
	bcache_put(b);
	return 0;
}

static uint64_t
max_size(struct ext2_fs *fs)
{
	return fs->max_lblocks * fs->bsize;
}

/*
 * Read `len' bytes (all inside the file) of ip at `off' into `buf', block
 * by block: file_read's loop, out of line (most reads lie in one block).
 *   Locks: ip locked.
 */
static int __attribute__((noinline))
read_blocks(struct ext2_fs *fs, struct inode *ip, uint64_t off, void *buf, size_t len,
	    size_t *done)
{
	uint8_t *p = buf;
	size_t did = 0;
	int err = 0;

	while (did < len) {
		uint64_t pos = off + did;
		uint32_t boff = (uint32_t)(pos % fs->bsize), pblk;
		size_t n = fs->bsize - boff;
		struct buf *b;

		if (n > len - did)
			n = len - did;
		if ((err = ext2_bmap_read(fs, ip, pos / fs->bsize, &pblk)))
			break;
		if (pblk == 0) {
			memset(p + did, 0, n);		/* a hole */
		} else {
			if ((err = bcache_get_stable(fs->bc, pblk, &b)))
				break;
			memcpy(p + did, b->data + boff, n);
			bcache_put_stable(b);
		}
		did += n;
	}
	if (err && did == 0)
		return err;
	*done = did;
	return 0;
}

/*
 * A read of up to `len' bytes of ip at `off' into `buf': ext2_file_rw's
 * read, on its own (its callers inline it).  A read inside one block
 * (most) is done here, with few values live; longer ones by read_blocks.
 *   Locks: ip locked.
 */
static inline __attribute__((always_inline)) int
file_read(struct ext2_fs *fs, struct inode *ip, uint64_t off, void *buf, size_t len,
	  size_t *done)
{
	uint64_t size = inode_size(ip);

	FSS_TRACE(TRN_FS_OP, ip->ino, len, "read");
	if (off >= size)
		len = 0;
	else if (len > size - off)
		len = (size_t)(size - off);
	uint32_t boff = (uint32_t)(off % fs->bsize), pblk;
	if (__builtin_expect(len == 0 || boff + len > fs->bsize, 0))
		return read_blocks(fs, ip, off, buf, len, done);
	int err = ext2_bmap_read(fs, ip, off / fs->bsize, &pblk);
	if (err)
		return err;
	if (pblk == 0) {
		memset(buf, 0, len);		/* a hole */
	} else {
		struct buf *b;
		if ((err = bcache_get_stable(fs->bc, pblk, &b)))	/* ip locked: the bytes stay */
			return err;
		memcpy(buf, b->data + boff, len);
		bcache_put_stable(b);
	}
	*done = len;
	return 0;
}

/*
 * A write of `len' bytes from `buf' to ip at `off': ext2_file_rw's write.
 *   Locks: ip locked.
 */
static int
file_write(struct ext2_fs *fs, struct inode *ip, uint64_t off, const void *buf, size_t len,
	   size_t *done)
{
	uint64_t size = inode_size(ip);
	const uint8_t *p = buf;
	size_t did = 0;
	int err = 0;

	FSS_TRACE(TRN_FS_OP, ip->ino, len, "write");
	if (len == 0) {
		*done = 0;
		return 0;
	}
	if (off >= max_size(fs) || len > max_size(fs) - off)
		return EFBIG;
	if (off > size && (err = zero_tail(fs, ip, size)))
		return err;
	while (did < len) {
		uint64_t pos = off + did;
		uint32_t boff = (uint32_t)(pos % fs->bsize), pblk;
		size_t n = fs->bsize - boff;
		struct buf *b;
		int fresh;

		if (n > len - did)
			n = len - did;
		if ((err = ext2_bmap(fs, ip, pos / fs->bsize, 1, &pblk, &fresh)))
			break;
		if (fresh || n == fs->bsize)
			err = bcache_get_zero(fs->bc, pblk, &b);	/* no need to read */
		else
			err = bcache_get(fs->bc, pblk, &b);
		if (err)
			break;
		memcpy(b->data + boff, p + did, n);
		bcache_dirty(b);
		bcache_put(b);
		did += n;
	}
	if (off + did > size) {
		if (off + did > 0x7fffffffull)
			ext2_super_set_large_file(fs);
		ext2_inode_set_size(ip, off + did);
	}
	ext2_inode_touch(fs, ip, did > 0, did > 0);
	int werr = ext2_inode_write(fs, ip);	/* blocks may be allocated even on failure */
	if (!err)
		err = werr;
	if (err && did == 0)
		return err;
	*done = did;
	return 0;
}

/*
 * ext2_file_rw: move up to `len' bytes between `buf' and ip at `off'.
 *   Reads stop at the end of file; holes read as zeros.  Writes allocate
 *   (ext2_bmap), grow the size, stamp mtime and ctime, and write the inode.
 *   Locks: ip locked.
 *   Returns: 0 and *done (a short write if the disk filled part way);
 *            EFBIG, ENOSPC (nothing written), EIO.
 */
int
ext2_file_rw(struct ext2_fs *fs, struct inode *ip, uint64_t off, void *buf,
	size_t len, int write, size_t *done)
{
	return write ? file_write(fs, ip, off, buf, len, done)
		     : file_read(fs, ip, off, buf, len, done);
}

/*
 * ext2_file_setsize: grow (a hole) or shrink (freeing the blocks past the end)
 * ip to `size' bytes; stamps mtime and ctime, writes the inode.
 *   Locks: ip locked.  Returns: 0, EFBIG, EIO.
 */
int
ext2_file_setsize(struct ext2_fs *fs, struct inode *ip, uint64_t size)
{
	uint64_t old = inode_size(ip);
	int err = 0;

	if (size > max_size(fs))
		return EFBIG;
	if (size < old) {
		err = zero_tail(fs, ip, size);
		int e = ext2_bmap_free_from(fs, ip, (size + fs->bsize - 1) / fs->bsize);
		if (!err)
			err = e;
	} else if (size > old) {
		err = zero_tail(fs, ip, old);
		if (size > 0x7fffffffull)
			ext2_super_set_large_file(fs);
	}
	ext2_inode_set_size(ip, size);
	ext2_inode_touch(fs, ip, 1, 1);
	int e = ext2_inode_write(fs, ip);
	return err ? err : e;
}

/* Can `ip' (locked) be read or written as a file?  0, EISDIR, EINVAL. */
static int
file_kind_ok(const struct inode *ip)
{
	return inode_is_dir(ip) ? EISDIR : !inode_is_reg(ip) ? EINVAL : 0;
}

/* Get and lock a regular file for I/O with permission `want'. */
static int
file_open(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino, int want,
	  struct inode **ipp)
{
	struct inode *ip;
	int err;

	if ((want & 2) && fs->rdonly)
		return EROFS;
	if ((err = ext2_inode_get(fs, ino, &ip)))
		return err;
	ext2_inode_lock(ip);
	err = file_kind_ok(ip);
	if (!err)
		err = ext2_perm_check(cred, ip, want);
	if (err) {
		ext2_inode_unlock(ip);
		ext2_inode_put(fs, ip);
		return err;
	}
	*ipp = ip;
	return 0;
}

int
ext2_read(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
	  uint64_t off, void *buf, size_t len, size_t *done)
{
	struct inode *ip;
	int err = file_open(fs, cred, ino, 4, &ip);

	if (err)
		return err;
	err = ext2_file_rw(fs, ip, off, buf, len, 0, done);
	ext2_inode_unlock(ip);
	ext2_inode_put(fs, ip);
	return err;
}

int
ext2_write(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino,
	   uint64_t off, const void *buf, size_t len, size_t *done)
{
	struct inode *ip;
	int err = file_open(fs, cred, ino, 2, &ip);

	if (err)
		return err;
	err = ext2_file_rw(fs, ip, off, (void *)buf, len, 1, done);
	ext2_inode_unlock(ip);
	ext2_inode_put(fs, ip);
	return err;
}

int
ext2_read_held(struct ext2_fs *fs, struct inode *ip, uint64_t off, void *buf, size_t len,
	       size_t *done)
{
	ext2_inode_lock(ip);
	int err = file_kind_ok(ip);
	if (!err)
		err = file_read(fs, ip, off, buf, len, done);
	ext2_inode_unlock(ip);
	return err;
}

int
ext2_write_held(struct ext2_fs *fs, struct inode *ip, uint64_t off, const void *buf,
		size_t len, size_t *done)
{
	if (fs->rdonly)
		return EROFS;
	ext2_inode_lock(ip);
	int err = file_kind_ok(ip);
	if (!err)
		err = ext2_file_rw(fs, ip, off, (void *)buf, len, 1, done);
	ext2_inode_unlock(ip);
	return err;
}

int
ext2_truncate(struct ext2_fs *fs, const struct ext2_cred *cred, uint32_t ino, uint64_t size)
{
	struct inode *ip;
	int err = file_open(fs, cred, ino, 2, &ip);

	if (err)
		return err;
	err = ext2_file_setsize(fs, ip, size);
	ext2_inode_unlock(ip);
	ext2_inode_put(fs, ip);
	return err;
}

int
ext2_readlink(struct ext2_fs *fs, uint32_t ino, char *buf, size_t size, size_t *len)
{
	struct inode *ip;
	int err;

	if ((err = ext2_inode_get(fs, ino, &ip)))
		return err;
	ext2_inode_lock(ip);
	uint64_t n = inode_size(ip);
	if (!inode_is_lnk(ip)) {
		err = EINVAL;
	} else if (n >= fs->bsize) {
		err = EIO;			/* corrupt: no target is that long */
	} else if (!inode_has_blocks(fs, ip)) {
		if (n > EXT2_FAST_SYMLINK_MAX)
			err = EIO;
		else
			memcpy(buf, ip->di.i_block, n < size ? n : size);
	} else {
		uint32_t pblk;
		int fresh;
		struct buf *b;
		if (!(err = ext2_bmap(fs, ip, 0, 0, &pblk, &fresh))) {
			if (pblk == 0)
				err = EIO;
			else if (!(err = bcache_get(fs->bc, pblk, &b))) {
				memcpy(buf, b->data, n < size ? n : size);
				bcache_put(b);
			}
		}
	}
	ext2_inode_unlock(ip);
	ext2_inode_put(fs, ip);
	if (err)
		return err;
	if (n < size)
		buf[n] = 0;
	*len = (size_t)n;
	return 0;
}
