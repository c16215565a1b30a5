/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The BSD personality's system-call table: the ONE list that defines the
 * numbers, the server's dispatch (bsd_server/syscall.c) and the library's
 * stubs (personalities/bsd/libc/stubs.S).  Numbers are FreeBSD's
 * (sys/kern/syscalls.master), so a trace reads like a FreeBSD ktrace.
 *
 *   BSD_SYSCALL(number, name, nargs, stub)
 *     number  a7 at the ecall (FreeBSD's number for the call)
 *     name    the server handles it in sys_<name>(); the library's
 *             trap stub is __sys_<name>
 *     nargs   how many of a0..a5 it takes
 *     stub    PUBLIC: the stub is also the C function <name> (a weak
 *             alias); WRAPPED: libc has a C function <name> that calls
 *             __sys_<name> (fork resets the child's Mach state, pipe
 *             takes two results, sigaction passes the trampoline, ...);
 *             PUBLIC_IN12: as PUBLIC, and the call reads the buffer at
 *             a1 of a2 bytes, which the stub offers to send with the
 *             request (a6, MACHRV_SYSCALL_IN_HINT in <machrv/syscall_msg.h>);
 *             PUBLIC_OUT12: as PUBLIC, and the call writes the buffer at
 *             a1 of a2 bytes, which the stub offers for the kernel to
 *             check at the trap (MACHRV_SYSCALL_OUT_HINT);
 *             WRAPPED_IN12, WRAPPED_OUT12: the same offers, from
 *             __sys_<name> only (read and write try a pipe's ring first:
 *             libc/pipe_direct.c);
 *             PUBLIC_OUTSTAT1, PUBLIC_OUTSTAT2: the same for the struct
 *             stat at a1 (fstat) or a2 (fstatat), its size put in a
 *             register the call does not take (a2, a4), and fstatat's
 *             path at a1 with it (MACHRV_SYSCALL_OUTSTR_HINT);
 *             PUBLIC_STR0, PUBLIC_STR1 (and WRAPPED_STR0, WRAPPED_STR1):
 *             the call reads the path at a0 (a1), which the stub offers
 *             to send with the request (MACHRV_SYSCALL_STR_HINT)
 *
 * Include this file after defining BSD_SYSCALL; it is included from C and
 * from assembly, so it holds nothing but the list.
 */
BSD_SYSCALL(1,   exit,          1, WRAPPED)
BSD_SYSCALL(2,   fork,          0, WRAPPED)
BSD_SYSCALL(3,   read,          3, WRAPPED_OUT12)
BSD_SYSCALL(4,   write,         3, WRAPPED_IN12)
BSD_SYSCALL(5,   open,          3, WRAPPED_STR0)
BSD_SYSCALL(6,   close,         1, WRAPPED)
BSD_SYSCALL(7,   wait4,         4, PUBLIC)
BSD_SYSCALL(9,   link,          2, PUBLIC)
BSD_SYSCALL(10,  unlink,        1, PUBLIC_STR0)
BSD_SYSCALL(12,  chdir,         1, PUBLIC_STR0)
BSD_SYSCALL(13,  fchdir,        1, PUBLIC)
BSD_SYSCALL(15,  chmod,         2, PUBLIC_STR0)
BSD_SYSCALL(16,  chown,         3, PUBLIC_STR0)
BSD_SYSCALL(20,  getpid,        0, PUBLIC)
BSD_SYSCALL(23,  setuid,        1, PUBLIC)
BSD_SYSCALL(24,  getuid,        0, PUBLIC)
BSD_SYSCALL(25,  geteuid,       0, PUBLIC)
BSD_SYSCALL(33,  access,        2, PUBLIC_STR0)
BSD_SYSCALL(36,  sync,          0, PUBLIC)
BSD_SYSCALL(37,  kill,          2, PUBLIC)
BSD_SYSCALL(39,  getppid,       0, PUBLIC)
BSD_SYSCALL(41,  dup,           1, WRAPPED)
BSD_SYSCALL(42,  pipe,          0, WRAPPED)
BSD_SYSCALL(43,  getegid,       0, PUBLIC)
BSD_SYSCALL(47,  getgid,        0, PUBLIC)
BSD_SYSCALL(54,  ioctl,         3, WRAPPED)
BSD_SYSCALL(57,  symlink,       2, PUBLIC)
BSD_SYSCALL(58,  readlink,      3, PUBLIC_STR0)
BSD_SYSCALL(59,  execve,        3, PUBLIC)
BSD_SYSCALL(60,  umask,         1, PUBLIC)
BSD_SYSCALL(79,  getgroups,     2, PUBLIC)
BSD_SYSCALL(80,  setgroups,     2, PUBLIC)
BSD_SYSCALL(81,  getpgrp,       0, PUBLIC)
BSD_SYSCALL(82,  setpgid,       2, PUBLIC)
BSD_SYSCALL(83,  setitimer,     3, PUBLIC)
BSD_SYSCALL(90,  dup2,          2, WRAPPED)
BSD_SYSCALL(92,  fcntl,         3, WRAPPED)
BSD_SYSCALL(95,  fsync,         1, PUBLIC)
BSD_SYSCALL(116, gettimeofday,  2, PUBLIC)
BSD_SYSCALL(117, getrusage,     2, PUBLIC)
BSD_SYSCALL(120, readv,         3, PUBLIC)
BSD_SYSCALL(121, writev,        3, PUBLIC)
BSD_SYSCALL(122, settimeofday,  2, PUBLIC)
BSD_SYSCALL(123, fchown,        3, PUBLIC)
BSD_SYSCALL(124, fchmod,        2, PUBLIC)
BSD_SYSCALL(126, setreuid,      2, PUBLIC)
BSD_SYSCALL(127, setregid,      2, PUBLIC)
BSD_SYSCALL(128, rename,        2, PUBLIC)
BSD_SYSCALL(136, mkdir,         2, PUBLIC_STR0)
BSD_SYSCALL(137, rmdir,         1, PUBLIC_STR0)
BSD_SYSCALL(138, utimes,        2, PUBLIC_STR0)
BSD_SYSCALL(147, setsid,        0, PUBLIC)
BSD_SYSCALL(181, setgid,        1, PUBLIC)
BSD_SYSCALL(182, setegid,       1, PUBLIC)
BSD_SYSCALL(183, seteuid,       1, PUBLIC)
BSD_SYSCALL(202, __sysctl,      6, WRAPPED)
BSD_SYSCALL(207, getpgid,       1, PUBLIC)
BSD_SYSCALL(232, clock_gettime, 2, PUBLIC)
BSD_SYSCALL(233, clock_settime, 2, PUBLIC)
BSD_SYSCALL(240, nanosleep,     2, PUBLIC)
BSD_SYSCALL(254, lchown,        3, PUBLIC_STR0)
BSD_SYSCALL(310, getsid,        1, PUBLIC)
BSD_SYSCALL(326, __getcwd,      2, WRAPPED)
BSD_SYSCALL(340, sigprocmask,   3, PUBLIC)
BSD_SYSCALL(341, sigsuspend,    1, PUBLIC)
BSD_SYSCALL(343, sigpending,    1, PUBLIC)
BSD_SYSCALL(416, sigaction,     4, WRAPPED)
BSD_SYSCALL(417, sigreturn,     1, PUBLIC)
BSD_SYSCALL(475, pread,         4, PUBLIC_OUT12)
BSD_SYSCALL(476, pwrite,        4, PUBLIC_IN12)
BSD_SYSCALL(478, lseek,         3, PUBLIC)
BSD_SYSCALL(479, truncate,      2, PUBLIC_STR0)
BSD_SYSCALL(480, ftruncate,     2, PUBLIC)
BSD_SYSCALL(489, faccessat,     4, PUBLIC_STR1)
BSD_SYSCALL(490, fchmodat,      4, PUBLIC_STR1)
BSD_SYSCALL(491, fchownat,      5, PUBLIC_STR1)
BSD_SYSCALL(495, linkat,        5, PUBLIC)
BSD_SYSCALL(496, mkdirat,       3, PUBLIC_STR1)
BSD_SYSCALL(499, openat,        4, WRAPPED_STR1)
BSD_SYSCALL(500, readlinkat,    4, PUBLIC_STR1)
BSD_SYSCALL(501, renameat,      4, PUBLIC)
BSD_SYSCALL(502, symlinkat,     3, PUBLIC)
BSD_SYSCALL(503, unlinkat,      3, PUBLIC_STR1)
BSD_SYSCALL(546, futimens,      2, PUBLIC)
BSD_SYSCALL(547, utimensat,     4, PUBLIC_STR1)
BSD_SYSCALL(551, fstat,         2, PUBLIC_OUTSTAT1)
BSD_SYSCALL(552, fstatat,       4, PUBLIC_OUTSTAT2)
BSD_SYSCALL(554, getdirentries, 4, PUBLIC)
BSD_SYSCALL(555, statfs,        2, PUBLIC_STR0)
BSD_SYSCALL(556, fstatfs,       2, PUBLIC)
BSD_SYSCALL(557, getfsstat,     3, PUBLIC)
/* MachRV's own, above FreeBSD's numbers: Mach rights for root (docs/bsd.md). */
BSD_SYSCALL(1000, get_privileged_ports, 1, WRAPPED)
BSD_SYSCALL(1001, task_for_pid, 2, WRAPPED)
/* MachRV's own: pipes used without the server (<machrv/pipe_ring.h>). */
BSD_SYSCALL(1002, pipe_attach,  6, WRAPPED)
BSD_SYSCALL(1003, pipe_notify,  1, WRAPPED)
