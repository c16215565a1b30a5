/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the device tree tells the kernel about the machine: memory, harts,
 * interrupt controller, timer, console UART, virtio-mmio slots, real-time
 * clock, initrd and boot arguments.  platform_probe() fills `platform' once, on the boot hart,
 * before anything else reads it; after that it is read-only.
 */
#ifndef _RISCV_PLATFORM_H_
#define _RISCV_PLATFORM_H_
#include <stdint.h>
#include "riscv/cpu.h"

#define PLATFORM_MAX_MEM	8
#define PLATFORM_MAX_RESERVED	16
#define PLATFORM_MAX_VIRTIO	16

struct phys_range {
	uint64_t base, size;
};

struct platform {
	char		model[64];
	struct phys_range mem[PLATFORM_MAX_MEM];
	unsigned	nmem;
	struct phys_range reserved[PLATFORM_MAX_RESERVED];
	unsigned	nreserved;

	unsigned	nharts;
	uint32_t	hartid[MAX_CPUS];	/* index = logical cpu number */
	uint32_t	plic_context[MAX_CPUS];	/* S-mode context of each hart */
	uint64_t	timebase_hz;

	struct phys_range plic;
	uint32_t	plic_ndev;

	struct phys_range uart;
	uint32_t	uart_irq;
	uint32_t	uart_clock_hz;
	char		uart_compat[32];

	struct phys_range virtio[PLATFORM_MAX_VIRTIO];
	uint32_t	virtio_irq[PLATFORM_MAX_VIRTIO];
	unsigned	nvirtio;

	struct phys_range rtc;			/* google,goldfish-rtc; size 0: none */

	struct phys_range initrd;		/* size 0: none */
	struct phys_range dtb;
	char		bootargs[512];
};

extern struct platform platform;

/*
 * platform_probe: read the device tree at physical address `dtb_pa' (reached
 * through the direct map) into `platform'.  The boot hart is `boot_hartid';
 * it becomes logical cpu 0.  Returns 0, or -1 with a message on a tree the
 * kernel cannot run with (no memory, no harts).
 */
int platform_probe(uint64_t dtb_pa, uint32_t boot_hartid);
/* platform_print: print the machine, its memory and devices as probed (the boot banner). */
void platform_print(void);

#endif /* _RISCV_PLATFORM_H_ */
