/* SPDX-License-Identifier: BSD-2-Clause */
/* The server side of rt.defs: each function transforms its inputs in a way
 * the test can predict, so a value that arrives damaged shows up. */
#include <stdio.h>
#include <string.h>
#include "rtServer.h"
#include "loopback.h"

int rt_obj_live;
int rt_last_ping;
mach_port_t rt_last_sreply;
int rt_deferred_calls;

rt_obj_t rt_obj_in(int handle)
{
	static struct rt_obj objs[4];
	rt_obj_t o = &objs[handle & 3];
	o->handle = handle;
	o->refs++;
	rt_obj_live++;
	return o;
}

int rt_obj_out(rt_obj_t o)
{
	return o->handle;
}

void rt_obj_release(rt_obj_t o)
{
	o->refs--;
	rt_obj_live--;
}

kern_return_t srv_add(mach_port_t server, int a, int b, int *sum)
{
	(void)server;
	*sum = a + b;
	return KERN_SUCCESS;
}

kern_return_t srv_ping(mach_port_t server, int x)
{
	(void)server;
	rt_last_ping = x;
	return KERN_SUCCESS;
}

kern_return_t srv_scalars(mach_port_t server, rt_char_t c, rt_i16_t s, rt_i64_t l, rt_double_t d,
                          boolean_t b, rt_char_t *oc, rt_i16_t *os, rt_i64_t *ol, rt_double_t *od,
                          int *io)
{
	(void)server;
	*oc = (rt_char_t)(c + 1);
	*os = (rt_i16_t)(s - 1);
	*ol = l * 2;
	*od = d / 2;
	*io = *io * 10 + (b ? 1 : 0);
	return KERN_SUCCESS;
}

kern_return_t srv_fixed(mach_port_t server, const int_array_t a, point_t p, const bytes5_t e, gstruct_t g,
                        int_array_t oa, point_t *op, bytes5_t oe, gstruct_t *og)
{
	(void)server;
	for (int i = 0; i < 4; i++)
		oa[i] = a[3 - i];
	op->x = p.y;
	op->y = p.x;
	for (int i = 0; i < 5; i++)
		oe[i] = (char)(e[i] + 1);
	*og = g;
	og->a += 1;
	return KERN_SUCCESS;
}

kern_return_t srv_varinline(mach_port_t server, var_ints_t v, mach_msg_type_number_t vCnt,
                            var_bytes_t b, mach_msg_type_number_t bCnt, var_i64_t q,
                            mach_msg_type_number_t qCnt, int tail, var_ints_t ov,
                            mach_msg_type_number_t *ovCnt, var_bytes_t ob,
                            mach_msg_type_number_t *obCnt, var_i64_t oq,
                            mach_msg_type_number_t *oqCnt, int *otail)
{
	(void)server;
	for (mach_msg_type_number_t i = 0; i < vCnt; i++)
		ov[i] = v[vCnt - 1 - i];
	*ovCnt = vCnt;
	for (mach_msg_type_number_t i = 0; i < bCnt; i++)
		ob[i] = (char)(b[i] ^ 0x20);
	*obCnt = bCnt;
	for (mach_msg_type_number_t i = 0; i < qCnt; i++)
		oq[i] = -q[i];
	*oqCnt = qCnt;
	*otail = tail + 1;
	return KERN_SUCCESS;
}

/* CountInOut: the caller's capacity arrives as *vCnt. */
kern_return_t srv_counted(mach_port_t server, var_ints_t v, mach_msg_type_number_t *vCnt)
{
	(void)server;
	mach_msg_type_number_t n = *vCnt;
	for (mach_msg_type_number_t i = 0; i < n; i++)
		v[i] = (int)(i * i);
	return KERN_SUCCESS;
}

kern_return_t srv_same(mach_port_t server, var_ints_t a, mach_msg_type_number_t aCnt, var_ints_t b,
                       int *dot)
{
	(void)server;
	*dot = 0;
	for (mach_msg_type_number_t i = 0; i < aCnt; i++)
		*dot += a[i] * b[i];
	return KERN_SUCCESS;
}

/* Out-of-line memory received belongs to the server, which frees it. */
kern_return_t srv_ool(mach_port_t server, ool_ints_t d, mach_msg_type_number_t dCnt, ool_fixed_t f,
                      ool_ints_t dd, mach_msg_type_number_t ddCnt, ool_ints_t *od,
                      mach_msg_type_number_t *odCnt, ool_fixed_t *ofx)
{
	(void)server;
	vm_address_t a;
	mig_allocate(&a, (dCnt + ddCnt) * sizeof(int));
	int *out = (int *)a;
	for (mach_msg_type_number_t i = 0; i < dCnt; i++)
		out[i] = d[i] + 1;
	for (mach_msg_type_number_t i = 0; i < ddCnt; i++)
		out[dCnt + i] = dd[i];
	*od = out;
	*odCnt = dCnt + ddCnt;
	mig_allocate(&a, 64);
	for (int i = 0; i < 64; i++)
		((char *)a)[i] = (char)(f[63 - i]);
	*ofx = (char *)a;
	mig_deallocate((vm_address_t)d, dCnt * sizeof(int));
	mig_deallocate((vm_address_t)f, 64);
	mig_deallocate((vm_address_t)dd, ddCnt * sizeof(int));
	return KERN_SUCCESS;
}

/* array[] out: small answers fit the stub's buffer, big ones need memory
 * of the server's own, sent out of line (not deallocated: no dealloc). */
static char big_answer[10000];

