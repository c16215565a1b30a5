/* SPDX-License-Identifier: BSD-2-Clause */
/* The server side of rta.defs. */
#include "rtaServer.h"
#include "loopback.h"

int rta_last_note;

kern_return_t s_who(mach_port_t server, security_token_t tok, audit_token_t aud, int *uid, int *a7)
{
	(void)server;
	*uid = (int)tok.val[0];
	*a7 = (int)aud.val[7];
	return KERN_SUCCESS;
}

kern_return_t s_caller_token(mach_port_t server, int *x)
{
	(void)server;
	*x = 3;
	return KERN_SUCCESS;
}

/* Apple MIG: array[] always travels out of line; the server owns what it
 * receives and gives away what it returns (no dealloc: freed below). */
static char answer[4];

kern_return_t s_blob(mach_port_t server, data_t d, mach_msg_type_number_t dCnt, data_t *od,
                     mach_msg_type_number_t *odCnt)
{
	(void)server;
	answer[0] = (char)dCnt;
	answer[1] = d[0];
	*od = answer;
	*odCnt = 2;
	return KERN_SUCCESS;
}

kern_return_t s_fill(mach_port_t server, int n, var_ints_t v, mach_msg_type_number_t *vCnt)
{
	(void)server;
	for (int i = 0; i < n; i++)
		v[i] = i + 1;
	*vCnt = (mach_msg_type_number_t)n;
	return KERN_SUCCESS;
}

kern_return_t s_note(mach_port_t server, int x)
{
	(void)server;
	rta_last_note = x;
	return KERN_SUCCESS;
}

kern_return_t s_timed_send(mach_port_t server, int *x)
{
	(void)server;
	*x = 4;
	return KERN_SUCCESS;
}

/* inout ^array[]: the request's memory is the server's (freed here); the
 * answer goes back out of line (not dealloc: a buffer that stays). */
static char kmod_answer[16];

kern_return_t s_kmod_like(mach_port_t server, int flavor, kmod_args_t *data,
                          mach_msg_type_number_t *dataCnt)
{
	(void)server;
	if (*dataCnt + 1 > sizeof(kmod_answer))
		return KERN_INVALID_ARGUMENT;
	for (mach_msg_type_number_t i = 0; i < *dataCnt; i++)
		kmod_answer[i] = (char)((*data)[i] + flavor);
	kmod_answer[*dataCnt] = '!';
	mig_deallocate((vm_address_t)*data, *dataCnt);
	*data = kmod_answer;
	*dataCnt += 1;
	return KERN_SUCCESS;
}

mach_port_t rta_alarm_port;
int rta_alarm_code;

kern_return_t s_alarm_reply(mach_port_t alarm_port, int code)
{
	rta_alarm_port = alarm_port;
	rta_alarm_code = code;
	return KERN_SUCCESS;
}
