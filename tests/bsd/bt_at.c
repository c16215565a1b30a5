// SPDX-License-Identifier: BSD-2-Clause
// The *at calls' descriptor rules, which hold on the read-only boot
// archive and on the disk alike: an absolute path ignores the descriptor,
// AT_FDCWD is the working directory, a descriptor not open is EBADF and
// one that is not a directory ENOTDIR, an unknown flag EINVAL.  What they
// do to a file system's names (a relative path from a directory, renameat
// across two, unlinkat with AT_REMOVEDIR, AT_SYMLINK_NOFOLLOW) is checked
// on a disk in both shapes: tests/fss_server/unix_files.c.  Here too:
// AT_EMPTY_PATH on each call that takes it, and what rmdir and unlink say
// of "/", "." and "..", in /tmp when the suite runs from the disk.
#include <fcntl.h>
#include <stdio.h>
#include <sys/dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* A new empty file `path' on the disk, opened for reading and writing, its
 * name taken first (the suite runs more than once); -1 from the boot
 * archive, which is read-only and has no /tmp. */
static int fresh_file(const char *path)
{
	unlink(path);
	return open(path, O_RDWR | O_CREAT | O_EXCL, 0644);
}

BTEST(linkat_at_empty_path_names_the_descriptor_s_file_whatever_its_names_are_now)
{
	const char *a = "/tmp/bt_ae_link_a", *b = "/tmp/bt_ae_link_b", *c = "/tmp/bt_ae_link_c";
	unlink(b);
	unlink(c);
	int fd = fresh_file(a);
	if (fd < 0) {
		/* The archive: the file system's own answer, not the flag's EINVAL. */
		fd = open(PROGRAM, O_RDONLY);
		errno = 0;
		CHECK(linkat(fd, "", AT_FDCWD, "/y", AT_EMPTY_PATH) == -1 && errno == EROFS,
		      "the archive");
		return 0;
	}
	struct stat st, sc;
	CHECK(rename(a, b) == 0, "rename");	/* the path it was opened by is gone */
	CHECK(linkat(fd, "", AT_FDCWD, c, AT_EMPTY_PATH) == 0, "linkat");
	CHECK(fstat(fd, &st) == 0 && stat(c, &sc) == 0 && sc.st_ino == st.st_ino &&
	      st.st_nlink == 2, "the same file, two names (%d)", (int)st.st_nlink);
	CHECK(unlink(b) == 0 && unlink(c) == 0, "unlink");
	errno = 0;
	CHECK(linkat(fd, "", AT_FDCWD, c, AT_EMPTY_PATH) == -1 && errno == ENOENT,
	      "a file with no name left gets none");
	CHECK(access(c, F_OK) == -1, "nothing made");
	return 0;
}

BTEST(linkat_at_empty_path_is_root_s_only_and_refuses_directories_and_pipes)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	errno = 0;
	CHECK(linkat(AT_FDCWD, "", AT_FDCWD, "/tmp/bt_ae_dir", AT_EMPTY_PATH) == -1 &&
	      errno == EPERM, "the working directory: a directory");
	errno = 0;
	CHECK(linkat(fds[0], "", AT_FDCWD, "/tmp/bt_ae_pipe", AT_EMPTY_PATH) == -1 &&
	      errno == EINVAL, "a pipe");
	int fd = open(PROGRAM, O_RDONLY);
	CHECK(fd >= 0 && setuid(1000) == 0, "setuid");
	errno = 0;
	CHECK(linkat(fd, "", AT_FDCWD, "/tmp/bt_ae_user", AT_EMPTY_PATH) == -1 && errno == EPERM,
	      "a user other than root (FreeBSD's PRIV_VFS_FHOPEN)");
	return 0;
}

BTEST(fchmodat_at_empty_path_is_fchmod_of_the_descriptor)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	errno = 0;
	CHECK(fchmodat(fds[0], "", 0600, AT_EMPTY_PATH) == -1 && errno == EINVAL, "a pipe");
	const char *a = "/tmp/bt_ae_chmod_a", *b = "/tmp/bt_ae_chmod_b";
	unlink(b);
	int fd = fresh_file(a);
	if (fd < 0) {
		fd = open(PROGRAM, O_RDONLY);
		errno = 0;
		int r1 = fchmod(fd, 0755), e1 = errno;
		errno = 0;
		int r2 = fchmodat(fd, "", 0755, AT_EMPTY_PATH), e2 = errno;
		CHECK(r1 == r2 && e1 == e2, "the archive: as fchmod (%d %d, %d %d)", r1, e1, r2, e2);
		return 0;
	}
	CHECK(rename(a, b) == 0, "rename");
	struct stat st;
	CHECK(fchmodat(fd, "", 0600, AT_EMPTY_PATH) == 0 && fstat(fd, &st) == 0 &&
	      (st.st_mode & 07777) == 0600, "mode %o", st.st_mode);
	CHECK(unlink(b) == 0, "unlink");
	return 0;
}

