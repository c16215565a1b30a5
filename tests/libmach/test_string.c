// SPDX-License-Identifier: BSD-2-Clause
// libmach/string.c against the byte-wise definitions: every length 0..80
// (and a few long ones) at every source and destination alignment, and
// overlapping moves both ways; bytes around the destination untouched.
#include <string.h>
#include "check.h"

void *machrv_memcpy(void *dst, const void *src, size_t n);
void *machrv_memmove(void *dst, const void *src, size_t n);
void *machrv_memset(void *dst, int c, size_t n);

static unsigned char src[1200], dst[1200], want[1200];

static void fill(unsigned char *b, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(i * 31 + seed * 7 + 1);
}

static const size_t lens[] = { 0, 1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 80, 511, 1024 };

TEST(memcpy_copies_every_length_at_every_alignment)
{
	for (unsigned li = 0; li < sizeof(lens) / sizeof(lens[0]); li++)
		for (unsigned sa = 0; sa < 8; sa++)
			for (unsigned da = 0; da < 8; da++) {
				size_t n = lens[li];
				fill(src, sizeof(src), 1);
				fill(dst, sizeof(dst), 2);
				memcpy(want, dst, sizeof(want));
				for (size_t i = 0; i < n; i++)
					want[8 + da + i] = src[8 + sa + i];
				CHECK(machrv_memcpy(dst + 8 + da, src + 8 + sa, n) == dst + 8 + da);
				CHECK(memcmp(dst, want, sizeof(dst)) == 0);
			}
	return 0;
}

TEST(memmove_handles_overlap_both_ways)
{
	for (unsigned li = 0; li < sizeof(lens) / sizeof(lens[0]); li++)
		for (int shift = -17; shift <= 17; shift++) {
			size_t n = lens[li];
			if (n > 1000)
				continue;
			fill(dst, sizeof(dst), 3);
			memcpy(want, dst, sizeof(want));
			memmove(want + 100 + shift, want + 100, n);
			CHECK(machrv_memmove(dst + 100 + shift, dst + 100, n) == dst + 100 + shift);
			CHECK(memcmp(dst, want, sizeof(dst)) == 0);
		}
	return 0;
}

TEST(memset_sets_every_length_at_every_alignment)
{
	for (unsigned li = 0; li < sizeof(lens) / sizeof(lens[0]); li++)
		for (unsigned da = 0; da < 8; da++) {
			size_t n = lens[li];
			fill(dst, sizeof(dst), 4);
			memcpy(want, dst, sizeof(want));
			memset(want + 8 + da, 0xa5, n);
			CHECK(machrv_memset(dst + 8 + da, 0x1a5, n) == dst + 8 + da);
			CHECK(memcmp(dst, want, sizeof(dst)) == 0);
		}
	return 0;
}
