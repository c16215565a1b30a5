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

/* sbi_call: ecall into OpenSBI: extension `ext', function `fid'; its error and value. */
struct sbiret sbi_call(long ext, long fid, long a0, long a1, long a2);

/* sbi_probe_extension: nonzero if OpenSBI provides extension `ext'. */
long sbi_probe_extension(long ext);
/* sbi_set_timer: this hart's next timer interrupt at time `stime' (clears the pending one). */
void sbi_set_timer(uint64_t stime);
/* sbi_send_ipi: a software interrupt to the harts of the mask (hart ids from the base); SBI's error. */
long sbi_send_ipi(unsigned long hart_mask, unsigned long hart_mask_base);
/* sbi_hart_start: start a stopped hart at physical `start_pa' with a1 = `opaque'; SBI's error. */
long sbi_hart_start(unsigned long hartid, unsigned long start_pa, unsigned long opaque);
/* sbi_hart_status: the hart's HSM state (SBI_HSM_*), or a negative SBI error. */
long sbi_hart_status(unsigned long hartid);
void sbi_system_reset(uint32_t type, uint32_t reason) __attribute__((noreturn));
/* sbi_print_info: print the SBI version and implementation. */
void sbi_print_info(void);

#endif /* _RISCV_SBI_H_ */