BTEST(faccessat_at_empty_path_asks_about_the_descriptor_s_file)
{
	int fd = open(PROGRAM, O_RDONLY);
	CHECK(fd >= 0, "open");
	CHECK(faccessat(fd, "", R_OK | X_OK, AT_EMPTY_PATH) == 0, "a program");
	CHECK(faccessat(fd, "", X_OK, AT_EMPTY_PATH | AT_EACCESS) == 0, "with AT_EACCESS");
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	errno = 0;
	CHECK(faccessat(fds[0], "", F_OK, AT_EMPTY_PATH) == -1 && errno == EINVAL, "a pipe");
	errno = 0;
	CHECK(faccessat(NOT_OPEN, "", F_OK, AT_EMPTY_PATH) == -1 && errno == EBADF, "not open");
	int t = fresh_file("/tmp/bt_ae_access");
	if (t >= 0) {	/* the disk: a file with no x bit is not executable, even by root */
		errno = 0;
		CHECK(faccessat(t, "", X_OK, AT_EMPTY_PATH) == -1 && errno == EACCES, "0644");
		CHECK(unlink("/tmp/bt_ae_access") == 0, "unlink");
	}
	return 0;
}

BTEST(utimensat_at_empty_path_is_futimens_of_the_descriptor)
{
	struct timespec ts[2] = { { 1000, 0 }, { 2000, 0 } };
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	errno = 0;
	CHECK(utimensat(fds[0], "", ts, AT_EMPTY_PATH) == -1 && errno == EINVAL, "a pipe");
	const char *a = "/tmp/bt_ae_times_a", *b = "/tmp/bt_ae_times_b";
	unlink(b);
	int fd = fresh_file(a);
	if (fd < 0) {
		fd = open(PROGRAM, O_RDONLY);
		errno = 0;
		int r1 = futimens(fd, ts), e1 = errno;
		errno = 0;
		int r2 = utimensat(fd, "", ts, AT_EMPTY_PATH), e2 = errno;
		CHECK(r1 == r2 && e1 == e2, "the archive: as futimens (%d %d, %d %d)", r1, e1, r2, e2);
		return 0;
	}
	CHECK(rename(a, b) == 0, "rename");
	struct stat st;
	CHECK(utimensat(fd, "", ts, AT_EMPTY_PATH) == 0 && fstat(fd, &st) == 0 &&
	      st.st_atim.tv_sec == 1000 && st.st_mtim.tv_sec == 2000, "times %lld %lld",
	      (long long)st.st_atim.tv_sec, (long long)st.st_mtim.tv_sec);
	CHECK(unlink(b) == 0, "unlink");
	return 0;
}

BTEST(rmdir_and_unlink_of_the_root_are_eisdir)
{
	/* FreeBSD's lookup: "/" is a degenerate name, EISDIR to a removal. */
	const char *roots[] = { "/", "//" };
	for (int i = 0; i < 2; i++) {
		errno = 0;
		CHECK(rmdir(roots[i]) == -1 && errno == EISDIR, "rmdir(\"%s\")", roots[i]);
		errno = 0;
		CHECK(unlink(roots[i]) == -1 && errno == EISDIR, "unlink(\"%s\")", roots[i]);
		errno = 0;
		CHECK(unlinkat(AT_FDCWD, roots[i], AT_REMOVEDIR) == -1 && errno == EISDIR,
		      "unlinkat(\"%s\", AT_REMOVEDIR)", roots[i]);
	}
	return 0;
}

/* An empty directory /tmp/bt_rmdot for the "." and ".." facts (the disk);
 * false from the boot archive, which has no /tmp. */
static bool fresh_dir(void)
{
	rmdir("/tmp/bt_rmdot/sub");
	rmdir("/tmp/bt_rmdot");
	return mkdir("/tmp/bt_rmdot", 0755) == 0;
}

