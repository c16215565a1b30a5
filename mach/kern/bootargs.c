/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot arguments (see kern/bootargs.h). */
#include "kern/bootargs.h"
#include "lib/string.h"

#define BOOTARGS_MAX	512

static char args[BOOTARGS_MAX];

void
bootargs_set(const char *s)
{
	strlcpy(args, s ? s : "", sizeof(args));
}

const char *
bootargs(void)
{
	return args;
}

/* Find the word starting with `prefix' of length n followed by end or `term'. */
static const char *
find_word(const char *prefix, size_t n, char term, size_t *wordlen)
{
	const char *p = args;

	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t len = (size_t)(p - w);
		if (len >= n && strncmp(w, prefix, n) == 0 &&
		    (len == n || w[n] == term)) {
			*wordlen = len;
			return w;
		}
	}
	return 0;
}

bool
bootarg_has(const char *word)
{
	size_t len;

	return find_word(word, strlen(word), '=', &len) != 0;
}

bool
bootarg_value(const char *key, char *buf, size_t size)
{
	size_t n = strlen(key), len;
	const char *w = find_word(key, n, '=', &len);

	if (!w || len == n)
		return false;
	size_t vlen = len - n - 1;
	if (size == 0)
		return true;
	if (vlen >= size)
		vlen = size - 1;
	memcpy(buf, w + n + 1, vlen);
	buf[vlen] = '\0';
	return true;
}
