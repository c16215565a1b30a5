/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's driver for the ns16550a UART the device tree names: polled
 * output for the kernel console, interrupt-driven input.  (User programs
 * will get a user-level console driver; this one stays for the kernel.)
 */
#ifndef _RISCV_UART_H_
#define _RISCV_UART_H_

/* uart_init: set up the device tree's NS16550 and move the console to it (after pmap_bootstrap). */
void uart_init(void);
/*
 * uart_enable_input: route the UART's interrupt to hart 0 and turn input
 * interrupts on; what is typed goes to console_input (after plic_init).
 */
void uart_enable_input(void);

#endif /* _RISCV_UART_H_ */
