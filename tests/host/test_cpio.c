/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host unit tests of the cpio newc reader (mach/lib/cpio.c) against
 * archives the real cpio tool wrote (test_cpio_samples.cmake), archives
 * built here byte by byte, and every truncation and many corruptions of
 * them: each must give an entry inside the buffer or an error, never a
 * read outside it (ASan checks).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "lib/cpio.h"

/* The contents test_cpio_samples.cmake gave the files. */
static const char hello[] = "hello, world\n";

static void *
load(const char *name, size_t *size)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", CPIO_SAMPLES_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	void *buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

/* A copy of exactly `size' bytes, so that ASan sees a read past its end. */
static void *
exact_copy(const void *src, size_t size)
{
	void *p = malloc(size ? size : 1);
	memcpy(p, src, size);
	return p;
}

/* Append one newc entry to buf at *off (the buffer is big enough). */
static void
put_entry(char *buf, size_t *off, const char *magic, const char *name, const char *data,
	  size_t size, unsigned mode)
{
	size_t namesize = strlen(name) + 1;
	char *h = buf + *off;

	sprintf(h, "%s%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", magic,
		1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
	*off += CPIO_HEADER_SIZE;
	memcpy(buf + *off, name, namesize);
	*off += namesize;
	while (*off % 4)
		buf[(*off)++] = 0;
	memcpy(buf + *off, data, size);
	*off += size;
	while (*off % 4)
		buf[(*off)++] = 0;
}

/* Walk the whole archive; every entry must lie inside it.  The status that
 * ended the walk. */
static enum cpio_status
walk(const void *a, size_t size, int *entries)
{
	size_t off = 0;
	struct cpio_entry e;
	enum cpio_status st;

	*entries = 0;
	while ((st = cpio_next(a, size, &off, &e)) == CPIO_OK) {
		const char *lo = a, *hi = (const char *)a + size;
		if (e.name < lo || e.name + e.namelen >= hi || (const char *)e.data < lo ||
		    e.size > (size_t)(hi - (const char *)e.data) || off > size)
			return (enum cpio_status)-1;
		(*entries)++;
	}
	return st;
}

TEST(plain_archive_lists_its_files_in_order_then_ends)
{
	size_t size, off = 0;
	char *a = load("plain.cpio", &size);
	const char *names[] = { "hello.txt", "empty", "odd3", "odd5", "big" };
	struct cpio_entry e;

	CHECK(a);
	for (int i = 0; i < 5; i++) {
		CHECK(cpio_next(a, size, &off, &e) == CPIO_OK);
		CHECK(strcmp(e.name, names[i]) == 0);
		CHECK(e.namelen == strlen(names[i]));
		CHECK((e.mode & 0170000) == 0100000);	/* regular files */
		CHECK(off % 4 == 0);
	}
	CHECK(cpio_next(a, size, &off, &e) == CPIO_END);
	CHECK(cpio_next(a, size, &off, &e) == CPIO_END);	/* and stays there */
	free(a);
	return 0;
}

TEST(find_returns_each_file_with_its_contents)
{
	size_t size, n;
	char *a = load("plain.cpio", &size);
	const void *d;

	CHECK(a);
	CHECK(cpio_find(a, size, "hello.txt", &d, &n) == CPIO_OK);
	CHECK(n == strlen(hello) && memcmp(d, hello, n) == 0);
	CHECK(cpio_find(a, size, "empty", &d, &n) == CPIO_OK && n == 0);
	CHECK(cpio_find(a, size, "odd3", &d, &n) == CPIO_OK && n == 3 && memcmp(d, "abc", 3) == 0);
	CHECK(cpio_find(a, size, "odd5", &d, &n) == CPIO_OK && n == 5 && memcmp(d, "abcde", 5) == 0);
	CHECK(cpio_find(a, size, "big", &d, &n) == CPIO_OK && n == 4099);
	for (size_t i = 0; i < n; i++)
		CHECK(((const char *)d)[i] == 'a' + (int)(i % 26));
	free(a);
	return 0;
}

TEST(find_reports_a_missing_name_as_not_found)
{
	size_t size, n;
	char *a = load("plain.cpio", &size);
	const void *d;

	CHECK(a);
	CHECK(cpio_find(a, size, "missing", &d, &n) == CPIO_NOT_FOUND);
	CHECK(cpio_find(a, size, "hello", &d, &n) == CPIO_NOT_FOUND);	/* no prefix match */
	CHECK(cpio_find(a, size, "TRAILER!!!", &d, &n) == CPIO_NOT_FOUND);
	free(a);
	return 0;
}

TEST(names_with_directories_are_matched_whole)
{
	size_t size, n, off = 0;
	char *a = load("nested.cpio", &size);
	const void *d;
	struct cpio_entry e;

	CHECK(a);
	CHECK(cpio_next(a, size, &off, &e) == CPIO_OK);
	CHECK(strcmp(e.name, "sub") == 0 && (e.mode & 0170000) == 0040000 && e.size == 0);
	CHECK(cpio_find(a, size, "sub/inner", &d, &n) == CPIO_OK);
	CHECK(n == 11 && memcmp(d, "inner file\n", 11) == 0);
	CHECK(cpio_find(a, size, "inner", &d, &n) == CPIO_NOT_FOUND);
	free(a);
	return 0;
}

TEST(crc_variant_070702_is_read)
{
	size_t size, n;
	char *a = load("crc.cpio", &size);
	const void *d;

	CHECK(a);
	CHECK(memcmp(a, "070702", 6) == 0);
	CHECK(cpio_find(a, size, "hello.txt", &d, &n) == CPIO_OK);
	CHECK(n == strlen(hello) && memcmp(d, hello, n) == 0);
	free(a);
	return 0;
}

TEST(a_dot_slash_prefix_in_the_archive_still_matches)
{
	char buf[512];
	size_t off = 0;
	const void *d;
	size_t n;

	put_entry(buf, &off, "070701", "./init", "xyz", 3, 0100755);
	put_entry(buf, &off, "070701", "TRAILER!!!", "", 0, 0);
	char *a = exact_copy(buf, off);
	CHECK(cpio_find(a, off, "init", &d, &n) == CPIO_OK && n == 3);
	CHECK(cpio_find(a, off, "./init", &d, &n) == CPIO_NOT_FOUND);
	free(a);
	return 0;
}

TEST(an_archive_ending_after_an_entry_without_trailer_just_ends)
{
	char buf[512];
	size_t off = 0, pos = 0;
	struct cpio_entry e;

	put_entry(buf, &off, "070701", "a", "1234", 4, 0100644);
	char *a = exact_copy(buf, off);
	CHECK(cpio_next(a, off, &pos, &e) == CPIO_OK);
	CHECK(pos == off);
	CHECK(cpio_next(a, off, &pos, &e) == CPIO_END);
	free(a);
	return 0;
}

TEST(entries_after_the_trailer_are_not_read)
{
	char buf[512];
	size_t off = 0;
	const void *d;
	size_t n;
	int entries;

	put_entry(buf, &off, "070701", "TRAILER!!!", "", 0, 0);
	put_entry(buf, &off, "070701", "hidden", "x", 1, 0100644);
	char *a = exact_copy(buf, off);
	CHECK(walk(a, off, &entries) == CPIO_END && entries == 0);
	CHECK(cpio_find(a, off, "hidden", &d, &n) == CPIO_NOT_FOUND);
	free(a);
	return 0;
}

TEST(bad_magic_is_reported)
{
	size_t size, off = 0;
	char *a = load("plain.cpio", &size);
	struct cpio_entry e;

	CHECK(a);
	a[5] = '7';		/* 070707 is the old binary-ish odc format */
	CHECK(cpio_next(a, size, &off, &e) == CPIO_BAD_MAGIC);
	CHECK(off == 0);
	free(a);
	return 0;
}

TEST(a_non_hex_header_field_is_reported)
{
	size_t size, off = 0;
	char *a = load("plain.cpio", &size);
	struct cpio_entry e;

	CHECK(a);
	a[6 + 8 * 12 + 3] = 'g';	/* in c_check, a field the reader does not use */
	CHECK(cpio_next(a, size, &off, &e) == CPIO_BAD_FIELD);
	free(a);
	return 0;
}

TEST(name_size_zero_or_an_unterminated_name_is_reported)
{
	char buf[512];
	size_t off = 0, pos = 0;
	struct cpio_entry e;

	put_entry(buf, &off, "070701", "name", "data", 4, 0100644);
	char *a = exact_copy(buf, off);
	memcpy(a + 6 + 8 * 11, "00000000", 8);		/* namesize 0 */
	CHECK(cpio_next(a, off, &pos, &e) == CPIO_BAD_NAME);
	memcpy(a + 6 + 8 * 11, "00000003", 8);		/* "nam" without its NUL */
	CHECK(cpio_next(a, off, &pos, &e) == CPIO_BAD_NAME);
	memcpy(a + 6 + 8 * 11, "00000005", 8);
	a[CPIO_HEADER_SIZE + 1] = '\0';			/* a NUL inside the name */
	CHECK(cpio_next(a, off, &pos, &e) == CPIO_BAD_NAME);
	CHECK(pos == 0);
	free(a);
	return 0;
}

TEST(huge_sizes_are_truncation_not_overflow)
{
	char buf[512];
	size_t off = 0, pos = 0;
	struct cpio_entry e;

	put_entry(buf, &off, "070701", "name", "data", 4, 0100644);
	char *a = exact_copy(buf, off);
	memcpy(a + 6 + 8 * 6, "FFFFFFFF", 8);		/* filesize */
	CHECK(cpio_next(a, off, &pos, &e) == CPIO_TRUNCATED);
	memcpy(a + 6 + 8 * 6, "00000004", 8);
	memcpy(a + 6 + 8 * 11, "FFFFFFFF", 8);		/* namesize */
	CHECK(cpio_next(a, off, &pos, &e) == CPIO_TRUNCATED);
	memcpy(a + 6 + 8 * 11, "00000005", 8);
	CHECK(cpio_next(a, off, &pos, &e) == CPIO_OK);
	pos = (size_t)-8;				/* an offset beyond the end */
	CHECK(cpio_next(a, off, &pos, &e) == CPIO_TRUNCATED);
	free(a);
	return 0;
}

TEST(every_truncation_gives_entries_inside_the_buffer_or_an_error)
{
	size_t size;
	char *a = load("plain.cpio", &size);
	int entries;

	CHECK(a);
	for (size_t len = 0; len <= size; len++) {
		char *t = exact_copy(a, len);
		enum cpio_status st = walk(t, len, &entries);
		CHECK(st == CPIO_END || st == CPIO_TRUNCATED);
		/* Cut inside the entries, it must not claim to have seen them all. */
		if (len < 110)
			CHECK(st == CPIO_END ? len == 0 : entries == 0);
		free(t);
	}
	free(a);
	return 0;
}

TEST(every_single_byte_corruption_is_caught_or_harmless)
{
	size_t size;
	char *a = load("plain.cpio", &size);
	const unsigned char values[] = { '0', '7', 'F', 'g', '\0', 0xff, '/' };
	int entries;
	size_t tried = 0;

	CHECK(a);
	/* Every byte up to the trailer's end (after it are zeros cpio pads with). */
	for (size_t i = 0; i < size && i < 4096 + 1024; i++) {
		for (size_t v = 0; v < sizeof(values); v++) {
			char *t = exact_copy(a, size);
			t[i] = (char)values[v];
			enum cpio_status st = walk(t, size, &entries);
			CHECK(st != (enum cpio_status)-1);
			CHECK(st != CPIO_OK && st != CPIO_NOT_FOUND);
			const void *d;
			size_t n;
			st = cpio_find(t, size, "big", &d, &n);
			if (st == CPIO_OK)
				CHECK((const char *)d >= t && n <= size - (size_t)((const char *)d - t));
			free(t);
			tried++;
		}
	}
	CHECK(tried > 30000);
	free(a);
	return 0;
}

TEST(every_status_has_a_sentence)
{
	for (int s = CPIO_OK; s <= CPIO_BAD_NAME; s++)
		CHECK(strcmp(cpio_strerror((enum cpio_status)s), "unknown cpio status") != 0);
	CHECK(strcmp(cpio_strerror((enum cpio_status)99), "unknown cpio status") == 0);
	return 0;
}
