/* SPDX-License-Identifier: BSD-2-Clause */
/* The C string and memory functions the kernel uses (and GCC may call). */
#ifndef _LIB_STRING_H_
#define _LIB_STRING_H_
#include <stddef.h>

/*
 * The C standard's memset, memcpy (no overlap), memmove (overlap
 * allowed), memcmp, strlen, strnlen, strcmp and strncmp, with their
 * standard contracts; memset and memcpy store words where aligned.
 */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/*
 * strlcpy: copy `src' into `dst' of `size' bytes, cut to fit and always
 * NUL-terminated (unless size is 0).  Returns strlen(src): the result was
 * cut if that is >= size.
 */
size_t strlcpy(char *dst, const char *src, size_t size);
/* strchr: the first `c' in `s' (c == 0 finds the terminating NUL), or NULL. */
char *strchr(const char *s, int c);

/*
 * The kernel is built with -ffreestanding, which also turns off GCC's
 * knowledge of memcpy and memset: every one, even of eight bytes, would
 * be a call.  Through the built-ins, a copy or fill of a size known when
 * compiling is inlined as loads and stores where that is shorter; any
 * other still calls the functions above.  (lib/string.c, which defines
 * them, does without.)
 */
#ifndef LIB_STRING_DEFINING
#define memcpy(dst, src, n)	__builtin_memcpy((dst), (src), (n))
#define memset(dst, c, n)	__builtin_memset((dst), (c), (n))
#endif

#endif /* _LIB_STRING_H_ */