kern_return_t srv_indef(mach_port_t server, const_data_t d, mach_msg_type_number_t dCnt, int want,
                        data_t *od, mach_msg_type_number_t *odCnt)
{
	(void)server;
	unsigned sum = 0;
	for (mach_msg_type_number_t i = 0; i < dCnt; i++)
		sum += (unsigned char)d[i];
	if ((mach_msg_type_number_t)want <= *odCnt) {
		for (int i = 0; i < want; i++)
			(*od)[i] = (char)(sum + (unsigned)i);
	} else {
		for (int i = 0; i < want && i < (int)sizeof(big_answer); i++)
			big_answer[i] = (char)(sum + (unsigned)i);
		*od = big_answer;
	}
	*odCnt = (mach_msg_type_number_t)want;
	return KERN_SUCCESS;
}

/* servercopy: data that came out of line is the server's to keep. */
kern_return_t srv_indef_copy(mach_port_t server, const_data_t d, mach_msg_type_number_t dCnt,
                             boolean_t dSCopy, boolean_t *kept)
{
	(void)server;
	*kept = dSCopy;
	if (dSCopy)
		mig_deallocate((vm_address_t)d, dCnt);
	return KERN_SUCCESS;
}

kern_return_t srv_strings(mach_port_t server, const_name_t n, const_path_t p, name_t on, path_t op, name_t io)
{
	(void)server;
	strcpy(on, n);
	on[0] = 'N';
	snprintf(op, 64, "%s/x", p);
	io[0] = 'I';
	return KERN_SUCCESS;
}

kern_return_t srv_ports(mach_port_t server, mach_port_t cs, mach_port_t ms, mach_port_t rcv,
                        mach_port_t so, mach_port_t *o, mach_port_t *om)
{
	(void)server;
	*o = cs + ms;
	*om = rcv + so;
	return KERN_SUCCESS;
}

kern_return_t srv_poly(mach_port_t server, mach_port_t p, mach_msg_type_name_t pPoly, mach_port_t *op,
                       mach_msg_type_name_t *opPoly)
{
	(void)server;
	*op = p + 1;
	*opPoly = pPoly == MACH_MSG_TYPE_PORT_SEND ? MACH_MSG_TYPE_MAKE_SEND_ONCE : MACH_MSG_TYPE_COPY_SEND;
	return KERN_SUCCESS;
}

kern_return_t srv_portarrays(mach_port_t server, port_arr_t a, mach_msg_type_number_t aCnt,
                             ool_ports_t oa, mach_msg_type_number_t oaCnt, port_arr_t ra,
                             mach_msg_type_number_t *raCnt, ool_ports_t *roa,
                             mach_msg_type_number_t *roaCnt)
{
	(void)server;
	for (mach_msg_type_number_t i = 0; i < aCnt; i++)
		ra[i] = a[i] * 2;
	*raCnt = aCnt;
	/* The received OOL ports array is passed straight back (and freed
	 * by the kernel, as deallocate is not asked: we free it here). */
	vm_address_t m;
	mig_allocate(&m, oaCnt * sizeof(mach_port_t));
	for (mach_msg_type_number_t i = 0; i < oaCnt; i++)
		((mach_port_t *)m)[i] = oa[i] + 1;
	mig_deallocate((vm_address_t)oa, oaCnt * sizeof(mach_port_t));
	*roa = (mach_port_t *)m;
	*roaCnt = oaCnt;
	return KERN_SUCCESS;
}

kern_return_t srv_timed(mach_port_t server, int *x)
{
	(void)server;
	*x = 7;
	return KERN_SUCCESS;
}

kern_return_t srv_translated(mach_port_t server, rt_obj_t o, rt_obj_t *oo)
{
	(void)server;
	*oo = rt_obj_in(o->handle + 1);
	/* The object handed back is released by its reference's owner:
	 * outtran does not consume, so release ours. */
	rt_obj_release(*oo);
	return KERN_SUCCESS;
}

kern_return_t srv_fail(mach_port_t server, int code, int *never)
{
	(void)server;
	*never = 1;
	return code;
}

kern_return_t srv_seqno(mach_port_t server, mach_port_seqno_t seq, natural_t *oseq)
{
	(void)server;
	*oseq = seq;
	return KERN_SUCCESS;
}

kern_return_t srv_explicit_reply(mach_port_t server, mach_port_t r, int x, int *y)
{
	(void)server;
	*y = x + (int)r;
	return KERN_SUCCESS;
}

kern_return_t srv_ureply(mach_port_t server, int x)
{
	(void)server;
	rt_last_ping = x;
	return KERN_SUCCESS;
}

kern_return_t srv_sreply(mach_port_t server, mach_port_t r, int *y)
{
	(void)server;
	rt_last_sreply = r;
	*y = 1;
	return KERN_SUCCESS;
}

kern_return_t srv_late_request(int x, mach_port_t server, int *y)
{
	*y = x + (int)server;
	return KERN_SUCCESS;
}

/* The reply will come later, from elsewhere. */
kern_return_t srv_deferred(mach_port_t server, int x)
{
	(void)server;
	(void)x;
	rt_deferred_calls++;
	return MIG_NO_REPLY;
}

kern_return_t srv_deallocvar(mach_port_t server, ool_ints_t d, mach_msg_type_number_t dCnt)
{
	(void)server;
	mig_deallocate((vm_address_t)d, dCnt * sizeof(int));
	return KERN_SUCCESS;
}

kern_return_t srv_copyopts(mach_port_t server, ool_ints_t p, mach_msg_type_number_t pCnt, ool_ints_t n,
                           mach_msg_type_number_t nCnt, int code)
{
	(void)server;
	mig_deallocate((vm_address_t)p, pCnt * sizeof(int));
	mig_deallocate((vm_address_t)n, nCnt * sizeof(int));
	return code;
}
