// SPDX-License-Identifier: BSD-2-Clause
// su [-] [-l] [USER] [-c COMMAND]: run a shell (USER's, else /bin/sh) as
// USER (root by default).  Root may become anyone; anyone else only a
// user whose password field is empty: the C library has no crypt(), so
// MachRV keeps no password hashes (docs/shell.md).  With - (-l) the shell
// is a login shell: a clean environment and the user's home directory.
/* setgroups(2) is BSD's, not POSIX's: ask for BSD's names (glibc and
 * picolibc both read this). */
#define _DEFAULT_SOURCE 1
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util.h"

extern char **environ;

int main(int argc, char **argv)
{
	int login = 0, i = 1;
	const char *user = "root", *command = NULL;

	ul_init(argc, argv);
	for (; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0 || strcmp(argv[i], "-l") == 0)
			login = 1;
		else if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			command = argv[++i];
		else if (argv[i][0] == '-')
			ul_usage(1, "[-] [-l] [user] [-c command]");
		else
			break;
	}
	if (i < argc)
		user = argv[i++];
	for (; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			command = argv[++i];
		else
			ul_usage(1, "[-] [-l] [user] [-c command]");
	}
	struct passwd *pw = getpwnam(user);
	if (pw == NULL)
		ul_errx(1, "unknown login: %s", user);
	if (getuid() != 0 && pw->pw_passwd != NULL && pw->pw_passwd[0] != '\0')
		ul_errx(1, "Sorry: only root may become %s (there are no password hashes)", user);
	const char *shell = pw->pw_shell && pw->pw_shell[0] ? pw->pw_shell : "/bin/sh";
	/* Groups, then the gid, then the uid: after setuid nothing else may change. */
	gid_t g = pw->pw_gid;
	if (setgroups(1, &g) < 0 && errno != EPERM)
		ul_err(1, "setgroups");
	if (setgid(pw->pw_gid) < 0)
		ul_err(1, "setgid");
	if (setuid(pw->pw_uid) < 0)
		ul_err(1, "setuid");
	if (login) {
		static char *empty[] = { NULL };
		const char *term = getenv("TERM");
		char *t = term ? ul_strdup(term) : NULL;
		environ = empty;
		setenv("PATH", "/bin:/usr/bin", 1);
		if (t)
			setenv("TERM", t, 1);
		if (chdir(pw->pw_dir) < 0)
			ul_warn("%s", pw->pw_dir);
	}
	setenv("HOME", pw->pw_dir, 1);
	setenv("SHELL", shell, 1);
	setenv("USER", pw->pw_name, 1);
	setenv("LOGNAME", pw->pw_name, 1);
	char *args[4];
	int n = 0;
	args[n++] = login ? "-sh" : "sh";
	if (command) {
		args[n++] = "-c";
		args[n++] = (char *)command;
	}
	args[n] = NULL;
	execve(shell, args, environ);
	ul_err(126, "%s", shell);
}
