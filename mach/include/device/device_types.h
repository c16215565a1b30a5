/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Types, modes, status flavors and error codes of GNU Mach's device
 * interface (<device/device.defs>), with GNU Mach's names and values, so a
 * client written for GNU Mach's devices compiles unchanged.  MachRV's
 * disks are served by a user-level driver (drivers/virtio_blk/,
 * docs/disk.md), not by the kernel.
 */
#ifndef _DEVICE_DEVICE_TYPES_H_
#define _DEVICE_DEVICE_TYPES_H_
#include <mach/std_types.h>

typedef mach_port_t	device_t;

typedef char		dev_name_t[128];	/* device_types.defs: c_string[128] */
typedef const char	*const_dev_name_t;

/* Open, read and write modes. */
typedef unsigned int	dev_mode_t;
#define D_READ		0x1	/* read */
#define D_WRITE		0x2	/* write */
#define D_NODELAY	0x4	/* no delay on open */
#define D_NOWAIT	0x8	/* do not wait if data not available */

/* Out-of-line and inline data. */
typedef char		*io_buf_ptr_t;
typedef const char	*const_io_buf_ptr_t;
#define IO_INBAND_MAX	128	/* device_types.defs: array[*:128] */
typedef char		io_buf_ptr_inband_t[IO_INBAND_MAX];
typedef const char	*const_io_buf_ptr_inband_t;

/* A record (block) number of a random-access device. */
typedef uint64_t	recnum_t;

/* get/set status. */
typedef unsigned int	dev_flavor_t;
typedef int		*dev_status_t;
#define DEV_STATUS_MAX	1024	/* device_types.defs: array[*:1024] */
typedef int		dev_status_data_t[DEV_STATUS_MAX];

/* DEV_GET_SIZE: the device's size in bytes (0: unknown) and its record size. */
#define DEV_GET_SIZE			0
#define DEV_GET_SIZE_DEVICE_SIZE	0
#define DEV_GET_SIZE_RECORD_SIZE	1
#define DEV_GET_SIZE_COUNT		2
/* DEV_GET_RECORDS: the device's size in records, and the record size. */
#define DEV_GET_RECORDS			1
#define DEV_GET_RECORDS_DEVICE_RECORDS	0
#define DEV_GET_RECORDS_RECORD_SIZE	1
#define DEV_GET_RECORDS_COUNT		2

/*
 * MachRV's own set_status flavor (GNU Mach has none for this): write the
 * device's volatile cache to stable storage; the reply comes when it is
 * done.  The value spells "MR" in its top half, clear of GNU Mach's flavors.
 */
#define DEV_FLUSH			0x4d520001
/*
 * MachRV's get_status flavor for drivers that queue requests: requests
 * completed since boot, the most in flight at once, the queue's size.
 */
#define DEV_GET_QUEUE_STATS			0x4d520002
#define DEV_GET_QUEUE_STATS_COMPLETED		0
#define DEV_GET_QUEUE_STATS_MOST_IN_FLIGHT	1
#define DEV_GET_QUEUE_STATS_QUEUE_SIZE		2
#define DEV_GET_QUEUE_STATS_COUNT		3

/*
 * MachRV's get_status flavor for measurements (scripts/bench): where the
 * driver was in the last transfer it finished, as rdinstret counts (the
 * hart's retired instructions; exact under QEMU -icount, and comparable
 * with the client's own only on one hart): the request taken from the
 * port, the device told (its doorbell), the interrupt message received,
 * the reply about to be sent, the reply sent, the interrupt acknowledged
 * (device_intr_ack returned).  Each a 64-bit count in two ints, low first.
 */
#define DEV_GET_HOPS			0x4d520003
#define DEV_GET_HOPS_ARRIVED		0
#define DEV_GET_HOPS_NOTIFIED		1
#define DEV_GET_HOPS_INTERRUPT		2
#define DEV_GET_HOPS_REPLYING		3
#define DEV_GET_HOPS_REPLIED		4
#define DEV_GET_HOPS_ACKED		5
#define DEV_GET_HOPS_STAMPS		6
#define DEV_GET_HOPS_COUNT		(2 * DEV_GET_HOPS_STAMPS)

typedef short		filter_t;
typedef filter_t	*filter_array_t;

/* Error codes (io_return_t, returned as kern_return_t). */
typedef int		io_return_t;
#define D_IO_QUEUED		(-1)	/* queued: the reply comes later */
#define D_SUCCESS		0
#define D_IO_ERROR		2500	/* hardware I/O error */
#define D_WOULD_BLOCK		2501	/* would block, but D_NOWAIT set */
#define D_NO_SUCH_DEVICE	2502	/* no such device */
#define D_ALREADY_OPEN		2503	/* exclusive-use device already open */
#define D_DEVICE_DOWN		2504	/* device has been shut down */
#define D_INVALID_OPERATION	2505	/* bad operation for device */
#define D_INVALID_RECNUM	2506	/* invalid record (block) number */
#define D_INVALID_SIZE		2507	/* invalid I/O size */
#define D_NO_MEMORY		2508	/* memory allocation failure */
#define D_READ_ONLY		2509	/* device cannot be written to */

#endif /* _DEVICE_DEVICE_TYPES_H_ */
