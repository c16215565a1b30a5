// SPDX-License-Identifier: BSD-2-Clause
// A textbook's process calls, unchanged: fork and execlp, execv, execvp,
// execl, system, popen.  Run from the disk (a shell there); each line it
// prints says one of them worked.
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(void (*start)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		start();
		perror("exec");
		_exit(127);
	}
	int status;
	waitpid(pid, &status, 0);
}

static void by_execlp(void) { execlp("echo", "echo", "execlp: echo found on PATH", (char *)0); }
static void by_execl(void) { execl("/bin/echo", "echo", "execl: /bin/echo", (char *)0); }
static char *args[] = { "echo", "execv and execvp: the same argv", NULL };
static void by_execv(void) { execv("/bin/echo", args); }
static void by_execvp(void) { execvp("echo", args); }

int main(void)
{
	run(by_execlp);
	run(by_execl);
	run(by_execv);
	run(by_execvp);
	fflush(stdout);
	int status = system("echo system: a shell ran this; exit 5");
	printf("system: status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	FILE *f = popen("echo popen: read from a command", "r");
	char line[64];
	if (f && fgets(line, sizeof(line), f))
		fputs(line, stdout);
	printf("pclose: status %d\n", f ? pclose(f) : -1);
	return 0;
}
