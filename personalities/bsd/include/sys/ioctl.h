/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ioctl and the requests /dev/console answers (picolibc has no
 * <sys/ioctl.h>): FreeBSD's numbers, from <sys/termios.h>.
 */
#ifndef _MACHRV_BSD_SYS_IOCTL_H_
#define _MACHRV_BSD_SYS_IOCTL_H_
#include <sys/termios.h>
#endif /* _MACHRV_BSD_SYS_IOCTL_H_ */