BTEST(rmdir_of_dot_or_dot_dot_is_einval_and_removes_nothing)
{
	if (!fresh_dir())
		return 0;
	struct stat st;
	CHECK(mkdir("/tmp/bt_rmdot/sub", 0755) == 0, "mkdir sub");
	errno = 0;
	CHECK(rmdir("/tmp/bt_rmdot/sub/.") == -1 && errno == EINVAL, "sub/.");
	errno = 0;
	CHECK(rmdir("/tmp/bt_rmdot/sub/..") == -1 && errno == EINVAL, "sub/..");
	errno = 0;
	CHECK(rmdir("/tmp/bt_rmdot/sub/./") == -1 && errno == EINVAL, "sub/./");
	CHECK(chdir("/tmp/bt_rmdot/sub") == 0, "chdir");
	errno = 0;
	CHECK(rmdir(".") == -1 && errno == EINVAL, "the working directory as \".\"");
	errno = 0;
	CHECK(unlinkat(AT_FDCWD, "..", AT_REMOVEDIR) == -1 && errno == EINVAL, "unlinkat \"..\"");
	CHECK(stat("/tmp/bt_rmdot/sub", &st) == 0 && S_ISDIR(st.st_mode), "still there");
	errno = 0;
	CHECK(rmdir("/tmp/bt_rmdot/nothing/.") == -1 && errno == ENOENT, "the lookup's error first");
	CHECK(chdir("/") == 0 && rmdir("/tmp/bt_rmdot/sub") == 0 && rmdir("/tmp/bt_rmdot") == 0,
	      "by their names they go");
	return 0;
}

BTEST(unlink_of_dot_or_dot_dot_is_eperm)
{
	if (!fresh_dir())
		return 0;
	errno = 0;
	CHECK(unlink("/tmp/bt_rmdot/.") == -1 && errno == EPERM, "dir/.");
	errno = 0;
	CHECK(unlink("/tmp/bt_rmdot/..") == -1 && errno == EPERM, "dir/..");
	CHECK(chdir("/tmp/bt_rmdot") == 0, "chdir");
	errno = 0;
	CHECK(unlink(".") == -1 && errno == EPERM, "\".\"");
	CHECK(access("/tmp/bt_rmdot", F_OK) == 0, "still there");
	int fd = fresh_file("/tmp/bt_rmdot/f");
	CHECK(fd >= 0, "a file");
	errno = 0;
	CHECK(unlink("/tmp/bt_rmdot/f/.") == -1 && errno == ENOTDIR, "file/.");
	CHECK(unlink("f") == 0 && chdir("/") == 0 && rmdir("/tmp/bt_rmdot") == 0, "clean up");
	return 0;
}

/* /tmp/bt_search (mode `mode', root's) holding a file f (0644), made anew;
 * false from the boot archive. */
static bool search_dir(mode_t mode)
{
	unlink("/tmp/bt_search/f");
	rmdir("/tmp/bt_search");
	if (mkdir("/tmp/bt_search", 0755) != 0)
		return false;
	int fd = open("/tmp/bt_search/f", O_WRONLY | O_CREAT, 0644);
	return fd >= 0 && write(fd, "abc", 3) == 3 && close(fd) == 0 &&
	       chmod("/tmp/bt_search", mode) == 0;
}

/* Run in a child as user 1000: 0, or the number of the step that failed. */
static int as_a_user_searching_only(void)
{
	struct stat st;
	char buf[64];
	off_t base;
	int step = 0, d, f;
#define STEP(cond)	do { step++; if (!(cond)) return step; } while (0)
	STEP(setuid(1000) == 0);
	STEP(open("/tmp/bt_search", O_RDONLY) == -1 && errno == EACCES);	/* --x: not readable */
	STEP((d = open("/tmp/bt_search", O_SEARCH)) >= 0);
	STEP(fstatat(d, "f", &st, 0) == 0 && st.st_size == 3);
	STEP((f = openat(d, "f", O_RDONLY)) >= 0 && read(f, buf, sizeof(buf)) == 3);
	STEP(read(d, buf, sizeof(buf)) == -1 && errno == EBADF);
	STEP(getdirentries(d, buf, sizeof(buf), &base) == -1 && errno == EBADF);
	STEP(write(d, "x", 1) == -1 && errno == EBADF);
	STEP(fchdir(d) == 0 && stat("f", &st) == 0 && st.st_size == 3);
#undef STEP
	return 0;
}

