/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-blk driver through GNU Mach's device interface, as a client
 * sees it (docs/disk.md).  Booted by tests/disk/run_disk_test.py with
 * three disks: disk0 (read-write, 16384 sectors stamped by
 * stamp_image.py with seed 0), disk1 (read-only, seed 1) and disk2 (seed
 * 2, whose sector 3 fails to read: QEMU's blkdebug) and disk3 (seed 3,
 * read-only, throttled by QEMU to 10 requests a second).  What it writes on
 * disk0 is compared with the host's expectation by the runner (cmp).
 * One "[TEST] PASS/FAIL fact" line per fact; exit status: failures.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mach/mach.h>
#include <device/device.h>
#include <mach/gnumach.h>
#include <machrv/mthread.h>
#include <machrv/object_counts.h>
#include <servers/bootstrap.h>
#include "../common/fact.h"

#define SECTOR		512
#define MIB		(1024 * 1024)
#define WRITE_SEED	0xaa
#include <stdbool.h>

static mach_port_t master0, dev0, dev1, dev2;
static uint64_t records0;

static uint64_t stamp(uint64_t sector, unsigned seed, unsigned i)
{
	return (sector << 16) + ((uint64_t)seed << 8) + i;
}

/* Once writes() ran, these words of disk0 hold WRITE_SEED stamps. */
static bool disk0_written;
static bool written(uint64_t sector, unsigned i)
{
	return disk0_written && ((sector >= 100 && sector < 108) || (sector >= 50 && sector < 53) ||
				 (sector >= 6000 && sector < 6000 + 2048) || (sector == 7 && i < 16));
}

/* What word i of a sector stamped with `seed' holds now. */
static uint64_t expected(uint64_t sector, unsigned seed, unsigned i)
{
	return seed == 0 && written(sector, i) ? stamp(sector, WRITE_SEED, i) : stamp(sector, seed, i);
}

/* Do `n' bytes at `buf' hold the stamps of sectors first.. (seed)? */
static bool stamped(const void *buf, uint64_t first, uint64_t n, unsigned seed)
{
	const uint64_t *w = buf;
	for (uint64_t k = 0; k < n / 8; k++)
		if (w[k] != expected(first + k / 64, seed, (unsigned)(k % 64))) {
			printf("  sector %llu word %u: %#llx, expected %#llx\n",
			       (unsigned long long)(first + k / 64), (unsigned)(k % 64),
			       (unsigned long long)w[k],
			       (unsigned long long)expected(first + k / 64, seed, (unsigned)(k % 64)));
			return false;
		}
	return true;
}

static void fill(void *buf, uint64_t first, uint64_t n, unsigned seed)
{
	uint64_t *w = buf;
	for (uint64_t k = 0; k < n / 8; k++)
		w[k] = stamp(first + k / 64, seed, (unsigned)(k % 64));
}

/* A deterministic xorshift: the same order every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rnd(uint64_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % n;
}

/* Read and check; 0 if right, else the error (or -1: wrong data). */
static int read_check(mach_port_t dev, uint64_t rec, uint64_t bytes, unsigned seed)
{
	io_buf_ptr_t data;
	mach_msg_type_number_t cnt = 0;
	kern_return_t kr = device_read(dev, 0, rec, (int)bytes, &data, &cnt);
	if (kr != KERN_SUCCESS)
		return kr;
	int ok = cnt == bytes && stamped(data, rec, bytes, seed) ? 0 : -1;
	vm_deallocate(mach_task_self(), (vm_address_t)data, cnt);
	return ok;
}

static void counts(struct machrv_object_counts *c)
{
	mach_msg_type_number_t n = MACHRV_OBJECT_COUNTS_COUNT;
	host_info(mach_host_self(), HOST_MACHRV_OBJECT_COUNTS, (host_info_t)c, &n);
}

static bool same_counts(const struct machrv_object_counts *a, const struct machrv_object_counts *b)
{
	return a->ports == b->ports && a->free_pages == b->free_pages &&
	       a->contig_pages == b->contig_pages && a->kmsgs == b->kmsgs;
}

