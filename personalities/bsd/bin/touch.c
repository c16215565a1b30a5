// SPDX-License-Identifier: BSD-2-Clause
// touch [-acm] [-r REF | -t [[CC]YY]MMDDhhmm[.SS]] FILE...: set access and
// modification times (now, a reference file's, or the -t time in local
// time), creating missing files unless -c.
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "util.h"

static int two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* POSIX touch -t: [[CC]YY]MMDDhhmm[.SS] in local time. */
static int parse_t(const char *s, time_t *out)
{
	struct tm tm;
	time_t now = time(NULL);
	size_t n = strlen(s);
	const char *dot = strchr(s, '.');
	size_t main_len = dot ? (size_t)(dot - s) : n;

	for (size_t i = 0; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && s + i != dot)
			return -1;
	if ((main_len != 8 && main_len != 10 && main_len != 12) || (dot && strlen(dot) != 3))
		return -1;
	memcpy(&tm, localtime(&now), sizeof(tm));
	const char *p = s;
	if (main_len == 12) {
		tm.tm_year = two(p) * 100 + two(p + 2) - 1900;
		p += 4;
	} else if (main_len == 10) {
		int yy = two(p);
		tm.tm_year = yy < 69 ? yy + 100 : yy;
		p += 2;
	}
	tm.tm_mon = two(p) - 1;
	tm.tm_mday = two(p + 2);
	tm.tm_hour = two(p + 4);
	tm.tm_min = two(p + 6);
	tm.tm_sec = dot ? two(dot + 1) : 0;
	if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return *out == (time_t)-1 ? -1 : 0;
}

int main(int argc, char **argv)
{
	int c, aflag = 0, mflag = 0, cflag = 0, st = 0;
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	const char *usage = "[-acm] [-r file | -t [[CC]YY]MMDDhhmm[.SS]] file ...";

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "acmr:t:")) != -1) {
		switch (c) {
		case 'a': aflag = 1; break;
		case 'm': mflag = 1; break;
		case 'c': cflag = 1; break;
		case 'r': {
			struct stat sb;
			if (stat(ul_optarg, &sb) < 0)
				ul_err(1, "%s", ul_optarg);
			ts[0] = sb.st_atim;
			ts[1] = sb.st_mtim;
			break;
		}
		case 't': {
			time_t t;
			if (parse_t(ul_optarg, &t) < 0)
				ul_errx(1, "out of range or illegal time specification: %s", ul_optarg);
			ts[0].tv_sec = ts[1].tv_sec = t;
			ts[0].tv_nsec = ts[1].tv_nsec = 0;
			break;
		}
		default:
			ul_usage(1, usage);
		}
	}
	if (ul_optind >= argc)
		ul_usage(1, usage);
	if (aflag && !mflag)
		ts[1].tv_nsec = UTIME_OMIT;
	if (mflag && !aflag)
		ts[0].tv_nsec = UTIME_OMIT;
	for (int i = ul_optind; i < argc; i++) {
		if (utimensat(AT_FDCWD, argv[i], ts, 0) == 0)
			continue;
		if (errno != ENOENT) {
			ul_warn("%s", argv[i]);
			st = 1;
			continue;
		}
		if (cflag)
			continue;
		int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
		if (fd < 0 || futimens(fd, ts) < 0) {
			ul_warn("%s", argv[i]);
			st = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	return st;
}
