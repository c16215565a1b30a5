// SPDX-License-Identifier: BSD-2-Clause
// Names of Mach's error codes: kernel returns (KERN_*), message errors
// (MACH_SEND_*, MACH_RCV_*) and MIG's (MIG_*), for mach_error_string().
#include <stdio.h>
#include <mach/mach.h>

static const char *const kern_names[] = {
	[KERN_SUCCESS] = "(os/kern) successful",
	[KERN_INVALID_ADDRESS] = "(os/kern) invalid address",
	[KERN_PROTECTION_FAILURE] = "(os/kern) protection failure",
	[KERN_NO_SPACE] = "(os/kern) no space available",
	[KERN_INVALID_ARGUMENT] = "(os/kern) invalid argument",
	[KERN_FAILURE] = "(os/kern) failure",
	[KERN_RESOURCE_SHORTAGE] = "(os/kern) resource shortage",
	[KERN_NOT_RECEIVER] = "(os/kern) not receiver",
	[KERN_NO_ACCESS] = "(os/kern) no access",
	[KERN_MEMORY_FAILURE] = "(os/kern) memory failure",
	[KERN_MEMORY_ERROR] = "(os/kern) memory error",
	[KERN_ALREADY_IN_SET] = "(os/kern) already in set",
	[KERN_NOT_IN_SET] = "(os/kern) not in set",
	[KERN_NAME_EXISTS] = "(os/kern) name exists",
	[KERN_ABORTED] = "(os/kern) aborted",
	[KERN_INVALID_NAME] = "(os/kern) invalid name",
	[KERN_INVALID_TASK] = "(os/kern) invalid task",
	[KERN_INVALID_RIGHT] = "(os/kern) invalid right",
	[KERN_INVALID_VALUE] = "(os/kern) invalid value",
	[KERN_UREFS_OVERFLOW] = "(os/kern) urefs overflow",
	[KERN_INVALID_CAPABILITY] = "(os/kern) invalid capability",
	[KERN_RIGHT_EXISTS] = "(os/kern) right exists",
	[KERN_INVALID_HOST] = "(os/kern) invalid host",
	[KERN_MEMORY_PRESENT] = "(os/kern) memory present",
	[KERN_MEMORY_DATA_MOVED] = "(os/kern) memory data moved",
	[KERN_MEMORY_RESTART_COPY] = "(os/kern) memory restart copy",
	[KERN_INVALID_PROCESSOR_SET] = "(os/kern) invalid processor set",
	[KERN_POLICY_LIMIT] = "(os/kern) policy limit",
	[KERN_INVALID_POLICY] = "(os/kern) invalid policy",
	[KERN_INVALID_OBJECT] = "(os/kern) invalid object",
	[KERN_ALREADY_WAITING] = "(os/kern) already waiting",
	[KERN_DEFAULT_SET] = "(os/kern) default set",
	[KERN_EXCEPTION_PROTECTED] = "(os/kern) exception protected",
	[KERN_INVALID_LEDGER] = "(os/kern) invalid ledger",
	[KERN_INVALID_MEMORY_CONTROL] = "(os/kern) invalid memory control",
	[KERN_INVALID_SECURITY] = "(os/kern) invalid security",
	[KERN_NOT_DEPRESSED] = "(os/kern) not depressed",
	[KERN_TERMINATED] = "(os/kern) terminated",
	[KERN_LOCK_SET_DESTROYED] = "(os/kern) lock set destroyed",
	[KERN_LOCK_UNSTABLE] = "(os/kern) lock unstable",
	[KERN_LOCK_OWNED] = "(os/kern) lock owned",
	[KERN_LOCK_OWNED_SELF] = "(os/kern) lock owned self",
	[KERN_SEMAPHORE_DESTROYED] = "(os/kern) semaphore destroyed",
	[KERN_RPC_SERVER_TERMINATED] = "(os/kern) RPC server terminated",
	[KERN_RPC_TERMINATE_ORPHAN] = "(os/kern) RPC terminate orphan",
	[KERN_RPC_CONTINUE_ORPHAN] = "(os/kern) RPC continue orphan",
	[KERN_NOT_SUPPORTED] = "(os/kern) not supported",
	[KERN_NODE_DOWN] = "(os/kern) node down",
	[KERN_NOT_WAITING] = "(os/kern) not waiting",
	[KERN_OPERATION_TIMED_OUT] = "(os/kern) operation timed out",
	[KERN_CODESIGN_ERROR] = "(os/kern) codesign error",
	[KERN_POLICY_STATIC] = "(os/kern) policy static",
	[KERN_INSUFFICIENT_BUFFER_SIZE] = "(os/kern) insufficient buffer size",
};

