/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ioctl and its requests (picolibc has no <sys/ioctl.h>): FreeBSD's
 * numbers, the terminal's from <sys/termios.h>, every descriptor's
 * (FIONBIO, FIOASYNC, FIOCLEX, FIONCLEX, FIONREAD) from <sys/filio.h>.
 */
#ifndef _MACHRV_BSD_SYS_IOCTL_H_
#define _MACHRV_BSD_SYS_IOCTL_H_
#include <sys/filio.h>
#include <sys/termios.h>
#endif /* _MACHRV_BSD_SYS_IOCTL_H_ */
