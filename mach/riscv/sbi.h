/* SPDX-License-Identifier: BSD-2-Clause */
/* Calls into OpenSBI (M-mode) through the SBI v1.0 extensions we use. */
#ifndef _RISCV_SBI_H_
#define _RISCV_SBI_H_
#include <stdint.h>

#define SBI_EXT_BASE	0x10
#define SBI_EXT_TIME	0x54494D45	/* "TIME" */
#define SBI_EXT_IPI	0x735049	/* "sPI" */
#define SBI_EXT_HSM	0x48534D	/* "HSM" */
#define SBI_EXT_SRST	0x53525354	/* "SRST" */

#define SBI_SUCCESS		0
#define SBI_ERR_ALREADY_AVAILABLE (-6)

#define SBI_HSM_STARTED		0
#define SBI_HSM_STOPPED		1

#define SBI_SRST_SHUTDOWN	0
#define SBI_SRST_COLD_REBOOT	1
#define SBI_SRST_REASON_NONE	0
#define SBI_SRST_REASON_SYSFAIL	1

struct sbiret {
	long error;
	long value;
};

struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2);

long sbi_probe_extension(long ext);
void sbi_set_timer(uint64_t stime);
long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
long sbi_hart_status(unsigned long hartid);
void sbi_system_reset(uint32_t type, uint32_t reason) __attribute__((noreturn));
void sbi_print_info(void);

#endif /* _RISCV_SBI_H_ */
