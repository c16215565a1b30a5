// SPDX-License-Identifier: BSD-2-Clause
// The ns16550a UART (see uart.h).  The kernel writes its own messages to
// the same transmitter (docs/console.md, "Who writes to the UART"); both
// wait for THRE before each byte, so neither loses a byte.
#include "uart.h"

#define RBR	0	/* receive buffer (read) */
#define THR	0	/* transmit holding (write) */
#define IER	1	/* interrupt enable */
#define FCR	2	/* FIFO control (write) */
#define LCR	3	/* line control */
#define MCR	4	/* modem control */
#define LSR	5	/* line status */

#define IER_RX		0x01
#define FCR_ENABLE	0x01
#define FCR_CLEAR	0x06
#define LCR_8N1		0x03
#define MCR_DTR_RTS_OUT2 0x0b	/* OUT2 gates the interrupt line on real parts */
#define LSR_DR		0x01
#define LSR_THRE	0x20

static volatile uint8_t *uart;

void uart_setup(volatile uint8_t *regs)
{
	uart = regs;
	uart[IER] = 0;
	uart[LCR] = LCR_8N1;
	uart[FCR] = FCR_ENABLE | FCR_CLEAR;
	uart[MCR] = MCR_DTR_RTS_OUT2;
	uart[IER] = IER_RX;
}

void uart_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		while (!(uart[LSR] & LSR_THRE))
			;
		uart[THR] = (uint8_t)buf[i];
	}
}

int uart_getc(void)
{
	return (uart[LSR] & LSR_DR) ? uart[RBR] : -1;
}
