/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The Unix system-call messages.  When a thread traps with ecall and
 * a7 >= 0, the kernel sends a machrv_syscall_request_t to its task's
 * syscall port (task special port TASK_SYSCALL_PORT) with a send-once reply
 * right, and waits.  The personality answers with machrv_syscall_reply_t:
 * error 0 sets a0 = rv[0], a1 = rv[1]; error e > 0 sets a0 = -e.  A task
 * without a syscall port gets a0 = -ENOSYS.  The syscall port identifies
 * the process: a personality gives each process its own.
 */
#ifndef _MACHRV_SYSCALL_MSG_H_
#define _MACHRV_SYSCALL_MSG_H_
#include <stdint.h>
#include <mach/message.h>
#include <mach/ndr.h>

#define MACHRV_SYSCALL_MSG_ID	0x55000
#define MACHRV_SYSCALL_ENOSYS	38

#pragma pack(push, 4)
typedef struct {
	mach_msg_header_t head;
	NDR_record_t	ndr;
	int64_t		number;		/* a7 */
	uint64_t	args[6];	/* a0..a5 */
	uint64_t	pc;		/* the ecall's address */
	uint64_t	thread_id;	/* the kernel's id of the calling thread */
} machrv_syscall_request_t;

typedef struct {
	mach_msg_header_t head;
	NDR_record_t	ndr;
	int32_t		retcode;	/* KERN_SUCCESS */
	int32_t		error;		/* 0, or an errno value */
	int64_t		rv[2];
} machrv_syscall_reply_t;
#pragma pack(pop)

#endif /* _MACHRV_SYSCALL_MSG_H_ */
