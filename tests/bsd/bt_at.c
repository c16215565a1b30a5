// SPDX-License-Identifier: BSD-2-Clause
// The *at calls' descriptor rules, which hold on the read-only boot
// archive and on the disk alike: an absolute path ignores the descriptor,
// AT_FDCWD is the working directory, a descriptor not open is EBADF and
// one that is not a directory ENOTDIR, an unknown flag EINVAL.  What they
// do to a file system's names (a relative path from a directory, renameat
// across two, unlinkat with AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW) is checked
// on a disk in both shapes: tests/fss_server/unix_files.c.
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include "bt.h"

#define NOT_OPEN	57		/* a descriptor these tests never open */
#define PROGRAM		"/bin/bt_exec_child"

/* Each *at call from descriptor `fd' with the relative name "x": the
 * index of the first that does not fail with `err', or -1 if all do. */
static int every_at_call_fails_with(int fd, int err)
{
	struct stat st;
	char buf[8];
	int i = 0;
#define EXPECT_ERR(call)	do { errno = 0; if ((call) != -1 || errno != err) return i; i++; } while (0)
	EXPECT_ERR(openat(fd, "x", O_RDONLY));
	EXPECT_ERR(faccessat(fd, "x", F_OK, 0));
	EXPECT_ERR(fchmodat(fd, "x", 0644, 0));
	EXPECT_ERR(fchownat(fd, "x", 0, 0, 0));
	EXPECT_ERR(linkat(fd, "x", AT_FDCWD, "/y", 0));
	EXPECT_ERR(linkat(AT_FDCWD, "/bsd_tests", fd, "x", 0));
	EXPECT_ERR(mkdirat(fd, "x", 0755));
	EXPECT_ERR(readlinkat(fd, "x", buf, sizeof(buf)));
	EXPECT_ERR(renameat(fd, "x", AT_FDCWD, "/y"));
	EXPECT_ERR(renameat(AT_FDCWD, "/y", fd, "x"));
	EXPECT_ERR(symlinkat("target", fd, "x"));
	EXPECT_ERR(unlinkat(fd, "x", 0));
	EXPECT_ERR(unlinkat(fd, "x", AT_REMOVEDIR));
	EXPECT_ERR(fstatat(fd, "x", &st, 0));
	EXPECT_ERR(utimensat(fd, "x", NULL, 0));
#undef EXPECT_ERR
	return -1;
}

BTEST(every_at_call_from_a_descriptor_not_open_is_ebadf)
{
	int i = every_at_call_fails_with(NOT_OPEN, EBADF);
	CHECK(i < 0, "call %d of the list", i);
	i = every_at_call_fails_with(-1, EBADF);
	CHECK(i < 0, "descriptor -1: call %d of the list", i);
	return 0;
}

BTEST(every_at_call_from_a_descriptor_that_is_not_a_directory_is_enotdir)
{
	int fd = open(PROGRAM, O_RDONLY);
	CHECK(fd >= 0, "open");
	int i = every_at_call_fails_with(fd, ENOTDIR);
	CHECK(i < 0, "a file: call %d of the list", i);
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	i = every_at_call_fails_with(fds[0], ENOTDIR);
	CHECK(i < 0, "a pipe: call %d of the list", i);
	return 0;
}

BTEST(an_absolute_path_ignores_the_descriptor_of_an_at_call)
{
	int file = open(PROGRAM, O_RDONLY);
	CHECK(file >= 0, "open");
	struct stat a, b;
	CHECK(stat(PROGRAM, &a) == 0, "stat");
	int fd = openat(NOT_OPEN, PROGRAM, O_RDONLY);
	CHECK(fd >= 0 && fstat(fd, &b) == 0 && b.st_ino == a.st_ino, "openat, a bad descriptor");
	CHECK(faccessat(file, PROGRAM, R_OK | X_OK, 0) == 0, "faccessat, a file's descriptor");
	CHECK(fstatat(NOT_OPEN, PROGRAM, &b, 0) == 0 && b.st_ino == a.st_ino, "fstatat");
	char buf[8];
	errno = 0;
	CHECK(readlinkat(file, PROGRAM, buf, sizeof(buf)) == -1 && errno == EINVAL,
	      "readlinkat of a file that is no symlink");
	return 0;
}