static int queue_stat(mach_port_t dev, int which)
{
	int st[DEV_GET_QUEUE_STATS_COUNT] = { 0 };
	mach_msg_type_number_t n = DEV_GET_QUEUE_STATS_COUNT;
	device_get_status(dev, DEV_GET_QUEUE_STATS, st, &n);
	return st[which];
}

/* Wait until disk0 has completed `target' requests (replies to dead ports included). */
static bool wait_completed(int target)
{
	for (int i = 0; i < 100000; i++) {
		if (queue_stat(dev0, DEV_GET_QUEUE_STATS_COMPLETED) >= target)
			return true;
		thread_switch(MACH_PORT_NULL, SWITCH_OPTION_NONE, 0);
	}
	return false;
}

static void open_disks(void)
{
	mach_port_t master1, master2;
	kern_return_t kr = bootstrap_look_up(bootstrap_port, "disk0", &master0);
	FACT("disk0_is_registered_with_bootstrap", kr == KERN_SUCCESS, "got %d", kr);
	kr = bootstrap_look_up(bootstrap_port, "disk1", &master1);
	FACT("disk1_is_registered_with_bootstrap", kr == KERN_SUCCESS, "got %d", kr);
	kr = bootstrap_look_up(bootstrap_port, "disk2", &master2);
	FACT("disk2_is_registered_with_bootstrap", kr == KERN_SUCCESS, "got %d", kr);
	kr = device_open(master0, D_READ | D_WRITE, "disk0", &dev0);
	FACT("device_open_disk0_for_read_and_write", kr == D_SUCCESS, "got %d", kr);
	kr = device_open(master0, D_READ, "disk1", &dev1);
	FACT("a_master_port_opens_the_drivers_other_disks_by_name", kr == D_SUCCESS, "got %d", kr);
	mach_port_t dummy;
	kr = device_open(master1, D_READ | D_WRITE, "disk1", &dummy);
	FACT("device_open_of_a_read_only_disk_for_writing_is_read_only", kr == D_READ_ONLY,
	     "got %d", kr);
	kr = device_open(master0, D_READ, "disk9", &dummy);
	FACT("device_open_of_an_unknown_name_is_no_such_device", kr == D_NO_SUCH_DEVICE,
	     "got %d", kr);
	kr = device_open(master2, D_READ, "disk2", &dev2);
	FACT("device_open_disk2", kr == D_SUCCESS, "got %d", kr);
	mach_port_deallocate(mach_task_self(), master1);
	mach_port_deallocate(mach_task_self(), master2);
}

static void status(void)
{
	int st[DEV_STATUS_MAX];
	mach_msg_type_number_t n = DEV_STATUS_MAX;
	kern_return_t kr = device_get_status(dev0, DEV_GET_SIZE, st, &n);
	FACT("dev_get_size_gives_bytes_and_record_size",
	     kr == D_SUCCESS && n == DEV_GET_SIZE_COUNT && st[0] == 16384 * SECTOR &&
	     st[1] == SECTOR, "got %d n %u %d %d", kr, n, st[0], st[1]);
	n = DEV_STATUS_MAX;
	kr = device_get_status(dev0, DEV_GET_RECORDS, st, &n);
	FACT("dev_get_records_gives_records_and_record_size",
	     kr == D_SUCCESS && n == DEV_GET_RECORDS_COUNT && st[0] == 16384 && st[1] == SECTOR,
	     "got %d n %u %d %d", kr, n, st[0], st[1]);
	records0 = (uint64_t)st[0];
	n = DEV_STATUS_MAX;
	kr = device_get_status(dev1, DEV_GET_RECORDS, st, &n);
	FACT("the_second_disk_has_its_own_size", kr == D_SUCCESS && st[0] == 2048,
	     "got %d %d", kr, st[0]);
}

