// SPDX-License-Identifier: BSD-2-Clause
// Read lines typed on the console and echo them: stdin and stdout are the
// console driver, a user task that owns the UART (docs/console.md).  Each
// fgets is a console_read_line request to it; each printf line a
// console_write.  Ctrl-D at the start of a line, or "quit", ends it.
//
//   scripts/run --program personalities/examples/echo_line.c
//   scripts/test-program --input 'hello\nquit\n' personalities/examples/echo_line.c
#include <stdio.h>
#include <string.h>

int main(void)
{
	char line[256];
	int lines = 0;

	printf("Type lines; Ctrl-D or \"quit\" ends.\n");
	for (;;) {
		printf("> ");
		if (!fgets(line, sizeof(line), stdin)) {
			printf("\n");
			break;
		}
		if (strcmp(line, "quit\n") == 0)
			break;
		printf("you typed: %s", line);
		lines++;
	}
	printf("%d line(s)\n", lines);
	return 0;
}
