/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Moving data between the kernel and the current task's user memory.  The
 * user range is checked against the user half of the address space, and a
 * fault while copying (an unmapped or protected page) returns an error
 * instead of a panic.  A kernel thread (no task) copies kernel memory:
 * kernel code and self-tests use the same paths with kernel buffers.
 */
#ifndef _KERN_COPYIO_H_
#define _KERN_COPYIO_H_
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "riscv/copyio.h"

/* Each returns 0, or -1 if any byte of the user range is not accessible. */
int copyin(uintptr_t uaddr, void *kaddr, size_t len);
/* copyout: `len' bytes from the kernel at `kaddr' to the user range at `uaddr' (see copyin). */
int copyout(const void *kaddr, uintptr_t uaddr, size_t len);

/*
 * copyout_probe: could `len' bytes be written at `uaddr' now, with
 * nothing changed?  (Each page takes a store of what it holds: see
 * user_probe_writable.)  Returns 0, or -1 if not (see copyin).
 */
int copyout_probe(uintptr_t uaddr, size_t len);

#endif /* _KERN_COPYIO_H_ */
