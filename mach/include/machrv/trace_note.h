/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A server's own records in the event trace (<machrv/trace.h>): the
 * system call it serves, the file operation, the path component, the
 * cache hit or miss, the disk request.  machrv_trace_note costs a load and
 * a branch unless the thread is serving traced work: libmach's mach_msg
 * sets machrv_traced from each received message's
 * MACH_MSGH_BITS_MACHRV_TRACED bit, and the kernel keeps the record only
 * if the thread's work is traced (a task being traced itself may call
 * machrv_trace_note_trap directly).
 */
#ifndef _MACHRV_TRACE_NOTE_H_
#define _MACHRV_TRACE_NOTE_H_
#include <stddef.h>
#include <stdint.h>
#include <mach/kern_return.h>
#include <machrv/trace.h>

/* Set by mach_msg: the last message this thread received belongs to traced work. */
extern __thread int machrv_traced;

/* The trap: a TR_NOTE record (code: TRN_*; at most 16 bytes of text are kept). */
extern kern_return_t machrv_trace_note_trap(unsigned code, uint64_t n0, uint64_t n1,
					    const char *text, size_t len);

/* machrv_trace_note: record `code' with two numbers and a short text (may be NULL). */
static inline void
machrv_trace_note(unsigned code, uint64_t n0, uint64_t n1, const char *text)
{
	if (__builtin_expect(machrv_traced, 0)) {
		size_t len = 0;
		if (text)
			while (len < 16 && text[len])
				len++;
		machrv_trace_note_trap(code, n0, n1, text, len);
	}
}

/*
 * machrv_trace_set: this thread now works for traced work or not (`traced'
 * as machrv_traced was when the work arrived): for a server that parks a
 * call and finishes it after serving others.  A trap only when it changes.
 */
static inline void
machrv_trace_set(int traced)
{
	if (__builtin_expect(traced != machrv_traced, 0)) {
		machrv_traced = traced;
		machrv_trace_note_trap(TRN_SET_TRACED, (uint64_t)traced, 0, NULL, 0);
	}
}

/*
 * machrv_trace_note_for: the same, for a thread that finishes work which
 * was traced when another thread took it (`traced': machrv_traced as that
 * thread saw it, kept with the work), such as a driver's interrupt thread.
 */
static inline void
machrv_trace_note_for(int traced, unsigned code, uint64_t n0, uint64_t n1, const char *text)
{
	if (__builtin_expect(traced, 0)) {
		size_t len = 0;
		if (text)
			while (len < 16 && text[len])
				len++;
		machrv_trace_note_trap(code | TRN_ON_BEHALF, n0, n1, text, len);
	}
}

#endif /* _MACHRV_TRACE_NOTE_H_ */
