/* SPDX-License-Identifier: BSD-2-Clause */
/* C types behind rtg.defs: the Hurd's spellings of GNU MIG's types. */
#ifndef RTG_TYPES_H
#define RTG_TYPES_H

#include <stdint.h>
#include <mach/std_types.h>

typedef mach_port_t io_t;
typedef int64_t rtg_off_t;
typedef char *data_t;
typedef char string_t[64];
typedef mach_port_t sreply_port_t;
typedef mach_port_t reply_port_t;
typedef mach_port_t *portarray_t;
/* As the Hurd's <hurd/hurd_types.h>: what GNU MIG's stubs take for data,
 * strings and port arrays sent only. */
typedef const char *const_data_t;
typedef const char *const_string_t;
typedef const mach_port_t *const_portarray_t;

/* A server object behind an io_t port, counted while in use. */
typedef struct rtg_obj { mach_port_t port; int uses; } *rtg_obj_t;
rtg_obj_t rtg_obj_begin(io_t port);
rtg_obj_t rtg_obj_payload(unsigned long payload);
io_t rtg_obj_port(rtg_obj_t obj);
void rtg_obj_end(rtg_obj_t obj);

#endif
