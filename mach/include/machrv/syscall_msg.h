/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Unix system-call messages.  When a thread traps with ecall and
 * a7 >= 0, the kernel sends a machrv_syscall_request_t to its task's
 * syscall port (task special port TASK_SYSCALL_PORT) with a send-once reply
 * right, and waits.  The personality answers with machrv_syscall_reply_t:
 * error 0 sets a0 = rv[0], a1 = rv[1]; error e > 0 sets a0 = -e.  A task
 * without a syscall port gets a0 = -ENOSYS.  The syscall port identifies
 * the process: a personality gives each process its own.
 *
 * An answer may carry bytes for the caller's memory (what the call read):
 * after the fixed part come segments, each a machrv_syscall_out_t and
 * `len' bytes padded to 8, at most MACHRV_SYSCALL_OUT_MAX bytes in all.
 * The kernel copies each to `addr' in the calling task, in order, before
 * it returns to user mode; if one cannot be written the call returns
 * -EFAULT (the segments before it stay written).  This is the cheap way
 * for a personality to write into its caller: one copy in the caller's
 * own context, no message to the caller's task port.
 *
 * A request may carry the bytes the call will read (its input): a caller
 * that puts MACHRV_SYSCALL_IN_HINT | (b << 4) | l in a6 says that the
 * call reads the buffer at register a<b> of the length in register a<l>
 * (0..5 each).  If that is at most MACHRV_SYSCALL_IN_MAX bytes and the
 * kernel can read them where the caller is (not faulting anything in),
 * it sends them after the fixed request: a machrv_syscall_in_t and the
 * bytes padded to 8 (msgh_size says it; len 0 if they could not be read).  They are what the caller's
 * memory held when it trapped; the personality may take them instead of
 * reading the caller's memory (one message less for a small write).  A
 * hint is only ever a promise about the caller's own memory: a wrong one
 * sends bytes the personality does not ask for, nothing else.
 *
 * A caller may instead offer the buffer the call will write (its output):
 * MACHRV_SYSCALL_OUT_HINT | (b << 4) | l in a6, for at most
 * MACHRV_SYSCALL_OUT_MAX bytes.  The kernel then checks, where the caller
 * is, that the whole range is mapped writable (each of its pages takes a
 * store that changes nothing, an atomic OR of 0; in the one-step call
 * nothing is faulted in, the long way a page may be, as the call's own
 * write would), and sends a machrv_syscall_in_t of kind MACHRV_SYSCALL_IN_WRITABLE
 * after the fixed request, no bytes: len is the range's length if it was
 * writable when the call trapped, 0 if not known.  A personality may then
 * skip its own check before it answers with bytes for that range (the
 * caller's other threads may still unmap it meanwhile: the answer's
 * copyout then fails with EFAULT, as it always could).
 *
 * A caller may offer a path instead (the string the call reads):
 * MACHRV_SYSCALL_STR_HINT | (b << 4) in a6 says the call reads the
 * NUL-terminated string at register a<b>.  If the kernel can read it where
 * the caller is, NUL included within MACHRV_SYSCALL_IN_MAX bytes, it sends
 * it as an input (kind MACHRV_SYSCALL_IN_BYTES, addr a<b>, len the string's
 * length with its NUL); else nothing, and the personality reads the
 * caller's memory as without a hint.
 *
 * A call that writes a buffer and reads a path (the stat calls) offers
 * both: MACHRV_SYSCALL_OUTSTR_HINT | (s << 8) | (b << 4) | l in a6 is
 * OUT_HINT's offer of the buffer at a<b> of length a<l>, and STR_HINT's of
 * the path at a<s>.  The request then carries the output's record, and
 * after it the path's record and bytes if the kernel could read the path.
 * (A request carries at most these two records; a record with bytes is
 * the last.)
 *
 * Serving in registers.  A personality's worker may wait for calls with
 * machrv_syscall_serve (Mach trap 127) instead of mach_msg: it is
 * mach_msg (msg, option, send_size, rcv_size, rcv_name) with two
 * differences.  (1) A call that offers nothing (a6 holds no hint) may come
 * into the worker's registers instead of its buffer: the trap returns
 * MACHRV_SYSCALL_SERVED with a1..a6 the caller's a0..a5, a7 its number,
 * t0 the ecall's address, t1 the calling thread's id, and t2 the syscall
 * port's name (low half) and the message's sequence number (high half);
 * libmach's stub writes them into msg as the request and its seqno trailer
 * would be, with msgh_remote_port MACHRV_SYSCALL_REPLY_HELD: the call's
 * send-once reply right is not named in the worker's space but held by
 * its thread.  A call that offers bytes comes as a message (for them),
 * but to such a worker with its right held the same way: msgh_remote_port
 * is MACHRV_SYSCALL_REPLY_HELD.  (2) The worker's next
 * machrv_syscall_serve answers the call held: its machrv_syscall_answer_t
 * gives the error (0, or an errno value) with rv[0] and rv[1], as
 * machrv_syscall_reply_t's fields, and out_size bytes of segments for the
 * caller's memory at out (as an answer message's, a multiple of 8, at
 * most MACHRV_SYSCALL_SERVE_OUT_MAX: up to 256 go straight into a
 * waiting caller, more as a kernel-sent answer; more is refused with
 * MACH_SEND_TOO_LARGE, nothing done; segments the kernel cannot read make
 * the answer EFAULT); or error MACHRV_SYSCALL_NO_ANSWER to drop it (the
 * caller then sees a send-once notification, as when the message form's
 * right is deallocated).  A worker that must answer later, or with more
 * bytes, first names the right with machrv_syscall_reply_port (trap 128)
 * and answers by a message as usual.  A thread that ends holding a right
 * drops it.  Every other message, and every call when the kernel cannot
 * deliver this way (the worker not waiting in the fast path, the trace
 * on), comes as a message, with msgh_remote_port its right's name.  (Why:
 * a getpid then costs no request or answer message, no reply right named
 * and looked up, no copy of either; a small read no answer message:
 * docs/bsd.md.)
 */
