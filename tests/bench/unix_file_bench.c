// SPDX-License-Identifier: BSD-2-Clause
// The cost of a Unix program's file calls in the multi-server shape
// (bsd_server through fss), in guest instructions (rdinstret; exact under
// `scripts/test-program --icount --unix --fss`, one hart: the program,
// the kernel, bsd_server and fss all count).  The file is cached in fss.
// Prints "BENCH <name> <instructions per call>", the best of 5 runs of 100.
// tests/fss_server/run_fss_bench.py --unix runs it (scripts/bench).
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

static int fd;
static char buf[4096];

static inline unsigned long long instret(void)
{
	unsigned long long v;
	__asm__ __volatile__("rdinstret %0" : "=r"(v));
	return v;
}

static unsigned long long measure(int what)
{
	unsigned long long best = ~0ULL;
	for (int run = 0; run < 5; run++) {
		unsigned long long start = instret();
		for (int i = 0; i < 100; i++) {
			struct stat st;
			switch (what) {
			case 0: lseek(fd, 0, SEEK_SET); read(fd, buf, 1); break;
			case 1: lseek(fd, 0, SEEK_SET); read(fd, buf, 4096); break;
			case 2: close(open("/data.bin", O_RDONLY)); break;
			case 3: stat("/data.bin", &st); break;
			case 4: lseek(fd, 0, SEEK_SET); break;
			}
		}
		unsigned long long n = (instret() - start) / 100;
		best = n < best ? n : best;
	}
	return best;
}

int main(void)
{
	fd = open("/data.bin", O_RDONLY);
	if (fd < 0) {
		printf("unix_file_bench: no /data.bin\n");
		return 1;
	}
	unsigned long long seek = measure(4);
	printf("BENCH unix_lseek %llu\n", seek);
	printf("BENCH unix_read_1_byte_cached %llu\n", measure(0) - seek);
	printf("BENCH unix_read_4_kib_cached %llu\n", measure(1) - seek);
	printf("BENCH unix_open_and_close %llu\n", measure(2));
	printf("BENCH unix_stat %llu\n", measure(3));
	printf("unix_file_bench: done\n");
	return 0;
}
