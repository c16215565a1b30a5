/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel monitor (see kern/kmon.h). */
#include <stdbool.h>
#include "kern/kmon.h"
#include "kern/console.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "lib/string.h"
#include "riscv/cpu.h"
#include "riscv/platform.h"
#include "riscv/plic.h"
#include "riscv/sbi.h"
#include "vm/vm_page.h"

#define KMON_LINE	80

static char line[KMON_LINE];
static unsigned len;
static bool started;

static void cmd_help(void);

static void
cmd_harts(void)
{
	for (unsigned i = 0; i < ncpus; i++)
		printf("cpu %u: hart %u, %s, %lu ticks, %lu IPIs\n", i, cpus[i].hartid,
		       cpus[i].online ? "online" : "offline", cpus[i].ticks,
		       cpus[i].ipis_received);
}

static void
cmd_mem(void)
{
	printf("pages: %lu free of %lu (%lu KiB free)\n", vm_page_free_count(),
	       vm_page_total_count(), vm_page_free_count() * (PAGE_SIZE / 1024));
	printf("free blocks by order:");
	for (unsigned o = 0; o <= VM_PAGE_MAX_ORDER; o++)
		printf(" %lu", vm_page_free_blocks(o));
	printf("\n");
}

static void
cmd_irqs(void)
{
	printf("uart irq %u: %lu interrupts\n", platform.uart_irq, plic_count(platform.uart_irq));
}

static void cmd_poweroff(void) { machine_poweroff(0); }
static void cmd_reboot(void) { sbi_system_reset(SBI_SRST_COLD_REBOOT, SBI_SRST_REASON_NONE); }
static void cmd_panic(void) { panic("kmon: panic requested"); }

static const struct {
	const char *name;
	void (*fn)(void);
	const char *help;
} commands[] = {
	{ "help", cmd_help, "list the commands" },
	{ "harts", cmd_harts, "each hart: online, ticks, IPIs" },
	{ "mem", cmd_mem, "free physical pages" },
	{ "irqs", cmd_irqs, "interrupt counts" },
	{ "poweroff", cmd_poweroff, "power the machine off" },
	{ "reboot", cmd_reboot, "reboot through SBI" },
	{ "panic", cmd_panic, "panic (to see what a panic prints)" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void
cmd_help(void)
{
	for (unsigned i = 0; i < NCOMMANDS; i++)
		printf("  %-9s %s\n", commands[i].name, commands[i].help);
}

static void
run(const char *cmd)
{
	if (!*cmd)
		return;
	for (unsigned i = 0; i < NCOMMANDS; i++) {
		if (strcmp(cmd, commands[i].name) == 0) {
			commands[i].fn();
			return;
		}
	}
	printf("kmon: unknown command \"%s\" (try help)\n", cmd);
}

void
kmon_start(void)
{
	started = true;
	printf("kernel monitor: type help (Ctrl-A X leaves QEMU)\nmachrv> ");
}

void
kmon_input(int c)
{
	if (!started)
		return;
	if (c == '\r' || c == '\n') {
		printf("\n");
		line[len] = '\0';
		len = 0;
		run(line);
		printf("machrv> ");
	} else if ((c == 0x7f || c == '\b') && len > 0) {
		len--;
		printf("\b \b");
	} else if (c >= ' ' && c < 0x7f && len < KMON_LINE - 1) {
		line[len++] = (char)c;
		printf("%c", c);
	}
}
