/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system-call stubs, one per line of ../syscalls.h: __sys_NAME puts
 * the number in a7 and traps; bsd_server's answer comes back in a0 (and
 * a1).  A result in [-4095, -1] is -errno: the stub stores errno and
 * returns -1 (__bsd_cerror).  PUBLIC calls are also the C function NAME.
 */
#define PUBLIC_ALIAS(name)	.weak name; .set name, __sys_##name;
#define WRAPPED_ALIAS(name)
#define PUBLIC_IN12_ALIAS(name)	PUBLIC_ALIAS(name)
#define PUBLIC_OUT12_ALIAS(name)	PUBLIC_ALIAS(name)
#define PUBLIC_OUTSTAT1_ALIAS(name)	PUBLIC_ALIAS(name)
#define PUBLIC_OUTSTAT2_ALIAS(name)	PUBLIC_ALIAS(name)
#define PUBLIC_STR0_ALIAS(name)	PUBLIC_ALIAS(name)
#define PUBLIC_STR1_ALIAS(name)	PUBLIC_ALIAS(name)
#define WRAPPED_IN12_ALIAS(name)
#define WRAPPED_OUT12_ALIAS(name)
#define WRAPPED_STR0_ALIAS(name)
#define WRAPPED_STR1_ALIAS(name)
/* sizeof(struct stat) (files.c checks it), for the stat calls' offer: in
 * a register the call does not take (a2 for fstat, a4 for fstatat). */
#define STAT_SIZE	104
/* What the stub puts in a6 first: nothing, or the offer of its input or
 * its output (the buffer at a1 of a2 bytes; <machrv/syscall_msg.h>); and
 * after the trap, the offer taken back, so that no later call seems to
 * make it. */
#define PUBLIC_HINT
#define WRAPPED_HINT
#define PUBLIC_IN12_HINT	li a6, MACHRV_SYSCALL_IN_HINT | (1 << 4) | 2;
#define PUBLIC_OUT12_HINT	li a6, MACHRV_SYSCALL_OUT_HINT | (1 << 4) | 2;
#define PUBLIC_OUTSTAT1_HINT	li a2, STAT_SIZE; li a6, MACHRV_SYSCALL_OUT_HINT | (1 << 4) | 2;
#define PUBLIC_OUTSTAT2_HINT	li a4, STAT_SIZE; li a6, MACHRV_SYSCALL_OUTSTR_HINT | (1 << 8) | (2 << 4) | 4;
/* A path the call reads, at a0 or a1: the kernel sends it with the request. */
#define PUBLIC_STR0_HINT	li a6, MACHRV_SYSCALL_STR_HINT | (0 << 4);
#define PUBLIC_STR1_HINT	li a6, MACHRV_SYSCALL_STR_HINT | (1 << 4);
#define WRAPPED_IN12_HINT	PUBLIC_IN12_HINT
#define WRAPPED_OUT12_HINT	PUBLIC_OUT12_HINT
#define WRAPPED_STR0_HINT	PUBLIC_STR0_HINT
#define WRAPPED_STR1_HINT	PUBLIC_STR1_HINT
#define PUBLIC_DONE
#define WRAPPED_DONE
#define PUBLIC_IN12_DONE	li a6, 0;
#define PUBLIC_OUT12_DONE	li a6, 0;
#define PUBLIC_OUTSTAT1_DONE	li a6, 0;
#define PUBLIC_OUTSTAT2_DONE	li a6, 0;
#define PUBLIC_STR0_DONE	li a6, 0;
#define PUBLIC_STR1_DONE	li a6, 0;
#define WRAPPED_IN12_DONE	li a6, 0;
#define WRAPPED_OUT12_DONE	li a6, 0;
#define WRAPPED_STR0_DONE	li a6, 0;
#define WRAPPED_STR1_DONE	li a6, 0;
#include <machrv/syscall_msg.h>

#define BSD_SYSCALL(number, name, nargs, stub)	\
	.section .text.__sys_##name, "ax", @progbits;	\
	.globl __sys_##name;				\
	.type __sys_##name, @function;			\
	.p2align 2;					\
__sys_##name:						\
	stub##_HINT					\
	li	a7, number;				\
	ecall;						\
	stub##_DONE					\
	li	t0, -4096;				\
	bgtu	a0, t0, 1f;				\
	ret;						\
1:	tail	__bsd_cerror;				\
	.size __sys_##name, . - __sys_##name;		\
	stub##_ALIAS(name)

#include "../syscalls.h"
