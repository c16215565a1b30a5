/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The user-mode test program: runs every UTEST (or those whose names start
 * with argv[1]), then runs them all again and checks that the kernel's
 * object counts and free pages came back exactly to where the first run
 * left them (the first run warms the kernel's zones up).
 */
#include <string.h>
#include <machrv/object_counts.h>
#include "utest.h"

extern const struct utest __start_utests[], __stop_utests[];
const char *utest_current;

static int
run_all(const char *prefix, int quiet)
{
	int failed = 0, ran = 0;

	for (const struct utest *t = __start_utests; t < __stop_utests; t++) {
		if (prefix && strncmp(t->name, prefix, strlen(prefix)) != 0)
			continue;
		utest_current = t->name;
		ran++;
		if (t->fn() != 0)
			failed++;
		else if (!quiet)
			printf("[TEST] PASS %s\n", t->name);
	}
	if (!quiet)
		printf("utest: %d run, %d passed, %d failed\n", ran, ran - failed, failed);
	return failed;
}

static mach_port_t host;		/* named once: each mach_host_self() adds a reference */

static kern_return_t
counts(struct machrv_object_counts *c)
{
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;
	return host_info(host, HOST_MACHRV_OBJECT_COUNTS, (host_info_t)c, &n);
}

int
main(int argc, char **argv)
{
	const char *prefix = argc > 1 ? argv[1] : NULL;
	host = mach_host_self();
	/* libmach caches the bootstrap port on first use: take that name now,
	 * so that it does not land on a name a test chooses (allocate_name). */
	(void)bootstrap_port;
	int failed = run_all(prefix, 0);

	/* The leak check: a second, quiet run must leave nothing behind. */
	struct machrv_object_counts before, after;
	mach_msg_type_number_t names_before = ut_name_count();
	if (counts(&before) != KERN_SUCCESS) {
		printf("[TEST] FAIL leak_check: no object counts\n");
		return 1;
	}
	failed += run_all(prefix, 1);
	counts(&after);
	mach_msg_type_number_t names_after = ut_name_count();
	utest_current = "second_run_leaks_no_kernel_objects_or_pages";
	if (memcmp(&before, &after, sizeof(before)) != 0 || names_before != names_after) {
		printf("[TEST] FAIL %s: ports %u->%u sets %u->%u spaces %u->%u kmsgs %u->%u "
		       "tasks %u->%u threads %u->%u maps %u->%u objects %u->%u pages %u->%u "
		       "zone objects %u->%u names %u->%u\n", utest_current,
		       before.ports, after.ports, before.port_sets, after.port_sets,
		       before.spaces, after.spaces, before.kmsgs, after.kmsgs,
		       before.tasks, after.tasks, before.threads, after.threads,
		       before.vm_maps, after.vm_maps, before.vm_objects, after.vm_objects,
		       before.free_pages, after.free_pages, before.zone_objects,
		       after.zone_objects, names_before, names_after);
		failed++;
	} else {
		printf("[TEST] PASS %s\n", utest_current);
	}
	printf("utest: done, %d failed\n", failed);
	return failed ? 1 : 0;
}
