/* SPDX-License-Identifier: BSD-2-Clause */
/* The server side of rtg.defs, in the Hurd's style: S_ functions taking
 * their reply port and its type, objects reached through intran. */
#include <string.h>
#include "rtgServer.h"
#include "loopback.h"

/* What the server functions saw, for the tests. */
struct rtg_seen {
	mach_port_t reply;
	mach_msg_type_name_t replyPoly;
	int reply_to_code;
	mach_port_t rcv, snd;
	int obj_uses;
} rtg_seen;

static struct rtg_obj objs[4];

rtg_obj_t rtg_obj_begin(io_t port)
{
	rtg_obj_t o = &objs[port & 3];
	o->port = port;
	o->uses++;
	return o;
}

/* Never called: MachRV delivers no protected payloads. */
rtg_obj_t rtg_obj_payload(unsigned long payload)
{
	(void)payload;
	return NULL;
}

io_t rtg_obj_port(rtg_obj_t obj)
{
	return obj->port;
}

void rtg_obj_end(rtg_obj_t obj)
{
	obj->uses--;
}

int rtg_obj_uses(void)
{
	int n = 0;
	for (int i = 0; i < 4; i++)
		n += objs[i].uses;
	return n;
}

kern_return_t S_rtg_types(rtg_obj_t io, mach_port_t reply, mach_msg_type_name_t replyPoly, char c,
                          short s, int i, int64 l, uintptr_t u, intptr_t p, char *oc, short *os,
                          int *oi, int64 *ol, uintptr_t *ou, intptr_t *op)
{
	rtg_seen.reply = reply;
	rtg_seen.replyPoly = replyPoly;
	rtg_seen.obj_uses = io->uses;
	*oc = (char)(c + 1);
	*os = (short)-s;
	*oi = i * 2;
	*ol = l + 1;
	*ou = ~u;
	*op = -p;
	return KERN_SUCCESS;
}

kern_return_t S_rtg_reply_to(mach_port_t reply_port, int code)
{
	rtg_seen.reply = reply_port;
	rtg_seen.reply_to_code = code;
	return KERN_SUCCESS;
}

kern_return_t S_rtg_poly_reply(rtg_obj_t io, mach_port_t reply, mach_msg_type_name_t replyPoly,
                               int x, int *y)
{
	(void)io;
	rtg_seen.reply = reply;
	rtg_seen.replyPoly = replyPoly;
	*y = x + 1;
	return KERN_SUCCESS;
}

kern_return_t S_rtg_give(rtg_obj_t io, mach_port_t reply, mach_msg_type_name_t replyPoly,
                         mach_port_t rcv, mach_port_t snd, int *got)
{
	(void)io;
	(void)reply;
	(void)replyPoly;
	rtg_seen.rcv = rcv;
	rtg_seen.snd = snd;
	*got = 2;
	return KERN_SUCCESS;
}

kern_return_t S_rtg_lookup(rtg_obj_t dir, mach_port_t reply, mach_msg_type_name_t replyPoly,
                           const_string_t name, int flags, string_t retry_name, mach_port_t *result,
                           mach_msg_type_name_t *resultPoly)
{
	(void)reply;
	(void)replyPoly;
	if (strcmp(name, "etc/motd") != 0 || flags != 7)
		return KERN_INVALID_ARGUMENT;
	strcpy(retry_name, "motd");
	*result = dir->port + 0x10;
	*resultPoly = MACH_MSG_TYPE_MAKE_SEND;
	return KERN_SUCCESS;
}

static char written[4096];
static mach_msg_type_number_t written_len;

kern_return_t S_rtg_write(rtg_obj_t io, mach_port_t reply, mach_msg_type_name_t replyPoly,
                          const_data_t data, mach_msg_type_number_t dataCnt, boolean_t dataSCopy,
                          rtg_off_t offset, natural_t *amount)
{
	(void)io;
	(void)reply;
	(void)replyPoly;
	if (offset != (1LL << 40) || dataCnt > sizeof(written))
		return KERN_INVALID_ARGUMENT;
	memcpy(written, data, dataCnt);
	written_len = dataCnt;
	/* servercopy: data that came out of line is the server's to free. */
	if (dataSCopy)
		mig_deallocate((vm_address_t)data, dataCnt);
	*amount = (natural_t)dataCnt;
	return KERN_SUCCESS;
}

kern_return_t S_rtg_read(rtg_obj_t io, mach_port_t reply, mach_msg_type_name_t replyPoly,
                         data_t *data, mach_msg_type_number_t *dataCnt, rtg_off_t offset,
                         natural_t amount)
{
	(void)io;
	(void)reply;
	(void)replyPoly;
	if (amount > written_len - offset)
		amount = (natural_t)(written_len - offset);
	/* Into the caller's buffer when it fits, else fresh memory. */
	if (amount > *dataCnt) {
		vm_address_t a;
		if (mig_allocate(&a, amount) != KERN_SUCCESS)
			return KERN_RESOURCE_SHORTAGE;
		*data = (data_t)a;
	}
	memcpy(*data, written + offset, amount);
	*dataCnt = amount;
	return KERN_SUCCESS;
}

kern_return_t S_rtg_dup(rtg_obj_t io, mach_port_t reply, mach_msg_type_name_t replyPoly,
                        rtg_obj_t other, rtg_obj_t *newport)
{
	(void)reply;
	(void)replyPoly;
	rtg_seen.obj_uses = io->uses + other->uses;
	*newport = other;
	return KERN_SUCCESS;
}

/* An array[] of ports arrives out of line: the names' memory is ours. */
kern_return_t S_rtg_ports(rtg_obj_t io, mach_port_t reply, mach_msg_type_name_t replyPoly,
                          const_portarray_t ports, mach_msg_type_number_t portsCnt, portarray_t *oports,
                          mach_msg_type_name_t *oportsPoly, mach_msg_type_number_t *oportsCnt)
{
	static mach_port_t answer[3];
	(void)io;
	(void)reply;
	(void)replyPoly;
	if (portsCnt > 3)
		return KERN_INVALID_ARGUMENT;
	for (mach_msg_type_number_t i = 0; i < portsCnt; i++)
		answer[i] = ports[i] + 1;
	mig_deallocate((vm_address_t)ports, portsCnt * sizeof(mach_port_t));
	*oports = answer;
	*oportsCnt = portsCnt;
	*oportsPoly = MACH_MSG_TYPE_MAKE_SEND;
	return KERN_SUCCESS;
}

/* 3000 bytes (out of line past GNU's 2048 inline): from a buffer the server
 * keeps when `keep', else from fresh memory the reply takes with it. */
kern_return_t S_rtg_listing(rtg_obj_t io, mach_port_t reply, mach_msg_type_name_t replyPoly,
                            data_t *data, mach_msg_type_number_t *dataCnt, boolean_t *dataDealloc,
                            int keep)
{
	static char kept[3000];
	(void)io;
	(void)reply;
	(void)replyPoly;
	char *b = kept;
	vm_address_t a;
	if (!keep) {
		if (mig_allocate(&a, sizeof(kept)) != KERN_SUCCESS)
			return KERN_RESOURCE_SHORTAGE;
		b = (char *)a;
	}
	memset(b, keep ? 'k' : 'f', sizeof(kept));
	*data = b;
	*dataCnt = sizeof(kept);
	*dataDealloc = !keep;
	return KERN_SUCCESS;
}
