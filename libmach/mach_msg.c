// SPDX-License-Identifier: BSD-2-Clause
// mach_msg(): the trap, restarted after an interruption unless the caller
// asked to see interruptions (MACH_SEND_INTERRUPT, MACH_RCV_INTERRUPT), as
// Mach's libmach does.
#include <stddef.h>
#include <mach/message.h>
#include <mach/mach_traps.h>
#include <mach/syscall_sw.h>
#include <machrv/syscall_msg.h>
#include <machrv/trace_note.h>

__thread int machrv_traced;

/* The received message's traced bit, for machrv_trace_note (not in a thread without TLS). */
static inline void
machrv_trace_received(const mach_msg_header_t *msg)
{
	void *tp = (void *)1;

#ifdef __riscv
	__asm__("mv %0, tp" : "=r"(tp));
#endif
	if (tp)
		machrv_traced = (msg->msgh_bits & MACH_MSGH_BITS_MACHRV_TRACED) != 0;
}

/*
 * The trap itself, inline on RISC-V: the kernel keeps every register but
 * a0 (docs/architecture.md, "Traps"), so mach_msg's common case is a leaf
 * with no frame.  The host's unit tests link a fake mach_msg_trap.
 */
static inline __attribute__((always_inline)) mach_msg_return_t
msg_trap(mach_msg_header_t *msg, mach_msg_option_t option, mach_msg_size_t send_size,
	 mach_msg_size_t rcv_size, mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
	 mach_port_name_t notify)
{
#ifdef __riscv
	/* The 32-bit arguments as they are (the kernel reads their low halves): no moves. */
	register mach_msg_header_t *a0 __asm__("a0") = msg;
	register mach_msg_option_t a1 __asm__("a1") = option;
	register mach_msg_size_t a2 __asm__("a2") = send_size;
	register mach_msg_size_t a3 __asm__("a3") = rcv_size;
	register mach_port_name_t a4 __asm__("a4") = rcv_name;
	register mach_msg_timeout_t a5 __asm__("a5") = timeout;
	register mach_port_name_t a6 __asm__("a6") = notify;
	register long a7 __asm__("a7") = MACH_TRAP_mach_msg_trap;

	register long r __asm__("a0");

	__asm__ __volatile__("ecall"
			     : "=r"(r)
			     : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "r"(a7)
			     : "memory");
	return (mach_msg_return_t)r;
#else
	return mach_msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout, notify);
#endif
}

/* mach_msg's way after a first trap that did not succeed (`mr'). */
static mach_msg_return_t __attribute__((noinline))
msg_retry(mach_msg_return_t mr, mach_msg_header_t *msg, mach_msg_option_t option,
	  mach_msg_size_t send_size, mach_msg_size_t rcv_size, mach_port_name_t rcv_name,
	  mach_msg_timeout_t timeout, mach_port_name_t notify)
{
	if ((option & MACH_SEND_INTERRUPT) == 0) {
		while (mr == MACH_SEND_INTERRUPTED)
			mr = msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout, notify);
	}
	if ((option & MACH_RCV_INTERRUPT) == 0) {
		while (mr == MACH_RCV_INTERRUPTED)
			mr = msg_trap(msg, option & ~MACH_SEND_MSG, 0, rcv_size, rcv_name, timeout,
				      notify);
	}
	if (mr == MACH_MSG_SUCCESS && (option & MACH_RCV_MSG))
		machrv_trace_received(msg);
	return mr;
}

/*
 * mach_msg: send and/or receive.
 *   A send that was interrupted comes back with the message returned to
 *   the buffer (its rights pseudo-received, so the same buffer can be sent
 *   again): it is sent again, with the receive if one was asked.  A receive
 *   that was interrupted after the send succeeded is restarted as a receive
 *   only, so the message is not sent twice.
 *   Returns: what the last trap returned.
 */
mach_msg_return_t mach_msg(mach_msg_header_t *msg, mach_msg_option_t option,
                           mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                           mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                           mach_port_name_t notify)
{
	mach_msg_return_t mr = msg_trap(msg, option, send_size, rcv_size, rcv_name, timeout, notify);

	if (__builtin_expect(mr != MACH_MSG_SUCCESS, 0))
		return msg_retry(mr, msg, option, send_size, rcv_size, rcv_name, timeout, notify);
	if (option & MACH_RCV_MSG)
		machrv_trace_received(msg);
	return mr;
}

