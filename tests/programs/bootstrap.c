// SPDX-License-Identifier: BSD-2-Clause
// Never built: test-program must refuse a program named like bootstrap
// (programs.program_named_bootstrap_is_refused).
int main(void)
{
	return 0;
}