/* Send errors, by code (the low bits of MACH_SEND_*). */
static const char *const send_names[] = {
	[0x01] = "(ipc/send) in progress",
	[0x02] = "(ipc/send) invalid data",
	[0x03] = "(ipc/send) invalid destination port",
	[0x04] = "(ipc/send) timed out",
	[0x05] = "(ipc/send) invalid voucher",
	[0x07] = "(ipc/send) interrupted",
	[0x08] = "(ipc/send) message too small",
	[0x09] = "(ipc/send) invalid reply port",
	[0x0a] = "(ipc/send) invalid port right",
	[0x0b] = "(ipc/send) invalid notify port",
	[0x0c] = "(ipc/send) invalid memory",
	[0x0d] = "(ipc/send) no msg buffer",
	[0x0e] = "(ipc/send) send message too large",
	[0x0f] = "(ipc/send) invalid msg-type",
	[0x10] = "(ipc/send) invalid msg-header",
	[0x11] = "(ipc/send) invalid msg-trailer",
	[0x15] = "(ipc/send) out-of-line buffer too large",
};

/* Receive errors, by code (the low bits of MACH_RCV_*). */
static const char *const rcv_names[] = {
	[0x01] = "(ipc/rcv) in progress",
	[0x02] = "(ipc/rcv) invalid name",
	[0x03] = "(ipc/rcv) timed out",
	[0x04] = "(ipc/rcv) msg too large",
	[0x05] = "(ipc/rcv) interrupted",
	[0x06] = "(ipc/rcv) port changed",
	[0x07] = "(ipc/rcv) invalid notify port",
	[0x08] = "(ipc/rcv) invalid msg-buffer",
	[0x09] = "(ipc/rcv) port died",
	[0x0a] = "(ipc/rcv) port is in a set",
	[0x0b] = "(ipc/rcv) header error",
	[0x0c] = "(ipc/rcv) body error",
	[0x0d] = "(ipc/rcv) invalid msg-type",
	[0x0e] = "(ipc/rcv) scatter list too small",
	[0x0f] = "(ipc/rcv) invalid trailer",
	[0x11] = "(ipc/rcv) in progress, timed",
};

/* MIG's codes, -300 down to -309. */
static const char *const mig_names[] = {
	"(ipc/mig) wrong type of data",
	"(ipc/mig) reply mismatch",
	"(ipc/mig) remote error",
	"(ipc/mig) bad request id",
	"(ipc/mig) server found bad arguments",
	"(ipc/mig) no reply should be sent",
	"(ipc/mig) server raised an exception",
	"(ipc/mig) array too large",
	"(ipc/mig) server died",
	"(ipc/mig) trailer lacks what was asked",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Look `code' up in a table, NULL when it has no name there. */
static const char *lookup(const char *const *table, size_t n, unsigned code)
{
	return code < n ? table[code] : NULL;
}

static const char *error_name(mach_error_t err)
{
	unsigned u = (unsigned)err;

	if (err >= MIG_TRAILER_ERROR && err <= MIG_TYPE_ERROR)
		return mig_names[MIG_TYPE_ERROR - err];
	if (err >= 0 && err < KERN_RETURN_MAX)
		return lookup(kern_names, NELEM(kern_names), u);
	if ((u & ~0x3fffU) == (unsigned)(MACH_SEND_IN_PROGRESS & ~0x3fff))
		return lookup(send_names, NELEM(send_names), u & 0x3fffU);
	if ((u & ~0x3fffU) == (unsigned)(MACH_RCV_IN_PROGRESS & ~0x3fff))
		return lookup(rcv_names, NELEM(rcv_names), u & 0x3fffU);
	return NULL;
}

const char *mach_error_string(mach_error_t error_value)
{
	const char *s = error_name(error_value);

	return s ? s : "(unknown) unknown error code";
}

const char *mach_error_type(mach_error_t error_value)
{
	if (error_value >= MIG_TRAILER_ERROR && error_value <= MIG_TYPE_ERROR)
		return "(ipc/mig)";
	switch (err_get_system(error_value)) {
	case 0x0: return "(os/kern)";
	case 0x1: return "(os/user)";
	case 0x2: return "(os/server)";
	case 0x4:
		return (((unsigned)error_value & ~0x3fffU) == (unsigned)(MACH_RCV_IN_PROGRESS & ~0x3fff))
		       ? "(ipc/rcv)" : "(ipc/send)";
	default: return "(unknown)";
	}
}

void mach_error(const char *str, mach_error_t error_value)
{
	fprintf(stderr, "%s %s (0x%x)\n", str, mach_error_string(error_value),
	        (unsigned)error_value);
}
