// SPDX-License-Identifier: BSD-2-Clause
// sysdep.h on the host (Linux), for host tests of ps and df: processes
// from /proc/PID/stat, mounts from /proc/mounts.  Not part of MachRV's
// build; there sysdep_machrv.c asks bsd_server's sysctl and getfsstat.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sysdep.h"
#include "util.h"

static int by_pid(const void *a, const void *b)
{
	const struct ul_proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int ul_sys_procs(struct ul_proc **out)
{
	DIR *d = opendir("/proc");
	struct ul_proc *v = NULL;
	int n = 0, cap = 0;

	if (d == NULL)
		return -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		long long pid;
		if (ul_number(e->d_name, 1, 1LL << 31, &pid) < 0)
			continue;
		char path[300], buf[512];
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		FILE *f = fopen(path, "r");
		if (f == NULL)
			continue;
		size_t len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		/* "pid (comm) state ppid pgrp ...": comm may hold spaces. */
		char *open = strchr(buf, '('), *close = strrchr(buf, ')');
		if (open == NULL || close == NULL || close < open)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = ul_realloc(v, (size_t)cap * sizeof(*v));
		}
		struct ul_proc *p = &v[n];
		memset(p, 0, sizeof(*p));
		p->pid = (pid_t)pid;
		size_t cl = (size_t)(close - open - 1);
		if (cl >= sizeof(p->command))
			cl = sizeof(p->command) - 1;
		memcpy(p->command, open + 1, cl);
		long ppid = 0, pgrp = 0;
		char state = '?';
		if (sscanf(close + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3)
			continue;
		p->state = state;
		p->ppid = (pid_t)ppid;
		p->pgid = (pid_t)pgrp;
		snprintf(path, sizeof(path), "/proc/%s", e->d_name);
		struct stat sb;
		p->uid = stat(path, &sb) == 0 ? sb.st_uid : 0;
		strcpy(p->task, "-");
		n++;
	}
	closedir(d);
	if (n > 1)
		qsort(v, (size_t)n, sizeof(*v), by_pid);
	*out = v;
	return n;
}

int ul_sys_mounts(struct ul_mount **out)
{
	FILE *f = fopen("/proc/mounts", "r");
	struct ul_mount *v = NULL;
	int n = 0, cap = 0;
	char from[256], on[256], type[64];

	if (f == NULL)
		return -1;
	while (fscanf(f, "%255s %255s %63s %*[^\n]", from, on, type) == 3) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = ul_realloc(v, (size_t)cap * sizeof(*v));
		}
		snprintf(v[n].from, sizeof(v[n].from), "%.63s", from);
		snprintf(v[n].on, sizeof(v[n].on), "%s", on);
		snprintf(v[n].type, sizeof(v[n].type), "%.15s", type);
		n++;
	}
	fclose(f);
	*out = v;
	return n;
}
