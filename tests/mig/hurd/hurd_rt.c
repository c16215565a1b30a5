/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A round trip through stubs of the real Hurd io.defs, fs.defs and
 * fsys.defs, made by real_trees.sh --hurd (the .defs files are not ours
 * to commit): user stubs built as glibc builds them (-subrprefix __),
 * server stubs as the Hurd's servers (SERVERPREFIX S_), joined by the
 * loopback mach_msg.  The server functions not defined here answer
 * EOPNOTSUPP (weak definitions the script makes from the headers).
 * Prints one line per fact and exits 1 if any failed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "io_U.h"
#include "fs_U.h"
#include "fsys_U.h"
#include "io_S.h"
#include "fs_S.h"
#include "fsys_S.h"
#include "loopback.h"

int testlib_failed;
static int failed;

#define FACT(name, cond) do { int ok_ = (cond); printf("%s %s\n", ok_ ? "ok" : "FAIL", name); \
	failed |= !ok_; } while (0)

/* The run-time routines by glibc's names (-subrprefix __). */
mach_msg_return_t __mach_msg(mach_msg_header_t *m, mach_msg_option_t o, mach_msg_size_t s,
                             mach_msg_size_t r, mach_port_name_t n, mach_msg_timeout_t t,
                             mach_port_name_t x)
{
	return mach_msg(m, o, s, r, n, t, x);
}
void __mach_msg_destroy(mach_msg_header_t *m) { mach_msg_destroy(m); }
mach_port_t __mig_get_reply_port(void) { return mig_get_reply_port(); }
void __mig_dealloc_reply_port(mach_port_t p) { mig_dealloc_reply_port(p); }
kern_return_t __mig_allocate(vm_address_t *a, vm_size_t s) { return mig_allocate(a, s); }
void __mig_deallocate(vm_address_t a, vm_size_t s) { mig_deallocate(a, s); }
mach_port_t ports_payload_get_name(unsigned long payload) { return (mach_port_t)payload; }

static char file[64];
static mach_msg_type_number_t file_len;

kern_return_t S_io_write(io_t io, const_data_t data, mach_msg_type_number_t dataCnt, loff_t offset,
                         vm_size_t *amount)
{
	(void)io;
	if (offset < 0 || (size_t)offset + dataCnt > sizeof(file))
		return EINVAL;
	memcpy(file + offset, data, dataCnt);
	if (offset + dataCnt > file_len)
		file_len = (mach_msg_type_number_t)(offset + dataCnt);
	*amount = dataCnt;
	return KERN_SUCCESS;
}

kern_return_t S_io_read(io_t io, data_t *data, mach_msg_type_number_t *dataCnt, loff_t offset,
                        vm_size_t amount)
{
	(void)io;
	if (offset < 0 || offset > (loff_t)file_len)
		offset = file_len;
	if (amount > (vm_size_t)(file_len - offset))
		amount = (vm_size_t)(file_len - offset);
	if (amount > *dataCnt)
		return ENOMEM;   /* the stub's buffer holds 2048 bytes */
	memcpy(*data, file + offset, amount);
	*dataCnt = (mach_msg_type_number_t)amount;
	return KERN_SUCCESS;
}

kern_return_t S_io_stat(io_t io, io_statbuf_t *st)
{
	memset(st, 0, sizeof(*st));
	st->w[0] = io;
	st->w[21] = file_len;
	return KERN_SUCCESS;
}

kern_return_t S_dir_lookup(file_t dir, const_string_t name, int flags, mode_t mode, retry_type *do_retry,
                           string_t retry_name, mach_port_t *result, mach_msg_type_name_t *resultPoly)
{
	if (strcmp(name, "etc/motd") != 0)
		return ENOENT;
	*do_retry = (retry_type)(flags + (int)mode);
	strcpy(retry_name, "motd");
	*result = dir + 1;
	*resultPoly = MACH_MSG_TYPE_MAKE_SEND;
	return KERN_SUCCESS;
}

kern_return_t S_fsys_getroot(fsys_t fsys, mach_port_t dotdot, const_idarray_t uids,
                             mach_msg_type_number_t uidsCnt, const_idarray_t gids,
                             mach_msg_type_number_t gidsCnt, int flags, retry_type *do_retry,
                             string_t retry_name, mach_port_t *file_port,
                             mach_msg_type_name_t *filePoly)
{
	(void)dotdot;
	(void)flags;
	if (uidsCnt != 2 || uids[1] != 1000 || gidsCnt != 1 || gids[0] != 100)
		return EINVAL;
	*do_retry = 0;
	retry_name[0] = 0;
	*file_port = fsys + 0x10;
	*filePoly = MACH_MSG_TYPE_MAKE_SEND;
	return KERN_SUCCESS;
}

static boolean_t demux(mach_msg_header_t *in, mach_msg_header_t *out)
{
	return io_server(in, out) || fs_server(in, out) || fsys_server(in, out);
}

int main(void)
{
	char buf[16], *data = buf;
	mach_msg_type_number_t n = sizeof(buf);
	vm_size_t amount = 0;
	io_statbuf_t st;
	retry_type retry = 9;
	string_t name = "etc/motd", retry_name;
	mach_port_t result = 0;
	uid_t uids[2] = { 0, 1000 }, gids[1] = { 100 };

	loopback_reset();
	loopback_server = demux;
	FACT("io_write", io_write(0x101, "hello, hurd", 11, 2, &amount) == KERN_SUCCESS && amount == 11);
	FACT("io_read", io_read(0x101, &data, &n, 4, 5) == KERN_SUCCESS && data == buf && n == 5 &&
	     memcmp(buf, "llo, ", 5) == 0);
	FACT("io_stat", io_stat(0x105, &st) == KERN_SUCCESS && st.w[0] == 0x105 && st.w[21] == 13);
	FACT("dir_lookup", dir_lookup(0x201, name, 3, 4, &retry, retry_name, &result) == KERN_SUCCESS &&
	     retry == 7 && strcmp(retry_name, "motd") == 0 && result == 0x202 &&
	     loopback_rights[loopback_nrights - 1].disposition == MACH_MSG_TYPE_PORT_SEND);
	strcpy(name, "etc/passwd");
	FACT("dir_lookup_error", dir_lookup(0x201, name, 0, 0, &retry, retry_name, &result) == ENOENT);
	FACT("fsys_getroot", fsys_getroot(0x301, 0x302, MACH_MSG_TYPE_COPY_SEND, uids, 2, gids, 1, 0,
	                                  &retry, retry_name, &result) == KERN_SUCCESS &&
	     result == 0x311);
	FACT("unimplemented_is_eopnotsupp", io_readable(0x101, &amount) == EOPNOTSUPP);
	FACT("no_memory_lost", loopback_live == 0);
	return failed;
}
