// SPDX-License-Identifier: BSD-2-Clause
// stat [-L] [-c FORMAT] FILE...: a file's inode.  The default layout is
// GNU stat's; -c prints FORMAT with GNU's sequences: %n name, %s size,
// %b blocks, %o I/O block, %F type, %a octal mode, %A mode string,
// %u/%U owner, %g/%G group, %i inode, %h links, %d device, %X/%Y/%Z access,
// modify, change time in seconds, %x/%y/%z the same as dates, %% a '%'.
// -L follows symbolic links (the default is to describe the link).
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#if __has_include(<sys/sysmacros.h>)
#include <sys/sysmacros.h>	/* major, minor in the host's C library (tests/userland) */
#endif
#include <time.h>
#include <unistd.h>
#include "util.h"

static void date(const struct timespec *ts)
{
	char buf[64];
	struct tm *tm = localtime(&ts->tv_sec);

	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", tm);
	printf("%s.%09ld", buf, ts->tv_nsec);
	strftime(buf, sizeof(buf), " %z", tm);
	fputs(buf, stdout);
}

static void field(char c, const char *name, const struct stat *sb)
{
	char mode[11], ub[32], gb[32];

	switch (c) {
	case 'n': fputs(name, stdout); break;
	case 's': printf("%lld", (long long)sb->st_size); break;
	case 'b': printf("%lld", (long long)sb->st_blocks); break;
	case 'o': printf("%ld", (long)sb->st_blksize); break;
	case 'F': fputs(ul_file_type(sb->st_mode), stdout); break;
	case 'a': printf("%o", (unsigned)(sb->st_mode & 07777)); break;
	case 'A': ul_mode_string(sb->st_mode, mode); fputs(mode, stdout); break;
	case 'u': printf("%lu", (unsigned long)sb->st_uid); break;
	case 'U': fputs(ul_user_name(sb->st_uid, ub, sizeof(ub)), stdout); break;
	case 'g': printf("%lu", (unsigned long)sb->st_gid); break;
	case 'G': fputs(ul_group_name(sb->st_gid, gb, sizeof(gb)), stdout); break;
	case 'i': printf("%llu", (unsigned long long)sb->st_ino); break;
	case 'h': printf("%lu", (unsigned long)sb->st_nlink); break;
	case 'd': printf("%llu", (unsigned long long)sb->st_dev); break;
	case 'X': printf("%lld", (long long)sb->st_atim.tv_sec); break;
	case 'Y': printf("%lld", (long long)sb->st_mtim.tv_sec); break;
	case 'Z': printf("%lld", (long long)sb->st_ctim.tv_sec); break;
	case 'x': date(&sb->st_atim); break;
	case 'y': date(&sb->st_mtim); break;
	case 'z': date(&sb->st_ctim); break;
	case '%': putchar('%'); break;
	default: putchar('%'); putchar(c); break;
	}
}

static void format(const char *fmt, const char *name, const struct stat *sb)
{
	for (const char *p = fmt; *p; p++) {
		if (*p == '%' && p[1]) {
			field(*++p, name, sb);
		} else if (*p == '\\' && p[1] == 'n') {
			putchar('\n');
			p++;
		} else if (*p == '\\' && p[1] == 't') {
			putchar('\t');
			p++;
		} else {
			putchar(*p);
		}
	}
	putchar('\n');
}

static void standard(const char *name, const struct stat *sb)
{
	char mode[11], ub[32], gb[32];

	printf("  File: %s", name);
	if (S_ISLNK(sb->st_mode)) {
		char target[1024];
		ssize_t n = readlink(name, target, sizeof(target) - 1);
		if (n >= 0) {
			target[n] = '\0';
			printf(" -> %s", target);
		}
	}
	printf("\n  Size: %-15lld Blocks: %-10lld IO Block: %-6ld %s\n",
	       (long long)sb->st_size, (long long)sb->st_blocks, (long)sb->st_blksize,
	       ul_file_type(sb->st_mode));
	printf("Device: %-14llu Inode: %-11llu Links: %lu", (unsigned long long)sb->st_dev,
	       (unsigned long long)sb->st_ino, (unsigned long)sb->st_nlink);
	if (S_ISCHR(sb->st_mode) || S_ISBLK(sb->st_mode))	/* GNU's line, in hexadecimal */
		printf("     Device type: %x,%x", (unsigned)major(sb->st_rdev),
		       (unsigned)minor(sb->st_rdev));
	printf("\n");
	ul_mode_string(sb->st_mode, mode);
	printf("Access: (%04o/%s)  Uid: (%5lu/%8s)   Gid: (%5lu/%8s)\n",
	       (unsigned)(sb->st_mode & 07777), mode,
	       (unsigned long)sb->st_uid, ul_user_name(sb->st_uid, ub, sizeof(ub)),
	       (unsigned long)sb->st_gid, ul_group_name(sb->st_gid, gb, sizeof(gb)));
	fputs("Access: ", stdout);
	date(&sb->st_atim);
	fputs("\nModify: ", stdout);
	date(&sb->st_mtim);
	fputs("\nChange: ", stdout);
	date(&sb->st_ctim);
	putchar('\n');
}

int main(int argc, char **argv)
{
	int c, follow = 0, st = 0;
	const char *fmt = NULL;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "Lc:")) != -1) {
		if (c == 'L')
			follow = 1;
		else if (c == 'c')
			fmt = ul_optarg;
		else
			ul_usage(1, "[-L] [-c format] file ...");
	}
	if (ul_optind >= argc)
		ul_usage(1, "[-L] [-c format] file ...");
	for (int i = ul_optind; i < argc; i++) {
		struct stat sb;
		if ((follow ? stat(argv[i], &sb) : lstat(argv[i], &sb)) < 0) {
			ul_warn("%s", argv[i]);
			st = 1;
			continue;
		}
		if (fmt)
			format(fmt, argv[i], &sb);
		else
			standard(argv[i], &sb);
	}
	return ul_finish(st);
}
