/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel fuzzer's parts (mach_fuzz.c runs them; docs/testing.md,
 * *The fuzzer*).  A round is generated first, as data, from a seeded
 * generator, and executed second against an environment of names: so a
 * round can be replayed alone, made smaller, and printed.
 *
 * Names and addresses in a round are selectors (FZ_NAME_*, FZ_ADDR_*),
 * resolved when the round runs: the same round means the same thing in the
 * fuzzer's own task and in a child task, whose names differ.
 */
#ifndef _TESTS_USER_FUZZ_H_
#define _TESTS_USER_FUZZ_H_
#include <stdbool.h>
#include <stdint.h>
#include <mach/mach.h>

/* The generator: xorshift64*, one per worker, seeded from (seed, phase, worker). */
struct fz_rng {
	uint64_t s;
};
void fz_seed(struct fz_rng *r, uint64_t seed, uint64_t phase, uint64_t worker);
uint32_t fz_next(struct fz_rng *r);

/* Name selectors: what a name field of a round stands for. */
enum {
	FZ_NAME_NULL,		/* MACH_PORT_NULL */
	FZ_NAME_DEAD,		/* MACH_PORT_DEAD */
	FZ_NAME_GARBAGE,	/* the selector's value itself (a name nobody has) */
	FZ_NAME_POOL,		/* pool[value]: a receive right, a send right, a set, ... */
	FZ_NAME_HOST,		/* the host name port */
	FZ_NAME_VICTIM,		/* the sacrificial task (its kernel requests go there) */
	FZ_NAME_VICTIM_THREAD,	/* its thread */
};
#define FZ_POOL		24	/* names of the pool */

/* Address selectors: where an out-of-line region or the message buffer is. */
enum {
	FZ_ADDR_REGION,		/* our own readable region, at an offset */
	FZ_ADDR_NULL,
	FZ_ADDR_UNMAPPED,	/* a user page nothing maps */
	FZ_ADDR_KERNEL,		/* the kernel's memory */
	FZ_ADDR_HIGH,		/* past the end of the user address space */
	FZ_ADDR_MISALIGNED,	/* our region, one byte in */
};
#define FZ_REGION_SIZE	(2 * 1024 * 1024)	/* room for the largest out-of-line region */

/* The environment a round runs in (each worker has its own). */
struct fz_env {
	mach_port_t	pool[FZ_POOL];
	mach_port_t	host, victim, victim_thread;
	uint8_t		*region;	/* FZ_REGION_SIZE bytes, readable */
	uint8_t		*buf;		/* the message buffer (FZ_BUF bytes, aligned) */
	bool		mig_ok;		/* may run port operations (MIG calls): not in a child */
};
#define FZ_BUF		1024

/* What a round does. */
enum {
	FZ_SEND,		/* mach_msg with a send (and maybe a receive) */
	FZ_RECEIVE,		/* a receive only, from a pool name */
	FZ_PORT_OP,		/* a mach_port_* call on our own space */
	FZ_KINDS
};

/* A name or address field the round fills in when it runs. */
struct fz_patch {
	uint16_t	offset;		/* in the message */
	uint8_t		width;		/* 4: a name, 8: an address */
	uint8_t		kind;		/* FZ_NAME_* or FZ_ADDR_* */
	uint32_t	value;		/* garbage name, pool index, or region offset */
};
#define FZ_PATCHES	16

struct fz_round {
	uint8_t		kind;
	/* FZ_SEND, FZ_RECEIVE */
	uint8_t		msg[FZ_BUF];		/* the bytes, before patches */
	uint32_t	send_size, rcv_size;
	mach_msg_option_t option;
	uint8_t		buf_addr;		/* FZ_ADDR_*: where the buffer is */
	struct fz_patch	rcv_name;		/* what it receives on (width 0 in patches) */
	uint32_t	timeout;
	struct fz_patch	patch[FZ_PATCHES];
	unsigned	npatch;
	/* FZ_PORT_OP */
	uint8_t		op;
	uint32_t	arg[3];
	struct fz_patch	op_name;
};

/* fz_generate: the next round of `r' (FZ_PORT_OP only if `port_ops'). */
void fz_generate(struct fz_rng *r, struct fz_round *round, bool port_ops);
/*
 * fz_run: run `round' in `env'.  Receives always have a timeout, so a
 * round always ends; a message it receives is destroyed as a server would
 * (mach_msg_destroy).  Returns the call's result.
 */
kern_return_t fz_run(const struct fz_round *round, struct fz_env *env);
/* fz_print: the round, decoded, on the console (the report of a failure). */
void fz_print(const struct fz_round *round);
/*
 * fz_shrink_step: a smaller variant of `round' (fewer descriptors, bytes,
 * option bits), the `step'th one tried; false when there are no more.
 */
bool fz_shrink_step(const struct fz_round *round, unsigned step, struct fz_round *smaller);

#endif /* _TESTS_USER_FUZZ_H_ */
