/* SPDX-License-Identifier: BSD-2-Clause */
/* Printing Mach errors: KERN_*, MACH_SEND_*, MACH_RCV_* and MIG_* codes. */
#ifndef _MACH_MACH_ERROR_H_
#define _MACH_MACH_ERROR_H_

#include <mach/error.h>

/* A constant string naming `error_value' (never NULL). */
extern const char *mach_error_string(mach_error_t error_value);
/* The kind of error: "(os/kern)", "(ipc/send)", "(ipc/mig)", ... */
extern const char *mach_error_type(mach_error_t error_value);
/* Print "str type string (0xcode)" on stderr. */
extern void mach_error(const char *str, mach_error_t error_value);

#endif /* _MACH_MACH_ERROR_H_ */
