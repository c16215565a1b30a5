/* SPDX-License-Identifier: BSD-2-Clause */
/* The Network Data Representation record MIG puts in every message: it says
 * how the sender encodes integers, characters and floats. */
#ifndef _MACH_NDR_H_
#define _MACH_NDR_H_

/* Aligned to 4 bytes, as it always sits in messages, so that copying it is
 * one or two word moves rather than eight byte moves. */
typedef struct __attribute__((aligned(4))) {
	unsigned char mig_vers;
	unsigned char if_vers;
	unsigned char reserved1;
	unsigned char mig_encoding;
	unsigned char int_rep;
	unsigned char char_rep;
	unsigned char float_rep;
	unsigned char reserved2;
} NDR_record_t;

#define NDR_INT_BIG_ENDIAN      0
#define NDR_INT_LITTLE_ENDIAN   1
#define NDR_FLOAT_IEEE          0
#define NDR_CHAR_ASCII          0

/* The record of this machine; the runtime (libmach, or the host test
 * harness) defines it. */
extern NDR_record_t NDR_record;

#endif /* _MACH_NDR_H_ */