/* The whole disk in chunks of 1 record to 1 MiB, read in a shuffled order. */
static void read_whole_in_random_order(void)
{
	static uint64_t start[4096], len[4096];
	unsigned n = 0;
	for (uint64_t rec = 0; rec < records0; n++) {
		uint64_t left = records0 - rec, want;
		switch (n % 5) {
		case 0: want = 1; break;				/* one record */
		case 1: want = MIB / SECTOR; break;			/* 1 MiB */
		case 2: want = 8; break;				/* a page */
		default: want = 1 + rnd(300); break;
		}
		len[n] = want < left ? want : left;
		start[n] = rec;
		rec += len[n];
	}
	for (unsigned i = n - 1; i > 0; i--) {
		unsigned j = (unsigned)rnd(i + 1);
		uint64_t s = start[i], l = len[i];
		start[i] = start[j], len[i] = len[j];
		start[j] = s, len[j] = l;
	}
	int bad = 0, first_err = 0;
	uint64_t total = 0;
	for (unsigned i = 0; i < n; i++) {
		int r = read_check(dev0, start[i], len[i] * SECTOR, 0);
		if (r && !bad++)
			first_err = r;
		total += len[i];
	}
	FACT("the_whole_disk_reads_back_stamped_in_random_order_and_sizes",
	     bad == 0 && total == records0, "%d of %u chunks wrong (first: %d)", bad, n, first_err);
}

static void read_inband(void)
{
	io_buf_ptr_inband_t buf;
	mach_msg_type_number_t cnt = IO_INBAND_MAX;
	kern_return_t kr = device_read_inband(dev0, 0, 9, 96, buf, &cnt);
	FACT("device_read_inband_gives_the_first_bytes_of_a_record",
	     kr == D_SUCCESS && cnt == 96 && stamped(buf, 9, 96, 0), "got %d cnt %u", kr, cnt);
}

/* Four client threads, each reading and checking its own random pieces. */
static void *reader(void *arg)
{
	uint64_t seed = (uintptr_t)arg, bad = 0;
	for (int i = 0; i < 24; i++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		uint64_t len = 1 + (seed >> 33) % 256, rec = (seed >> 20) % (records0 - len);
		if (read_check(dev0, rec, len * SECTOR, 0))
			bad++;
	}
	return (void *)(uintptr_t)bad;
}

static void four_threads(void)
{
	mthread_t t[4];
	uint64_t bad = 0;
	for (uintptr_t i = 0; i < 4; i++)
		mthread_create(&t[i], NULL, reader, (void *)(i + 1));
	for (int i = 0; i < 4; i++) {
		void *r;
		mthread_join(t[i], &r);
		bad += (uintptr_t)r;
	}
	FACT("four_threads_reading_at_once_all_get_their_own_data", bad == 0, "%llu wrong",
	     (unsigned long long)bad);
}

/* device_read requests sent without waiting, with `reply' as their reply port. */
static void send_reads(mach_port_t dev, mach_port_t reply, unsigned n, int bytes)
{
	for (unsigned i = 0; i < n; i++) {
		__Request__device_device_read_t m;
		memset(&m, 0, sizeof(m));
		m.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.Head.msgh_size = sizeof(m);
		m.Head.msgh_remote_port = dev;
		m.Head.msgh_local_port = reply;
		m.Head.msgh_id = 2804;
		m.NDR = NDR_record;
		m.recnum = (uint64_t)i * (uint64_t)(bytes / SECTOR) % (records0 - bytes / SECTOR);
		m.bytes_wanted = bytes;
		mach_msg(&m.Head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	}
}

/*
 * Send `n' reads of `bytes' to `dev' at once (send_reads), then take their
 * replies (in any order): how many came back whole and, with `seed' >= 0,
 * stamped as the sectors they came from (found by their data).
 */
static int reads_in_flight(mach_port_t dev, int n, int bytes, int seed)
{
	mach_port_t reply;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply);
	send_reads(dev, reply, (unsigned)n, bytes);
	int good = 0;
	for (int i = 0; i < n; i++) {
		struct {
			__Reply__device_device_read_t r;
			mach_msg_max_trailer_t t;
		} m;
		if (mach_msg(&m.r.Head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(m), reply, 20000,
			     MACH_PORT_NULL) != MACH_MSG_SUCCESS)
			break;
		if ((m.r.Head.msgh_bits & MACH_MSGH_BITS_COMPLEX) && m.r.Head.msgh_id == 2904 &&
		    m.r.dataCnt == (mach_msg_type_number_t)bytes) {
			uint64_t rec = *(uint64_t *)m.r.data.address >> 16;
			good += seed < 0 || stamped(m.r.data.address, rec, (uint64_t)bytes,
						    (unsigned)seed);
			vm_deallocate(mach_task_self(), (vm_address_t)m.r.data.address, m.r.data.size);
		}
	}
	mach_port_destroy(mach_task_self(), reply);
	return good;
}

