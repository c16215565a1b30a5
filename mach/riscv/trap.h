/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The trap frame: every register a trap must preserve, saved by
 * riscv/trap_vector.S on the kernel stack in this order (x1..x31, then the
 * CSRs).  TF_* are the byte offsets the assembly uses.
 */
#ifndef _RISCV_TRAP_H_
#define _RISCV_TRAP_H_

#define TF_RA		(1 * 8)
#define TF_SP		(2 * 8)
#define TF_GP		(3 * 8)
#define TF_TP		(4 * 8)
#define TF_SEPC		(32 * 8)
#define TF_SSTATUS	(33 * 8)
#define TF_SCAUSE	(34 * 8)
#define TF_STVAL	(35 * 8)
#define TF_SIZE		(36 * 8)	/* a multiple of 16: keeps sp aligned */

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <stdbool.h>
#include "riscv/csr.h"

struct trap_frame {
	uint64_t zero;		/* slot for x0, keeps x<n> at offset n*8 */
	uint64_t ra, sp, gp, tp;
	uint64_t t0, t1, t2;
	uint64_t s0, s1;
	uint64_t a0, a1, a2, a3, a4, a5, a6, a7;
	uint64_t s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	uint64_t t3, t4, t5, t6;
	uint64_t sepc, sstatus, scause, stval;
};

_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame layout");

static inline bool trap_from_user(const struct trap_frame *tf)
{
	return !(tf->sstatus & SSTATUS_SPP);
}

/* riscv/trap.c */
void trap_init_hart(void);
/*
 * trap_handler: every trap, from trap_vector with the registers in `tf':
 * an interrupt (then, from user mode, the AST checks), a trap from user
 * mode (user_exception, or a self-test's trap_user_hook), or a kernel
 * fault: inside a guarded user copy, a page fault is resolved by vm_fault
 * (if interrupts were on) or the copy resumes at its error exit;
 * anything else panics.
 */
void trap_handler(struct trap_frame *tf);
/* trap_dump: print the trap frame (cause, sepc, stval, the registers) for a panic. */
void trap_dump(const struct trap_frame *tf);

/*
 * A hook for U-mode traps until the kernel has threads: the self-tests that
 * run code in U-mode install one (tests/kernel/st_trap.c).
 * It sees every trap from U-mode but the ecalls of mach_msg, Unix calls
 * (a7 >= 0) and machrv_syscall_serve, which go their own ways first
 * (riscv/trap_vector.S): a watched program's ecalls are other Mach traps.
 */
extern void (*trap_user_hook)(struct trap_frame *tf);

/* riscv/trap_vector.S */
void trap_vector(void);
void trap_return(struct trap_frame *tf) __attribute__((noreturn));
/* trap_return for a user thread's frame (a system call's return): no mode to ask. */
void trap_return_user(struct trap_frame *tf) __attribute__((noreturn));
/* riscv/trap.c: back to user mode from a system call: AST checks, then trap_return. */
void trap_user_exit(struct trap_frame *tf) __attribute__((noreturn));
/*
 * mach_msg_args_decode: the mach_msg trap's arguments in `tf' (a0..a6),
 * decoded once into the current thread's ith_msg_args (ipc/mach_msg_args.h),
 * which the machine-independent code takes.  Returns that structure.
 */
struct mach_msg_args;
struct mach_msg_args *mach_msg_args_decode(const struct trap_frame *tf);
/*
 * trap_mach_msg_user: mach_msg from user mode, from trap_vector with
 * interrupts still off and the trap's arguments still in their registers
 * (a0..a6, as the caller left them): the arguments decoded into the
 * thread's ith_msg_args, then the fast RPC path (ipc_fast_rpc), which
 * returns only if it missed.  Returns why (an ipc_fast_miss_t,
 * ipc/mach_msg.h); trap_vector then calls trap_mach_msg_general.  No
 * frame: not in a backtrace.
 */
int trap_mach_msg_user(uint64_t msg, uint64_t option, uint64_t send_size,
				   uint64_t rcv_size, uint64_t rcv_name, uint64_t timeout,
				   uint64_t notify);
/*
 * trap_mach_msg_general: the rest of a user mach_msg that trap_mach_msg_user
 * did not finish (`miss', why): the general path with interrupts on, the
 * result in tf->a0, then the way back's checks (ast_user_return).
 */
void trap_mach_msg_general(struct trap_frame *tf, int miss);
/*
 * trap_syscall: a system call from user mode (an ecall): sepc past it,
 * interrupts on, syscall_dispatch.  user_exception's way for every ecall.
 */
void trap_syscall(struct trap_frame *tf);
/*
 * trap_mach_trap_user: any other Mach trap (ecall with a7 < 0) from user
 * mode, from trap_vector: trap_syscall, then the way back's checks
 * (ast_user_return); trap_handler's route without its sorting.
 */
void trap_mach_trap_user(struct trap_frame *tf);
#endif /* __ASSEMBLER__ */
#endif /* _RISCV_TRAP_H_ */
