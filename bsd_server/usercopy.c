// SPDX-License-Identifier: BSD-2-Clause
// Moving bytes between a process's memory and bsd_server's: the kernel's
// vm_read_overwrite (from the process) and vm_write (to it) on the
// process's task port; a copyout while the process's call runs goes
// with its answer instead (syscall.c, syscall_gather_copyout), and a
// copyin of bytes the call's request carries (a small write's data,
// syscall_input) is taken from the request.  Both are byte-granular, check the range against
// the process's map, and fail with KERN_INVALID_ADDRESS or
// KERN_PROTECTION_FAILURE on a bad pointer: EFAULT here, never a fault in
// the server.  docs/bsd.md ("How data moves") has the measurements.
#include <errno.h>
#include <string.h>
#include "bsd_server.h"

int copyin(struct proc *p, uint64_t uaddr, void *kaddr, size_t len)
{
	vm_size_t got = 0;

	if (len == 0)
		return 0;
	if (syscall_input(p, uaddr, kaddr, len))
		return 0;		/* the request carried them (a small write's data) */
	syscall_gather_flush(p);	/* the bytes the call wrote so far first */
	if (vm_read_overwrite(p->task, (vm_address_t)uaddr, len, (vm_address_t)kaddr, &got) !=
	    KERN_SUCCESS || got != len)
		return EFAULT;
	return 0;
}

int copyout_write(struct proc *p, const void *kaddr, uint64_t uaddr, size_t len)
{
	if (vm_write(p->task, (vm_address_t)uaddr, (vm_offset_t)kaddr, (mach_msg_type_number_t)len) !=
	    KERN_SUCCESS)
		return EFAULT;
	return 0;
}

int copyout(struct proc *p, const void *kaddr, uint64_t uaddr, size_t len)
{
	if (len == 0)
		return 0;
	/* It forgets the call's input first (syscall_input_forget), or copyout_write. */
	return syscall_gather_copyout(p, kaddr, uaddr, len);
}

int copyinstr(struct proc *p, uint64_t uaddr, char *kaddr, size_t len)
{
	size_t done = 0;

	/* A path the call's request carries (the stub offered it): no copy from p. */
	if (syscall_input_string(p, uaddr, kaddr, len))
		return 0;
	/* A chunk at a time, never past the end of a page (the next may be unmapped). */
	while (done < len) {
		uint64_t at = uaddr + done;
		size_t n = 4096 - (at & 4095);
		if (n > len - done)
			n = len - done;
		if (n > 256)
			n = 256;
		int error = copyin(p, at, kaddr + done, n);
		if (error)
			return error;
		char *nul = memchr(kaddr + done, '\0', n);
		if (nul)
			return 0;
		done += n;
	}
	return ENAMETOOLONG;
}
