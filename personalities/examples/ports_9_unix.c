// SPDX-License-Identifier: BSD-2-Clause
// Port rights, step 9 (docs/port-rights.md): the rights a Unix process
// holds.  Almost none: its system calls go through a port the kernel holds
// for it (the task's syscall port, whose receive right is bsd_server's),
// and its open files are ports bsd_server holds (fss's, in the
// multi-server shape).  lsmp shows both sides.  Run as process 1 from the
// root disk, as root:
//   scripts/test-program --unix --config multi personalities/examples/ports_9_unix.c
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <mach/mach.h>
#include <machrv/bsd_ports.h>

// Run a program (as uid 1000 if `user'); its exit status.
static int run(char *const argv[], int user)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (user && setuid(1000) < 0)
			_exit(125);
		execve(argv[0], argv, NULL);
		_exit(127);
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int main(void)
{
	int fd = open("/etc/motd", O_RDONLY);
	printf("pid %d, uid %d; open(\"/etc/motd\") = %d\n", getpid(), getuid(), fd);
	printf("-- lsmp %d: this process's own rights\n", getpid());
	char *own[] = { "/bin/lsmp", "1", NULL };
	run(own, 0);
	printf("-- lsmp -a | grep: the servers' rights for it\n");
	char *servers[] = { "/bin/sh", "-c",
			    "lsmp -a | grep -e '^task bsd_server' -e '^task fss' "
			    "-e '^task ports_9_unix' -e 'of pid 1 (ports_9_unix)' -e /etc/motd", NULL };
	run(servers, 0);

	// What went wrong.
	char *as_user[] = { "/bin/lsmp", "1", NULL };
	printf("mistake (a) lsmp 1 as uid 1000: ");
	int st = run(as_user, 1);
	printf("  exit status %d\n", st);
	mach_port_t t;
	kern_return_t kr = task_for_pid(mach_task_self(), 4242, &t);
	printf("mistake (b) task_for_pid(4242): %s, errno %d (%s)\n", mach_error_string(kr), errno,
	       strerror(errno));
	kr = mach_port_set_label(mach_task_self(), mach_task_self(), "mine");
	printf("mistake (c) label our task port: %s (%#x)\n", mach_error_string(kr), kr);
	close(fd);
	return 0;
}