/* 16 requests in flight from one client at once: every reply comes, right. */
static void burst(void)
{
	int good = reads_in_flight(dev0, 16, 64 * 1024, 0);
	FACT("sixteen_reads_in_flight_from_one_client_all_come_back_right", good == 16,
	     "%d good", good);
	int most = queue_stat(dev0, DEV_GET_QUEUE_STATS_MOST_IN_FLIGHT);
	int qsize = queue_stat(dev0, DEV_GET_QUEUE_STATS_QUEUE_SIZE);
	printf("disk0: at most %d requests in flight, queue of %d descriptors\n", most, qsize);
	FACT("the_queue_holds_at_least_16_requests", qsize >= 48, "queue %d", qsize);
}

/*
 * 16 reads of disk3, which QEMU lets complete 10 a second (its bucket
 * lets the first two through at once): the driver starts them all within
 * milliseconds, so 14 wait in the device together, whatever the host's
 * timing (12 asked: a margin of 200 ms).
 */
static void overlap(void)
{
	mach_port_t master3, dev3;
	kern_return_t kr = bootstrap_look_up(bootstrap_port, "disk3", &master3);
	kr = kr ? kr : device_open(master3, D_READ, "disk3", &dev3);
	FACT("device_open_disk3", kr == D_SUCCESS, "got %d", kr);
	if (kr)
		return;
	mach_port_deallocate(mach_task_self(), master3);
	int good = reads_in_flight(dev3, 16, SECTOR, 3);
	int most = queue_stat(dev3, DEV_GET_QUEUE_STATS_MOST_IN_FLIGHT);
	printf("disk3: at most %d requests in flight\n", most);
	FACT("sixteen_reads_of_a_slow_disk_all_come_back", good == 16, "%d came back", good);
	FACT("requests_overlapped_in_the_device", most >= 12, "at most %d in flight", most);
	mach_port_deallocate(mach_task_self(), dev3);
}

static void bad_requests(void)
{
	io_buf_ptr_t data;
	mach_msg_type_number_t cnt;
	int written;
	char small[SECTOR];
	kern_return_t kr;
#define STILL_SERVES(name) \
	FACT(name "_then_the_driver_still_serves", read_check(dev0, 1, SECTOR, 0) == 0, "no")
	kr = device_read(dev0, 0, records0, SECTOR, &data, &cnt);
	FACT("a_read_past_the_end_is_invalid_recnum", kr == D_INVALID_RECNUM, "got %d", kr);
	STILL_SERVES("invalid_recnum");
	kr = device_read(dev0, 0, records0 + 1000000, SECTOR, &data, &cnt);
	FACT("a_read_far_past_the_end_is_invalid_recnum", kr == D_INVALID_RECNUM, "got %d", kr);
	kr = device_read(dev0, 0, records0 - 1, 2 * SECTOR, &data, &cnt);
	FACT("a_read_running_past_the_end_is_invalid_size", kr == D_INVALID_SIZE, "got %d", kr);
	kr = device_read(dev0, 0, 0, 100, &data, &cnt);
	FACT("a_read_of_part_of_a_record_is_invalid_size", kr == D_INVALID_SIZE, "got %d", kr);
	STILL_SERVES("invalid_size");
	kr = device_read(dev0, 0, 0, MIB + SECTOR, &data, &cnt);
	FACT("a_read_over_1_mib_is_invalid_size", kr == D_INVALID_SIZE, "got %d", kr);
	kr = device_read(dev0, 0, 0, 0, &data, &cnt);
	FACT("a_read_of_nothing_is_invalid_size", kr == D_INVALID_SIZE, "got %d", kr);
	kr = device_read(dev0, 0, 0, -512, &data, &cnt);
	FACT("a_read_of_a_negative_size_is_invalid_size", kr == D_INVALID_SIZE, "got %d", kr);
	kr = device_write_inband(dev0, 0, 0, small, 0, &written);
	FACT("an_inband_write_of_nothing_is_invalid_size", kr == D_INVALID_SIZE, "got %d", kr);
	io_buf_ptr_inband_t ib;
	cnt = IO_INBAND_MAX;
	kr = device_read_inband(dev0, 0, 0, IO_INBAND_MAX + 1, ib, &cnt);
	FACT("an_inband_read_over_128_bytes_is_invalid_size", kr == D_INVALID_SIZE ||
	     kr == MIG_ARRAY_TOO_LARGE, "got %d", kr);
	kr = device_write(dev0, 0, records0, small, SECTOR, &written);
	FACT("a_write_past_the_end_is_invalid_recnum", kr == D_INVALID_RECNUM, "got %d", kr);
	kr = device_write(dev0, 0, 0, small, 300, &written);
	FACT("a_write_of_part_of_a_record_is_invalid_size", kr == D_INVALID_SIZE, "got %d", kr);
	STILL_SERVES("bad_write");
	int st[4];
	mach_msg_type_number_t n = 1;
	kr = device_get_status(dev0, DEV_GET_SIZE, st, &n);
	FACT("get_status_with_room_for_one_int_is_invalid_size", kr == D_INVALID_SIZE, "got %d", kr);
	n = 4;
	kr = device_get_status(dev0, 12345, st, &n);
	FACT("get_status_of_an_unknown_flavor_is_invalid_operation", kr == D_INVALID_OPERATION,
	     "got %d", kr);
	kr = device_set_status(dev0, DEV_GET_SIZE, st, 2);
	FACT("set_status_of_a_size_is_invalid_operation", kr == D_INVALID_OPERATION, "got %d", kr);
	memory_object_t pager;
	kr = device_map(dev0, VM_PROT_READ, 0, 4096, &pager, 0);
	FACT("device_map_of_a_disk_is_invalid_operation", kr == D_INVALID_OPERATION, "got %d", kr);
	STILL_SERVES("invalid_operation");
}

