/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A regular-expression matcher for grep: POSIX basic regular expressions
 * (XBD 9.3: . [] [^] [:class:] * \{m,n\} \(\) \1-\9 ^ $) and, with
 * BRE_EXTENDED, extended ones (XBD 9.4: + ? | () {m,n}).  It compiles a
 * pattern to a small tree and matches by backtracking, which finds
 * whether a line matches and where the first match starts.
 */
#ifndef _USERLAND_BRE_H_
#define _USERLAND_BRE_H_
#include <stddef.h>

#define BRE_ICASE	1	/* letters match either case */
#define BRE_EXTENDED	2	/* an ERE (grep -E) */

struct bre;

/* Compile pat; NULL with *err set to a message on a bad pattern. */
struct bre *bre_compile(const char *pat, int flags, const char **err);
/* Does s[0..n) hold a match?  1 (with *so and *eo the leftmost match's
 * start and end, the end being the first that the backtracking finds),
 * or 0.  s need not be NUL-terminated. */
int bre_match(const struct bre *re, const char *s, size_t n, size_t *so, size_t *eo);
void bre_free(struct bre *re);

#endif /* _USERLAND_BRE_H_ */
