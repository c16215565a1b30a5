// SPDX-License-Identifier: BSD-2-Clause
// id [-G | -g | -u] [-nr] [USER]: user and group ids, of this process or of
// USER (from the password and group files).  Without options:
// "uid=0(root) gid=0(wheel) groups=0(wheel),5(operator)".
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

#define MAXG 64

int main(int argc, char **argv)
{
	int c, Gflag = 0, gflag = 0, uflag = 0, nflag = 0, rflag = 0;
	uid_t uid, euid;
	gid_t gid, egid, groups[MAXG];
	int ngroups = 0;
	char b1[32], b2[32];

	ul_init(argc, argv);
	while ((c = ul_getopt(argc, argv, "Ggunr")) != -1) {
		switch (c) {
		case 'G': Gflag = 1; break;
		case 'g': gflag = 1; break;
		case 'u': uflag = 1; break;
		case 'n': nflag = 1; break;
		case 'r': rflag = 1; break;
		default: ul_usage(1, "[-G | -g | -u] [-nr] [user]");
		}
	}
	if (Gflag + gflag + uflag > 1 || argc - ul_optind > 1 || ((nflag || rflag) && !(Gflag || gflag || uflag)))
		ul_usage(1, "[-G | -g | -u] [-nr] [user]");
	if (ul_optind < argc) {
		struct passwd *pw = getpwnam(argv[ul_optind]);
		if (pw == NULL) {
			uid_t u;
			if (ul_user_id(argv[ul_optind], &u) < 0 || (pw = getpwuid(u)) == NULL)
				ul_errx(1, "%s: no such user", argv[ul_optind]);
		}
		uid = euid = pw->pw_uid;
		gid = egid = pw->pw_gid;
		/* The groups that list the user by name. */
		groups[ngroups++] = gid;
		setgrent();
		struct group *gr;
		while ((gr = getgrent()) != NULL && ngroups < MAXG)
			for (char **m = gr->gr_mem; m && *m; m++)
				if (strcmp(*m, pw->pw_name) == 0 && gr->gr_gid != gid)
					groups[ngroups++] = gr->gr_gid;
		endgrent();
	} else {
		uid = getuid(), euid = geteuid();
		gid = getgid(), egid = getegid();
		groups[ngroups++] = egid;
		gid_t g[MAXG];
		int n = getgroups(MAXG, g);
		for (int i = 0; i < n && ngroups < MAXG; i++)
			if (g[i] != egid)
				groups[ngroups++] = g[i];
	}
	if (uflag || gflag) {
		unsigned long v = uflag ? (rflag ? uid : euid) : (rflag ? gid : egid);
		if (nflag)
			printf("%s\n", uflag ? ul_user_name((uid_t)v, b1, sizeof(b1))
					     : ul_group_name((gid_t)v, b1, sizeof(b1)));
		else
			printf("%lu\n", v);
		return ul_finish(0);
	}
	if (Gflag) {
		for (int i = 0; i < ngroups; i++) {
			if (nflag)
				printf("%s%s", i ? " " : "", ul_group_name(groups[i], b1, sizeof(b1)));
			else
				printf("%s%lu", i ? " " : "", (unsigned long)groups[i]);
		}
		putchar('\n');
		return ul_finish(0);
	}
	printf("uid=%lu(%s) gid=%lu(%s)", (unsigned long)uid, ul_user_name(uid, b1, sizeof(b1)),
	       (unsigned long)gid, ul_group_name(gid, b2, sizeof(b2)));
	if (euid != uid)
		printf(" euid=%lu(%s)", (unsigned long)euid, ul_user_name(euid, b1, sizeof(b1)));
	if (egid != gid)
		printf(" egid=%lu(%s)", (unsigned long)egid, ul_group_name(egid, b1, sizeof(b1)));
	printf(" groups=");
	for (int i = 0; i < ngroups; i++)
		printf("%s%lu(%s)", i ? "," : "", (unsigned long)groups[i],
		       ul_group_name(groups[i], b1, sizeof(b1)));
	putchar('\n');
	return ul_finish(0);
}
