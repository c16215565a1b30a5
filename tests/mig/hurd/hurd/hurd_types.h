/* SPDX-License-Identifier: BSD-2-Clause */
/* The C types the Hurd's hurd_types.defs imports, for running stubs of the
 * real io.defs, fs.defs and fsys.defs on the host (real_trees.sh --hurd):
 * each type as the .defs carries it on a 64-bit target, not the Hurd's
 * own C definitions (which need the Hurd's libc). */
#ifndef HURD_SHIM_HURD_TYPES_H
#define HURD_SHIM_HURD_TYPES_H

#include <stdint.h>
#include <sys/types.h>
#include <mach/std_types.h>
#include <mach/mach_types.h>

typedef mach_port_t file_t, fsys_t, io_t, process_t, auth_t, socket_t, pf_t, addr_port_t,
	term_t, startup_t, fs_notify_t, exec_startup_t, interrupt_t, pci_t, shutdown_t,
	acpi_t, proccoll_t, sreply_port_t;
typedef char *data_t;
typedef const char *const_data_t;
typedef char string_t[1024];
typedef const char *const_string_t;
typedef uint32_t retry_type;
typedef uint32_t file_changed_type_t, dir_changed_type_t;
typedef int32_t wait_status_t;
typedef mach_port_t *portarray_t;
typedef int *intarray_t;
typedef loff_t *off_array_t;
typedef pid_t *pidarray_t;
typedef uid_t *idarray_t;
/* GNU MIG's in arrays and strings: the data const, not the pointer. */
typedef const mach_port_t *const_portarray_t;
typedef const int *const_intarray_t;
typedef const loff_t *const_off_array_t;
typedef const pid_t *const_pidarray_t;
typedef const uid_t *const_idarray_t;
typedef struct { int32_t l_type, l_whence; int64_t l_start, l_len; int32_t l_pid, pad; } flock_t;
typedef struct { int64_t tv_sec, tv_nsec; } timespec_t;
typedef struct { int64_t w[22]; } io_statbuf_t;
typedef struct { int64_t w[14]; } fsys_statfsbuf_t;

/* GNU Mach's time_value_t (mach_types.defs: rpc_long_integer_t seconds,
 * integer_t microseconds) is 16 bytes on a 64-bit target, MachRV's 8: the
 * stubs of the real fs.defs get GNU Mach's. */
typedef struct { int64_t seconds; int32_t microseconds, pad; } gnumach_time_value_t;
#define time_value_t gnumach_time_value_t

#endif
