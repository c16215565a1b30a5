/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host unit tests of the device-tree reader (mach/lib/fdt.c) against the
 * trees QEMU's virt machine really passes, and against corrupted copies.
 */
#include <string.h>
#include "check.h"
#include "dtb_file.h"
#include "lib/fdt.h"

static struct fdt fdt;
static void *blob;
static long blob_size;

static int
open_virt(const char *name)
{
	free(blob);
	blob = load_dtb(name, &blob_size);
	return blob && fdt_init(&fdt, blob) == 0;
}

TEST(header_of_a_qemu_tree_is_accepted)
{
	CHECK(open_virt("virt-smp4.dtb"));
	CHECK(fdt.size > 1000 && fdt.size <= (uint32_t)blob_size);
	CHECK(fdt_header_size(blob) == fdt.size);
	return 0;
}

TEST(bad_magic_is_rejected)
{
	CHECK(open_virt("virt-smp4.dtb"));
	((unsigned char *)blob)[0] ^= 0xff;
	CHECK(fdt_init(&fdt, blob) < 0);
	CHECK(fdt_header_size(blob) == 0);
	return 0;
}

TEST(paths_find_nodes_with_and_without_unit_addresses)
{
	CHECK(open_virt("virt-smp4.dtb"));
	CHECK(fdt_path(&fdt, "/") == fdt_root(&fdt));
	CHECK(fdt_path(&fdt, "/chosen") >= 0);
	CHECK(fdt_path(&fdt, "/cpus/cpu@3") >= 0);
	CHECK(fdt_path(&fdt, "/soc/serial") >= 0);
	CHECK(fdt_path(&fdt, "/soc/serial@10000000") >= 0);
	CHECK(fdt_path(&fdt, "/cpus/cpu@4") < 0);
	CHECK(fdt_path(&fdt, "/nonexistent") < 0);
	return 0;
}

TEST(four_cpu_nodes_with_hart_ids_0_to_3)
{
	CHECK(open_virt("virt-smp4.dtb"));
	int cpus = fdt_path(&fdt, "/cpus"), n = 0;
	uint32_t seen = 0;
	for (int c = fdt_first_child(&fdt, cpus); c >= 0; c = fdt_next_sibling(&fdt, c)) {
		const char *type = fdt_prop_string(&fdt, c, "device_type");
		uint32_t reg;
		if (!type || strcmp(type, "cpu") != 0)
			continue;
		CHECK(fdt_prop_u32(&fdt, c, "reg", &reg));
		seen |= 1u << reg;
		n++;
	}
	CHECK(n == 4 && seen == 0xf);
	return 0;
}

TEST(memory_reg_uses_the_parents_cell_sizes)
{
	CHECK(open_virt("virt-smp4.dtb"));
	int mem = fdt_path(&fdt, "/memory");
	uint64_t base, size;
	CHECK(mem >= 0);
	CHECK(fdt_reg(&fdt, mem, 0, &base, &size));
	CHECK(base == 0x80000000 && size == 256UL << 20);
	CHECK(!fdt_reg(&fdt, mem, 1, &base, &size));
	return 0;
}

TEST(compatible_search_finds_the_uart_and_every_virtio_slot)
{
	CHECK(open_virt("virt-smp4.dtb"));
	int uart = fdt_find_compatible(&fdt, -1, "ns16550a");
	uint64_t base, size;
	uint32_t irq;
	CHECK(uart >= 0 && fdt_reg(&fdt, uart, 0, &base, &size) && base == 0x10000000);
	CHECK(fdt_prop_u32(&fdt, uart, "interrupts", &irq) && irq == 10);
	int n = 0;
	for (int v = fdt_find_compatible(&fdt, -1, "virtio,mmio"); v >= 0;
	     v = fdt_find_compatible(&fdt, v, "virtio,mmio"))
		n++;
	CHECK(n == 8);
	return 0;
}

TEST(phandles_and_parents_link_the_plic_to_harts)
{
	CHECK(open_virt("virt-smp4.dtb"));
	int plic = fdt_find_compatible(&fdt, -1, "riscv,plic0");
	int len;
	CHECK(plic >= 0);
	const unsigned char *p = fdt_getprop(&fdt, plic, "interrupts-extended", &len);
	CHECK(p && len == 4 * 2 * 8);		/* M and S context for each hart */
	int intc = fdt_find_phandle(&fdt, fdt32(p));
	CHECK(intc >= 0 && fdt_is_compatible(&fdt, intc, "riscv,cpu-intc"));
	int cpu = fdt_parent(&fdt, intc);
	CHECK(cpu >= 0 && strncmp(fdt_name(&fdt, cpu), "cpu@", 4) == 0);
	CHECK(fdt_parent(&fdt, fdt_root(&fdt)) < 0);
	return 0;
}

TEST(missing_properties_and_nodes_give_errors)
{
	CHECK(open_virt("virt-smp4.dtb"));
	uint32_t v;
	CHECK(fdt_getprop(&fdt, fdt_root(&fdt), "no-such-property", NULL) == NULL);
	CHECK(!fdt_prop_u32(&fdt, fdt_root(&fdt), "no-such-property", &v));
	CHECK(fdt_first_child(&fdt, -1) < 0);
	CHECK(fdt_getprop(&fdt, 12345, "reg", NULL) == NULL);
	return 0;
}

/* Walk everything a probe would: must stay in bounds whatever the bytes. */
static void
walk_all(const struct fdt *f)
{
	uint64_t a, s;
	for (int n = fdt_root(f); n >= 0; n = fdt_next_node(f, n)) {
		(void)fdt_name(f, n);
		(void)fdt_prop_string(f, n, "compatible");
		(void)fdt_reg(f, n, 0, &a, &s);
		(void)fdt_is_compatible(f, n, "ns16550a");
		(void)fdt_first_child(f, n);
		(void)fdt_next_sibling(f, n);
	}
	(void)fdt_path(f, "/soc/serial");
	for (int i = 0; fdt_rsv(f, i, &a, &s) && i < 100; i++)
		;
}

TEST(corrupted_trees_never_read_out_of_bounds)
{
	CHECK(open_virt("virt-smp1.dtb"));
	unsigned char *copy = malloc((size_t)blob_size);
	unsigned seed = 12345;
	/* Deterministic corruption: 2,000 trees, each with 1-8 random bytes changed. */
	for (int round = 0; round < 2000; round++) {
		memcpy(copy, blob, (size_t)blob_size);
		int changes = 1 + round % 8;
		for (int i = 0; i < changes; i++) {
			seed = seed * 1103515245 + 12345;
			long at = (long)((seed >> 8) % fdt.size);
			seed = seed * 1103515245 + 12345;
			copy[at] = (unsigned char)(seed >> 16);
		}
		struct fdt f;
		if (fdt_init(&f, copy) == 0 && f.size <= (uint32_t)blob_size)
			walk_all(&f);
	}
	free(copy);
	return 0;
}

TEST(truncated_header_sizes_are_rejected)
{
	CHECK(open_virt("virt-smp1.dtb"));
	unsigned char *b = blob;
	/* totalsize smaller than the structure block's end */
	b[4] = b[5] = 0, b[6] = 0, b[7] = 64;
	CHECK(fdt_init(&fdt, blob) < 0);
	return 0;
}
