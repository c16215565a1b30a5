/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's driver for the ns16550a UART the device tree names: polled
 * output for the kernel console, interrupt-driven input.  (User programs
 * will get a user-level console driver; this one stays for the kernel.)
 */
#ifndef _RISCV_UART_H_
#define _RISCV_UART_H_

void uart_init(void);		/* after pmap_bootstrap: console moves here */
void uart_enable_input(void);	/* after plic_init: input interrupts on */

#endif /* _RISCV_UART_H_ */
