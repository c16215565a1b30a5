/* SPDX-License-Identifier: BSD-2-Clause */
/* boolean_t, TRUE and FALSE as Mach interfaces use them. */
#ifndef _MACH_BOOLEAN_H_
#define _MACH_BOOLEAN_H_

/* An int, not C's bool: it travels in messages as a 32-bit value. */
typedef int boolean_t;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

#endif /* _MACH_BOOLEAN_H_ */
