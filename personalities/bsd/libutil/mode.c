// SPDX-License-Identifier: BSD-2-Clause
// File modes: chmod's octal and symbolic modes (POSIX chmod, "u+x,go-w"),
// the "drwxr-xr-x" string of ls -l, and file-type names for stat.
#include <string.h>
#include <sys/stat.h>
#include "util.h"

#define ALLBITS (S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)

static int octal_mode(const char *s, mode_t *out)
{
	mode_t m = 0;

	for (; *s; s++) {
		if (*s < '0' || *s > '7')
			return -1;
		m = (mode_t)(m * 8 + (mode_t)(*s - '0'));
		if (m > 07777)
			return -1;
	}
	*out = m;
	return 0;
}

/* The bits of who (u, g, o) that the permission letters in perm name. */
static mode_t perm_bits(mode_t who, const char *perm, size_t n, mode_t old, int is_dir)
{
	mode_t bits = 0;

	for (size_t i = 0; i < n; i++) {
		switch (perm[i]) {
		case 'r': bits |= who & (S_IRUSR | S_IRGRP | S_IROTH); break;
		case 'w': bits |= who & (S_IWUSR | S_IWGRP | S_IWOTH); break;
		case 'x': bits |= who & (S_IXUSR | S_IXGRP | S_IXOTH); break;
		case 'X':
			if (is_dir || (old & (S_IXUSR | S_IXGRP | S_IXOTH)))
				bits |= who & (S_IXUSR | S_IXGRP | S_IXOTH);
			break;
		case 's': bits |= who & (S_ISUID | S_ISGID); break;
		case 't': bits |= S_ISVTX; break;
		}
	}
	return bits;
}

/* The rwx bits of class c ('u', 'g' or 'o') of m, copied to every class. */
static mode_t copy_bits(char c, mode_t m)
{
	unsigned v = c == 'u' ? (m >> 6) & 7 : c == 'g' ? (m >> 3) & 7 : m & 7;

	return (mode_t)(v << 6 | v << 3 | v);
}

int ul_mode_apply(const char *spec, mode_t old, int is_dir, mode_t umask_bits, mode_t *out)
{
	mode_t m = old & ALLBITS;

	if (*spec >= '0' && *spec <= '7')
		return octal_mode(spec, out);
	const char *p = spec;
	for (;;) {
		mode_t who = 0;
		for (; *p && strchr("ugoa", *p); p++) {
			if (*p == 'u') who |= S_ISUID | S_IRWXU;
			if (*p == 'g') who |= S_ISGID | S_IRWXG;
			if (*p == 'o') who |= S_IRWXO;
			if (*p == 'a') who |= ALLBITS & ~S_ISVTX;
		}
		int implicit = who == 0;
		if (implicit)
			who = (ALLBITS & ~S_ISVTX) & ~umask_bits;
		if (*p != '+' && *p != '-' && *p != '=')
			return -1;
		while (*p == '+' || *p == '-' || *p == '=') {
			char op = *p++;
			mode_t bits;
			if (*p && strchr("ugo", *p)) {
				bits = copy_bits(*p, m) & who;
				p++;
			} else {
				size_t n = strspn(p, "rwxXst");
				bits = perm_bits(who, p, n, m, is_dir);
				if (memchr(p, 't', n) && !implicit && !(who & S_IRWXO) &&
				    (who & S_IRWXU))
					bits &= ~(mode_t)S_ISVTX;	/* u+t means nothing */
				p += n;
			}
			if (op == '+')
				m |= bits;
			else if (op == '-')
				m &= ~bits;
			else {
				mode_t clear = implicit ? (ALLBITS & ~S_ISVTX) : who;
				m = (m & ~clear) | bits;
			}
		}
		if (*p == '\0')
			break;
		if (*p != ',')
			return -1;
		p++;
	}
	*out = m;
	return 0;
}

void ul_mode_string(mode_t mode, char out[11])
{
	char t = '?';

	if (S_ISREG(mode)) t = '-';
	else if (S_ISDIR(mode)) t = 'd';
	else if (S_ISLNK(mode)) t = 'l';
	else if (S_ISCHR(mode)) t = 'c';
	else if (S_ISBLK(mode)) t = 'b';
	else if (S_ISFIFO(mode)) t = 'p';
	else if (S_ISSOCK(mode)) t = 's';
	out[0] = t;
	const char *rwx = "rwxrwxrwx";
	for (int i = 0; i < 9; i++)
		out[1 + i] = (mode & (1u << (8 - i))) ? rwx[i] : '-';
	if (mode & S_ISUID) out[3] = out[3] == 'x' ? 's' : 'S';
	if (mode & S_ISGID) out[6] = out[6] == 'x' ? 's' : 'S';
	if (mode & S_ISVTX) out[9] = out[9] == 'x' ? 't' : 'T';
	out[10] = '\0';
}

const char *ul_file_type(mode_t mode)
{
	if (S_ISREG(mode)) return "regular file";
	if (S_ISDIR(mode)) return "directory";
	if (S_ISLNK(mode)) return "symbolic link";
	if (S_ISCHR(mode)) return "character special file";
	if (S_ISBLK(mode)) return "block special file";
	if (S_ISFIFO(mode)) return "fifo";
	if (S_ISSOCK(mode)) return "socket";
	return "unknown";
}
