/* SPDX-License-Identifier: BSD-2-Clause */
/* What libmach's files share and programs do not see. */
#ifndef _LIBMACH_PRIVATE_H_
#define _LIBMACH_PRIVATE_H_

/* Write out what the console streams hold for the calling thread (console.c). */
void libmach_console_flush(void);

/* From the link script (user.ld): the TLS image's size and alignment. */
extern char __tls_size[], __tls_align[];
/* From picolibc: copy the TLS image into a block; point tp at a block. */
extern void _init_tls(void *tls);
extern void _set_tls(void *tls);

/* Time (clock.c): ticks of the time CSR to nanoseconds and back; sleep
 * until the time CSR reaches a deadline. */
#include <stdint.h>
#include <mach/kern_return.h>
uint64_t libmach_ticks_to_ns(uint64_t ticks);
uint64_t libmach_ns_to_ticks(uint64_t ns);
kern_return_t libmach_sleep_until(uint64_t deadline);

/* Whether the calling thread has a TLS block (tp is set): a thread
 * started with only pc and sp has none until libmach_thread_adopt. */
#include <stdbool.h>
static inline bool libmach_thread_has_tls(void)
{
#if defined(__riscv)
	void *tp;

	__asm__("mv %0, tp" : "=r"(tp));
	return tp != 0;
#else
	return true;	/* the host's unit tests (tests/libmach) */
#endif
}
bool libmach_thread_adopt(void);

/* argv[0] of the program (start.c), for messages; NULL before main. */
extern const char *libmach_progname;

#endif /* _LIBMACH_PRIVATE_H_ */
