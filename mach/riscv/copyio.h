/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The machine part of copyin/copyout (kern/copyio.h): the fault-recovering
 * copy loop of riscv/copyio.S, and inline user accesses for the IPC fast
 * path.  A fault inside an access resumes at its end with an error instead
 * of a panic: trap_handler finds the access in the __user_access table.
 */
#ifndef _RISCV_COPYIO_H_
#define _RISCV_COPYIO_H_
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include "riscv/cpu.h"
#include "riscv/csr.h"
#include "riscv/pmap.h"

/* riscv/copyio.S: the copy loop with fault recovery (user range checked by the caller). */
int riscv_copy_user(void *dst, const void *src, size_t len);

/*
 * The frame of an inline user access: err = -1 and sstatus.SUM set; the
 * accesses, from label 0 on; err = 0; then (also where a fault resumes)
 * SUM cleared.  Where a fault resumes is no run-time state: the range of
 * the accesses and where it resumes (its end) are an entry of the
 * __user_access table (user_access_resume), which costs nothing until a
 * fault.
 */
#define USER_ACCESS_BEGIN \
	"	li	%[err], -1\n" \
	"	li	t1, %[sum]\n" \
	"	csrs	sstatus, t1\n" \
	"0:\n" \
	"	.pushsection __user_access, \"a\"\n" \
	"	.balign	8\n" \
	"	.dword	0b, 1f, 1f\n" \
	"	.popsection\n"
#define USER_ACCESS_END \
	"	li	%[err], 0\n" \
	"1:	li	t1, %[sum]\n" \
	"	csrc	sstatus, t1\n"

/*
 * The same as a jump (asm goto), for the fast path's fixed-size accesses:
 * SUM set, the accesses from label 0 on (they leave t1, which holds SUM,
 * alone), SUM cleared; a fault resumes at the C label `fault', where the
 * caller calls user_access_fault_end and takes its error path.  No error
 * register to set twice and test: the test is the jump.  (Say
 * __volatile__ all the same: GCC 12 drops an asm goto whose outputs go
 * unused, PR 103979.)
 */
#define USER_ACCESS_GOTO_BEGIN(fault) \
	"	li	t1, %[sum]\n" \
	"	csrs	sstatus, t1\n" \
	"0:\n" \
	"	.pushsection __user_access, \"a\"\n" \
	"	.balign	8\n" \
	"	.dword	0b, 1f, %l[" #fault "]\n" \
	"	.popsection\n"
#define USER_ACCESS_GOTO_END \
	"1:	csrc	sstatus, t1\n"

/* Where a USER_ACCESS_GOTO access's fault resumes: SUM cleared. */
static inline __attribute__((always_inline)) void
user_access_fault_end(void)
{
	csr_clear(sstatus, SSTATUS_SUM);
}

/* One entry of the __user_access table: accesses in [start, end) resume at `resume'. */
struct user_access_range {
	uintptr_t	start, end, resume;
};

/*
 * user_access_resume: where a fault at `pc' inside an inline user access
 * resumes (the end of its range), or 0 if `pc' is in none.
 */
uintptr_t user_access_resume(uintptr_t pc);

/* user_range_ok: [uaddr, uaddr+len) lies inside the user half. */
static inline __attribute__((always_inline)) bool
user_range_ok(uintptr_t uaddr, size_t len)
{
	return uaddr <= VM_MAX_USER_ADDRESS && len <= VM_MAX_USER_ADDRESS - uaddr;
}

/*
 * user_range_ok32: user_range_ok for a length of at most 32 bits (a
 * message's): one comparison, since such a length is below
 * VM_MAX_USER_ADDRESS.
 */
static inline __attribute__((always_inline)) bool
user_range_ok32(uintptr_t uaddr, uint32_t len)
{
	_Static_assert(VM_MAX_USER_ADDRESS > UINT32_MAX, "a 32-bit length fits below the top");
	return uaddr <= VM_MAX_USER_ADDRESS - len;
}

