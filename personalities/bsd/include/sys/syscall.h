/* SPDX-License-Identifier: BSD-2-Clause */
/* The system-call numbers, SYS_name, from the one table (../../syscalls.h). */
#ifndef _SYS_SYSCALL_H_
#define _SYS_SYSCALL_H_

enum bsd_syscall_number {
#define BSD_SYSCALL(number, name, nargs, stub)	SYS_##name = number,
#include "../../syscalls.h"
#undef BSD_SYSCALL
};

#endif /* _SYS_SYSCALL_H_ */
