/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit tests of platform_probe (mach/riscv/platform.c) on QEMU's trees. */
#include <string.h>
#include "check.h"
#include "dtb_file.h"
#include "riscv/platform.h"

static void *blob;

static int
probe(const char *name, uint32_t boot_hart)
{
	long size;

	free(blob);
	blob = load_dtb(name, &size);

	memset(&platform, 0, sizeof(platform));
	/* Host tests map "physical" addresses one to one onto host memory. */
	return blob ? platform_probe((uint64_t)(uintptr_t)blob, boot_hart) : -1;
}

TEST(four_harts_with_the_boot_hart_first)
{
	CHECK(probe("virt-smp4.dtb", 2) == 0);
	CHECK(platform.nharts == 4);
	CHECK(platform.hartid[0] == 2);
	CHECK(platform.hartid[1] == 0 && platform.hartid[2] == 1 && platform.hartid[3] == 3);
	return 0;
}

TEST(plic_supervisor_contexts_come_from_interrupts_extended)
{
	CHECK(probe("virt-smp4.dtb", 0) == 0);
	CHECK(platform.plic.base == 0xc000000 && platform.plic_ndev > 0);
	/* QEMU virt: context 2h is hart h's M-mode, 2h+1 its S-mode. */
	for (unsigned i = 0; i < platform.nharts; i++)
		CHECK(platform.plic_context[i] == 2 * platform.hartid[i] + 1);
	return 0;
}

TEST(memory_uart_timebase_and_virtio_are_found)
{
	CHECK(probe("virt-smp4.dtb", 0) == 0);
	CHECK(platform.nmem == 1 && platform.mem[0].base == 0x80000000 &&
	      platform.mem[0].size == 256UL << 20);
	CHECK(platform.uart.base == 0x10000000 && platform.uart_irq == 10);
	CHECK(platform.timebase_hz == 10000000);
	CHECK(platform.nvirtio == 8);
	for (unsigned i = 1; i < platform.nvirtio; i++)
		CHECK(platform.virtio[i].base > platform.virtio[i - 1].base);
	return 0;
}

TEST(the_goldfish_rtc_is_found)
{
	CHECK(probe("virt-smp1.dtb", 0) == 0);
	CHECK(platform.rtc.base == 0x101000 && platform.rtc.size == 0x1000);
	return 0;
}

TEST(one_hart_tree_has_one_hart)
{
	CHECK(probe("virt-smp1.dtb", 0) == 0);
	CHECK(platform.nharts == 1 && platform.mem[0].size == 128UL << 20);
	return 0;
}

TEST(a_blob_that_is_no_device_tree_is_refused)
{
	static uint32_t junk[64];
	memset(&platform, 0, sizeof(platform));
	CHECK(platform_probe((uint64_t)(uintptr_t)junk, 0) < 0);
	return 0;
}