/*
 * copy_user_small: copy `len' bytes (a few: a byte loop) between the
 * kernel and the current task's memory, either way, inline; the user side
 * must pass user_range_ok.  A page that is not resident is faulted in
 * (with interrupts on) as riscv_copy_user's are.  Returns 0 or -1.
 */
static inline __attribute__((always_inline)) int
copy_user_small(void *dst, const void *src, size_t len)
{
	long err;
	uint64_t b;

	__asm__ __volatile__(
		USER_ACCESS_BEGIN
		"	beqz	%[len], 3f\n"
		"2:	lbu	%[b], 0(%[src])\n"
		"	sb	%[b], 0(%[dst])\n"
		"	addi	%[src], %[src], 1\n"
		"	addi	%[dst], %[dst], 1\n"
		"	addi	%[len], %[len], -1\n"
		"	bnez	%[len], 2b\n"
		"3:\n"
		USER_ACCESS_END
		: [err] "=&r"(err), [b] "=&r"(b), [src] "+r"(src), [dst] "+r"(dst), [len] "+r"(len)
		: [sum] "i"(SSTATUS_SUM)
		: "t1", "memory");
	return (int)err;
}

/*
 * user_msg_ok, copy_user_msg: copy a message of `len' bytes (> 0, a
 * multiple of 4) between the kernel and the current task's memory
 * (either way), for the IPC fast path: inline, no byte loop: four words
 * a turn, then two, then one, then a last half word.  Nothing past `len' is
 * read or written.  The user side must pass user_msg_ok (8-aligned, inside
 * the user half) and the thread must have a task.
 *   Returns 0, or -1 if a word was not accessible (with interrupts off,
 *   a page not faulted in yet counts as not accessible).
 */
static inline __attribute__((always_inline)) bool
user_msg_ok(uintptr_t uaddr, size_t len)
{
	return !(uaddr & 7) && !(len & 3) && user_range_ok(uaddr, len);
}

static inline __attribute__((always_inline)) int
copy_user_msg(void *dst, const void *src, size_t len)
{
	long err;
	uint64_t w, w2;

	__asm__ __volatile__(
		USER_ACCESS_BEGIN
		"	srli	t1, %[len], 5\n"
		"	beqz	t1, 6f\n"
		"2:	ld	%[w], 0(%[src])\n"
		"	ld	%[w2], 8(%[src])\n"
		"	sd	%[w], 0(%[dst])\n"
		"	sd	%[w2], 8(%[dst])\n"
		"	ld	%[w], 16(%[src])\n"
		"	ld	%[w2], 24(%[src])\n"
		"	sd	%[w], 16(%[dst])\n"
		"	sd	%[w2], 24(%[dst])\n"
		"	addi	%[src], %[src], 32\n"
		"	addi	%[dst], %[dst], 32\n"
		"	addi	t1, t1, -1\n"
		"	bnez	t1, 2b\n"
		"6:	andi	t1, %[len], 16\n"
		"	beqz	t1, 3f\n"
		"	ld	%[w], 0(%[src])\n"
		"	ld	%[w2], 8(%[src])\n"
		"	sd	%[w], 0(%[dst])\n"
		"	sd	%[w2], 8(%[dst])\n"
		"	addi	%[src], %[src], 16\n"
		"	addi	%[dst], %[dst], 16\n"
		"3:	andi	t1, %[len], 8\n"
		"	beqz	t1, 4f\n"
		"	ld	%[w], 0(%[src])\n"
		"	sd	%[w], 0(%[dst])\n"
		"	addi	%[src], %[src], 8\n"
		"	addi	%[dst], %[dst], 8\n"
		"4:	andi	t1, %[len], 4\n"
		"	beqz	t1, 5f\n"
		"	lw	%[w], 0(%[src])\n"
		"	sw	%[w], 0(%[dst])\n"
		"5:\n"
		USER_ACCESS_END
		: [err] "=&r"(err), [w] "=&r"(w), [w2] "=&r"(w2), [src] "+r"(src), [dst] "+r"(dst)
		: [len] "r"(len), [sum] "i"(SSTATUS_SUM)
		: "t1", "memory");
	return (int)err;
}

