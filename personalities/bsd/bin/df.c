// SPDX-License-Identifier: BSD-2-Clause
// df [-k] [FILE...]: free space of mounted file systems (or of those that
// hold FILEs), in 1024-byte blocks: file system, size, used, available,
// capacity (used / (used + available), rounded up) and mount point.  The
// mount list comes from libutil/sysdep.h, the numbers from statvfs(3).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include "sysdep.h"
#include "util.h"

static void show(const char *from, const char *on, const struct statvfs *s)
{
	unsigned long long unit = s->f_frsize ? s->f_frsize : s->f_bsize;
	unsigned long long total = s->f_blocks * unit / 1024;
	unsigned long long avail = s->f_bavail * unit / 1024;
	unsigned long long used = (s->f_blocks - s->f_bfree) * unit / 1024;
	unsigned long long denom = used + avail;
	unsigned pct = denom ? (unsigned)((used * 100 + denom - 1) / denom) : 0;

	printf("%-20s %10llu %10llu %10llu %7u%%   %s\n", from, total, used, avail, pct, on);
}

int main(int argc, char **argv)
{
	int c, st = 0;

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "k")) != -1)
		if (c != 'k')
			ul_usage(1, "[-k] [file ...]");
	struct ul_mount *m;
	int n = ul_sys_mounts(&m);
	if (n < 0)
		ul_err(1, "cannot read the mount table");
	printf("%-20s %10s %10s %10s %8s   %s\n", "Filesystem", "1K-blocks", "Used", "Avail",
	       "Capacity", "Mounted on");
	if (ul_optind == argc) {
		for (int i = 0; i < n; i++) {
			struct statvfs s;
			if (statvfs(m[i].on, &s) == 0 && s.f_blocks > 0)
				show(m[i].from, m[i].on, &s);
		}
	}
	for (int i = ul_optind; i < argc; i++) {
		struct statvfs s;
		struct stat fsb;
		if (statvfs(argv[i], &s) < 0 || stat(argv[i], &fsb) < 0) {
			ul_warn("%s", argv[i]);
			st = 1;
			continue;
		}
		/* The mount it is on: the last listed whose device matches. */
		const char *from = "-", *on = "-";
		for (int k = 0; k < n; k++) {
			struct stat msb;
			if (stat(m[k].on, &msb) == 0 && msb.st_dev == fsb.st_dev) {
				from = m[k].from;
				on = m[k].on;
			}
		}
		show(from, on, &s);
	}
	free(m);
	return ul_finish(st);
}
