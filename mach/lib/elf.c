/* SPDX-License-Identifier: BSD-2-Clause */
/* The ELF64 RISC-V executable reader (see lib/elf.h). */
#include "lib/elf.h"
#include "lib/string.h"

#define ELF_ET_EXEC	2

/* Little-endian fields at any alignment. */
static uint16_t
le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

/* Decode program header i (its bytes are known to be inside the file). */
static void
read_phdr(const struct elf_image *img, unsigned i, uint32_t *type, struct elf_segment *seg,
	  uint64_t *align)
{
	const uint8_t *ph = img->buf + img->phoff + (uint64_t)i * ELF_PHDR_SIZE;

	*type = le32(ph + 0);
	seg->flags = le32(ph + 4);
	seg->offset = le64(ph + 8);
	seg->vaddr = le64(ph + 16);
	seg->filesz = le64(ph + 32);
	seg->memsz = le64(ph + 40);
	*align = le64(ph + 48);
	seg->data = NULL;
}

/*
 * check_segment: one PT_LOAD segment fits the file and the user half.
 *   Returns: ELF_OK, or ELF_BAD_SEGMENT.
 */
static enum elf_status
check_segment(const struct elf_image *img, const struct elf_segment *seg, uint64_t align)
{
	if (seg->filesz > seg->memsz)
		return ELF_BAD_SEGMENT;
	if (seg->offset > img->size || seg->filesz > img->size - seg->offset)
		return ELF_BAD_SEGMENT;
	if (seg->vaddr >= ELF_USER_LIMIT || seg->memsz > ELF_USER_LIMIT - seg->vaddr)
		return ELF_BAD_SEGMENT;
	if (align > 1) {
		if ((align & (align - 1)) != 0)
			return ELF_BAD_SEGMENT;
		if (((seg->vaddr - seg->offset) & (align - 1)) != 0)
			return ELF_BAD_SEGMENT;
	}
	return ELF_OK;
}

enum elf_status
elf_load_extent(const void *buf, size_t len, uint64_t *extent)
{
	const uint8_t *e = buf;

	if (len < ELF_EHDR_SIZE) {
		*extent = ELF_EHDR_SIZE;
		return ELF_TRUNCATED;
	}
	if (memcmp(e, "\177ELF", 4) != 0)
		return ELF_BAD_MAGIC;
	if (le16(e + 54) != ELF_PHDR_SIZE)
		return ELF_BAD_PHDRS;
	uint64_t phoff = le64(e + 32);
	uint64_t ph_bytes = (uint64_t)le16(e + 56) * ELF_PHDR_SIZE;
	if (phoff > UINT64_MAX - ph_bytes) {
		*extent = UINT64_MAX;
		return ELF_OK;		/* elf_check refuses it */
	}
	uint64_t ph_end = phoff + ph_bytes, end = ph_end;
	if (ph_end > len) {
		*extent = ph_end;
		return ELF_TRUNCATED;
	}
	for (uint64_t ph = phoff; ph < ph_end; ph += ELF_PHDR_SIZE) {
		if (le32(e + ph) != ELF_PT_LOAD)
			continue;
		uint64_t offset = le64(e + ph + 8), filesz = le64(e + ph + 32);
		uint64_t seg_end = offset > UINT64_MAX - filesz ? UINT64_MAX : offset + filesz;
		if (seg_end > end)
			end = seg_end;
	}
	*extent = end > ELF_EHDR_SIZE ? end : ELF_EHDR_SIZE;
	return ELF_OK;
}

