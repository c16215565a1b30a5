/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The generic ioctl requests of any descriptor ('f'), FreeBSD's numbers
 * (its _IO/_IOR/_IOW encoding); <sys/ioctl.h> includes this.  bsd_server
 * answers FIOCLEX, FIONCLEX, FIONBIO and FIOASYNC for every descriptor
 * itself (sys_fd.c), FIONREAD through the file (terminal, pipe, file).
 */
#ifndef _SYS_FILIO_H_
#define _SYS_FILIO_H_

#define FIOCLEX		0x20006601UL	/* _IO('f', 1): set close-on-exec */
#define FIONCLEX	0x20006602UL	/* _IO('f', 2): clear close-on-exec */
#define FIONREAD	0x4004667fUL	/* _IOR('f', 127, int): bytes a read would take */
#define FIONBIO		0x8004667eUL	/* _IOW('f', 126, int): O_NONBLOCK on (!= 0) or off */
#define FIOASYNC	0x8004667dUL	/* _IOW('f', 125, int): O_ASYNC; only off here (EINVAL) */

#endif /* _SYS_FILIO_H_ */
