// SPDX-License-Identifier: BSD-2-Clause
// The program the execve tests start: it checks what it was given and
// exits 0 when all is as the test says (argv[1] names the check).
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv, char **envp)
{
	if (argc < 2)
		return 10;
	if (strcmp(argv[1], "args") == 0) {
		if (argc != 4 || strcmp(argv[2], "one") || strcmp(argv[3], "two"))
			return 11;
		if (!envp[0] || strcmp(envp[0], "ALPHA=1") || !envp[1] ||
		    strcmp(envp[1], "BETA=two") || envp[2])
			return 12;
		if (!getenv("BETA") || strcmp(getenv("BETA"), "two"))
			return 13;
		return 0;
	}
	if (strcmp(argv[1], "pid") == 0 && argc == 3) {
		pid_t said[2] = { getpid(), getppid() };
		return write(atoi(argv[2]), said, sizeof(said)) == sizeof(said) ? 0 : 14;
	}
	if (strcmp(argv[1], "fds") == 0 && argc == 4) {
		if (fcntl(atoi(argv[2]), F_GETFD) != 0)
			return 15;	/* kept, without close-on-exec */
		if (fcntl(atoi(argv[3]), F_GETFD) != -1 || errno != EBADF)
			return 16;	/* closed at exec */
		return 0;
	}
	if (strcmp(argv[1], "wait") == 0 && argc == 4) {
		/* Say it is running (exec'd), then wait for the test's word. */
		char c;
		if (write(atoi(argv[3]), "x", 1) != 1)
			return 18;
		return read(atoi(argv[2]), &c, 1) >= 0 ? 0 : 19;
	}
	if (strcmp(argv[1], "exit") == 0 && argc == 3)
		return atoi(argv[2]);
	return 17;
}
