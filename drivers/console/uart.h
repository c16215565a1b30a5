/* SPDX-License-Identifier: BSD-2-Clause */
/* The ns16550a UART as the console driver drives it, through registers
 * mapped with device_map (offsets and bits from the 16550 data sheet). */
#ifndef _CONSOLE_UART_H_
#define _CONSOLE_UART_H_
#include <stddef.h>
#include <stdint.h>

/* uart_setup: 8N1, FIFOs on and cleared, receive interrupts on. */
void uart_setup(volatile uint8_t *regs);
/* uart_write: send `len' bytes, each when the transmitter has room. */
void uart_write(const char *buf, size_t len);
/* uart_getc: a received byte, or -1 when none is waiting. */
int uart_getc(void);

#endif /* _CONSOLE_UART_H_ */
