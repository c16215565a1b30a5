// SPDX-License-Identifier: BSD-2-Clause
// A MIG client: it looks up the service "calc" (calc_server.c) and calls
// the routines of calc.defs through the stubs mig made (calc.h).
//
//   scripts/test-program personalities/examples/calc_client.c personalities/examples/calc.defs
//       --server calc=personalities/examples/calc_server.c,personalities/examples/calc_ops.c
#include <stdio.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>
#include "calc.h"

int main(void)
{
	mach_port_t calc;
	int sum = 0;
	int values[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	kern_return_t kr = bootstrap_look_up(bootstrap_port, "calc", &calc);

	if (kr != KERN_SUCCESS) {
		printf("calc_client: bootstrap_look_up: %s\n", mach_error_string(kr));
		return 1;
	}
	kr = add(calc, 2, 40, &sum);
	printf("calc_client: add(2, 40) = %d (%s)\n", sum, mach_error_string(kr));
	if (kr != KERN_SUCCESS || sum != 42)
		return 1;
	kr = total(calc, values, 10, &sum);
	printf("calc_client: total(1..10) = %d (%s)\n", sum, mach_error_string(kr));
	return kr == KERN_SUCCESS && sum == 55 ? 0 : 1;
}
