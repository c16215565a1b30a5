/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * picolibc's <sys/types.h>, and what BSD puts there that it leaves out: a
 * device number's parts.  picolibc's dev_t has 16 bits here, so the
 * encoding is 4.4BSD's (the major number in the high byte, the minor in
 * the low one), not FreeBSD 12's 64-bit one.
 */
#ifndef _MACHRV_BSD_SYS_TYPES_H_
#define _MACHRV_BSD_SYS_TYPES_H_
#include_next <sys/types.h>

#ifndef major
#define major(d)	((int)(((unsigned)(d) >> 8) & 0xff))
#define minor(d)	((int)((unsigned)(d) & 0xff))
#define makedev(M, m)	((dev_t)((((unsigned)(M) & 0xff) << 8) | ((unsigned)(m) & 0xff)))
#endif

#endif /* _MACHRV_BSD_SYS_TYPES_H_ */
