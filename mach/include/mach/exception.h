/* SPDX-License-Identifier: BSD-2-Clause */
/* <mach/exception.h>, as Mach programs include it: the exception types. */
#ifndef _MACH_EXCEPTION_H_
#define _MACH_EXCEPTION_H_

#include <mach/exception_types.h>

#endif /* _MACH_EXCEPTION_H_ */