BTEST(at_fdcwd_starts_at_the_working_directory)
{
	/* The suite is /bsd_tests from the archive and from the disk; its
	 * working directory is the first, "/". */
	struct stat a, b;
	CHECK(stat("/bsd_tests", &a) == 0, "stat");
	int fd = openat(AT_FDCWD, "bsd_tests", O_RDONLY);
	CHECK(fd >= 0 && fstat(fd, &b) == 0 && b.st_ino == a.st_ino, "openat");
	CHECK(fstatat(AT_FDCWD, "bsd_tests", &b, 0) == 0 && b.st_ino == a.st_ino, "fstatat");
	CHECK(faccessat(AT_FDCWD, "bsd_tests", X_OK, 0) == 0, "faccessat");
	errno = 0;
	CHECK(faccessat(AT_FDCWD, "no-such-file", F_OK, 0) == -1 && errno == ENOENT, "missing");
	return 0;
}

BTEST(at_fdcwd_has_freebsd_s_value_and_the_flags_freebsd_s_bits)
{
	CHECK(AT_FDCWD == -100, "AT_FDCWD %d", AT_FDCWD);
	CHECK(AT_EACCESS == 0x100 && AT_SYMLINK_NOFOLLOW == 0x200 && AT_SYMLINK_FOLLOW == 0x400 &&
	      AT_REMOVEDIR == 0x800, "flags");
	/* The server takes -100, the library's value, as the working directory. */
	CHECK(faccessat(-100, "bsd_tests", F_OK, 0) == 0, "faccessat(-100)");
	return 0;
}

BTEST(an_unknown_flag_of_an_at_call_is_einval)
{
	struct stat st;
	errno = 0;
	CHECK(faccessat(AT_FDCWD, PROGRAM, F_OK, AT_SYMLINK_NOFOLLOW) == -1 && errno == EINVAL,
	      "faccessat");
	errno = 0;
	CHECK(unlinkat(AT_FDCWD, "/y", AT_EACCESS) == -1 && errno == EINVAL, "unlinkat");
	errno = 0;
	CHECK(fchmodat(AT_FDCWD, PROGRAM, 0755, AT_REMOVEDIR) == -1 && errno == EINVAL, "fchmodat");
	errno = 0;
	CHECK(fchownat(AT_FDCWD, PROGRAM, 0, 0, AT_EACCESS) == -1 && errno == EINVAL, "fchownat");
	errno = 0;
	CHECK(linkat(AT_FDCWD, PROGRAM, AT_FDCWD, "/y", AT_SYMLINK_NOFOLLOW) == -1 &&
	      errno == EINVAL, "linkat");
	errno = 0;
	CHECK(fstatat(AT_FDCWD, PROGRAM, &st, AT_REMOVEDIR) == -1 && errno == EINVAL, "fstatat");
	return 0;
}

BTEST(fstatat_at_empty_path_with_an_empty_path_is_fstat_of_the_descriptor)
{
	struct stat a, b;
	CHECK(AT_EMPTY_PATH == 0x4000, "AT_EMPTY_PATH %#x", AT_EMPTY_PATH);
	int fd = open(PROGRAM, O_RDONLY);
	CHECK(fd >= 0 && fstat(fd, &a) == 0, "open");
	CHECK(fstatat(fd, "", &b, AT_EMPTY_PATH) == 0 && b.st_ino == a.st_ino &&
	      b.st_size == a.st_size, "a file");
	int fds[2];
	CHECK(pipe(fds) == 0 && write(fds[1], "abc", 3) == 3, "pipe");
	CHECK(fstatat(fds[0], "", &b, AT_EMPTY_PATH) == 0 && S_ISFIFO(b.st_mode) &&
	      b.st_size == 3, "a pipe");
	/* The working directory "/": the archive has no directories to stat
	 * (ENOENT for both), the disk has. */
	errno = 0;
	int r1 = stat("/", &a), e1 = errno;
	errno = 0;
	int r2 = fstatat(AT_FDCWD, "", &b, AT_EMPTY_PATH), e2 = errno;
	CHECK(r1 == r2 && e1 == e2 && (r1 != 0 || (b.st_ino == a.st_ino && S_ISDIR(b.st_mode))),
	      "AT_FDCWD: as stat of the working directory (%d %d, %d %d)", r1, e1, r2, e2);
	CHECK(fstatat(AT_FDCWD, "bsd_tests", &b, AT_EMPTY_PATH) == 0 && S_ISREG(b.st_mode),
	      "a path that is not empty is looked up as ever");
	errno = 0;
	CHECK(fstatat(fd, "", &b, 0) == -1 && errno == ENOENT, "without the flag");
	errno = 0;
	CHECK(fstatat(NOT_OPEN, "", &b, AT_EMPTY_PATH) == -1 && errno == EBADF, "not open");
	return 0;
}
