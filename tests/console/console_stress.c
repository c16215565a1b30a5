// SPDX-License-Identifier: BSD-2-Clause
// Several threads print at once through the console driver (stress.conf):
// each line is one console_write, which the driver writes whole, so no
// line may be cut by another (the runner rejects a line holding two).
// The driver's byte count must grow by exactly what was printed.
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <machrv/console.h>
#include <machrv/mthread.h>
#include <servers/console.h>
#include "../common/fact.h"

#define THREADS	4
#define LINES	25
#define LINE_BYTES 60	/* "stress T0 line 00 " (18), 40 x, "\r\n" (the driver writes "\n" so) */

static void *printer(void *arg)
{
	int t = (int)(long)arg;
	for (int i = 0; i < LINES; i++)
		printf("stress T%d line %02d xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n", t, i);
	return NULL;
}

int main(void)
{
	mthread_t th[THREADS];
	natural_t w0 = 0, w1 = 0, r, l;

	kern_return_t k0 = console_get_counts(machrv_console_port(), &w0, &r, &l);
	for (int t = 0; t < THREADS; t++)
		mthread_create(&th[t], NULL, printer, (void *)(long)t);
	for (int t = 0; t < THREADS; t++)
		mthread_join(th[t], NULL);
	kern_return_t k1 = console_get_counts(machrv_console_port(), &w1, &r, &l);
	FACT("every_byte_of_every_thread_reaches_the_driver",
	     k0 == KERN_SUCCESS && k1 == KERN_SUCCESS && w1 - w0 == THREADS * LINES * LINE_BYTES,
	     "counts %d %d: %u bytes, expected %u", k0, k1, w1 - w0, THREADS * LINES * LINE_BYTES);
	printf("console_stress: %d failed\n", failures);
	return failures;
}
