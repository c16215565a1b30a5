/* SPDX-License-Identifier: BSD-2-Clause */
/* The cpio "newc" reader (see lib/cpio.h). */
#include "lib/cpio.h"
#include "lib/string.h"

#define CPIO_FIELD_LEN	8
#define CPIO_TRAILER	"TRAILER!!!"

/* Offsets of the fields used, after the 6-byte magic. */
#define F_MODE		(6 + 1 * CPIO_FIELD_LEN)
#define F_FILESIZE	(6 + 6 * CPIO_FIELD_LEN)
#define F_NAMESIZE	(6 + 11 * CPIO_FIELD_LEN)

/*
 * hex_field: the 8 hex digits at p as a number.
 *   Returns: 0 and *value, or -1 if a character is not a hex digit.
 */
static int
hex_field(const char *p, uint32_t *value)
{
	uint32_t v = 0;

	for (int i = 0; i < CPIO_FIELD_LEN; i++) {
		char c = p[i];
		uint32_t d;

		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return -1;
		v = (v << 4) | d;
	}
	*value = v;
	return 0;
}

/* align4: n rounded up to a multiple of 4, or 0 if that overflows. */
static size_t
align4(size_t n)
{
	if (n > (size_t)-1 - 3)
		return 0;
	return (n + 3) & ~(size_t)3;
}

enum cpio_status
cpio_next(const void *archive, size_t size, size_t *offset, struct cpio_entry *entry)
{
	const char *base = archive;
	size_t off = *offset;
	uint32_t mode, filesize, namesize;

	/* An archive may end right after an entry without a trailer. */
	if (off == size)
		return CPIO_END;
	if (off > size || size - off < CPIO_HEADER_SIZE)
		return CPIO_TRUNCATED;
	const char *h = base + off;
	if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
		return CPIO_BAD_MAGIC;
	/* Every field must be hex, even those not used: a header that is
	 * partly garbage is not trusted for the rest. */
	for (size_t f = 6; f < CPIO_HEADER_SIZE; f += CPIO_FIELD_LEN) {
		uint32_t ignored;
		if (hex_field(h + f, &ignored) < 0)
			return CPIO_BAD_FIELD;
	}
	hex_field(h + F_MODE, &mode);
	hex_field(h + F_FILESIZE, &filesize);
	hex_field(h + F_NAMESIZE, &namesize);

	/* The name: namesize bytes including its NUL, right after the header. */
	size_t name_off = off + CPIO_HEADER_SIZE;
	if (namesize == 0)
		return CPIO_BAD_NAME;
	if (namesize > size - name_off)
		return CPIO_TRUNCATED;
	const char *name = base + name_off;
	if (name[namesize - 1] != '\0' || strnlen(name, namesize) != namesize - 1)
		return CPIO_BAD_NAME;

	if (strcmp(name, CPIO_TRAILER) == 0)
		return CPIO_END;
	/* The data starts at the next multiple of 4 from the archive's start. */
	size_t data_off = align4(name_off + namesize);
	if (data_off == 0 || data_off > size)
		return CPIO_TRUNCATED;
	if (filesize > size - data_off)
		return CPIO_TRUNCATED;
	size_t next = align4(data_off + filesize);
	/* The last entry's padding may be missing; never step past the end. */
	if (next == 0 || next > size)
		next = size;

	entry->name = name;
	entry->namelen = namesize - 1;
	entry->data = base + data_off;
	entry->size = filesize;
	entry->mode = mode;
	*offset = next;
	return CPIO_OK;
}

/* name_matches: the stored name is `name', or "./" followed by it. */
static int
name_matches(const struct cpio_entry *e, const char *name)
{
	const char *stored = e->name;

	if (stored[0] == '.' && stored[1] == '/')
		stored += 2;
	return strcmp(stored, name) == 0;
}

enum cpio_status
cpio_find(const void *archive, size_t size, const char *name, const void **data,
	  size_t *datasize)
{
	size_t off = 0;
	struct cpio_entry e;
	enum cpio_status st;

	while ((st = cpio_next(archive, size, &off, &e)) == CPIO_OK) {
		if (name_matches(&e, name)) {
			*data = e.data;
			*datasize = e.size;
			return CPIO_OK;
		}
	}
	return st == CPIO_END ? CPIO_NOT_FOUND : st;
}

const char *
cpio_strerror(enum cpio_status status)
{
	switch (status) {
	case CPIO_OK:		return "ok";
	case CPIO_END:		return "end of archive";
	case CPIO_NOT_FOUND:	return "no such file in the archive";
	case CPIO_TRUNCATED:	return "archive truncated: an entry runs past its end";
	case CPIO_BAD_MAGIC:	return "not a cpio newc entry (bad magic)";
	case CPIO_BAD_FIELD:	return "cpio header field is not hexadecimal";
	case CPIO_BAD_NAME:	return "cpio entry name is empty or not terminated";
	}
	return "unknown cpio status";
}
