/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The arguments of one mach_msg call, decoded once: from the trap by the
 * machine-dependent code (riscv/trap.c, mach_msg_args_decode, into the
 * calling thread's ith_msg_args, where a continuation finds them again),
 * or built by a kernel caller.  The machine-independent IPC code takes
 * only this (mach_msg.h).  `header' holds the message's header when the
 * fast path has copied it in already (have_header): the general path
 * does not read it again.
 */
#ifndef _IPC_MACH_MSG_ARGS_H_
#define _IPC_MACH_MSG_ARGS_H_
#include <stdbool.h>
#include <stdint.h>
#include <mach/message.h>

struct mach_msg_args {
	uintptr_t		msg;		/* the buffer (user memory; kernel memory for a kernel thread) */
	mach_msg_option_t	option;
	mach_msg_size_t		send_size;
	mach_msg_size_t		rcv_size;
	mach_port_name_t	rcv_name;
	mach_msg_timeout_t	timeout;
	mach_port_name_t	notify;
	bool			have_header;
	/* 8-aligned: the fast path reads it as three words, and copies go by words. */
	mach_msg_header_t	header __attribute__((aligned(8)));
};

#endif /* _IPC_MACH_MSG_ARGS_H_ */
