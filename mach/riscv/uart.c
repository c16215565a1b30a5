/* SPDX-License-Identifier: BSD-2-Clause */
/* ns16550a UART: register offsets and bits from the 16550 data sheet. */
#include "riscv/uart.h"
#include "riscv/platform.h"
#include "riscv/plic.h"
#include "riscv/vm_param.h"
#include "kern/console.h"
#include "kern/printf.h"

#define RBR	0	/* receive buffer (read) */
#define THR	0	/* transmit holding (write) */
#define IER	1	/* interrupt enable */
#define FCR	2	/* FIFO control (write) */
#define LCR	3	/* line control */
#define LSR	5	/* line status */

#define IER_RX		0x01
#define FCR_ENABLE	0x01
#define FCR_CLEAR	0x06
#define LCR_8N1		0x03
#define LSR_DR		0x01	/* data ready */
#define LSR_THRE	0x20	/* transmit holding register empty */

static volatile uint8_t *uart;

static void
uart_putc(int c)
{
	while (!(uart[LSR] & LSR_THRE))
		;
	uart[THR] = (uint8_t)c;
}

static const struct console_device uart_console = { "uart", uart_putc };

void
uart_init(void)
{
	if (!platform.uart.size)
		return;
	uart = phystokv(platform.uart.base);
	uart[IER] = 0;
	uart[LCR] = LCR_8N1;
	uart[FCR] = FCR_ENABLE | FCR_CLEAR;
	console_set_device(&uart_console);
}

static void
uart_interrupt(uint32_t irq, void *arg)
{
	(void)irq, (void)arg;
	while (uart[LSR] & LSR_DR)
		console_input(uart[RBR]);
}

void
uart_enable_input(void)
{
	if (!uart || !platform.uart_irq)
		return;
	if (plic_register(platform.uart_irq, 0, uart_interrupt, 0) < 0) {
		printf("uart: cannot route irq %u; no console input\n", platform.uart_irq);
		return;
	}
	uart[IER] = IER_RX;
}
