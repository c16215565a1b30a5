/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A reader for the ELF64 RISC-V executables the kernel starts from the
 * boot archive: it checks the file header and every program header against
 * the file's bounds and the user address space before the loader touches
 * anything, then iterates over the PT_LOAD segments.  Static executables
 * only (no interpreter).  Pure code: it is unit-tested on the host.
 */
#ifndef _LIB_ELF_H_
#define _LIB_ELF_H_
#include <stddef.h>
#include <stdint.h>

#define ELF_EM_RISCV		243
#define ELF_EHDR_SIZE		64	/* Elf64_Ehdr */
#define ELF_PHDR_SIZE		56	/* Elf64_Phdr */

/* Segments must end at or below this: the user half of Sv39. */
#define ELF_USER_LIMIT		((uint64_t)1 << 38)

/* Program header types and segment flags used. */
#define ELF_PT_LOAD		1
#define ELF_PT_DYNAMIC		2
#define ELF_PT_INTERP		3
#define ELF_PF_X		0x1
#define ELF_PF_W		0x2
#define ELF_PF_R		0x4

/* What the reader says about an executable. */
enum elf_status {
	ELF_OK = 0,
	ELF_END,		/* elf_next_load: no more PT_LOAD segments */
	ELF_TRUNCATED,		/* the file is shorter than its headers */
	ELF_BAD_MAGIC,		/* not \x7fELF */
	ELF_BAD_CLASS,		/* not ELFCLASS64 */
	ELF_BAD_ENDIAN,		/* not little-endian */
	ELF_BAD_VERSION,	/* e_ident or e_version is not 1 */
	ELF_BAD_MACHINE,	/* not EM_RISCV */
	ELF_BAD_TYPE,		/* not ET_EXEC */
	ELF_BAD_PHDRS,		/* wrong e_ehsize/e_phentsize, or program headers outside the file */
	ELF_NOT_STATIC,		/* PT_INTERP or PT_DYNAMIC: needs a dynamic linker */
	ELF_BAD_SEGMENT,	/* filesz > memsz, data outside the file, address wraps,
				   past ELF_USER_LIMIT, misaligned, or out of order */
	ELF_NO_SEGMENTS,	/* no PT_LOAD segment */
	ELF_BAD_ENTRY,		/* the entry point is not in an executable segment */
};

/* A checked executable (elf_check fills it). */
struct elf_image {
	const uint8_t	*buf;
	size_t		size;
	uint64_t	entry;
	uint64_t	phoff;
	uint16_t	phnum;
	uint32_t	flags;		/* e_flags: the float ABI, RVC */
};

/* One PT_LOAD segment, checked. */
struct elf_segment {
	uint64_t	vaddr;		/* where it goes */
	uint64_t	memsz;		/* bytes mapped there */
	uint64_t	filesz;		/* the first filesz bytes come from the file; the rest are zero */
	uint64_t	offset;		/* in the file */
	uint32_t	flags;		/* ELF_PF_R, _W, _X */
	const void	*data;		/* buf + offset */
};

/*
 * elf_check: check the file `buf' of `size' bytes: header (magic, 64-bit,
 * little-endian, version, EM_RISCV, ET_EXEC, header sizes), program
 * headers within the file, no interpreter, and every PT_LOAD segment
 * (filesz <= memsz, offset + filesz within the file, vaddr + memsz neither
 * wrapping nor past ELF_USER_LIMIT, vaddr and offset congruent modulo a
 * power-of-two p_align, ascending and not overlapping), and the entry
 * point inside an executable segment.
 *   Returns: ELF_OK with *img filled, or the first problem found.
 */
enum elf_status elf_check(struct elf_image *img, const void *buf, size_t size);

/*
 * elf_load_extent: how much of a file a loader needs, from its first `len'
 * bytes: the end of its program headers or of its last PT_LOAD segment's
 * bytes, whichever is further (what follows, debug sections and symbol
 * tables, is never read).  Nothing is checked beyond what this needs:
 * elf_check, on the bytes read, says whether the file is good.
 *   Returns: ELF_OK with *extent (UINT64_MAX if an offset wraps); or
 *   ELF_TRUNCATED with *extent the end of the file header or of the
 *   program headers, when it lies past `len' (read that much, then ask
 *   again); or the header's problem (ELF_BAD_MAGIC, ELF_BAD_PHDRS ...),
 *   *extent unset.
 */
enum elf_status elf_load_extent(const void *buf, size_t len, uint64_t *extent);

/*
 * elf_next_load: the first PT_LOAD segment at program-header index
 * *index or later (start with 0) of a checked image.
 *   Returns: ELF_OK with *seg filled and *index past it, or ELF_END.
 */
enum elf_status elf_next_load(const struct elf_image *img, unsigned *index,
			      struct elf_segment *seg);

/* elf_strerror: a constant sentence for a status, for messages. */
const char *elf_strerror(enum elf_status status);

#endif /* _LIB_ELF_H_ */