#ifdef __riscv	/* (machrv_syscall_serve is RISC-V assembly; the host's tests have no kernel) */
/*
 * machrv_syscall_serve's way (traps.S) after a trap that did not bring a
 * call in registers (`mr'): mach_msg's, restarts and the traced bit.  A
 * restart gives no answer: the kernel took it before anything else (the
 * send, the receive), whatever came of them.
 */
/* traps.S reads these as numbers. */
_Static_assert(MACH_RCV_MSG == 2 && MACH_MSGH_BITS_MACHRV_TRACED == 1u << 23,
	       "machrv_syscall_serve's bits");
_Static_assert(offsetof(machrv_syscall_answer_t, error) == 0 &&
		       offsetof(machrv_syscall_answer_t, out_size) == 4 &&
		       offsetof(machrv_syscall_answer_t, rv) == 8 &&
		       offsetof(machrv_syscall_answer_t, out) == 24,
	       "machrv_syscall_serve's answer, as traps.S reads it");

static const machrv_syscall_answer_t no_answer = { .error = MACHRV_SYSCALL_NO_ANSWER };

mach_msg_return_t machrv_syscall_serve_done(mach_msg_header_t *msg, mach_msg_option_t option,
					    mach_msg_size_t send_size, mach_msg_size_t rcv_size,
					    mach_port_name_t rcv_name, mach_msg_return_t mr)
{
	if (__builtin_expect(mr != MACH_MSG_SUCCESS, 0)) {
		if ((option & MACH_SEND_INTERRUPT) == 0) {
			while (mr == MACH_SEND_INTERRUPTED)
				mr = machrv_syscall_serve(msg, option, send_size, rcv_size,
							  rcv_name, &no_answer);
		}
		if ((option & MACH_RCV_INTERRUPT) == 0) {
			while (mr == MACH_RCV_INTERRUPTED)
				mr = machrv_syscall_serve(msg, option & ~MACH_SEND_MSG, 0, rcv_size,
							  rcv_name, &no_answer);
		}
		return mr;		/* a restart that succeeded has set the traced bit */
	}
	if (option & MACH_RCV_MSG)
		machrv_trace_received(msg);
	return mr;
}
#endif

/* mach_msg_send: send msg (its header says to where and how big). */
mach_msg_return_t mach_msg_send(mach_msg_header_t *msg)
{
	return mach_msg(msg, MACH_SEND_MSG, msg->msgh_size, 0, MACH_PORT_NULL,
	                MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

/* mach_msg_receive: receive into msg, from the port in its
 * msgh_local_port, at most its msgh_size bytes (trailer included). */
mach_msg_return_t mach_msg_receive(mach_msg_header_t *msg)
{
	return mach_msg(msg, MACH_RCV_MSG, 0, msg->msgh_size, msg->msgh_local_port,
	                MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
}

/*
 * mach_msg_overwrite: mach_msg with a separate receive buffer.  With
 * rcv_msg NULL (or msg itself) it is mach_msg.  Otherwise the send and the
 * receive are two traps: the send from msg, then the receive into rcv_msg
 * (rcv_size bytes; rcv_limit, unused by XNU too, is ignored).  Returns:
 * the send's error (nothing was received), else the receive's result.
 */
mach_msg_return_t mach_msg_overwrite(mach_msg_header_t *msg, mach_msg_option_t option,
                                     mach_msg_size_t send_size, mach_msg_size_t rcv_size,
                                     mach_port_name_t rcv_name, mach_msg_timeout_t timeout,
                                     mach_port_name_t notify, mach_msg_header_t *rcv_msg,
                                     mach_msg_size_t rcv_limit)
{
	mach_msg_return_t mr;

	(void)rcv_limit;
	if (!rcv_msg || rcv_msg == msg || !(option & MACH_RCV_MSG))
		return mach_msg(msg, option, send_size, rcv_size, rcv_name, timeout, notify);
	if (option & MACH_SEND_MSG) {
		mr = mach_msg(msg, option & ~MACH_RCV_MSG, send_size, 0, MACH_PORT_NULL, timeout,
		              notify);
		if (mr != MACH_MSG_SUCCESS)
			return mr;
	}
	return mach_msg(rcv_msg, option & ~MACH_SEND_MSG, 0, rcv_size, rcv_name, timeout, notify);
}
