/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What bsd_server's sysctl(2) answers that is MachRV's own, shared by the
 * server (bsd_server/sys_sysctl.c) and the library (libutil's
 * sysdep_machrv.c): the record of kern.proc.all.  FreeBSD answers that
 * name with its struct kinfo_proc; MachRV answers with this smaller record,
 * one per process (zombies too), in pid order: the fields of libutil's
 * struct ul_proc, which ps shows.
 */
#ifndef _MACHRV_BSD_SYSCTL_H_
#define _MACHRV_BSD_SYSCTL_H_
#include <stdint.h>

#define BSD_KP_NAMELEN	32	/* the names' room, the NUL included */

struct bsd_kinfo_proc {
	uint32_t	kp_size;	/* sizeof(struct bsd_kinfo_proc): the layout's check */
	int32_t		kp_pid;
	int32_t		kp_ppid;	/* 0 for init */
	int32_t		kp_pgid;
	uint32_t	kp_uid;		/* the effective user id */
	char		kp_state;	/* 'R' running, 'S' in a call that waits, 'T' stopped, 'Z' zombie */
	char		kp_comm[BSD_KP_NAMELEN];	/* argv[0]'s last part at exec */
	char		kp_task[BSD_KP_NAMELEN];	/* the Mach task's name; "-" without a task */
	char		kp_spare[3];
};

#endif /* _MACHRV_BSD_SYSCTL_H_ */
