/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's pmap and pmap life cycle.  pmap_bootstrap() replaces the boot
 * page table of riscv/start.S with the real kernel map:
 *   - the direct map of RAM, read/write, never executable, in the largest
 *     pages that fit (1 GiB, 2 MiB, 4 KiB);
 *   - the kernel image inside it with 4 KiB pages: text read/execute,
 *     rodata read-only, data and bss read/write;
 *   - the devices the device tree names (UART, PLIC, virtio-mmio), read/write.
 */
#include "riscv/pmap.h"
#include "riscv/platform.h"
#include "riscv/csr.h"
#include "vm/vm_page.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "lib/string.h"

struct pmap kernel_pmap_store;

extern char __kernel_start[], __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[], __kernel_end[];

paddr_t
pmap_table_alloc(void)
{
	struct vm_page *p = vm_page_alloc();
	return p ? p->phys_addr : 0;
}

void
pmap_table_free(paddr_t pa)
{
	vm_page_free(vm_page_lookup_phys(pa));
}

void
pmap_tlb_flush(struct pmap *pmap, uintptr_t va)
{
	(void)pmap;
	sfence_vma_page(va);
}

void
pmap_tlb_shootdown(struct pmap *pmap)
{
	/* Kernel mappings only grow: no hart holds a stale one. */
	if (pmap == kernel_pmap)
		return;
	/* The changed entries before the look at who runs here (see pmap_activate). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	uint64_t others = __atomic_load_n(&pmap->active_harts, __ATOMIC_SEQ_CST) &
			  ~(1UL << cpu_number());
	if (others)
		cpu_tlb_shootdown(others);
}

/* Map [pa, pa+size) at phystokv(pa) in the largest pages alignment allows. */
static void
map_direct(paddr_t pa, uint64_t size, vm_prot_t prot)
{
	paddr_t end = round_page(pa + size);

	for (pa = trunc_page(pa); pa < end;) {
		uint64_t step = PAGE_SIZE;
		for (int l = PT_LEVELS - 1; l > 0; l--) {
			uint64_t s = PT_LEVEL_SIZE(l);
			if ((pa & (s - 1)) == 0 && pa + s <= end) {
				step = s;
				break;
			}
		}
		kern_return_t kr = pmap_enter(kernel_pmap, (uintptr_t)phystokv(pa), pa,
					      step, prot, PMAP_GLOBAL);
		if (kr != KERN_SUCCESS)
			panic("pmap_bootstrap: cannot map %#lx (%d)", pa, kr);
		pa += step;
	}
}

/* Map RAM, leaving the kernel image out: it is mapped page by page after. */
static void
map_ram_around_kernel(paddr_t base, uint64_t size)
{
	paddr_t kstart = kvtophys(__kernel_start), kend = kvtophys(__kernel_end);
	paddr_t end = base + size;

	/*
	 * Large pages must not cover the image, so map the 2 MiB-aligned
	 * chunks holding it with 4 KiB pages, and the rest in large pages.
	 */
	paddr_t lo = kstart & ~(PT_LEVEL_SIZE(1) - 1);
	paddr_t hi = (kend + PT_LEVEL_SIZE(1) - 1) & ~(PT_LEVEL_SIZE(1) - 1);
	if (end <= lo || base >= hi) {
		map_direct(base, size, VM_PROT_DEFAULT);
		return;
	}
	if (base < lo)
		map_direct(base, lo - base, VM_PROT_DEFAULT);
	for (paddr_t pa = base > lo ? base : lo; pa < hi && pa < end; pa += PAGE_SIZE)
		if (pa < kstart || pa >= kend)
			map_direct(pa, PAGE_SIZE, VM_PROT_DEFAULT);
	if (end > hi)
		map_direct(hi, end - hi, VM_PROT_DEFAULT);
}

static void
map_kernel_section(char *start, char *end, vm_prot_t prot)
{
	map_direct(kvtophys(start), (uint64_t)(end - start), prot);
}

void
pmap_bootstrap(void)
{
	struct pmap *k = kernel_pmap;

	simple_lock_init(&k->lock, "kernel_pmap", LOCK_RANK_KERNEL_PMAP);
	k->root_pa = pmap_table_alloc();
	if (!k->root_pa)
		panic("pmap_bootstrap: no memory for the kernel page table");
	k->root = phystokv(k->root_pa);
	k->satp = pmap_satp(k->root_pa);
	memset(k->root, 0, PAGE_SIZE);

	for (unsigned i = 0; i < platform.nmem; i++)
		map_ram_around_kernel(platform.mem[i].base, platform.mem[i].size);
	map_kernel_section(__text_start, __text_end, VM_PROT_READ | VM_PROT_EXECUTE);
	map_kernel_section(__rodata_start, __rodata_end, VM_PROT_READ);
	map_kernel_section(__rodata_end, __kernel_end, VM_PROT_DEFAULT);

	if (platform.uart.size)
		map_direct(platform.uart.base, platform.uart.size, VM_PROT_DEFAULT);
	if (platform.plic.size)
		map_direct(platform.plic.base, platform.plic.size, VM_PROT_DEFAULT);
	for (unsigned i = 0; i < platform.nvirtio; i++)
		map_direct(platform.virtio[i].base, platform.virtio[i].size, VM_PROT_DEFAULT);
	if (platform.rtc.size)
		map_direct(platform.rtc.base, platform.rtc.size, VM_PROT_DEFAULT);

	/*
	 * The kernel half is now complete: all kernel memory is reached through
	 * the direct map, so no root entry of the upper half changes after this
	 * and pmap_init() can copy them into every user pmap.
	 */
	pmap_activate_kernel();
}

void
pmap_activate_kernel(void)
{
	pmap_activate(kernel_pmap);
}

/*
 * pmap_init: make `pmap' an empty user address space sharing the kernel half.
 *   Returns: KERN_SUCCESS, KERN_RESOURCE_SHORTAGE (no page for the root).
 */
kern_return_t
pmap_init(struct pmap *pmap)
{
	simple_lock_init(&pmap->lock, "pmap", LOCK_RANK_PMAP);
	pmap->table_pages = 0;
	pmap->root_pa = pmap_table_alloc();
	if (!pmap->root_pa)
		return KERN_RESOURCE_SHORTAGE;
	pmap->root = phystokv(pmap->root_pa);
	pmap->satp = pmap_satp(pmap->root_pa);
	memset(pmap->root, 0, PAGE_SIZE / 2);
	memcpy(pmap->root + PT_ENTRIES / 2, kernel_pmap->root + PT_ENTRIES / 2, PAGE_SIZE / 2);
	return KERN_SUCCESS;
}

/* pmap_fini: free every page table of `pmap' (not the pages it maps). */
void
pmap_fini(struct pmap *pmap)
{
	pmap_destroy_tables(pmap);
	pmap->root = 0;
	pmap->root_pa = 0;
	pmap->satp = 0;
}
