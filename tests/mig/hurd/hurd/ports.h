/* SPDX-License-Identifier: BSD-2-Clause */
/* libports, as hurd_types.defs imports it for servers (HURD_SERVER). */
#ifndef HURD_SHIM_PORTS_H
#define HURD_SHIM_PORTS_H
#include <mach/port.h>
/* The protected payload translation: never called (MachRV delivers none). */
mach_port_t ports_payload_get_name(unsigned long payload);
#endif