#ifndef _MACHRV_SYSCALL_MSG_H_
#define _MACHRV_SYSCALL_MSG_H_

/* (The constants are for assembly too: the library's stubs.) */
#define MACHRV_SYSCALL_MSG_ID	0x55000
#define MACHRV_SYSCALL_ENOSYS	38
#define MACHRV_SYSCALL_EFAULT	14
#define MACHRV_SYSCALL_OUT_MAX	(4096 + 64)
#define MACHRV_SYSCALL_IN_HINT	0x4d52564e00	/* a6 = this | (buffer reg << 4) | length reg */
#define MACHRV_SYSCALL_IN_MAX	128		/* bytes of input a request carries */
#define MACHRV_SYSCALL_OUT_HINT	0x4d52564f00	/* a6 = this | (buffer reg << 4) | length reg */
#define MACHRV_SYSCALL_STR_HINT	0x4d52565000	/* a6 = this | (string reg << 4) */
#define MACHRV_SYSCALL_OUTSTR_HINT 0x4d52565800	/* a6 = this | (string reg << 8) | (buffer reg << 4) | length reg */
/* Serving in registers (above) */
#define MACHRV_SYSCALL_SERVED	0x55001		/* machrv_syscall_serve: a call came in registers */
#define MACHRV_SYSCALL_REPLY_HELD 0xffffff00u	/* its request's reply port: the right is held (never a name: generation 0) */
#define MACHRV_SYSCALL_NO_ANSWER (-1)		/* machrv_syscall_serve's answer: none */
#define MACHRV_SYSCALL_SERVE_OUT_MAX 1024	/* machrv_syscall_serve's answer: bytes of segments */
/* machrv_syscall_in_t's kinds */
#define MACHRV_SYSCALL_IN_BYTES		0	/* the input's bytes follow */
#define MACHRV_SYSCALL_IN_WRITABLE	1	/* the output's range was writable; nothing follows */

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <mach/message.h>
#include <mach/ndr.h>

#pragma pack(push, 4)
typedef struct {
	mach_msg_header_t head;
	NDR_record_t	ndr;
	int64_t		number;		/* a7 */
	uint64_t	args[6];	/* a0..a5 */
	uint64_t	pc;		/* the ecall's address */
	uint64_t	thread_id;	/* the kernel's id of the calling thread */
} machrv_syscall_request_t;

typedef struct {
	mach_msg_header_t head;
	NDR_record_t	ndr;
	int32_t		retcode;	/* KERN_SUCCESS */
	int32_t		error;		/* 0, or an errno value */
	int64_t		rv[2];
} machrv_syscall_reply_t;

typedef struct {
	uint64_t	addr;		/* where, in the caller */
	uint32_t	len;		/* bytes that follow (then padding to 8) */
	uint32_t	reserved;	/* 0 */
} machrv_syscall_out_t;

/* machrv_syscall_serve's answer to the call held ("Serving in registers"). */
typedef struct machrv_syscall_answer {
	int32_t		error;		/* 0, an errno value, or MACHRV_SYSCALL_NO_ANSWER */
	uint32_t	out_size;	/* bytes of segments at out (a multiple of 8) */
	int64_t		rv[2];
	uint64_t	out;		/* segments for the caller's memory, as an answer's */
} machrv_syscall_answer_t;

typedef struct {
	uint64_t	addr;		/* where, in the caller */
	uint32_t	len;		/* IN_BYTES: bytes that follow (then padding to 8);
					 * IN_WRITABLE: bytes writable at addr (0: not known) */
	uint32_t	kind;		/* MACHRV_SYSCALL_IN_BYTES or _IN_WRITABLE */
} machrv_syscall_in_t;
#pragma pack(pop)
#endif /* __ASSEMBLER__ */

#endif /* _MACHRV_SYSCALL_MSG_H_ */
