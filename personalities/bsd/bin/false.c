// SPDX-License-Identifier: BSD-2-Clause
// false: do nothing, unsuccessfully.
int main(void)
{
	return 1;
}
