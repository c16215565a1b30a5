// SPDX-License-Identifier: BSD-2-Clause
// The cost of console output, in guest instructions (rdinstret; exact
// under `scripts/test-program --icount`, whose boot starts the console
// driver): a console_write RPC to the driver (which polls the UART for
// each byte) against the kernel's debug-write trap, for 1 and 64 bytes.
// With one hart the count covers everything: client, kernel and driver.
// Prints "BENCH <name> <instructions per operation>", the best of 3 runs.
//   scripts/test-program --icount tests/bench/console_bench.c
#include <stdio.h>
#include <mach/mach.h>
#include <mach/mach_traps.h>
#include <machrv/console.h>
#include <servers/console.h>

static const int ops = 100, runs = 3;
static const char line[65] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n";
static mach_port_t console;

static inline uint64_t instret(void)
{
	uint64_t v;
	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

static uint64_t measure(void (*op)(void))
{
	uint64_t best = ~0ULL;

	for (int run = 0; run < runs; run++) {
		uint64_t start = instret();
		for (int i = 0; i < ops; i++)
			op();
		uint64_t n = (instret() - start) / (uint64_t)ops;
		if (n < best)
			best = n;
	}
	return best;
}

static void rpc_1(void) { (void)console_write(console, ".", 1); }
static void rpc_64(void) { (void)console_write(console, (char *)line, 64); }
static void trap_1(void) { (void)machrv_debug_write(".", 1); }
static void trap_64(void) { (void)machrv_debug_write(line, 64); }

int main(void)
{
	console = machrv_console_port();
	if (!MACH_PORT_VALID(console)) {
		printf("console_bench: no console server\n");
		return 1;
	}
	uint64_t r1 = measure(rpc_1), r64 = measure(rpc_64);
	uint64_t t1 = measure(trap_1), t64 = measure(trap_64);
	printf("\nBENCH console_write_1_byte %lu\n", (unsigned long)r1);
	printf("BENCH console_write_64_bytes %lu\n", (unsigned long)r64);
	printf("BENCH debug_write_trap_1_byte %lu\n", (unsigned long)t1);
	printf("BENCH debug_write_trap_64_bytes %lu\n", (unsigned long)t64);
	return 0;
}
