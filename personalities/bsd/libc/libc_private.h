/* SPDX-License-Identifier: BSD-2-Clause */
/* What the files of the Unix C library share, and programs do not see. */
#ifndef _BSD_LIBC_PRIVATE_H_
#define _BSD_LIBC_PRIVATE_H_
#include <stddef.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>

/* The trap stubs (stubs.S, from ../syscalls.h). */
long __sys_exit(int status);
long __sys_fork(void);
long __sys_pipe(void);		/* a0 = read end, a1 = write end: see pipe.c */
long __sys_open(const char *path, int flags, int mode);
long __sys_openat(int dirfd, const char *path, int flags, int mode);
long __sys_ioctl(int fd, unsigned long request, void *arg);
long __sys_fcntl(int fd, int cmd, long arg);
long __sys___getcwd(char *buf, size_t size);
long __sys___sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp,
		    const void *newp, size_t newlen);
long __sys_sigaction(int sig, const void *act, void *oact, void (*tramp)(void));
long __sys_get_privileged_ports(unsigned int reply);	/* a receive right's name */
long __sys_read(int fd, void *buf, size_t n);
long __sys_write(int fd, const void *buf, size_t n);
long __sys_close(int fd);
long __sys_dup(int fd);
long __sys_dup2(int from, int to);
long __sys_pipe_notify(int fd);
long __sys_task_for_pid(int pid, unsigned int reply);

/* stdio.c: write out every stream's buffer (at exit, before a read of stdin). */
void __bsd_stdio_flush_all(void);
/* pipe_direct.c: what the library knows of its descriptors (pipes used
 * without the server): a forked child forgets the parent's pipes (their
 * rings and rights are not its own); a descriptor a call made is a file
 * (not_pipe) or not known yet (unknown). */
void __bsd_pipe_fork_child(void);
void __bsd_fd_not_pipe(int fd);
void __bsd_fd_unknown(int fd);
/* read and write of a descriptor that may be a pipe (readwrite.S calls them). */
ssize_t __bsd_read_maybe_pipe(int fd, void *buf, size_t n);
ssize_t __bsd_write_maybe_pipe(int fd, const void *buf, size_t n);
/* start.c: reset what a forked child must not share with its parent. */
void __bsd_mach_fork_child(void);
/* libmach (mig_support.c): forget the parent's reply port. */
void libmach_fork_child(void);

#endif /* _BSD_LIBC_PRIVATE_H_ */
