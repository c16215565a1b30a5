// SPDX-License-Identifier: BSD-2-Clause
// The cost of the file server's operations, in guest instructions
// (rdinstret; exact under `scripts/test-program --icount --fss --disk
// IMAGE`, one hart: the count covers this task, the kernel, fss, and for
// cold reads the driver and the idle loop while the device works).
// scripts/bench makes the image (mke2fs -d, 4 KiB blocks): small.txt
// (64 KiB), a/b/c/leaf, cold0.bin..cold2.bin and warm.bin (1 MiB each).
// Prints "BENCH <name> <instructions>", the best of 3 runs (docs/fss.md).
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>
#include <fss/fs.h>
#include <fss/fsys.h>
#include <fss/io.h>

static const int runs = 3;
static mach_port_t root, small;
static char buf[1 << 20];

static inline uint64_t instret(void)
{
	uint64_t v;
	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

static kern_return_t open_at(const char *path, int flags, mach_port_t *port)
{
	retry_type retry;
	fss_string_t rest;
	return dir_lookup(root, path, flags, 0644, &retry, rest, port);
}

// Read `len' bytes at `off' of `f' into buf; the count or 0.
static size_t read_at(mach_port_t f, int64_t off, size_t len)
{
	data_t data = buf;
	mach_msg_type_number_t n = sizeof(buf);
	if (io_read(f, &data, &n, off, len))
		return 0;
	if (data != buf) {
		memcpy(buf, data, n);
		vm_deallocate(mach_task_self(), (vm_address_t)data, n);
	}
	return n;
}

enum op { READ, LOOKUP, CREATE_UNLINK };

// `ops' operations of a kind; instructions per operation, best of runs.
static uint64_t measure(enum op op, int ops, size_t len)
{
	uint64_t best = ~0ULL;
	for (int run = 0; run < runs; run++) {
		uint64_t start = instret();
		for (int i = 0; i < ops; i++) {
			mach_port_t f;
			switch (op) {
			case READ:
				if (read_at(small, 0, len) != len)
					return 0;
				break;
			case LOOKUP:
				if (open_at("a/b/c", FS_O_READ, &f))
					return 0;
				mach_port_deallocate(mach_task_self(), f);
				break;
			case CREATE_UNLINK:
				if (open_at("new", FS_O_WRITE | FS_O_CREAT | FS_O_EXCL, &f) ||
				    dir_unlink(root, "new"))
					return 0;
				mach_port_deallocate(mach_task_self(), f);
				break;
			}
		}
		uint64_t n = (instret() - start) / (uint64_t)ops;
		if (n < best)
			best = n;
	}
	return best;
}

// A whole 1 MiB file read in 64 KiB io_reads; instructions per KiB.
static uint64_t sequential(const char *name)
{
	mach_port_t f;
	if (open_at(name, FS_O_READ, &f))
		return 0;
	uint64_t start = instret();
	for (int64_t off = 0; off < (1 << 20); off += 65536)
		if (read_at(f, off, 65536) != 65536)
			return 0;
	uint64_t n = (instret() - start) / 1024;
	mach_port_deallocate(mach_task_self(), f);
	return n;
}

int main(void)
{
	mach_port_t control;
	uint32_t ids[1] = { 0 };
	retry_type retry;
	fss_string_t rest;
	if (bootstrap_look_up(bootstrap_port, "fss", &control) ||
	    fsys_getroot(control, MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND, ids, 1, ids, 1,
			 FS_O_READ, &retry, rest, &root) ||
	    open_at("small.txt", FS_O_READ, &small)) {
		printf("fss_bench: no fss (--fss --disk IMAGE made by scripts/bench)\n");
		return 1;
	}
	uint64_t cold = ~0ULL;
	for (int i = 0; i < 3; i++) {
		char name[16];
		snprintf(name, sizeof(name), "cold%d.bin", i);
		uint64_t n = sequential(name);
		cold = n && n < cold ? n : cold;
	}
	measure(READ, 4, 4096);		// warm up: the cache, pages, reply ports
	const size_t sizes[] = { 1, 1024, 2048, 2049, 4096, 8192, 16384, 16385, 32768 };
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		printf("BENCH fss_io_read_%zu_bytes_cached %llu\n", sizes[i],
		       (unsigned long long)measure(READ, 50, sizes[i]));
	printf("BENCH fss_dir_lookup_3_components %llu\n",
	       (unsigned long long)measure(LOOKUP, 50, 0));
	printf("BENCH fss_create_and_unlink %llu\n",
	       (unsigned long long)measure(CREATE_UNLINK, 50, 0));
	sequential("warm.bin");
	uint64_t warm = ~0ULL;
	for (int i = 0; i < runs; i++) {
		uint64_t n = sequential("warm.bin");
		warm = n && n < warm ? n : warm;
	}
	printf("BENCH fss_read_1_mib_cold_per_kib %llu\n", (unsigned long long)cold);
	printf("BENCH fss_read_1_mib_warm_per_kib %llu\n", (unsigned long long)warm);
	printf("fss_bench: done\n");
	return cold == ~0ULL || warm == ~0ULL;
}
