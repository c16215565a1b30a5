// SPDX-License-Identifier: BSD-2-Clause
// sbrk() for picolibc's malloc: the heap grows upward from the end of the
// program (the link script's __heap_start), one vm_allocate at a fixed
// address per extension, rounded to pages.  Linked into every program so
// that it, not picolibc's fixed-arena sbrk, is the one malloc uses.
#include <stdint.h>
#include <errno.h>
#include <mach/mach.h>

extern char __heap_start[];

// The largest heap: it must stay below the stack the kernel places near
// the top of the user half.
#define HEAP_MAX ((uintptr_t)1 << 32)

static uintptr_t heap_brk;     // the current break
static uintptr_t heap_mapped;  // the end of what vm_allocate gave us

void *sbrk(ptrdiff_t incr)
{
	if (heap_brk == 0)
		heap_brk = heap_mapped = (uintptr_t)__heap_start;
	uintptr_t old = heap_brk;
	if (incr < 0) {
		// Shrinking keeps the pages: malloc rarely gives memory back.
		if ((uintptr_t)-incr > old - (uintptr_t)__heap_start) {
			errno = EINVAL;
			return (void *)-1;
		}
		heap_brk = old + incr;
		return (void *)old;
	}
	if ((uintptr_t)incr > HEAP_MAX - (old - (uintptr_t)__heap_start)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	uintptr_t end = old + (uintptr_t)incr;
	if (end > heap_mapped) {
		vm_address_t at = heap_mapped;
		vm_size_t size = round_page(end) - heap_mapped;
		if (vm_allocate(mach_task_self(), &at, size, VM_FLAGS_FIXED) != KERN_SUCCESS) {
			errno = ENOMEM;
			return (void *)-1;
		}
		heap_mapped += size;
	}
	heap_brk = end;
	return (void *)old;
}
