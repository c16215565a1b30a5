/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel stack backtraces, by frame pointer (the kernel keeps s0 as fp). */
#ifndef _RISCV_BACKTRACE_H_
#define _RISCV_BACKTRACE_H_
#include <stdint.h>

/*
 * backtrace_print: print the return addresses of the frames starting at
 * frame pointer `fp'; if `pc' is not 0 print it first (the trapping pc).
 * Lines read "  #N 0x<address>"; tests/qemu/runner.py turns them into
 * function names with addr2line.
 */
void backtrace_print(uint64_t fp, uint64_t pc);

#endif /* _RISCV_BACKTRACE_H_ */
