/* SPDX-License-Identifier: BSD-2-Clause */
/* C types behind hurd_io.defs. */
#ifndef HURD_IO_TYPES_H
#define HURD_IO_TYPES_H

#include <stdint.h>
#include <mach/mach_types.h>

typedef mach_port_t io_t;
typedef mach_port_t file_t;
typedef mach_port_t reply_port_t;
typedef char *data_t;
typedef char string_t[1024];
/* What GNU MIG's stubs take for data and strings sent only. */
typedef const char *const_data_t;
typedef const char *const_string_t;
typedef int64_t loff_t;
typedef int retry_type;
typedef uint32_t mode_t;

#endif
