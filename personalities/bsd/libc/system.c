// SPDX-License-Identifier: BSD-2-Clause
// system, popen and pclose (POSIX.1-2017) over fork, execve of /bin/sh
// and waitpid.  system ignores SIGINT and SIGQUIT and blocks SIGCHLD while
// the command runs, as POSIX asks; the child gets them back.  popen's
// child closes the streams of earlier popens (their other ends must not
// stay open in it).  picolibc's own system only says ENOSYS.
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define SHELL	"/bin/sh"

int system(const char *command)
{
	if (!command)
		return access(SHELL, X_OK) == 0;	/* is there a shell? */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_int, old_quit;
	sigset_t chld, old_mask;
	sigemptyset(&ign.sa_mask);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);

	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		char *argv[] = { "sh", "-c", (char *)command, NULL };
		execve(SHELL, argv, environ);
		_exit(127);		/* as if the shell could not run it */
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) == -1) {
			if (errno != EINTR) {
				status = -1;
				break;
			}
		}
	}
	int saved = errno;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
	errno = saved;
	return status;
}

/* The open popen streams: which child each waits for. */
struct popen_child {
	struct popen_child	*next;
	FILE			*stream;
	pid_t			pid;
};
static struct popen_child *popen_children;

FILE *popen(const char *command, const char *mode)
{
	if (!command || !mode || (strcmp(mode, "r") && strcmp(mode, "w") &&
				  strcmp(mode, "re") && strcmp(mode, "we"))) {
		errno = EINVAL;
		return NULL;
	}
	bool reading = mode[0] == 'r';
	struct popen_child *c = malloc(sizeof(*c));
	int fds[2];
	if (!c)
		return NULL;
	if (pipe(fds) != 0) {
		free(c);
		return NULL;
	}
	int mine = reading ? fds[0] : fds[1], theirs = reading ? fds[1] : fds[0];
	pid_t pid = fork();
	if (pid == 0) {
		for (struct popen_child *o = popen_children; o; o = o->next)
			close(fileno(o->stream));
		close(mine);
		int want = reading ? STDOUT_FILENO : STDIN_FILENO;
		if (theirs != want) {
			dup2(theirs, want);
			close(theirs);
		}
		char *argv[] = { "sh", "-c", (char *)command, NULL };
		execve(SHELL, argv, environ);
		_exit(127);
	}
	close(theirs);
	FILE *f = pid > 0 ? fdopen(mine, reading ? "r" : "w") : NULL;
	if (!f) {
		int saved = errno;
		close(mine);
		if (pid > 0)
			(void)waitpid(pid, NULL, 0);
		free(c);
		errno = saved;
		return NULL;
	}
	if (mode[1] == 'e')
		(void)fcntl(mine, F_SETFD, FD_CLOEXEC);
	c->stream = f;
	c->pid = pid;
	c->next = popen_children;
	popen_children = c;
	return f;
}

int pclose(FILE *stream)
{
	struct popen_child **at = &popen_children;

	while (*at && (*at)->stream != stream)
		at = &(*at)->next;
	if (!*at) {
		errno = ECHILD;		/* not a popen stream */
		return -1;
	}
	struct popen_child *c = *at;
	*at = c->next;
	fclose(stream);
	int status;
	pid_t r;
	while ((r = waitpid(c->pid, &status, 0)) == -1 && errno == EINTR)
		;
	free(c);
	return r == -1 ? -1 : status;
}