static int searching_child(void *arg)
{
	(void)arg;
	return as_a_user_searching_only();
}

BTEST(o_search_opens_a_directory_for_the_at_calls_and_fchdir_but_not_for_reading)
{
	CHECK(O_SEARCH == O_EXEC, "O_SEARCH %#x, O_EXEC %#x", O_SEARCH, O_EXEC);
	if (!search_dir(0711))
		return 0;
	int st = bt_wait(bt_spawn(searching_child, NULL));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the user: step %d of as_a_user_searching_only",
	      WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	CHECK(unlink("/tmp/bt_search/f") == 0 && rmdir("/tmp/bt_search") == 0, "clean up");
	return 0;
}

static int not_searching_child(void *arg)
{
	(void)arg;
	if (setuid(1000) != 0)
		return 2;
	if (open("/tmp/bt_search", O_SEARCH) != -1 || errno != EACCES)
		return 3;
	return open("/tmp/bt_search", O_RDONLY) >= 0 ? 0 : 4;
}

BTEST(o_search_needs_search_permission_not_read_permission)
{
	if (!search_dir(0744))
		return 0;
	int st = bt_wait(bt_spawn(not_searching_child, NULL));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the user: %#x (3: not EACCES, 4: no read)",
	      st);
	CHECK(unlink("/tmp/bt_search/f") == 0 && rmdir("/tmp/bt_search") == 0, "clean up");
	return 0;
}

BTEST(o_exec_opens_a_file_to_execute_not_to_read_and_takes_no_access_mode)
{
	char c;
	int fd = open(PROGRAM, O_EXEC);
	CHECK(fd >= 0, "a program");
	errno = 0;
	CHECK(read(fd, &c, 1) == -1 && errno == EBADF, "read");
	CHECK(fcntl(fd, F_GETFL) & O_EXEC, "F_GETFL shows it");
	errno = 0;
	CHECK(open(PROGRAM, O_EXEC | O_RDWR) == -1 && errno == EINVAL, "with O_RDWR");
	errno = 0;
	CHECK(open(PROGRAM, O_SEARCH | O_WRONLY) == -1 && errno == EINVAL, "with O_WRONLY");
	errno = 0;
	CHECK(open("/dev/null", O_EXEC) == -1 && errno == EACCES, "a device: no x bit");
	int t = fresh_file("/tmp/bt_search_noexec");
	if (t >= 0) {	/* the disk: no x bit, not even root may */
		errno = 0;
		CHECK(open("/tmp/bt_search_noexec", O_EXEC) == -1 && errno == EACCES, "0644");
		CHECK(unlink("/tmp/bt_search_noexec") == 0, "unlink");
	}
	return 0;
}

BTEST(rename_of_dot_dot_dot_or_the_root_is_refused_and_moves_nothing)
{
	errno = 0;
	CHECK(rename("/", "/tmp/bt_rn_root") == -1 && errno == EISDIR, "from \"/\"");
	if (mkdir("/tmp/bt_rn", 0755) != 0 && errno != EEXIST)
		return 0;	/* the boot archive: no /tmp */
	rmdir("/tmp/bt_rn/moved");
	rmdir("/tmp/bt_rn/sub");
	CHECK(mkdir("/tmp/bt_rn/sub", 0755) == 0, "mkdir");
	errno = 0;
	CHECK(rename("/tmp/bt_rn/sub/.", "/tmp/bt_rn/moved") == -1 && errno == EINVAL, "from dir/.");
	errno = 0;
	CHECK(rename("/tmp/bt_rn/sub/..", "/tmp/bt_rn/moved") == -1 && errno == EINVAL,
	      "from dir/..");
	errno = 0;
	CHECK(rename("/tmp/bt_rn/sub", "/tmp/bt_rn/.") == -1 && errno == EINVAL, "to dir/.");
	errno = 0;
	CHECK(rename("/tmp/bt_rn/sub", "/") == -1 && errno == EINVAL, "a directory to \"/\"");
	struct stat st;
	CHECK(stat("/tmp/bt_rn/sub", &st) == 0 && access("/tmp/bt_rn/moved", F_OK) == -1,
	      "nothing moved");
	CHECK(rmdir("/tmp/bt_rn/sub") == 0 && rmdir("/tmp/bt_rn") == 0, "clean up");
	return 0;
}
