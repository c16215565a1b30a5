/* SPDX-License-Identifier: BSD-2-Clause */
/* copyin/copyout (see kern/copyio.h). */
#include "kern/copyio.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "riscv/pmap.h"

static int
kernel_thread(void)
{
	return current_thread()->task == NULL;
}

int
copyin(uintptr_t uaddr, void *kaddr, size_t len)
{
	if (kernel_thread()) {
		memcpy(kaddr, (const void *)uaddr, len);
		return 0;
	}
	if (!user_range_ok(uaddr, len))
		return -1;
	return riscv_copy_user(kaddr, (const void *)uaddr, len);
}

int
copyout(const void *kaddr, uintptr_t uaddr, size_t len)
{
	if (kernel_thread()) {
		memcpy((void *)uaddr, kaddr, len);
		return 0;
	}
	if (!user_range_ok(uaddr, len))
		return -1;
	return riscv_copy_user((void *)uaddr, kaddr, len);
}

int
copyout_probe(uintptr_t uaddr, size_t len)
{
	if (kernel_thread() || len == 0)
		return 0;
	if (!user_range_ok(uaddr, len))
		return -1;
	return user_probe_writable(uaddr, len);
}
