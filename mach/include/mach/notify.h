/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel notifications: their message ids and layouts. */
#ifndef _MACH_NOTIFY_H_
#define _MACH_NOTIFY_H_

#include <mach/message.h>
#include <mach/ndr.h>

#define MACH_NOTIFY_FIRST             0100
#define MACH_NOTIFY_PORT_DELETED      (MACH_NOTIFY_FIRST + 001)
#define MACH_NOTIFY_SEND_POSSIBLE     (MACH_NOTIFY_FIRST + 002)
#define MACH_NOTIFY_PORT_DESTROYED    (MACH_NOTIFY_FIRST + 005)
#define MACH_NOTIFY_NO_SENDERS        (MACH_NOTIFY_FIRST + 006)
#define MACH_NOTIFY_SEND_ONCE         (MACH_NOTIFY_FIRST + 007)
#define MACH_NOTIFY_DEAD_NAME         (MACH_NOTIFY_FIRST + 010)
#define MACH_NOTIFY_LAST              (MACH_NOTIFY_FIRST + 015)

#pragma pack(push, 4)
typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_name_t not_port;
	mach_msg_trailer_t trailer;
} mach_port_deleted_notification_t;

/* Carries the receive right of the destroyed port (MACH_NOTIFY_PORT_DESTROYED). */
typedef struct {
	mach_msg_header_t not_header;
	mach_msg_body_t not_body;
	mach_msg_port_descriptor_t not_port;
	mach_msg_trailer_t trailer;
} mach_port_destroyed_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_mscount_t not_count;
	mach_msg_trailer_t trailer;
} mach_no_senders_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	mach_msg_trailer_t trailer;
} mach_send_once_notification_t;

typedef struct {
	mach_msg_header_t not_header;
	NDR_record_t NDR;
	mach_port_name_t not_port;
	mach_msg_trailer_t trailer;
} mach_dead_name_notification_t;
#pragma pack(pop)

#endif /* _MACH_NOTIFY_H_ */
