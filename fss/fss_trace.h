/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The file system's records in the event trace (<machrv/trace_note.h>):
 * on MachRV, machrv_trace_note (a load and a branch unless the thread
 * serves traced work); in the host build of the core, nothing.
 */
#ifndef _FSS_TRACE_H_
#define _FSS_TRACE_H_
#ifdef __riscv
#include <machrv/trace_note.h>
#define FSS_TRACE(code, n0, n1, text)	machrv_trace_note((code), (n0), (n1), (text))
/* Would FSS_TRACE record now?  (A fast path may leave the recording to its slow way.) */
#define FSS_TRACING()	(machrv_traced != 0)
#else
#define FSS_TRACE(code, n0, n1, text)	((void)(n0), (void)(n1))
#define FSS_TRACING()	0
#endif
#endif /* _FSS_TRACE_H_ */