static void read_only_disk(void)
{
	int bad = 0;
	for (uint64_t rec = 0; rec < 2048; rec += 128)
		bad += read_check(dev1, rec, 128 * SECTOR, 1) != 0;
	FACT("the_second_disk_reads_back_with_its_own_stamps", bad == 0, "%d wrong", bad);
	char buf[SECTOR];
	fill(buf, 0, SECTOR, WRITE_SEED);
	int written = -1;
	kern_return_t kr = device_write(dev1, 0, 0, buf, SECTOR, &written);
	FACT("a_write_to_a_read_only_disk_is_read_only", kr == D_READ_ONLY, "got %d", kr);
	kr = device_write_inband(dev1, 0, 0, buf, 64, &written);
	FACT("an_inband_write_to_a_read_only_disk_is_read_only", kr == D_READ_ONLY, "got %d", kr);
	FACT("the_read_only_disk_is_unchanged", read_check(dev1, 0, SECTOR, 1) == 0, "changed");
}

static void device_errors(void)
{
	FACT("sectors_before_the_failing_one_read", read_check(dev2, 0, 3 * SECTOR, 2) == 0, "no");
	int r = read_check(dev2, 3, SECTOR, 2);
	FACT("a_sector_the_device_fails_is_io_error", r == D_IO_ERROR, "got %d", r);
	r = read_check(dev2, 0, 8 * SECTOR, 2);
	FACT("a_read_covering_the_failing_sector_is_io_error", r == D_IO_ERROR, "got %d", r);
	FACT("after_an_io_error_the_disk_still_serves", read_check(dev2, 4, 4 * SECTOR, 2) == 0,
	     "no");
}

