// SPDX-License-Identifier: BSD-2-Clause
// The NDR record every MIG message carries: this machine's data formats
// (little-endian integers, ASCII, IEEE floats).
#include <mach/ndr.h>

NDR_record_t NDR_record = {
	.mig_vers = 0,
	.if_vers = 0,
	.reserved1 = 0,
	.mig_encoding = 0,
	.int_rep = NDR_INT_LITTLE_ENDIAN,
	.char_rep = NDR_CHAR_ASCII,
	.float_rep = NDR_FLOAT_IEEE,
	.reserved2 = 0,
};
