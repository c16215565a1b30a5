// SPDX-License-Identifier: BSD-2-Clause
// User and group names through POSIX getpwuid/getgrgid/getpwnam/getgrnam
// (the C library reads /etc/passwd and /etc/group), with numbers for ids
// that have no name, as ls -l and id show them.
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include "util.h"

const char *ul_user_name(uid_t uid, char *buf, size_t n)
{
	struct passwd *pw = getpwuid(uid);

	if (pw != NULL)
		return pw->pw_name;
	snprintf(buf, n, "%lu", (unsigned long)uid);
	return buf;
}

const char *ul_group_name(gid_t gid, char *buf, size_t n)
{
	struct group *gr = getgrgid(gid);

	if (gr != NULL)
		return gr->gr_name;
	snprintf(buf, n, "%lu", (unsigned long)gid);
	return buf;
}

int ul_user_id(const char *s, uid_t *out)
{
	struct passwd *pw = getpwnam(s);
	long long v;

	if (pw != NULL) {
		*out = pw->pw_uid;
		return 0;
	}
	if (ul_number(s, 0, 0x7fffffff, &v) < 0)
		return -1;
	*out = (uid_t)v;
	return 0;
}

int ul_group_id(const char *s, gid_t *out)
{
	struct group *gr = getgrnam(s);
	long long v;

	if (gr != NULL) {
		*out = gr->gr_gid;
		return 0;
	}
	if (ul_number(s, 0, 0x7fffffff, &v) < 0)
		return -1;
	*out = (gid_t)v;
	return 0;
}
