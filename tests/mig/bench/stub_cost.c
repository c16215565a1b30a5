/* SPDX-License-Identifier: BSD-2-Clause */
/* Cost of a generated user stub: calc's add() (two ints in, one out) called
 * with a mach_msg that answers at once, so that a run under callgrind
 * counts the stub's own instructions (add's total minus mach_msg's).
 * It also checks the answer, so that it measures a stub that works. */
#include <stdio.h>
#include "calc.h"

NDR_record_t NDR_record;

mach_port_t mig_get_reply_port(void) { return 0x7703; }
void mig_dealloc_reply_port(mach_port_t p) { (void)p; }
void mach_msg_destroy(mach_msg_header_t *m) { (void)m; }

/* The server's answer, written in place as the kernel would copy it. */
__attribute__((noinline))
mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option, mach_msg_size_t send_size,
                           mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
                           mach_msg_timeout_t timeout, mach_port_name_t notify)
{
	__Request__calc_add_t *in = (void *)msg;
	__Reply__calc_add_t *out = (void *)msg;
	int sum = in->a + in->b;
	(void)option; (void)send_size; (void)rcv_size; (void)rcv_name; (void)timeout; (void)notify;
	out->Head.msgh_bits = 0;
	out->Head.msgh_size = sizeof(*out);
	out->Head.msgh_id = 1100;
	out->RetCode = KERN_SUCCESS;
	out->sum = sum;
	return MACH_MSG_SUCCESS;
}

int main(void)
{
	int sum = 0, bad = 0;
	for (int i = 0; i < 1000; i++) {
		if (add(1, i, 2, &sum) != KERN_SUCCESS || sum != i + 2)
			bad++;
	}
	printf("%s: 1000 calls of add()\n", bad ? "FAIL" : "ok");
	return bad != 0;
}
