// SPDX-License-Identifier: BSD-2-Clause
// lsmp as a Unix program (/bin/lsmp on the root disk) and the system calls
// it stands on, get_privileged_ports and task_for_pid (<machrv/bsd_ports.h>),
// in either shape: run as process 1 by tests/ports/CMakeLists.txt with
//   scripts/test-program --unix --config SHAPE --ports device --args SHAPE
// It makes rights of its own, runs /bin/lsmp on itself and on every task
// (its output through a pipe), and checks the exact lines for what it made:
// names, rights, user references, labels; bsd_server's receive right for
// its syscall port; in the multi-server shape, bsd_server's send right to
// fss's port of a file it holds open.  One "[TEST] PASS/FAIL" line per
// fact; the exit status is the number that failed.
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <mach/mach.h>
#include <mach_debug/ipc_info.h>
#include <machrv/bsd_ports.h>

#include "../common/fact.h"

#define ME	mach_task_self()
#define LABEL	"lsmp_unix_test: the test's port"

static char out[64 * 1024];

// Run argv (as `uid' when not 0) with its output into `out'; its wait status.
static int run(char *const argv[], uid_t uid)
{
	int fd[2];
	if (pipe(fd) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		if (uid && setuid(uid) < 0)
			_exit(125);
		execve(argv[0], argv, NULL);
		_exit(127);
	}
	close(fd[1]);
	size_t n = 0;
	ssize_t k;
	/* readv: always bsd_server's call, so this process never maps the pipe
	 * (read may, after a few calls: docs/bsd.md, "Pipes without the
	 * server"), and the names lsmp lists for it are only the test's. */
	for (;;) {
		struct iovec iov = { out + n, sizeof(out) - 1 - n };
		if (n >= sizeof(out) - 1 || (k = readv(fd[0], &iov, 1)) <= 0)
			break;
		n += (size_t)k;
	}
	out[n] = 0;
	close(fd[0]);
	int status = -1;
	waitpid(pid, &status, 0);
	return status;
}

// The line of lsmp's table for `name', or NULL ("  0xNAME ...").
static const char *line_of(const char *text, mach_port_t name, char *buf, size_t size)
{
	char key[24];
	snprintf(key, sizeof(key), "\n  0x%-8x ", name);
	const char *s = strstr(text, key);
	if (!s)
		return NULL;
	s += 3;
	const char *e = strchr(s, '\n');
	size_t n = e ? (size_t)(e - s) : strlen(s);
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	return buf;
}

// The text of one task's listing in `text' ("task NAME (id)..." up to the next).
static const char *listing_of(const char *text, const char *name, char *buf, size_t size)
{
	char key[64];
	snprintf(key, sizeof(key), "task %s (", name);
	const char *s = strstr(text, key);
	if (!s)
		return NULL;
	const char *e = strstr(s + 1, "\ntask ");
	size_t n = e ? (size_t)(e - s) + 1 : strlen(s);
	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = 0;
	return buf;
}

static unsigned kobject(mach_port_t port, unsigned *id)
{
	unsigned type = 0, addr = 0;
	if (mach_port_kernel_object(ME, port, &type, &addr) != KERN_SUCCESS)
		return ~0u;
	if (id)
		*id = addr;
	return type;
}

