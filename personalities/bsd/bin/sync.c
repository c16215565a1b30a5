// SPDX-License-Identifier: BSD-2-Clause
// sync: write every file system's changed blocks to its disk.
#include <unistd.h>
#include "util.h"

int main(int argc, char **argv)
{
	ul_init(argc, argv);
	if (argc > 1)
		ul_usage(1, "");
	sync();
	return 0;
}
