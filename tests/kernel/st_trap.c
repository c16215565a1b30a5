/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Self-test of the U-mode trap path: enter user mode, take two ecalls and a
 * page fault, and check that the trap frame holds every user register and
 * that returning to U-mode loads every register from the frame.
 */
#include "kern/selftest.h"
#include "lib/string.h"
#include "riscv/context.h"
#include "riscv/cpu.h"
#include "riscv/intr.h"
#include "riscv/pmap.h"
#include "kern/sched.h"
#include "riscv/trap.h"
#include "vm/vm_page.h"

extern const char st_user_code[], st_user_code_end[];

#define USER_CODE	0x10000UL
#define USER_STACK	0x20000UL
#define USER_HOLE	0x30000UL

static struct context back;		/* where the test resumes */
static struct trap_frame first;		/* the frame of the first ecall */
static int stage;
static const char *failure;

static void
finish(const char *why)
{
	failure = why;
	context_resume(&back, 1);
}

/*
 * The value x_i holds in the user code (base 0x1000) or after the first
 * ecall (0x2000): base + i, but a7 (x17) negative, so that the ecalls are
 * Mach traps of no number, the one way into the kernel that asks
 * trap_user_hook first (riscv/trap_vector.S).
 */
static uint64_t
pattern(uint64_t base, int i)
{
	return i == 17 ? -(base + 17) : base + (uint64_t)i;
}

static void
user_hook(struct trap_frame *tf)
{
	const uint64_t *r = (const uint64_t *)tf;

	switch (stage++) {
	case 0:		/* (1) first ecall: every register as the user set it */
		if (tf->scause != CAUSE_ECALL_U)
			finish("first trap is not an ecall from U-mode");
		for (int i = 1; i < 32; i++)
			if (i != 2 && r[i] != pattern(0x1000, i))
				finish("a register changed on the way into the kernel");
		if (tf->sp != USER_STACK + PAGE_SIZE)
			finish("user sp not saved");
		/*
		 * Give every register a new value, as a system call sets its
		 * results: a register the return path forgets to load would
		 * keep its old value and show in the next trap.
		 */
		first = *tf;
		for (int i = 1; i < 32; i++)
			((uint64_t *)tf)[i] = pattern(0x2000, i);
		tf->sp = USER_STACK + PAGE_SIZE - 16;
		tf->sepc += 4;
		return;
	case 1:		/* (2) second ecall: the user has the kernel's values */
		if (tf->scause != CAUSE_ECALL_U || tf->sepc != first.sepc + 4)
			finish("second trap is not the next ecall");
		if (tf->sp != USER_STACK + PAGE_SIZE - 16)
			finish("sp was not restored on return to U-mode");
		for (int i = 1; i < 32; i++)
			if (i != 2 && r[i] != pattern(0x2000, i))
				finish("a register was not restored on return to U-mode");
		tf->sepc += 4;
		return;
	case 2:		/* (3) the load from the hole */
		if (tf->scause != CAUSE_LOAD_PAGE_FAULT || tf->stval != USER_HOLE)
			finish("expected a load page fault at the hole");
		finish(0);
		/* FALLTHROUGH */
	default:
		finish("unexpected trap from U-mode");
	}
}

SELFTEST(trap_user_mode_round_trip_preserves_every_register)
{
	struct pmap pmap;
	size_t code_len = (size_t)(st_user_code_end - st_user_code);
	thread_t self = current_thread();

	CHECK(pmap_init(&pmap) == KERN_SUCCESS, "pmap_init");
	void *code = kmem_alloc_pages(0), *stack = kmem_alloc_pages(0);
	void *kstack = kmem_alloc_pages(2);
	CHECK(code && stack && kstack, "no memory");
	memcpy(code, st_user_code, code_len);
	CHECK(pmap_enter(&pmap, USER_CODE, kvtophys(code), PAGE_SIZE,
			 VM_PROT_READ | VM_PROT_EXECUTE, PMAP_USER) == KERN_SUCCESS, "map code");
	CHECK(pmap_enter(&pmap, USER_STACK, kvtophys(stack), PAGE_SIZE,
			 VM_PROT_DEFAULT, PMAP_USER) == KERN_SUCCESS, "map stack");

	static struct trap_frame tf;
	memset(&tf, 0, sizeof(tf));
	tf.sepc = USER_CODE;
	tf.sp = USER_STACK + PAGE_SIZE;
	tf.sstatus = (csr_read(sstatus) & ~(SSTATUS_SPP | SSTATUS_SIE | SSTATUS_FS)) |
		     SSTATUS_SPIE;

	stage = 0;
	failure = "no trap came back";
	/*
	 * This thread runs in `pmap' while in user mode, and its traps from
	 * U-mode land on their own stack, not on the frames of this function.
	 */
	uint64_t saved_kstack = self->kstack_top;
	intr_off();
	if (context_save(&back) == 0) {
		self->kstack_top = cpu_self()->kstack_top = (uint64_t)kstack + KSTACK_SIZE;
		self->pmap = &pmap;
		trap_user_hook = user_hook;
		pmap_activate(&pmap);
		__asm__ __volatile__("fence.i");
		trap_return(&tf);
	}
	/* Back from user_hook, on this stack, interrupts off. */
	trap_user_hook = 0;
	self->kstack_top = cpu_self()->kstack_top = saved_kstack;
	self->pmap = kernel_pmap;
	pmap_activate_kernel();
	intr_on();

	pmap_fini(&pmap);
	kmem_free_pages(code, 0);
	kmem_free_pages(stack, 0);
	kmem_free_pages(kstack, 2);
	CHECK(failure == 0, "%s (stage %d)", failure, stage);
	return 0;
}