enum elf_status
elf_check(struct elf_image *img, const void *buf, size_t size)
{
	const uint8_t *e = buf;

	if (size < ELF_EHDR_SIZE)
		return ELF_TRUNCATED;
	if (memcmp(e, "\177ELF", 4) != 0)
		return ELF_BAD_MAGIC;
	if (e[4] != 2)
		return ELF_BAD_CLASS;
	if (e[5] != 1)
		return ELF_BAD_ENDIAN;
	if (e[6] != 1 || le32(e + 20) != 1)
		return ELF_BAD_VERSION;
	if (le16(e + 18) != ELF_EM_RISCV)
		return ELF_BAD_MACHINE;
	if (le16(e + 16) != ELF_ET_EXEC)
		return ELF_BAD_TYPE;

	img->buf = e;
	img->size = size;
	img->entry = le64(e + 24);
	img->phoff = le64(e + 32);
	img->flags = le32(e + 48);
	img->phnum = le16(e + 56);
	if (le16(e + 52) != ELF_EHDR_SIZE || le16(e + 54) != ELF_PHDR_SIZE)
		return ELF_BAD_PHDRS;
	/* 0xffff means "more than fit here", which static programs never need. */
	if (img->phnum == 0xffff)
		return ELF_BAD_PHDRS;
	uint64_t ph_bytes = (uint64_t)img->phnum * ELF_PHDR_SIZE;
	if (img->phoff > size || ph_bytes > size - img->phoff)
		return ELF_BAD_PHDRS;

	/* Every segment, before the loader sees any: check, then commit. */
	unsigned nload = 0;
	int entry_ok = 0;
	uint64_t prev_end = 0;
	for (unsigned i = 0; i < img->phnum; i++) {
		struct elf_segment seg;
		uint32_t type;
		uint64_t align;
		enum elf_status st;

		read_phdr(img, i, &type, &seg, &align);
		if (type == ELF_PT_INTERP || type == ELF_PT_DYNAMIC)
			return ELF_NOT_STATIC;
		if (type != ELF_PT_LOAD)
			continue;
		if ((st = check_segment(img, &seg, align)) != ELF_OK)
			return st;
		/* PT_LOAD entries are sorted by address (ELF's rule) and may
		 * not overlap, so that each byte has one source. */
		if (nload > 0 && seg.vaddr < prev_end)
			return ELF_BAD_SEGMENT;
		prev_end = seg.vaddr + seg.memsz;
		nload++;
		if ((seg.flags & ELF_PF_X) && img->entry >= seg.vaddr &&
		    img->entry - seg.vaddr < seg.memsz)
			entry_ok = 1;
	}
	if (nload == 0)
		return ELF_NO_SEGMENTS;
	if (!entry_ok)
		return ELF_BAD_ENTRY;
	return ELF_OK;
}

enum elf_status
elf_next_load(const struct elf_image *img, unsigned *index, struct elf_segment *seg)
{
	for (unsigned i = *index; i < img->phnum; i++) {
		uint32_t type;
		uint64_t align;

		read_phdr(img, i, &type, seg, &align);
		if (type != ELF_PT_LOAD)
			continue;
		/* Checked by elf_check already; checked again so that an image
		 * not from elf_check cannot lead the loader outside the file. */
		if (check_segment(img, seg, align) != ELF_OK)
			return ELF_BAD_SEGMENT;
		seg->data = img->buf + seg->offset;
		*index = i + 1;
		return ELF_OK;
	}
	return ELF_END;
}

const char *
elf_strerror(enum elf_status status)
{
	switch (status) {
	case ELF_OK:		return "ok";
	case ELF_END:		return "no more loadable segments";
	case ELF_TRUNCATED:	return "file shorter than an ELF header";
	case ELF_BAD_MAGIC:	return "not an ELF file";
	case ELF_BAD_CLASS:	return "not a 64-bit ELF file";
	case ELF_BAD_ENDIAN:	return "not a little-endian ELF file";
	case ELF_BAD_VERSION:	return "unknown ELF version";
	case ELF_BAD_MACHINE:	return "not a RISC-V executable";
	case ELF_BAD_TYPE:	return "not an executable (ET_EXEC)";
	case ELF_BAD_PHDRS:	return "program headers malformed or outside the file";
	case ELF_NOT_STATIC:	return "needs a dynamic linker (PT_INTERP or PT_DYNAMIC)";
	case ELF_BAD_SEGMENT:	return "a loadable segment is outside the file or the user address space";
	case ELF_NO_SEGMENTS:	return "no loadable segment";
	case ELF_BAD_ENTRY:	return "entry point outside the executable segments";
	}
	return "unknown ELF status";
}
