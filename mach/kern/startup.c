/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kernel_bootstrap: the boot hart's path from riscv/start.S to a running
 * system.  Each step names the file that does it:
 *   (1) traps to trap_vector             riscv/trap.c
 *   (2) read the device tree             riscv/platform.c, lib/fdt.c
 *   (3) physical pages                   vm/vm_boot.c, vm/vm_page.c
 *   (4) kernel page tables               riscv/pmap_kernel.c
 *   (5) console on the UART, the         riscv/uart.c,
 *       calendar from the RTC            kern/calendar.c, riscv/rtc.c
 *   (6) interrupts: PLIC, timer          riscv/plic.c, riscv/timer.c
 *   (7) threads: this context becomes    kern/thread.c, kern/sched_prim.c
 *       the boot hart's idle thread; IPC  ipc/mach_msg.c (zones)
 *   (8) the other harts                  riscv/smp.c
 *   (9) a kernel thread for self-tests   kern/selftest.c, kern/kmon.c
 *       or the monitor
 */
#include "riscv/cpu.h"
#include "riscv/csr.h"
#include "riscv/intr.h"
#include "riscv/platform.h"
#include "riscv/plic.h"
#include "riscv/pmap.h"
#include "riscv/sbi.h"
#include "riscv/timer.h"
#include "riscv/trap.h"
#include "riscv/uart.h"
#include "vm/vm_page.h"
#include "ipc/mach_msg.h"
#include "kern/bootargs.h"
#include "kern/calendar.h"
#include "kern/exception.h"
#include "kern/host.h"
#include "kern/init_task.h"
#include "kern/sync_sema.h"
#include "kern/task.h"
#include "kern/kmon.h"
#include "kern/panic.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "kern/selftest.h"
#include "kern/version.h"

extern char boot_stack[], boot_stack_top[];
void vm_page_boot_init(void);		/* vm/vm_boot.c */
void kobject_bootstrap(void);		/* kern/kobject_register.c */
void kernel_bootstrap(uint32_t hartid, uint64_t dtb_pa);

static uint64_t
memory_size(void)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < platform.nmem; i++)
		total += platform.mem[i].size;
	return total;
}

/* The first kernel thread: what the boot arguments ask for. */
static void
bootstrap_thread(void *arg)
{
	char which[64];

	(void)arg;
	if (bootarg_value("selftest", which, sizeof(which)))
		machine_poweroff(selftest_run(which));
	if (bootarg_has("selftest"))
		machine_poweroff(selftest_run(""));
	if (bootarg_value("fault", which, sizeof(which)))
		selftest_fault(which);
	char args[128];
	if (bootarg_value("init", which, sizeof(which))) {
		if (!bootarg_value("init_args", args, sizeof(args)))
			args[0] = '\0';
		int how = init_task_run(which, args);
		if (bootarg_has("poweroff"))
			machine_poweroff(how < 0 ? 2 : how);
	}
	if (bootarg_has("poweroff"))
		machine_poweroff(0);
	kmon_start();
}

/*
 * kernel_bootstrap: entered from riscv/start.S on the boot hart with the
 * MMU on and interrupts off; does steps (2) to (9) above and never returns
 * (this context becomes the hart's idle thread).
 */
void
kernel_bootstrap(uint32_t hartid, uint64_t dtb_pa)
{
	struct cpu *c = &cpus[0];

	c->self = c;
	c->number = 0;
	c->hart_bit = 1;
	c->hartid = hartid;
	c->boot_stack = boot_stack;
	c->kstack_top = (uint64_t)boot_stack_top;
	c->online = true;
	ncpus = 1;

	trap_init_hart();					/* (1) */
	printf("\n%s booting on hart %u\n", MACHRV_VERSION_STRING, hartid);
	if (platform_probe(dtb_pa, hartid) < 0)			/* (2) */
		panic("cannot run without a usable device tree");
	bootargs_set(platform.bootargs);
	c->plic_context = platform.plic_context[0];
	vm_page_boot_init();					/* (3) */
	pmap_bootstrap();					/* (4) */
	uart_init();						/* (5) */

	printf("\n%s\n", MACHRV_BANNER);
	if (MACHRV_VARIANT_STRING)
		printf("variant: %s\n", MACHRV_VARIANT_STRING);
	sbi_print_info();
	platform_print();
	calendar_init();

	plic_init();						/* (6) */
	plic_init_hart();
	timer_init_hart();
	uart_enable_input();
	intr_on();

	thread_bootstrap();					/* (7) */
	ipc_bootstrap();
	vm_map_bootstrap();
	task_bootstrap();
	semaphore_bootstrap();
	exception_bootstrap();
	host_bootstrap();
	kobject_bootstrap();
	smp_start_secondaries();				/* (8) */
	printf("%u harts online (of %u in the device tree)\n", smp_online_count(),
	       platform.nharts);
	printf("memory: %lu MiB, %lu KiB free in %lu pages\n", memory_size() >> 20,
	       vm_page_free_count() * (PAGE_SIZE / 1024), vm_page_free_count());

	thread_t th = kernel_thread_create("bootstrap", bootstrap_thread, 0,	/* (9) */
					   BASEPRI_DEFAULT);
	if (!th)
		panic("no memory for the bootstrap thread");
	thread_deallocate(th);
	cpu_idle_loop();
}
