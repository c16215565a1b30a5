// SPDX-License-Identifier: BSD-2-Clause
// Never ends: test-program must stop it at its timeout and say so.
#include <stdio.h>
#include <mach/mach.h>

int main(void)
{
	printf("spin_forever: spinning\n");
	for (;;)
		swtch_pri(0);
}
