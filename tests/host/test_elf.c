/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host unit tests of the ELF reader (mach/lib/elf.c) against a program
 * the RISC-V toolchain linked with libmach/user.ld (test_elf_sample.S),
 * copies of it with one field made wrong, every truncation, and many
 * corruptions of its headers: each must be refused with the right reason,
 * or accepted only with every segment inside the file and the user half.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "lib/elf.h"

static unsigned char *
load(size_t *size)
{
	FILE *f = fopen(ELF_SAMPLE, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *buf = malloc((size_t)n);
	if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static void put16(unsigned char *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static void put32(unsigned char *p, uint32_t v) { put16(p, v); put16(p + 2, v >> 16); }
static void put64(unsigned char *p, uint64_t v) { put32(p, (uint32_t)v); put32(p + 4, v >> 32); }
static uint32_t get32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint64_t get64(const unsigned char *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

/* The program header of the n-th PT_LOAD segment (0-based). */
static unsigned char *
load_phdr(unsigned char *elf, int n)
{
	uint64_t phoff = get64(elf + 32);
	unsigned phnum = elf[56] | elf[57] << 8;

	for (unsigned i = 0; i < phnum; i++) {
		unsigned char *ph = elf + phoff + i * ELF_PHDR_SIZE;
		if (get32(ph) == ELF_PT_LOAD && n-- == 0)
			return ph;
	}
	return NULL;
}

/* An accepted image's segments all lie in the file and the user half. */
static int
segments_are_sane(const struct elf_image *img)
{
	unsigned i = 0;
	struct elf_segment s;
	enum elf_status st;

	while ((st = elf_next_load(img, &i, &s)) == ELF_OK) {
		if (s.filesz > s.memsz || s.offset + s.filesz > img->size ||
		    s.vaddr + s.memsz > ELF_USER_LIMIT || s.vaddr + s.memsz < s.vaddr ||
		    (const unsigned char *)s.data != img->buf + s.offset)
			return 0;
	}
	return st == ELF_END;
}

TEST(the_sample_program_is_accepted_with_its_three_segments)
{
	size_t size;
	unsigned char *elf = load(&size);
	struct elf_image img;
	struct elf_segment s;
	unsigned i = 0;

	CHECK(elf);
	CHECK(elf_check(&img, elf, size) == ELF_OK);
	CHECK(img.entry == 0x10000);
	CHECK((img.flags & 0x6) == 0x4);		/* EF_RISCV_FLOAT_ABI_DOUBLE */

	CHECK(elf_next_load(&img, &i, &s) == ELF_OK);
	CHECK(s.vaddr == 0x10000 && s.flags == (ELF_PF_R | ELF_PF_X));
	CHECK((get32(s.data) & 0xfff) == 0x517);	/* auipc a0: la a0, message */

	CHECK(elf_next_load(&img, &i, &s) == ELF_OK);
	CHECK(s.vaddr == 0x11000 && s.flags == ELF_PF_R);
	CHECK(s.filesz >= 6 && memcmp(s.data, "hello\n", 6) == 0);

	CHECK(elf_next_load(&img, &i, &s) == ELF_OK);
	CHECK(s.vaddr == 0x12000 && s.flags == (ELF_PF_R | ELF_PF_W));
	CHECK(s.filesz >= 8 && get64(s.data) == 42);
	CHECK(s.memsz >= s.filesz + 8192);		/* the bss is zero fill */

	CHECK(elf_next_load(&img, &i, &s) == ELF_END);
	free(elf);
	return 0;
}

/* Check the sample with one change made by `edit'; the status. */
static enum elf_status
check_edited(void (*edit)(unsigned char *elf, size_t *size))
{
	size_t size;
	unsigned char *elf = load(&size);
	struct elf_image img;

	if (!elf)
		return (enum elf_status)-1;
	edit(elf, &size);
	enum elf_status st = elf_check(&img, elf, size);
	free(elf);
	return st;
}

static void bad_magic(unsigned char *e, size_t *n) { (void)n; e[1] = 'e'; }
static void class32(unsigned char *e, size_t *n) { (void)n; e[4] = 1; }
static void big_endian(unsigned char *e, size_t *n) { (void)n; e[5] = 2; }
static void version0(unsigned char *e, size_t *n) { (void)n; put32(e + 20, 0); }
static void x86_64(unsigned char *e, size_t *n) { (void)n; put16(e + 18, 62); }
static void shared_object(unsigned char *e, size_t *n) { (void)n; put16(e + 16, 3); }
static void phentsize32(unsigned char *e, size_t *n) { (void)n; put16(e + 54, 32); }
static void phoff_past_end(unsigned char *e, size_t *n) { put64(e + 32, *n - 8); }
static void phoff_wraps(unsigned char *e, size_t *n) { (void)n; put64(e + 32, ~(uint64_t)0 - 16); }
static void phnum_xnum(unsigned char *e, size_t *n) { (void)n; put16(e + 56, 0xffff); }
static void phnum_too_many(unsigned char *e, size_t *n) { (void)n; put16(e + 56, 0x7fff); }
static void header_only(unsigned char *e, size_t *n) { (void)e; *n = 63; }

TEST(wrong_file_headers_are_refused_with_their_reason)
{
	CHECK(check_edited(bad_magic) == ELF_BAD_MAGIC);
	CHECK(check_edited(class32) == ELF_BAD_CLASS);
	CHECK(check_edited(big_endian) == ELF_BAD_ENDIAN);
	CHECK(check_edited(version0) == ELF_BAD_VERSION);
	CHECK(check_edited(x86_64) == ELF_BAD_MACHINE);
	CHECK(check_edited(shared_object) == ELF_BAD_TYPE);
	CHECK(check_edited(phentsize32) == ELF_BAD_PHDRS);
	CHECK(check_edited(phoff_past_end) == ELF_BAD_PHDRS);
	CHECK(check_edited(phoff_wraps) == ELF_BAD_PHDRS);
	CHECK(check_edited(phnum_xnum) == ELF_BAD_PHDRS);
	CHECK(check_edited(phnum_too_many) == ELF_BAD_PHDRS);
	CHECK(check_edited(header_only) == ELF_TRUNCATED);
	return 0;
}

static void filesz_over_memsz(unsigned char *e, size_t *n)
{
	(void)n;
	unsigned char *ph = load_phdr(e, 2);
	put64(ph + 32, get64(ph + 40) + 1);
}
static void data_past_end(unsigned char *e, size_t *n)
{
	unsigned char *ph = load_phdr(e, 1);
	put64(ph + 8, *n - 2);
}
static void offset_wraps(unsigned char *e, size_t *n)
{
	(void)n;
	unsigned char *ph = load_phdr(e, 1);
	put64(ph + 8, ~(uint64_t)0 - 0xfff);		/* keeps vaddr-offset page aligned */
}
static void vaddr_wraps(unsigned char *e, size_t *n)
{
	(void)n;
	unsigned char *ph = load_phdr(e, 2);
	put64(ph + 16, ~(uint64_t)0 - 0xfff);
}
static void past_user_half(unsigned char *e, size_t *n)
{
	(void)n;
	unsigned char *ph = load_phdr(e, 2);
	put64(ph + 16, ELF_USER_LIMIT - 0x1000);	/* memsz > 4 KiB: ends past 2^38 */
}
static void misaligned(unsigned char *e, size_t *n)
{
	(void)n;
	unsigned char *ph = load_phdr(e, 1);
	put64(ph + 16, get64(ph + 16) + 4);
}
static void align_not_power_of_two(unsigned char *e, size_t *n)
{
	(void)n;
	put64(load_phdr(e, 1) + 48, 0x3000);
}
static void overlapping(unsigned char *e, size_t *n)
{
	(void)n;
	put64(load_phdr(e, 1) + 16, 0x10000);		/* rodata onto text */
}
static void interpreter(unsigned char *e, size_t *n)
{
	(void)n;
	uint64_t phoff = get64(e + 32);
	unsigned phnum = e[56] | e[57] << 8;
	for (unsigned i = 0; i < phnum; i++) {
		unsigned char *ph = e + phoff + i * ELF_PHDR_SIZE;
		if (get32(ph) != ELF_PT_LOAD) {
			put32(ph, ELF_PT_INTERP);
			return;
		}
	}
}
static void no_loads(unsigned char *e, size_t *n)
{
	(void)n;
	unsigned char *ph;
	while ((ph = load_phdr(e, 0)) != NULL)
		put32(ph, 0);				/* PT_NULL */
}
static void entry_in_rodata(unsigned char *e, size_t *n) { (void)n; put64(e + 24, 0x11000); }
static void entry_nowhere(unsigned char *e, size_t *n) { (void)n; put64(e + 24, 0x4000000); }

TEST(wrong_segments_are_refused_with_their_reason)
{
	CHECK(check_edited(filesz_over_memsz) == ELF_BAD_SEGMENT);
	CHECK(check_edited(data_past_end) == ELF_BAD_SEGMENT);
	CHECK(check_edited(offset_wraps) == ELF_BAD_SEGMENT);
	CHECK(check_edited(vaddr_wraps) == ELF_BAD_SEGMENT);
	CHECK(check_edited(past_user_half) == ELF_BAD_SEGMENT);
	CHECK(check_edited(misaligned) == ELF_BAD_SEGMENT);
	CHECK(check_edited(align_not_power_of_two) == ELF_BAD_SEGMENT);
	CHECK(check_edited(overlapping) == ELF_BAD_SEGMENT);
	CHECK(check_edited(interpreter) == ELF_NOT_STATIC);
	CHECK(check_edited(no_loads) == ELF_NO_SEGMENTS);
	CHECK(check_edited(entry_in_rodata) == ELF_BAD_ENTRY);
	CHECK(check_edited(entry_nowhere) == ELF_BAD_ENTRY);
	return 0;
}

TEST(every_truncation_is_refused_or_keeps_segments_inside)
{
	size_t size;
	unsigned char *elf = load(&size);
	struct elf_image img;
	size_t accepted = 0;

	CHECK(elf);
	for (size_t len = 0; len <= size; len++) {
		unsigned char *t = malloc(len ? len : 1);
		memcpy(t, elf, len);
		if (elf_check(&img, t, len) == ELF_OK) {
			CHECK(segments_are_sane(&img));
			accepted++;
		} else {
			CHECK(len < size);
		}
		free(t);
	}
	/* Cutting off the section headers and symbols keeps it loadable. */
	CHECK(accepted > 0);
	free(elf);
	return 0;
}

TEST(every_header_byte_corruption_is_refused_or_harmless)
{
	size_t size;
	unsigned char *elf = load(&size);
	struct elf_image img;
	const unsigned char values[] = { 0x00, 0x01, 0x03, 0x7f, 0x80, 0xff };
	size_t tried = 0;

	CHECK(elf);
	size_t end = get64(elf + 32) + (size_t)(elf[56] | elf[57] << 8) * ELF_PHDR_SIZE;
	CHECK(end <= size);
	unsigned char *t = malloc(size);
	for (size_t i = 0; i < end; i++) {
		for (size_t v = 0; v < sizeof(values); v++) {
			memcpy(t, elf, size);
			t[i] = values[v];
			if (elf_check(&img, t, size) == ELF_OK)
				CHECK(segments_are_sane(&img));
			tried++;
		}
	}
	CHECK(tried > 1000);
	free(t);
	free(elf);
	return 0;
}

TEST(next_load_of_an_unchecked_image_stays_inside_the_file)
{
	unsigned char buf[ELF_EHDR_SIZE + ELF_PHDR_SIZE];
	struct elf_image img = { .buf = buf, .size = sizeof(buf), .phoff = ELF_EHDR_SIZE, .phnum = 1 };
	struct elf_segment s;
	unsigned i = 0;

	memset(buf, 0, sizeof(buf));
	unsigned char *ph = buf + ELF_EHDR_SIZE;
	put32(ph, ELF_PT_LOAD);
	put64(ph + 8, 16);
	put64(ph + 32, 4096);			/* filesz beyond the buffer */
	put64(ph + 40, 4096);
	CHECK(elf_next_load(&img, &i, &s) == ELF_BAD_SEGMENT);
	return 0;
}

TEST(every_status_has_a_sentence)
{
	for (int s = ELF_OK; s <= ELF_BAD_ENTRY; s++)
		CHECK(strcmp(elf_strerror((enum elf_status)s), "unknown ELF status") != 0);
	CHECK(strcmp(elf_strerror((enum elf_status)99), "unknown ELF status") == 0);
	return 0;
}

TEST(load_extent_is_the_end_of_the_last_segment_s_bytes_not_of_the_file)
{
	size_t size;
	unsigned char *elf = load(&size);
	uint64_t extent = 0, want = 0;
	struct elf_image img;

	CHECK(elf);
	for (int n = 0; load_phdr(elf, n); n++) {
		const unsigned char *ph = load_phdr(elf, n);
		if (get64(ph + 8) + get64(ph + 32) > want)
			want = get64(ph + 8) + get64(ph + 32);
	}
	CHECK(elf_load_extent(elf, size, &extent) == ELF_OK && extent == want);
	CHECK(extent < size);				/* the symbols are past it */
	/* The first bytes through the program headers are enough to ask. */
	uint64_t ph_end = get64(elf + 32) + (uint64_t)(elf[56] | elf[57] << 8) * ELF_PHDR_SIZE;
	CHECK(elf_load_extent(elf, (size_t)ph_end, &extent) == ELF_OK && extent == want);
	/* Those bytes alone make an image elf_check accepts. */
	CHECK(elf_check(&img, elf, (size_t)want) == ELF_OK && segments_are_sane(&img));
	free(elf);
	return 0;
}

TEST(load_extent_asks_for_program_headers_past_what_was_read)
{
	size_t size;
	unsigned char *elf = load(&size);
	uint64_t extent = 0;

	CHECK(elf);
	uint64_t ph_end = get64(elf + 32) + (uint64_t)(elf[56] | elf[57] << 8) * ELF_PHDR_SIZE;
	CHECK(elf_load_extent(elf, (size_t)ph_end - 1, &extent) == ELF_TRUNCATED &&
	      extent == ph_end);
	CHECK(elf_load_extent(elf, 63, &extent) == ELF_TRUNCATED && extent == ELF_EHDR_SIZE);
	put64(elf + 32, ~(uint64_t)0 - 16);		/* program headers that wrap */
	CHECK(elf_load_extent(elf, size, &extent) == ELF_OK && extent == UINT64_MAX);
	free(elf);
	elf = load(&size);
	put64(load_phdr(elf, 0) + 32, ~(uint64_t)0);	/* a segment's end that wraps */
	CHECK(elf_load_extent(elf, size, &extent) == ELF_OK && extent == UINT64_MAX);
	elf[1] = 'e';
	CHECK(elf_load_extent(elf, size, &extent) == ELF_BAD_MAGIC);
	free(elf);
	return 0;
}
