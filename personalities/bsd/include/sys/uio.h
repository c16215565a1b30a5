/* SPDX-License-Identifier: BSD-2-Clause */
/* Scatter/gather I/O: readv and writev (picolibc has no <sys/uio.h>). */
#ifndef _SYS_UIO_H_
#define _SYS_UIO_H_
#include <stddef.h>
#include <sys/types.h>

struct iovec {
	void	*iov_base;
	size_t	iov_len;
};

#define IOV_MAX	1024

ssize_t readv(int fd, const struct iovec *iov, int iovcnt);
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);

#endif /* _SYS_UIO_H_ */