/*
 * copyin_3words: the same for exactly three words (a message header),
 * straight into registers.  Returns 0 or -1.
 */
static inline __attribute__((always_inline)) int
copyin_3words(uintptr_t user, uint64_t w[3])
{
	uint64_t w0, w1, w2;

	__asm__ __volatile__ goto(
		USER_ACCESS_GOTO_BEGIN(fault)
		"	ld	%[w0], 0(%[u])\n"
		"	ld	%[w1], 8(%[u])\n"
		"	ld	%[w2], 16(%[u])\n"
		USER_ACCESS_GOTO_END
		: [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2)
		: [u] "r"(user), [sum] "i"(SSTATUS_SUM)
		: "t1", "memory"
		: fault);
	w[0] = w0;
	w[1] = w1;
	w[2] = w2;
	return 0;
fault:
	user_access_fault_end();
	return -1;
}

/*
 * copyout_header_regs: a received message's header, as three words
 * (w0..w2, in the header's memory order), to the current task's `u', and
 * its trailer (format 0, `tsize' bytes: 8, or 12 with `seqno') to `t',
 * inline (the IPC fast path's message in registers).  Both places must
 * pass user_msg_ok with what they hold.  Returns 0, or -1 if a word was
 * not accessible (a page not faulted in yet counts, with interrupts off).
 */
static inline __attribute__((always_inline)) int
copyout_header_regs(uintptr_t u, uint64_t w0, uint64_t w1, uint64_t w2, uintptr_t t,
		    uint32_t tsize, uint32_t seqno)
{
	uint64_t seq;

	__asm__ __volatile__ goto(
		USER_ACCESS_GOTO_BEGIN(fault)
		"	sd	%[w0], 0(%[u])\n"
		"	sd	%[w1], 8(%[u])\n"
		"	sd	%[w2], 16(%[u])\n"
		"	sw	zero, 0(%[t])\n"
		"	sw	%[ts], 4(%[t])\n"
		"	andi	%[seq], %[ts], 4\n"
		"	beqz	%[seq], 7f\n"
		"	sw	%[sq], 8(%[t])\n"
		"7:\n"
		USER_ACCESS_GOTO_END
		: [seq] "=&r"(seq)
		: [u] "r"(u), [w0] "r"(w0), [w1] "r"(w1), [w2] "r"(w2), [t] "r"(t),
		  [ts] "r"(tsize), [sq] "r"(seqno), [sum] "i"(SSTATUS_SUM)
		: "t1", "memory"
		: fault);
	(void)seq;
	return 0;
fault:
	user_access_fault_end();
	return -1;
}

/*
 * user_probe_writable: is each page of [uaddr, uaddr+len) (len > 0, in
 * the user half) writable by the current task now?  Each page takes an
 * atomic OR of 0 into the aligned word at its first byte in the range: a
 * store as far as the MMU is concerned (it needs write permission and
 * sets the page's dirty bit), but it changes no byte, even with another
 * thread writing the same word.
 *   Returns 0, or -1 at the first page not writable (with interrupts off,
 *   a page not faulted in yet, or copy-on-write, counts as not writable).
 */
static inline __attribute__((always_inline)) int
user_probe_writable(uintptr_t uaddr, size_t len)
{
	uintptr_t at = uaddr & ~(uintptr_t)3;
	uintptr_t last = (uaddr + len - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	long err;

	__asm__ __volatile__(
		USER_ACCESS_BEGIN
		"2:	amoor.w	zero, zero, (%[at])\n"
		"	srli	%[at], %[at], %[shift]\n"
		"	addi	%[at], %[at], 1\n"
		"	slli	%[at], %[at], %[shift]\n"	/* the next page's start */
		"	bleu	%[at], %[last], 2b\n"
		USER_ACCESS_END
		: [err] "=&r"(err), [at] "+r"(at)
		: [last] "r"(last), [shift] "i"(PAGE_SHIFT), [sum] "i"(SSTATUS_SUM)
		: "t1", "memory");
	return (int)err;
}

#endif /* _RISCV_COPYIO_H_ */
