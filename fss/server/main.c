// SPDX-License-Identifier: BSD-2-Clause
// The fss server task: mount the ext2 file system on a disk and serve it.
// Its configuration line (bootstrap):
//   --service=fss fss [--ro] [--workers=N] DISK
// DISK is the disk's service name (disk0, ...) of the virtio-blk driver.
// The control port is the service "fss" (fsys_getroot gives a root).
// docs/fss.md is the design; README.md lists the files.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <servers/bootstrap.h>
#include "blkdev_device.h"
#include "fss_server.h"

struct ext2_fs *fss_fs;
mach_port_t fss_portset, fss_pager_set;
struct fss_obj fss_control;

static struct blkdev_device disk;
const char *fss_source;		/* the disk's service name (fsys_get_source) */
static int64_t time_base;	/* the root directory's newest stamp at mount */

/*
 * The time stamped on files: the time of day, the kernel's calendar
 * (host_get_time64), followed with the time CSR (rdtime, QEMU virt's
 * 10 MHz timebase) so that a stamp costs no message, and asked again
 * once a second at most, so that a time set with settimeofday (through
 * bsd_server) reaches the disk within a second.  It is never before the
 * root's newest stamp: a machine without a real-time clock starts its
 * calendar at 1970, and then time continues from that stamp plus the
 * seconds since boot, as it did before there was a calendar, so stamps
 * only move forward.  Workers call it at once: a race re-asks the kernel,
 * and either answer will do.
 */
#define TIMEBASE_HZ	10000000u
static int64_t calendar_offset_ns;	/* the calendar minus the time CSR in ns */
static uint64_t calendar_asked = UINT64_MAX;	/* the time CSR when it was asked */

int64_t fss_now(void)
{
	uint64_t t;
	__asm__ __volatile__("rdtime %0" : "=r"(t));
	uint64_t asked = __atomic_load_n(&calendar_asked, __ATOMIC_RELAXED);
	if (asked == UINT64_MAX || t - asked >= TIMEBASE_HZ) {
		time_value64_t cal;
		mach_port_t host = mach_host_self();
		if (host_get_time64(host, &cal) == KERN_SUCCESS)
			__atomic_store_n(&calendar_offset_ns,
					 cal.seconds * 1000000000LL + cal.nanoseconds -
					 (int64_t)(t * (1000000000u / TIMEBASE_HZ)), __ATOMIC_RELAXED);
		(void)mach_port_deallocate(mach_task_self(), host);
		__atomic_store_n(&calendar_asked, t, __ATOMIC_RELAXED);
	}
	int64_t now = (__atomic_load_n(&calendar_offset_ns, __ATOMIC_RELAXED) +
		       (int64_t)(t * (1000000000u / TIMEBASE_HZ))) / 1000000000LL;
	return now >= time_base ? now : time_base + (int64_t)(t / TIMEBASE_HZ);
}

__attribute__((noreturn)) static void usage(const char *why)
{
	printf("fss: %s\nusage: fss [--ro] [--workers=N] DISK\n", why);
	exit(2);
}

int main(int argc, char **argv)
{
	bool ro = false;
	unsigned workers = 4;
	const char *diskname = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--ro"))
			ro = true;
		else if (!strncmp(argv[i], "--workers=", 10))
			workers = (unsigned)atoi(argv[i] + 10);
		else if (argv[i][0] == '-' || diskname)
			usage("bad argument");
		else
			diskname = argv[i];
	}
	if (!diskname || workers < 1 || workers > 32)
		usage(diskname ? "--workers takes 1 to 32" : "no disk named");

	char why[160];
	if (blkdev_device_open(&disk, diskname, ro, why, sizeof(why))) {
		printf("fss: %s\n", why);
		return 1;
	}
	struct ext2_mount_opts opts = {
		.flags = disk.readonly ? EXT2_MOUNT_RDONLY : 0,
		.cache_blocks = 1024,
		.now = fss_now,
	};
	int e = ext2_mount(&disk.dev, &opts, &fss_fs, why, sizeof(why));
	if (e) {
		printf("fss: %s: cannot mount: %s\n", diskname, why[0] ? why : strerror(e));
		return 1;
	}
	time_base = ext2_root_time(fss_fs);
	fss_source = diskname;

	kern_return_t kr;
	if ((kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &fss_portset)) ||
	    (kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_PORT_SET, &fss_pager_set))) {
		printf("fss: cannot start: %s\n", mach_error_string(kr));
		return 1;
	}
	fss_start(workers - 1);		/* every thread ready before a request can come */
	if ((kr = bootstrap_check_in(bootstrap_port, "fss", &fss_control.port)) ||
	    (kr = fss_obj_adopt(&fss_control, FSS_OBJ_CONTROL))) {
		printf("fss: cannot start: %s\n", mach_error_string(kr));
		return 1;
	}
	fss_label(fss_control.port, "fss control port (%s)", diskname);
	struct ext2_statfs sf;
	ext2_statfs(fss_fs, &sf);
	printf("fss: %s: ext2, %llu blocks of %u bytes, %llu free, %llu inodes free, %s\n",
	       diskname, (unsigned long long)sf.blocks, sf.bsize, (unsigned long long)sf.bfree,
	       (unsigned long long)sf.ffree, sf.readonly ? "read-only" : "read-write");
	fss_serve();
}