int main(int argc, char **argv)
{
	const char *shape = argc > 1 ? argv[1] : "multi";
	char pidstr[16], want[256], got[256];
	static char part[32 * 1024];
	snprintf(pidstr, sizeof(pidstr), "%d", getpid());
	printf("lsmp_unix_test: pid %s, %s-server shape\n", pidstr, shape);

	// ---- get_privileged_ports ----
	mach_port_t hp = MACH_PORT_NULL, dm = MACH_PORT_NULL, hp2 = MACH_PORT_NULL;
	int e = get_privileged_ports(&hp, &dm);
	FACT("privileged_ports_for_root_are_host_priv_and_device_master",
	     e == 0 && kobject(hp, NULL) == IPC_INFO_KOTYPE_HOST_PRIV &&
	     kobject(dm, NULL) == IPC_INFO_KOTYPE_MASTER_DEVICE,
	     "error %d, host-priv 0x%x type %u, device master 0x%x type %u", e, hp,
	     kobject(hp, NULL), dm, kobject(dm, NULL));
	e = get_privileged_ports(&hp2, NULL);
	mach_port_urefs_t refs = 0;
	mach_port_get_refs(ME, hp, MACH_PORT_RIGHT_SEND, &refs);
	FACT("privileged_ports_asked_twice_arrive_under_the_same_name_with_two_urefs",
	     e == 0 && hp2 == hp && refs == 2, "error %d, 0x%x then 0x%x, urefs %u", e, hp, hp2,
	     refs);

	// ---- task_for_pid ----
	int up[2], down[2];
	pipe(up);
	pipe(down);
	pid_t child = fork();
	if (child == 0) {
		unsigned id = 0;
		kobject(ME, &id);
		write(up[1], &id, sizeof(id));
		char c;
		read(down[0], &c, 1);	// until the parent writes (or ends)
		_exit(0);
	}
	unsigned child_id = 0, got_id = 0;
	read(up[0], &child_id, sizeof(child_id));
	mach_port_t ct = MACH_PORT_NULL;
	kern_return_t kr = task_for_pid(ME, child, &ct);
	unsigned type = kobject(ct, &got_id);
	FACT("task_for_pid_gives_the_childs_task_port",
	     kr == KERN_SUCCESS && type == IPC_INFO_KOTYPE_TASK && got_id == child_id && child_id,
	     "kr %d, type %u, task %u (the child says %u)", kr, type, got_id, child_id);
	write(down[1], "x", 1);
	// Its end, not yet waited for: a zombie has no task.
	for (int i = 0; i < 1000 && kobject(ct, NULL) == IPC_INFO_KOTYPE_TASK; i++)
		usleep(1000);
	mach_port_t zt = MACH_PORT_NULL, nt = MACH_PORT_NULL;
	kern_return_t kz = task_for_pid(ME, child, &zt);
	int ez = errno;
	kern_return_t kn = task_for_pid(ME, 99999, &nt);
	int en = errno;
	FACT("task_for_pid_of_a_zombie_or_no_process_is_esrch",
	     kz == KERN_FAILURE && ez == ESRCH && kn == KERN_FAILURE && en == ESRCH,
	     "zombie: kr %d errno %d; none: kr %d errno %d", kz, ez, kn, en);
	int st;
	waitpid(child, &st, 0);
	mach_port_deallocate(ME, ct);
	close(up[0]), close(up[1]), close(down[0]), close(down[1]);

	// ---- not root ----
	child = fork();
	if (child == 0) {
		if (setuid(1000) < 0)
			_exit(10);
		mach_port_t a = MACH_PORT_NULL, t = MACH_PORT_NULL;
		int pe = get_privileged_ports(&a, NULL);
		kern_return_t tk = task_for_pid(ME, 1, &t);
		_exit(pe == EPERM && tk == KERN_FAILURE && errno == EPERM && a == MACH_PORT_NULL ? 0 : 1);
	}
	waitpid(child, &st, 0);
	FACT("privileged_ports_and_task_for_pid_refuse_a_user_with_eperm",
	     WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child's status 0x%x", st);
	char *lsmp_1[] = { "/bin/lsmp", "1", NULL };
	st = run(lsmp_1, 1000);
	snprintf(want, sizeof(want), "lsmp: only root may list other processes' rights "
		 "(get_privileged_ports: %s)\n", strerror(EPERM));
	FACT("lsmp_as_a_user_may_not_list_another_process",
	     WIFEXITED(st) && WEXITSTATUS(st) == 1 && !strcmp(out, want), "status 0x%x: %s", st, out);

	// ---- rights made here, and lsmp's listing of this process ----
	mach_port_t r, dn, ps;
	mach_port_allocate(ME, MACH_PORT_RIGHT_RECEIVE, &r);
	mach_port_insert_right(ME, r, r, MACH_MSG_TYPE_MAKE_SEND);
	mach_port_mod_refs(ME, r, MACH_PORT_RIGHT_SEND, 2);		// 3 user references
	kr = mach_port_set_label(ME, r, LABEL);
	mach_port_allocate(ME, MACH_PORT_RIGHT_DEAD_NAME, &dn);
	mach_port_mod_refs(ME, dn, MACH_PORT_RIGHT_DEAD_NAME, 1);	// 2 user references
	mach_port_allocate(ME, MACH_PORT_RIGHT_PORT_SET, &ps);
	int motd = open("/etc/motd", O_RDONLY);				// held open below
	mach_port_name_array_t names;
	mach_port_type_array_t types;
	mach_msg_type_number_t nnames = 0, ntypes = 0;
	mach_port_names(ME, &names, &nnames, &types, &ntypes);
	unsigned my_id = 0;
	kobject(ME, &my_id);
	char *lsmp_me[] = { "/bin/lsmp", pidstr, NULL };
	st = run(lsmp_me, 0);
	printf("%s", out);	// for the log
	const char *l;
	snprintf(want, sizeof(want), "task lsmp_unix_test (%u), pid %s: %u names\n", my_id, pidstr,
		 nnames);
	FACT("lsmp_pid_lists_this_process_with_its_task_and_every_name",
	     WIFEXITED(st) && WEXITSTATUS(st) == 0 && !strncmp(out, want, strlen(want)),
	     "status 0x%x, want \"%s\"", st, want);
	snprintf(want, sizeof(want), "0x%-8x %-16s %5u  queue 0/5 seqno 0 mscount 1 send rights 1 "
		 "send-once 0: " LABEL, r, "recv,send", 3);
	l = line_of(out, r, got, sizeof(got));
	FACT("lsmp_shows_the_receive_right_made_with_its_urefs_and_label",
	     kr == KERN_SUCCESS && l && !strcmp(l, want), "set_label %d; want \"%s\", got \"%s\"",
	     kr, want, l ? l : "(none)");
	snprintf(want, sizeof(want), "0x%-8x %-16s %5u  dead", dn, "dead-name", 2);
	l = line_of(out, dn, got, sizeof(got));
	FACT("lsmp_shows_the_dead_name_with_two_urefs", l && !strcmp(l, want),
	     "want \"%s\", got \"%s\"", want, l ? l : "(none)");
	snprintf(want, sizeof(want), "0x%-8x %-16s %5u  ", ps, "port-set", 0);
	l = line_of(out, ps, got, sizeof(got));
	FACT("lsmp_shows_the_port_set", l && !strcmp(l, want), "want \"%s\", got \"%s\"", want,
	     l ? l : "(none)");
	snprintf(want, sizeof(want), "0x%-8x %-16s %5u  -> kernel: host-priv port", hp, "send", 2);
	l = line_of(out, hp, got, sizeof(got));
	FACT("lsmp_shows_the_host_priv_right_from_get_privileged_ports", l && !strcmp(l, want),
	     "want \"%s\", got \"%s\"", want, l ? l : "(none)");
	snprintf(want, sizeof(want), "  %-10s %-16s %5s  -> bsd_server (", "(kernel)", "syscall-port",
		 "-");
	const char *sp = strstr(out, want);
	snprintf(want, sizeof(want), " syscall port of pid %s (lsmp_unix_test)\n", pidstr);
	FACT("lsmp_shows_the_syscall_port_the_kernel_holds_for_the_process",
	     sp && strstr(sp, want) && strchr(sp, '\n') == strstr(sp, want) + strlen(want) - 1,
	     "%s", sp ? sp : "no syscall-port line");

	// ---- lsmp -a: the servers' side ----
	char *lsmp_a[] = { "/bin/lsmp", "-a", NULL };
	st = run(lsmp_a, 0);
	const char *bsd = listing_of(out, "bsd_server", part, sizeof(part));
	snprintf(want, sizeof(want), "queue 0/5 seqno ");
	char tail[96];
	snprintf(tail, sizeof(tail), " in-set: syscall port of pid %s (lsmp_unix_test)\n", pidstr);
	FACT("lsmp_a_shows_bsd_server_holding_this_process_syscall_port",
	     WIFEXITED(st) && WEXITSTATUS(st) == 0 && bsd && strstr(bsd, tail) &&
	     strstr(out, "task lsmp_unix_test (") && strstr(out, "task bootstrap (1)"),
	     "status 0x%x; bsd_server's listing %s", st, bsd ? "has no such line" : "missing");
	bool multi = !strcmp(shape, "multi");
	const char *fss_file = bsd ? strstr(bsd, "-> fss (") : NULL;
	bool motd_port = bsd && strstr(bsd, " file /etc/motd\n");
	FACT("bsd_server_holds_fss_ports_of_open_files_only_in_the_multi_server_shape",
	     motd >= 0 && (multi ? fss_file && motd_port && strstr(out, "task fss (")
			   : !fss_file && !motd_port && !strstr(out, "task fss (")),
	     "%s: open %d, fss right %s, /etc/motd's port %s", shape, motd,
	     fss_file ? "yes" : "no", motd_port ? "yes" : "no");
	close(motd);
	printf("lsmp_unix_test: %d failed\n", failures);
	return failures;
}