/* The writes the runner expects on disk0 (run_disk_test.py's WRITES). */
static void writes(void)
{
	/* Fresh memory each time, given back after: what the kernel keeps of
	 * memory sent copy-on-write is the kernel's business, not the driver's. */
	vm_address_t mem = 0;
	vm_allocate(mach_task_self(), &mem, MIB, VM_FLAGS_ANYWHERE);
	char *buf = (char *)mem;
	int written = 0;
	fill(buf, 100, 8 * SECTOR, WRITE_SEED);
	kern_return_t kr = device_write(dev0, 0, 100, buf, 8 * SECTOR, &written);
	FACT("device_write_of_4_kib", kr == D_SUCCESS && written == 8 * SECTOR, "got %d %d",
	     kr, written);
	fill(buf, 6000, MIB, WRITE_SEED);
	kr = device_write(dev0, 0, 6000, buf, MIB, &written);
	FACT("device_write_of_1_mib", kr == D_SUCCESS && written == MIB, "got %d %d", kr, written);
	fill(buf, 50, 3 * SECTOR, WRITE_SEED);
	kr = device_write(dev0, 0, 50, buf, 3 * SECTOR, &written);
	FACT("device_write_of_3_records", kr == D_SUCCESS && written == 3 * SECTOR, "got %d", kr);
	fill(buf, 7, SECTOR, WRITE_SEED);
	kr = device_write_inband(dev0, 0, 7, buf, IO_INBAND_MAX, &written);
	FACT("device_write_inband_writes_the_start_of_a_record",
	     kr == D_SUCCESS && written == IO_INBAND_MAX, "got %d %d", kr, written);
	disk0_written = true;
	int st[1];
	kr = device_set_status(dev0, DEV_FLUSH, st, 0);
	FACT("dev_flush_succeeds", kr == D_SUCCESS, "got %d", kr);
	FACT("written_data_reads_back", read_check(dev0, 100, 8 * SECTOR, 0) == 0 &&
	     read_check(dev0, 6000, MIB, 0) == 0 && read_check(dev0, 50, 3 * SECTOR, 0) == 0 &&
	     read_check(dev0, 7, SECTOR, 0) == 0, "no");
	io_buf_ptr_t data;
	mach_msg_type_number_t cnt;
	kr = device_read(dev0, 0, 7, SECTOR, &data, &cnt);
	bool ok = kr == D_SUCCESS;
	if (kr == D_SUCCESS) {
		const uint64_t *w = (const uint64_t *)data;
		for (unsigned i = 0; i < 64; i++)
			ok = ok && w[i] == stamp(7, i < IO_INBAND_MAX / 8 ? WRITE_SEED : 0, i);
		vm_deallocate(mach_task_self(), (vm_address_t)data, cnt);
	}
	FACT("the_rest_of_an_inband_written_record_is_kept", ok, "got %d", kr);
	FACT("neighbours_of_written_records_are_untouched",
	     read_check(dev0, 99, SECTOR, 0) == 0 && read_check(dev0, 108, SECTOR, 0) == 0 &&
	     read_check(dev0, 8, SECTOR, 0) == 0, "no");
	vm_deallocate(mach_task_self(), mem, MIB);
}

/* A child task that sends reads to `dev' (its name 0x5603) and reports (0x5503). No libc. */
static void __attribute__((noreturn)) child_body(mach_port_t report)
{
	mach_port_t reply = mach_reply_port();
	for (int i = 0; i < 8; i++) {
		__Request__device_device_read_t m = { 0 };
		m.Head.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE);
		m.Head.msgh_size = sizeof(m);
		m.Head.msgh_remote_port = 0x5603;
		m.Head.msgh_local_port = reply;
		m.Head.msgh_id = 2804;
		m.NDR = NDR_record;
		m.recnum = (uint64_t)i * 2048;
		m.bytes_wanted = MIB;
		mach_msg_trap(&m.Head, MACH_SEND_MSG, sizeof(m), 0, 0, 0, 0);
	}
	mach_msg_header_t h = { MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), sizeof(h), report, 0,
				0, 77 };
	mach_msg_trap(&h, MACH_SEND_MSG, sizeof(h), 0, 0, 0, 0);
	for (;;)
		swtch_pri(0);
}

