// SPDX-License-Identifier: BSD-2-Clause
// The BSD personality's test runner: init under bsd_server.  Runs every
// BTEST (or those whose names start with argv[1]), each in its own child
// process; then runs them all again, quietly, and checks that the
// kernel's object counts and free pages came back exactly where the
// first run left them: every process, pipe, port and page of the tests
// was reclaimed (bsd_server's ports are among the kernel's counts).
//
//   bsd_tests [PREFIX|-] [noleak|disk]
// noleak: no second run.  disk (the suite run from the disk, where file
// servers keep caches: tests/system): one more quiet run first, to warm
// them, and free pages may end up to BT_PAGE_SLACK lower (a cache's or a
// heap's high-water mark depends on timing); every object count exact.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <mach/mach.h>
#include <machrv/object_counts.h>
#include "bt.h"

#define BT_TIMEOUT_MS	15000
#define BT_PAGE_SLACK	16	/* pages, with "disk" */

extern const struct btest __start_btests[], __stop_btests[];
const char *bt_current;

static int run_one(const struct btest *t, int quiet)
{
	bt_current = t->name;
	/* init's other duty: reap orphans a test left to it. */
	int ignored;
	while (waitpid(-1, &ignored, WNOHANG) > 0)
		;
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		printf("[TEST] FAIL %s: fork: errno %d\n", t->name, errno);
		return 1;
	}
	if (pid == 0) {
		int r = t->fn();
		fflush(stdout);
		_exit(r == 0 ? 0 : 1);
	}
	/* A test that hangs is ended after BT_TIMEOUT_MS, and fails. */
	int status = -1;
	pid_t got = 0;
	for (int ms = 0; ms < BT_TIMEOUT_MS && (got = waitpid(pid, &status, WNOHANG)) == 0; ms += 2)
		bt_msleep(2);
	if (got == 0) {
		kill(pid, SIGKILL);
		bt_wait(pid);
		printf("[TEST] FAIL %s: no end after %d ms\n", t->name, BT_TIMEOUT_MS);
		return 1;
	}
	if (got != pid) {
		printf("[TEST] FAIL %s: waitpid failed (errno %d)\n", t->name, errno);
		return 1;
	}
	if (WIFSIGNALED(status)) {
		printf("[TEST] FAIL %s: the test died of signal %d\n", t->name, WTERMSIG(status));
		return 1;
	}
	if (WEXITSTATUS(status) != 0)
		return 1;	/* it said why */
	if (!quiet)
		printf("[TEST] PASS %s\n", t->name);
	return 0;
}

/* Let what the tests left in flight end (exits' notifications, answers
 * on their way) and reap the children they left. */
static void settle(void)
{
	int ignored;

	bt_msleep(20);
	while (waitpid(-1, &ignored, WNOHANG) > 0)
		;
}

static int run_all(const char *prefix, int quiet)
{
	int failed = 0, ran = 0;

	for (const struct btest *t = __start_btests; t < __stop_btests; t++) {
		if (prefix && strncmp(t->name, prefix, strlen(prefix)) != 0)
			continue;
		ran++;
		failed += run_one(t, quiet);
	}
	if (!quiet)
		printf("bsd_tests: %d run, %d passed, %d failed\n", ran, ran - failed, failed);
	return failed;
}

static mach_port_t host;

static kern_return_t counts(struct machrv_object_counts *c)
{
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;

	return host_info(host, HOST_MACHRV_OBJECT_COUNTS, (host_info_t)c, &n);
}

int main(int argc, char **argv)
{
	const char *prefix = argc > 1 && strcmp(argv[1], "-") != 0 ? argv[1] : NULL;

	host = mach_host_self();
	int failed = run_all(prefix, 0);
	if (argc > 2 && strcmp(argv[2], "noleak") == 0) {
		printf("bsd_tests: done, %d failed\n", failed);
		return failed ? 1 : 0;
	}
	bool disk = argc > 2 && strcmp(argv[2], "disk") == 0;
	if (disk)
		failed += run_all(prefix, 1);	/* warm the file servers' caches */
	/*
	 * Both counts are taken settled: the first once the warm-up's last
	 * messages have ended (a count taken at once held a kmsg still in
	 * flight, seen once under load: kmsgs 5->4), the second the same way
	 * after the second run, looked at again a few times while it differs
	 * (bounded: a real leak stays).
	 */
	struct machrv_object_counts before, after, b, a;
	settle();
	if (counts(&before) != KERN_SUCCESS) {
		printf("[TEST] FAIL leak_check: no object counts\n");
		return 1;
	}
	for (int look = 0; look < 10; look++) {	/* until two looks agree */
		settle();
		counts(&after);
		if (memcmp(&before, &after, sizeof(before)) == 0)
			break;
		before = after;
	}
	failed += run_all(prefix, 1);
	bool same = false, pages_ok = false;
	for (int look = 0; look < 10 && !(same && pages_ok); look++) {
		settle();
		counts(&after);
		pages_ok = disk ? after.free_pages + BT_PAGE_SLACK >= before.free_pages
				: after.free_pages == before.free_pages;
		b = before;
		a = after;
		b.free_pages = a.free_pages = 0;
		same = memcmp(&b, &a, sizeof(b)) == 0;
	}
	bt_current = "second_run_leaks_no_processes_ports_or_pages";
	if (!same || !pages_ok) {
		printf("[TEST] FAIL %s: ports %u->%u sets %u->%u spaces %u->%u kmsgs %u->%u "
		       "tasks %u->%u threads %u->%u maps %u->%u objects %u->%u pages %u->%u "
		       "zone objects %u->%u\n", bt_current,
		       before.ports, after.ports, before.port_sets, after.port_sets,
		       before.spaces, after.spaces, before.kmsgs, after.kmsgs,
		       before.tasks, after.tasks, before.threads, after.threads,
		       before.vm_maps, after.vm_maps, before.vm_objects, after.vm_objects,
		       before.free_pages, after.free_pages, before.zone_objects,
		       after.zone_objects);
		failed++;
	} else {
		printf("[TEST] PASS %s\n", bt_current);
	}
	printf("bsd_tests: done, %d failed\n", failed);
	return failed ? 1 : 0;
}
