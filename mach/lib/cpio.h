/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A reader for cpio "newc" archives (the boot archive QEMU loads with
 * -initrd): 110-byte headers of ASCII-hex fields with magic 070701 (or
 * 070702, whose checksum is not verified), the name padded to 4 bytes, the
 * data padded to 4 bytes, and a last entry named TRAILER!!!.  Every field
 * is checked against the archive's bounds, so a corrupt archive gives an
 * error, never a read outside it.  Pure code: it is unit-tested on the host.
 */
#ifndef _LIB_CPIO_H_
#define _LIB_CPIO_H_
#include <stddef.h>
#include <stdint.h>

#define CPIO_HEADER_SIZE	110

/* What the reader says about an archive. */
enum cpio_status {
	CPIO_OK = 0,		/* an entry was read */
	CPIO_END,		/* the trailer was reached: no more entries */
	CPIO_NOT_FOUND,		/* cpio_find: no entry of that name */
	CPIO_TRUNCATED,		/* a header, name or data runs past the end */
	CPIO_BAD_MAGIC,		/* an entry does not start with 070701/070702 */
	CPIO_BAD_FIELD,		/* a header field is not 8 hex digits */
	CPIO_BAD_NAME,		/* name size 0, or the name is not terminated */
};

/* One entry, pointing into the archive. */
struct cpio_entry {
	const char	*name;		/* as stored, NUL-terminated */
	size_t		namelen;	/* without the NUL */
	const void	*data;
	size_t		size;
	uint32_t	mode;		/* type and permission bits, as in stat */
};

/*
 * cpio_next: read the entry at *offset (start with 0) of the archive
 * `archive' of `size' bytes.
 *   Returns: CPIO_OK with *entry filled and *offset moved to the next
 *            entry; CPIO_END at the trailer (*offset unchanged; also when
 *            the archive ends exactly at an entry boundary without one);
 *            or an error (CPIO_TRUNCATED, _BAD_MAGIC, _BAD_FIELD,
 *            _BAD_NAME), with *offset unchanged.
 */
enum cpio_status cpio_next(const void *archive, size_t size, size_t *offset,
			   struct cpio_entry *entry);

/*
 * cpio_find: the data of the entry named `name'.  An entry stored as
 * "./name" matches too (what `find . | cpio -o' writes).  The first match
 * wins.
 *   Returns: CPIO_OK with *data and *datasize set; CPIO_NOT_FOUND when the
 *            trailer came first; or the error that stopped the walk.
 */
enum cpio_status cpio_find(const void *archive, size_t size, const char *name,
			   const void **data, size_t *datasize);

/* cpio_strerror: a constant sentence for a status, for messages. */
const char *cpio_strerror(enum cpio_status status);

#endif /* _LIB_CPIO_H_ */
