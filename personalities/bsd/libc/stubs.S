/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The system-call stubs, one per line of ../syscalls.h: __sys_NAME puts
 * the number in a7 and traps; bsd_server's answer comes back in a0 (and
 * a1).  A result in [-4095, -1] is -errno: the stub stores errno and
 * returns -1 (__bsd_cerror).  PUBLIC calls are also the C function NAME.
 */
#define PUBLIC_ALIAS(name)	.weak name; .set name, __sys_##name;
#define WRAPPED_ALIAS(name)

#define BSD_SYSCALL(number, name, nargs, stub)	\
	.section .text.__sys_##name, "ax", @progbits;	\
	.globl __sys_##name;				\
	.type __sys_##name, @function;			\
	.p2align 2;					\
__sys_##name:						\
	li	a7, number;				\
	ecall;						\
	li	t0, -4096;				\
	bgtu	a0, t0, 1f;				\
	ret;						\
1:	tail	__bsd_cerror;				\
	.size __sys_##name, . - __sys_##name;		\
	stub##_ALIAS(name)

#include "../syscalls.h"
