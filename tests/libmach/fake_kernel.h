/* SPDX-License-Identifier: BSD-2-Clause */
/* A fake kernel for host tests of libmach: the traps and the MIG calls
 * libmach makes, recorded in a log that tests read back, with results
 * that tests script. */
#ifndef _TESTS_LIBMACH_FAKE_KERNEL_H_
#define _TESTS_LIBMACH_FAKE_KERNEL_H_
#include <mach/mach.h>

#define FAKE_MAX_CALLS 64

/* One call libmach made to the kernel. */
struct fake_call {
	const char *what;          /* "mach_msg_trap", "mach_port_deallocate", ... */
	mach_port_name_t name;
	mach_msg_option_t option;  /* mach_msg_trap */
	mach_msg_size_t send_size; /* mach_msg_trap */
	mach_port_right_t right;   /* mach_port_mod_refs */
	mach_port_delta_t delta;   /* mach_port_mod_refs */
	mach_msg_type_name_t type; /* insert_right, extract_right */
	vm_address_t addr;         /* vm_* */
	vm_size_t size;            /* vm_* */
};

extern struct fake_call fake_calls[FAKE_MAX_CALLS];
extern int fake_ncalls;

/* The results mach_msg_trap returns, in order; then MACH_MSG_SUCCESS. */
extern mach_msg_return_t fake_trap_results[8];
extern int fake_ntrap_results;
/* The next name mach_reply_port returns. */
extern mach_port_name_t fake_next_reply_port;

/* Forget all calls and scripted results. */
void fake_reset(void);
/* How many calls named `what' were made. */
int fake_count(const char *what);

#endif /* _TESTS_LIBMACH_FAKE_KERNEL_H_ */
