/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * THE lock order of the kernel: every simple lock has one of these ranks
 * (given to simple_lock_init or SIMPLE_LOCK_INITIALIZER), and a hart takes
 * locks in increasing rank, never a lower rank while holding a higher one.
 * This is the one place the order is written; comments elsewhere point here.
 * With -DMACHRV_LOCK_CHECK=ON the kernel checks it (kern/lock_check.c).
 *
 * Two locks of the same rank are taken together only where the rank's rule
 * below allows it (same_rank_allowed in lock_check.c checks each rule):
 *   ipc port    in ascending address order: the RPC fast path holds the
 *               destination and the port it will receive on (lock_two in
 *               ipc/ipc_fast.c); nothing else holds two ports.  It may
 *               also try a third, a port descriptor's (fast_port_check):
 *               a try never waits, so it orders nothing.
 *   vm object   down a shadow chain: an object before its backing object,
 *               before that one's backing object (vm_fault, collapse).
 * Every other same-rank pair (two spaces, two tasks, two maps) is a bug.
 * Two maps are held together only by vm_map_fork (a task_create that
 * inherits memory): it locks the parent's map, then enters each region
 * into the new task's map, which for the time of the fork has the rank
 * VM_MAP_CHILD (simple_lock_set_rank).  No cycle can form: only a fork
 * holds two maps, and a fork's child is always a map made for it.
 * A port set is taken before its member ports (rank PSET < PORT).
 *
 * A simple_lock_try may take any lock in any order (it cannot wait, so it
 * cannot deadlock); the lock is then held like any other.  No spinlock but
 * sched_lock may be held across thread_block or a switch: sched_lock is
 * handed from the thread switching out to the one switched to, on the same
 * hart (kern/sched.h).  Waits that are not spinlocks (a flag and
 * thread_block: reaper_busy, a busy page) are outside this order, entered
 * with no spinlock held.  The UART has no lock of its own: output reaches
 * it under the console's.
 */
#ifndef _KERN_LOCK_ORDER_H_
#define _KERN_LOCK_ORDER_H_

/* Outermost first: one line of reason per rank. */
enum lock_rank {
	LOCK_RANK_NONE = 0,	/* never given: the checker refuses a lock without a rank */
	LOCK_RANK_DEVICE_INTR,	/* "device intr": lines' ports; masks lines (plic), locks a port */
	LOCK_RANK_TRACE,	/* "trace": trace_start frees a ring page under it (vm_page) */
	LOCK_RANK_TASKS,	/* "tasks": the list of all tasks; each task's lock under it */
	LOCK_RANK_TASK,		/* "task": threads, counts, special ports; then space, ports */
	LOCK_RANK_HOST,		/* "host": special ports, exception actions; copies send rights */
	LOCK_RANK_SPACE,	/* "ipc space": names -> rights; an entry, then its object */
	LOCK_RANK_PSET,		/* "ipc port set": a set before its member ports (receive on a set) */
	LOCK_RANK_PORT,		/* "ipc port": the queue, rights counts; two only by ascending address */
	LOCK_RANK_TRANSIT,	/* "ipc transit": rights' destination chains; set under a port */
	LOCK_RANK_SEMAPHORE,	/* "semaphore": a count and its waiters (kern/sync_sema.h); then sched */
	LOCK_RANK_VM_MAPS,	/* "vm maps": the list of all maps */
	LOCK_RANK_VM_MAP,	/* "vm map": a map's entries; its objects are locked under it */
	LOCK_RANK_VM_MAP_CHILD,	/* a new task's map while vm_map_fork fills it, the parent's map held */
	LOCK_RANK_PAGERS,	/* "pager objects": memory objects <-> vm objects */
	LOCK_RANK_VM_OBJECT,	/* "vm object": an object's pages; down a shadow chain only */
	LOCK_RANK_PAGE_HASH,	/* "vm page hash": one bucket of (object, offset) -> page */
	LOCK_RANK_PMAP,		/* "pmap": a task's page tables; may allocate table pages */
	LOCK_RANK_KERNEL_PMAP,	/* "kernel_pmap": the kernel's tables (kmem maps into it) */
	LOCK_RANK_SCHED,	/* "sched": run queue, thread states, waits; after IPC and VM */
	LOCK_RANK_DEVICE_PLIC,	/* "plic": enable bits, thresholds; under device intr */
	LOCK_RANK_CALENDAR,	/* "calendar": the time of day's two words */
	LOCK_RANK_ZONES,	/* "zones": the list of zones (zone_print, totals) */
	LOCK_RANK_ZONE,		/* one zone's free list; dropped around kmem_alloc_pages */
	LOCK_RANK_VM_PAGE,	/* "vm_page": the physical page allocator (free lists, counts) */
	LOCK_RANK_TEST_OUTER,	/* self-tests' and fault=lock_* locks: an outer one, */
	LOCK_RANK_TEST_INNER,	/* and an inner one (tests/kernel, kern/selftest_fault.c) */
	LOCK_RANK_CONSOLE,	/* "console": innermost, printf may run with any lock held */
	LOCK_RANK_COUNT
};

/* The rank's name, for the checker's panics ("port", "vm object"). */
const char *lock_rank_name(unsigned rank);

#endif /* _KERN_LOCK_ORDER_H_ */
