/* SPDX-License-Identifier: BSD-2-Clause */
/* Calls into OpenSBI: timer, IPI, hart start (HSM) and system reset (SRST). */
#include "riscv/sbi.h"
#include "kern/printf.h"

struct sbiret
sbi_call(long ext, long fid, long arg0, long arg1, long arg2)
{
	register long a0 __asm__("a0") = arg0;
	register long a1 __asm__("a1") = arg1;
	register long a2 __asm__("a2") = arg2;
	register long a6 __asm__("a6") = fid;
	register long a7 __asm__("a7") = ext;

	__asm__ __volatile__("ecall"
			     : "+r"(a0), "+r"(a1)
			     : "r"(a2), "r"(a6), "r"(a7)
			     : "memory");
	return (struct sbiret){ .error = a0, .value = a1 };
}

long
sbi_probe_extension(long ext)
{
	struct sbiret r = sbi_call(SBI_EXT_BASE, 3, ext, 0, 0);
	return r.error ? 0 : r.value;
}

void
sbi_set_timer(uint64_t stime)
{
	sbi_call(SBI_EXT_TIME, 0, (long)stime, 0, 0);
}

long
sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base)
{
	return sbi_call(SBI_EXT_IPI, 0, (long)hart_mask, (long)hart_mask_base, 0).error;
}

long
sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque)
{
	return sbi_call(SBI_EXT_HSM, 0, (long)hartid, (long)start_pa, (long)opaque).error;
}

long
sbi_hart_status(unsigned long hartid)
{
	struct sbiret r = sbi_call(SBI_EXT_HSM, 2, (long)hartid, 0, 0);
	return r.error ? r.error : r.value;
}

/*
 * sbi_system_reset: power the machine off (or reboot) through SRST.  On QEMU
 * virt, OpenSBI writes the "test finisher" device, which ends QEMU.
 */
void
sbi_system_reset(uint32_t type, uint32_t reason)
{
	sbi_call(SBI_EXT_SRST, 0, type, reason, 0);
	/* Only reached when SRST is missing: legacy shutdown, then spin. */
	sbi_call(0x08, 0, 0, 0, 0);
	for (;;)
		__asm__ __volatile__("wfi");
}

void
sbi_print_info(void)
{
	long spec = sbi_call(SBI_EXT_BASE, 0, 0, 0, 0).value;
	long impl = sbi_call(SBI_EXT_BASE, 1, 0, 0, 0).value;
	long impl_ver = sbi_call(SBI_EXT_BASE, 2, 0, 0, 0).value;

	printf("SBI v%ld.%ld, implementation %ld (%s) v%ld.%ld\n",
	       (spec >> 24) & 0x7f, spec & 0xffffff, impl,
	       impl == 1 ? "OpenSBI" : "other",
	       (impl_ver >> 16) & 0xffff, impl_ver & 0xffff);
}
