// SPDX-License-Identifier: BSD-2-Clause
// Thread-local storage for threads the runtime did not start.
//
// A thread made with thread_create and started with thread_set_state
// giving only pc and sp (as Mach textbooks do) begins with tp = 0: it has
// no TLS block, so errno, picolibc's state and the MIG reply port slot
// (all `__thread') are not its own.  The first time such a thread needs
// them (mig_get_reply_port, picolibc's locks), it adopts one of a few
// static blocks here.  Blocks are never given back (libmach cannot tell
// when such a thread ends); past LIBMACH_ADOPT_MAX threads, or with a TLS
// image larger than a block, libmach_thread_adopt fails and
// mig_get_reply_port falls back to a fresh reply port per call.
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <mach/mach.h>
#include "libmach_private.h"

#define LIBMACH_ADOPT_MAX	16
#define LIBMACH_ADOPT_BLOCK	2048

static char adopt_blocks[LIBMACH_ADOPT_MAX][LIBMACH_ADOPT_BLOCK] __attribute__((aligned(64)));
static unsigned adopt_used;

/* libmach_thread_adopt: give the calling thread (tp = 0) a TLS block.
 * Returns: true when it has one now (or had one). */
bool libmach_thread_adopt(void)
{
	uintptr_t align = (uintptr_t)__tls_align < 16 ? 16 : (uintptr_t)__tls_align;

	if (libmach_thread_has_tls())
		return true;
	if ((uintptr_t)__tls_size + align > LIBMACH_ADOPT_BLOCK || align > 64)
		return false;
	unsigned i = __atomic_fetch_add(&adopt_used, 1, __ATOMIC_RELAXED);
	if (i >= LIBMACH_ADOPT_MAX)
		return false;
	char *tls = adopt_blocks[i];
	_init_tls(tls);
	_set_tls(tls);
	return true;
}