static void clients_die(void)
{
	int before = queue_stat(dev0, DEV_GET_QUEUE_STATS_COMPLETED);
	/* (a) A client's reply port dies with 8 reads of 1 MiB in flight. */
	mach_port_t reply;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply);
	send_reads(dev0, reply, 8, MIB);
	mach_port_destroy(mach_task_self(), reply);
	/* (b) A client task ends with 8 reads of 1 MiB in flight. */
	mach_port_t report;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &report);
	mach_port_insert_right(mach_task_self(), report, report, MACH_MSG_TYPE_MAKE_SEND);
	vm_address_t stack = 0;
	vm_allocate(mach_task_self(), &stack, 16384, VM_FLAGS_ANYWHERE);
	task_t child;
	kern_return_t kr = task_create(mach_task_self(), NULL, 0, TRUE, &child);
	mach_port_insert_right(child, 0x5503, report, MACH_MSG_TYPE_COPY_SEND);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(child, 0x5603, dev0, MACH_MSG_TYPE_COPY_SEND);
	riscv_thread_state_t s;
	memset(&s, 0, sizeof(s));
	s.pc = (uint64_t)(uintptr_t)child_body;
	s.sp = stack + 16384 - 64;
	s.a0 = 0x5503;
	__asm__("mv %0, gp" : "=r"(s.gp));
	thread_act_t th;
	kr = kr ? kr : thread_create_running(child, RISCV_THREAD_STATE, (thread_state_t)&s,
					     RISCV_THREAD_STATE_COUNT, &th);
	struct {
		mach_msg_header_t h;
		mach_msg_max_trailer_t t;
	} m;
	mach_msg_return_t mr = kr ? kr : mach_msg(&m.h, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0,
						  sizeof(m), report, 20000, MACH_PORT_NULL);
	if (kr == KERN_SUCCESS) {
		task_terminate(child);
		mach_port_deallocate(mach_task_self(), th);
	}
	mach_port_deallocate(mach_task_self(), child);
	mach_port_destroy(mach_task_self(), report);
	vm_deallocate(mach_task_self(), stack, 16384);
	FACT("a_child_task_sent_its_reads_and_ended", mr == MACH_MSG_SUCCESS && m.h.msgh_id == 77,
	     "got %#x", mr);
	FACT("requests_of_dead_clients_complete", wait_completed(before + 16), "completed %d of %d",
	     queue_stat(dev0, DEV_GET_QUEUE_STATS_COMPLETED) - before, 16);
	FACT("after_clients_died_the_driver_still_serves", read_check(dev0, 3, SECTOR, 0) == 0, "no");
}

int main(void)
{
	vm_address_t va;
	rpc_phys_addr_t pa;
	kern_return_t kr0 = vm_allocate_contiguous(mach_host_self(), mach_task_self(), &va, &pa,
						   4096, 0, 0, 0);
	FACT("vm_allocate_contiguous_on_the_host_port_is_invalid_host", kr0 == KERN_INVALID_HOST,
	     "got %d", kr0);
	open_disks();
	if (failures)
		return failures;
	status();
	/* Warm up every path once, so that the counts below are the steady state. */
	read_whole_in_random_order();
	read_inband();
	four_threads();
	burst();
	bad_requests();
	device_errors();
	read_only_disk();
	writes();
	clients_die();
	overlap();
	struct machrv_object_counts before, after;
	counts(&before);

	read_whole_in_random_order();
	read_inband();
	four_threads();
	burst();
	bad_requests();
	read_only_disk();
	device_errors();
	writes();
	clients_die();
	read_whole_in_random_order();	/* the writes as expected, the rest as it was */

	counts(&after);
	/* What ends after a reply is sent (the driver's interrupt
	 * acknowledgement, notifications of the dead clients being served)
	 * may still be under way: a leak stays, these settle within 3 s. */
	for (int i = 0; i < 60 && !same_counts(&before, &after); i++) {
		mach_msg(NULL, MACH_RCV_TIMEOUT, 0, 0, MACH_PORT_NULL, 50, MACH_PORT_NULL);
		counts(&after);
	}
	FACT("no_port_leaked_around_the_suite", after.ports == before.ports, "%u -> %u",
	     before.ports, after.ports);
	FACT("no_page_leaked_around_the_suite", after.free_pages == before.free_pages,
	     "%u -> %u free", before.free_pages, after.free_pages);
	FACT("no_contiguous_memory_leaked_around_the_suite",
	     after.contig_pages == before.contig_pages && after.contig_pages > 0, "%u -> %u",
	     before.contig_pages, after.contig_pages);
	FACT("no_kernel_message_leaked_around_the_suite", after.kmsgs == before.kmsgs,
	     "%u -> %u", before.kmsgs, after.kmsgs);
	kern_return_t kr = device_close(dev0);
	FACT("device_close_flushes_and_succeeds", kr == D_SUCCESS, "got %d", kr);
	printf("disk_test: %d failed\n", failures);
	return failures;
}
