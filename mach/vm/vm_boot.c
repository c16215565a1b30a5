/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Handing RAM to the page allocator at boot: every page the device tree
 * lists as memory, except the firmware's, the kernel image, the device tree,
 * the initrd and the vm_page array itself (placed in the first free gap).
 */
#include "vm/vm_page.h"
#include "riscv/platform.h"
#include "kern/printf.h"
#include "kern/panic.h"

extern char __kernel_start[], __kernel_end[];

#define MAX_AVOID (PLATFORM_MAX_RESERVED + 4)

static struct phys_range avoid[MAX_AVOID];
static unsigned navoid;

static void
avoid_range(uint64_t base, uint64_t size)
{
	if (size && navoid < MAX_AVOID)
		avoid[navoid++] = (struct phys_range){ trunc_page(base),
						       round_page(base + size) - trunc_page(base) };
}

static bool
overlaps(uint64_t base, uint64_t end)
{
	for (unsigned i = 0; i < navoid; i++)
		if (base < avoid[i].base + avoid[i].size && avoid[i].base < end)
			return true;
	return false;
}

/* The lowest page-aligned free run of `size' bytes in RAM, or 0. */
static uint64_t
find_free_run(uint64_t size)
{
	for (unsigned m = 0; m < platform.nmem; m++) {
		uint64_t base = round_page(platform.mem[m].base);
		uint64_t end = platform.mem[m].base + platform.mem[m].size;
		while (base + size <= end) {
			if (!overlaps(base, base + size))
				return base;
			base += PAGE_SIZE;
		}
	}
	return 0;
}

/*
 * vm_page_boot_init: set up the page allocator over all RAM.  Runs once on
 * the boot hart, with the boot page table's direct map.
 */
void
vm_page_boot_init(void)
{
	uint64_t lo = UINT64_MAX, hi = 0;

	for (unsigned i = 0; i < platform.nreserved; i++)
		avoid_range(platform.reserved[i].base, platform.reserved[i].size);
	avoid_range(kvtophys(__kernel_start), (uint64_t)(__kernel_end - __kernel_start));
	avoid_range(platform.dtb.base, platform.dtb.size);
	avoid_range(platform.initrd.base, platform.initrd.size);

	for (unsigned m = 0; m < platform.nmem; m++) {
		if (platform.mem[m].base < lo)
			lo = platform.mem[m].base;
		if (platform.mem[m].base + platform.mem[m].size > hi)
			hi = platform.mem[m].base + platform.mem[m].size;
	}
	lo = trunc_page(lo);
	hi = trunc_page(hi);
	size_t n = (hi - lo) >> PAGE_SHIFT;
	uint64_t array_size = round_page(n * sizeof(struct vm_page));
	uint64_t array_pa = find_free_run(array_size);
	if (!array_pa)
		panic("vm_page_boot_init: no room for %lu page structures", (unsigned long)n);
	avoid_range(array_pa, array_size);

	vm_page_bootstrap(phystokv(array_pa), lo, n);
	for (unsigned m = 0; m < platform.nmem; m++) {
		uint64_t base = platform.mem[m].base, end = base + platform.mem[m].size;
		/* Release the runs of pages between avoided ranges. */
		uint64_t pa = round_page(base);
		while (pa + PAGE_SIZE <= end) {
			uint64_t run = pa;
			while (run + PAGE_SIZE <= end && !overlaps(run, run + PAGE_SIZE))
				run += PAGE_SIZE;
			if (run > pa)
				vm_page_release_range(pa, run);
			pa = run + PAGE_SIZE;
		}
	}
}
