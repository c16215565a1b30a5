/* SPDX-License-Identifier: BSD-2-Clause */
/* Running the in-kernel self-tests (see kern/selftest.h). */
#include "kern/selftest.h"
#include "ipc/ipc_kmsg.h"
#include "lib/string.h"
#include "kern/zalloc.h"
#include "vm/vm_page.h"

extern const struct selftest __selftests_start[], __selftests_end[];

static const char *current;

void
selftest_failure(const char *file, int line, const char *cond)
{
	printf("[TEST] FAIL %s: %s:%d: %s: ", current, file, line, cond);
}

int
selftest_run(const char *prefix)
{
	int ran = 0, failed = 0;
	size_t len = strlen(prefix);

	printf("selftest: running tests matching \"%s\"\n", prefix);
	for (const struct selftest *t = __selftests_start; t < __selftests_end; t++) {
		if (strncmp(t->name, prefix, len) != 0)
			continue;
		/*
		 * Every test must give back the pages and objects it took.
		 * Zones keep the pages they grow by, so those count as given back.
		 */
		size_t pages_before = vm_page_free_count() + zone_pages_total();
		size_t objects_before = zone_objects_live();
		current = t->name;
		ran++;
		if (t->fn() != 0) {
			failed++;
			continue;
		}
		size_t pages_after = vm_page_free_count() + zone_pages_total();
		size_t objects_after = zone_objects_live();
		if (pages_after != pages_before || objects_after != objects_before) {
			printf("[TEST] FAIL %s: leaked %ld pages and %ld zone objects\n",
			       t->name, (long)(pages_before - pages_after),
			       (long)(objects_after - objects_before));
			failed++;
			continue;
		}
		printf("[TEST] PASS %s\n", t->name);
	}
	printf("selftest: %d run, %d passed, %d failed\n", ran, ran - failed, failed);
	if (ran == 0) {
		printf("[TEST] FAIL selftest: no test matches \"%s\"\n", prefix);
		return 1;
	}
	return failed;
}
