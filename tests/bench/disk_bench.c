// SPDX-License-Identifier: BSD-2-Clause
// The cost of reading a disk through the virtio-blk driver, in guest
// instructions (rdinstret; exact under `scripts/test-program --icount
// --disk IMAGE`): one 4 KiB device_read from this client task (client
// stub, kernel, driver, device, interrupt, reply), and sequential 1 MiB
// reads, per KiB.  With one hart the count covers every task and the
// kernel, and the idle loop while the device works (docs/disk.md).
// Prints "BENCH <name> <instructions>", the best of 3 runs.
//   scripts/test-program --icount --disk IMAGE tests/bench/disk_bench.c
#include <stdbool.h>
#include <stdio.h>
#include <mach/mach.h>
#include <device/device.h>
#include <device/device_types.h>
#include <servers/bootstrap.h>

static const int runs = 3;
static mach_port_t dev;

static inline uint64_t instret(void)
{
	uint64_t v;
	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

// read `ops' times `bytes' from consecutive places; instructions per read.
static uint64_t measure(int ops, int bytes)
{
	uint64_t best = ~0ULL;
	for (int run = 0; run < runs; run++) {
		uint64_t start = instret();
		for (int i = 0; i < ops; i++) {
			io_buf_ptr_t data;
			mach_msg_type_number_t cnt;
			if (device_read(dev, 0, (recnum_t)i * (bytes / 512), bytes, &data, &cnt))
				return 0;
			vm_deallocate(mach_task_self(), (vm_address_t)data, cnt);
		}
		uint64_t n = (instret() - start) / (uint64_t)ops;
		if (n < best)
			best = n;
	}
	return best;
}

// The same for a call with no I/O (device_get_status) and an inband read.
static uint64_t measure_other(int ops, bool inband)
{
	uint64_t best = ~0ULL;
	for (int run = 0; run < runs; run++) {
		uint64_t start = instret();
		for (int i = 0; i < ops; i++) {
			int st[2];
			mach_msg_type_number_t n = 2;
			io_buf_ptr_inband_t buf;
			mach_msg_type_number_t cnt = IO_INBAND_MAX;
			if (inband ? device_read_inband(dev, 0, (recnum_t)i, IO_INBAND_MAX, buf, &cnt)
				   : device_get_status(dev, DEV_GET_RECORDS, st, &n))
				return 0;
		}
		uint64_t n = (instret() - start) / (uint64_t)ops;
		if (n < best)
			best = n;
	}
	return best;
}

// One 4 KiB read, hop by hop (docs/disk.md): the client's counts before
// and after, the driver's stamps (DEV_GET_HOPS) between.  The read of the
// fewest instructions in all of `ops' is reported.
static void hops(int ops)
{
	enum { HOPS = DEV_GET_HOPS_STAMPS + 1 };
	uint64_t best[HOPS] = { 0 }, best_total = ~0ULL;
	for (int i = 0; i < ops; i++) {
		io_buf_ptr_t data;
		mach_msg_type_number_t cnt;
		uint64_t t0 = instret();
		if (device_read(dev, 0, (recnum_t)i * 8, 4096, &data, &cnt))
			return;
		uint64_t t5 = instret();
		vm_deallocate(mach_task_self(), (vm_address_t)data, cnt);
		int st[DEV_GET_HOPS_COUNT];
		mach_msg_type_number_t n = DEV_GET_HOPS_COUNT;
		if (device_get_status(dev, DEV_GET_HOPS, st, &n))
			return;
		uint64_t t[HOPS + 1] = { t0 };
		for (int k = 0; k < DEV_GET_HOPS_STAMPS; k++)
			t[k + 1] = (uint64_t)(uint32_t)st[2 * k] | (uint64_t)(uint32_t)st[2 * k + 1] << 32;
		t[HOPS] = t5;
		bool ordered = true;
		for (int k = 0; k < HOPS; k++)
			ordered = ordered && t[k] <= t[k + 1];
		if (ordered && t5 - t0 < best_total) {
			best_total = t5 - t0;
			for (int k = 0; k < HOPS; k++)
				best[k] = t[k + 1] - t[k];
		}
	}
	static const char *const names[HOPS] = {
		"client_stub_kernel_to_driver", "driver_starts_the_device",
		"device_and_interrupt_to_driver", "driver_completes", "reply_sent_kernel_copies_in",
		"driver_frees_and_acks_the_interrupt", "kernel_to_client_copies_out",
	};
	for (int k = 0; k < HOPS; k++)
		printf("BENCH device_read_4_kib_hop%d_%s %llu\n", k + 1, names[k],
		       (unsigned long long)best[k]);
}

int main(void)
{
	mach_port_t master;
	if (bootstrap_look_up(bootstrap_port, "disk0", &master) ||
	    device_open(master, D_READ, "disk0", &dev)) {
		printf("disk_bench: no disk0 (--disk IMAGE)\n");
		return 1;
	}
	measure(4, 4096);			// warm up: pages, reply ports
	printf("BENCH device_get_status_rpc %llu\n", (unsigned long long)measure_other(50, false));
	printf("BENCH device_read_inband_128_bytes %llu\n",
	       (unsigned long long)measure_other(50, true));
	printf("BENCH device_read_4_kib %llu\n", (unsigned long long)measure(50, 4096));
	hops(50);
	uint64_t mib = measure(8, 1024 * 1024);
	printf("BENCH device_read_1_mib_sequential_per_kib %llu\n",
	       (unsigned long long)(mib / 1024));
	return mib ? 0 : 1;
}
