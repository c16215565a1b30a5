/* SPDX-License-Identifier: BSD-2-Clause */
/* C types behind rt.defs and rt_apple.defs. */
#ifndef RT_TYPES_H
#define RT_TYPES_H

#include <stdint.h>
#include <mach/mach_types.h>

typedef char rt_char_t;
typedef int16_t rt_i16_t;
typedef int64_t rt_i64_t;
typedef double rt_double_t;
typedef int int_array_t[4];
typedef char bytes5_t[5];
typedef struct { int x, y; } point_t;
typedef struct { int a; short b; char c[3]; } gstruct_t;
typedef int *var_ints_t;
typedef char *var_bytes_t;
typedef rt_i64_t *var_i64_t;
typedef char *data_t;
typedef int *ool_ints_t;
typedef char *ool_fixed_t;
typedef char name_t[32];
typedef char *path_t;
typedef mach_port_t *port_arr_t;
typedef mach_port_t *ool_ports_t;
typedef char *kmod_args_t;
typedef mach_port_t clock_reply_t;
/* GNU MIG's types for data and strings sent only: the bytes const. */
typedef const char *const_var_bytes_t;
typedef const char *const_data_t;
typedef const char *const_name_t;
typedef const char *const_path_t;

/* A server-side object reached through an int handle. */
typedef struct rt_obj { int handle; int refs; } *rt_obj_t;
rt_obj_t rt_obj_in(int handle);
int rt_obj_out(rt_obj_t o);
void rt_obj_release(rt_obj_t o);

#endif
