/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Self-tests of copy-on-write shadow chains: a fault that walks down a
 * chain while another hart merges a backing object into its only shadow
 * and frees it (vm_object_collapse, from vm_object_deallocate).
 */
#include "kern/selftest.h"
#include "kern/sched.h"
#include "kern/thread.h"
#include "riscv/cpu.h"
#include "vm/vm_map.h"

#define CHAIN_ROUNDS	400
#define CHAIN_ADDR	0x200000UL

/* The round the other hart may end (its map `doomed'), and the last it ended. */
static vm_map_t doomed;
static volatile int round_ready, round_ended;

/* A few hundred instructions or so of nothing, to move one side against the other. */
static void
delay(unsigned n)
{
	for (volatile unsigned i = 0; i < n; i++)
		;
}

/* Round r's two delays: a fixed sweep, so the test is the same every run. */
static unsigned
delay_of(int r, int side)
{
	return side ? (unsigned)(r % 20) * 8 : (unsigned)((r / 20) % 20) * 8;
}

/* The other hart: in each round, end the map that holds the chain's bottom. */
static void
ender(void *arg)
{
	(void)arg;
	for (int r = 1; r <= CHAIN_ROUNDS; r++) {
		int ready;
		while ((ready = __atomic_load_n(&round_ready, __ATOMIC_ACQUIRE)) != r)
			if (ready < 0)
				return;		/* the test failed: no more rounds */
		delay(delay_of(r, 1));
		vm_map_deallocate(doomed);
		__atomic_store_n(&round_ended, r, __ATOMIC_RELEASE);
	}
}

/*
 * Maps whose region at CHAIN_ADDR makes the chain top -> middle -> bottom
 * for *c2, with page 0 in the bottom object only: p writes both pages,
 * *c1 = fork(p) shares the bottom, p writes page 1 (p's entry: middle ->
 * bottom), *c2 = fork(p) shares the middle, *c2 writes page 1 (its entry:
 * top -> middle).  Ending *c1 leaves the bottom to the middle alone: it is
 * merged into the middle and freed.
 */
static int
chain_make(vm_map_t *p, vm_map_t *c1, vm_map_t *c2, uint64_t v0)
{
	uint64_t v1 = ~v0;
	uintptr_t addr = CHAIN_ADDR;

	*p = vm_map_create();
	*c1 = vm_map_create();
	*c2 = vm_map_create();
	if (!*p || !*c1 || !*c2)
		return -1;
	if (vm_map_enter(*p, &addr, 2 * PAGE_SIZE, false, NULL, 0, VM_PROT_READ | VM_PROT_WRITE,
			 VM_PROT_ALL, VM_INHERIT_COPY) != KERN_SUCCESS ||
	    vm_map_write_bytes(*p, CHAIN_ADDR, &v0, sizeof(v0)) != KERN_SUCCESS ||
	    vm_map_write_bytes(*p, CHAIN_ADDR + PAGE_SIZE, &v1, sizeof(v1)) != KERN_SUCCESS ||
	    vm_map_fork(*p, *c1) != KERN_SUCCESS ||
	    vm_map_write_bytes(*p, CHAIN_ADDR + PAGE_SIZE, &v0, sizeof(v0)) != KERN_SUCCESS ||
	    vm_map_fork(*p, *c2) != KERN_SUCCESS ||
	    vm_map_write_bytes(*c2, CHAIN_ADDR + PAGE_SIZE, &v1, sizeof(v1)) != KERN_SUCCESS)
		return -1;
	return 0;
}

/*
 * One round: build the chain, read page 0 of *c2 through it while the
 * other hart (if any) ends c1, check the bytes, let the maps go.
 * Returns 0, or the line of the check that failed (*got: what page 0 read).
 */
static int
chain_round(int r, bool concurrent, uint64_t *got)
{
	vm_map_t p, c1, c2;
	uint64_t v0 = 0x5eed0000u + (uint64_t)r;
	int bad = 0;

	*got = 0;
	if (chain_make(&p, &c1, &c2, v0) != 0)
		bad = __LINE__;
	doomed = c1;
	if (!bad && concurrent) {
		/* The read walks top -> middle -> bottom as the bottom is merged up. */
		__atomic_store_n(&round_ready, r, __ATOMIC_RELEASE);
		delay(delay_of(r, 0));
		if (vm_map_read_bytes(c2, CHAIN_ADDR, got, sizeof(*got)) != KERN_SUCCESS)
			bad = __LINE__;
		while (__atomic_load_n(&round_ended, __ATOMIC_ACQUIRE) != r)
			;
	} else if (!bad) {
		if (vm_map_read_bytes(c2, CHAIN_ADDR, got, sizeof(*got)) != KERN_SUCCESS)
			bad = __LINE__;
		vm_map_deallocate(c1);
	} else if (c1) {
		vm_map_deallocate(c1);
	}
	if (!bad && *got != v0)
		bad = __LINE__;
	/* After the merge the page is the middle's: the same bytes. */
	uint64_t again = 0;
	if (!bad && (vm_map_read_bytes(c2, CHAIN_ADDR, &again, sizeof(again)) != KERN_SUCCESS ||
		     again != v0))
		bad = __LINE__;
	if (c2)
		vm_map_deallocate(c2);
	if (p)
		vm_map_deallocate(p);
	return bad;
}

SELFTEST(vm_fault_down_a_chain_while_another_hart_collapses_it)
{
	thread_t other = THREAD_NULL;
	int bad = 0, r;
	uint64_t got = 0;

	round_ready = round_ended = 0;
	if (ncpus > 1) {
		other = kernel_thread_create("st-collapse", ender, NULL, BASEPRI_DEFAULT);
		CHECK(other, "no thread");
	}
	for (r = 1; r <= CHAIN_ROUNDS && !bad; r++)
		bad = chain_round(r, other != THREAD_NULL, &got);
	if (other) {
		if (bad)
			__atomic_store_n(&round_ready, -1, __ATOMIC_RELEASE);
		thread_join(other);
		thread_deallocate(other);
	}
	CHECK(!bad, "round %d: the check at st_vm_chain.c:%d failed (page 0 read %#lx)", r - 1,
	      bad, got);
	return 0;
}
