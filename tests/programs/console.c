// SPDX-License-Identifier: BSD-2-Clause
// Never built: test-program must refuse a program named like the console
// driver (programs.program_named_console_is_refused).
int main(void)
{
	return 0;
}
