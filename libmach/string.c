// SPDX-License-Identifier: BSD-2-Clause
// memcpy, memmove and memset for every MachRV task, linked with the crt
// objects so that they replace the C library's.  Debian's picolibc for
// RISC-V is built for size: its memcpy moves one byte per loop, about 6
// instructions a byte, and every message a server builds, every file block
// fss copies and every MIG stub's inline array goes through it (fss's
// io_read of 2 KiB cost 52,000 instructions, 42,000 of them copying).
// These move aligned 8-byte words: unrolled by 4 when source and
// destination share their alignment, and otherwise (memcpy) each word
// stored made of two aligned source words shifted together.  Never a
// misaligned access: RISC-V's trap to the firmware on QEMU, far slower than
// bytes.  The shifted copy reads the aligned words that hold the first and
// last source bytes whole: never past a page boundary, so it cannot fault,
// but outside the object (hence no AddressSanitizer on it).
// Tested on the host against the byte-wise definition (tests/libmach).
#include <stddef.h>
#include <stdint.h>

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

// Copy n bytes to the 8-aligned `d' from `s', which is not 8-aligned;
// n >= 8.  Returns the bytes left (< 8), *dp and *sp moved past the rest.
__attribute__((no_sanitize_address)) NO_LIBCALL
static size_t copy_shifted(unsigned char **dp, const unsigned char **sp, size_t n)
{
	unsigned shift = (unsigned)((uintptr_t)*sp & 7) * 8;	// 8..56
	const uint64_t *sw = (const uint64_t *)((uintptr_t)*sp & ~(uintptr_t)7);
	uint64_t *dw = (uint64_t *)*dp;
	uint64_t lo = *sw++;
	size_t words = n / 8;
	for (size_t i = 0; i < words; i++) {
		uint64_t hi = *sw++;	// holds bytes we need: inside the source
		*dw++ = (lo >> shift) | (hi << (64 - shift));
		lo = hi;
	}
	*dp = (unsigned char *)dw;
	*sp += words * 8;
	return n - words * 8;
}

NO_LIBCALL void *machrv_memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (n >= 32 && (((uintptr_t)d ^ (uintptr_t)s) & 7) != 0) {
		while ((uintptr_t)d & 7) {
			*d++ = *s++;
			n--;
		}
		// 8 bytes kept back for the byte loop: then every aligned
		// word copy_shifted reads starts at a byte of the source.
		n = 8 + copy_shifted(&d, &s, n - 8);
	} else if (n >= 16 && (((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		while ((uintptr_t)d & 7) {
			*d++ = *s++;
			n--;
		}
		uint64_t *dw = (uint64_t *)d;
		const uint64_t *sw = (const uint64_t *)s;
		for (; n >= 32; n -= 32, dw += 4, sw += 4) {
			uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
			dw[0] = a;
			dw[1] = b;
			dw[2] = c;
			dw[3] = e;
		}
		for (; n >= 8; n -= 8)
			*dw++ = *sw++;
		d = (unsigned char *)dw;
		s = (const unsigned char *)sw;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

NO_LIBCALL void *machrv_memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	if (d <= s || d >= s + n)
		return machrv_memcpy(dst, src, n);	// forward copying is safe
	d += n;
	s += n;
	if (n >= 16 && (((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		while ((uintptr_t)d & 7) {
			*--d = *--s;
			n--;
		}
		for (; n >= 8; n -= 8) {
			d -= 8;
			s -= 8;
			*(uint64_t *)d = *(const uint64_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
	return dst;
}

NO_LIBCALL void *machrv_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	if (n >= 16) {
		while ((uintptr_t)d & 7) {
			*d++ = (unsigned char)c;
			n--;
		}
		uint64_t w = 0x0101010101010101ull * (unsigned char)c;
		for (; n >= 8; n -= 8, d += 8)
			*(uint64_t *)d = w;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

#ifndef MACHRV_HOST_TEST
void *memcpy(void *dst, const void *src, size_t n) __attribute__((alias("machrv_memcpy")));
void *memmove(void *dst, const void *src, size_t n) __attribute__((alias("machrv_memmove")));
void *memset(void *dst, int c, size_t n) __attribute__((alias("machrv_memset")));
#endif
