// SPDX-License-Identifier: BSD-2-Clause
// Descriptors: dup, dup2, fcntl, close, readv/writev, inheritance across
// fork, devices, files of the boot archive, bad pointers (EFAULT).
#include <fcntl.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <mach/mach.h>
#include "bt.h"

BTEST(dup_gives_the_lowest_free_descriptor)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	close(0);
	int d = dup(fds[1]);
	CHECK(d == 0, "dup gave %d", d);
	CHECK(write(d, "x", 1) == 1, "the copy writes to the pipe");
	char c;
	CHECK(read(fds[0], &c, 1) == 1 && c == 'x', "read");
	return 0;
}

BTEST(dup2_replaces_its_target)
{
	int a[2], b[2];
	char c;
	CHECK(pipe(a) == 0 && pipe(b) == 0, "pipes");
	CHECK(dup2(a[1], b[1]) == b[1], "dup2");
	CHECK(write(b[1], "y", 1) == 1, "write");
	CHECK(read(a[0], &c, 1) == 1 && c == 'y', "went to the first pipe");
	CHECK(dup2(a[1], a[1]) == a[1], "to itself");
	CHECK(dup2(99, 5) == -1 && errno == EBADF, "bad source");
	CHECK(dup2(a[1], 1000) == -1 && errno == EBADF, "bad target");
	return 0;
}

BTEST(fcntl_dupfd_takes_the_lowest_at_or_above_and_close_on_exec_is_per_descriptor)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	int d = fcntl(fds[1], F_DUPFD, 20);
	CHECK(d == 20, "F_DUPFD %d", d);
	CHECK(fcntl(d, F_GETFD) == 0, "no FD_CLOEXEC");
	int e = fcntl(fds[1], F_DUPFD_CLOEXEC, 20);
	CHECK(e == 21 && fcntl(e, F_GETFD) == FD_CLOEXEC, "F_DUPFD_CLOEXEC %d", e);
	CHECK(fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 && fcntl(fds[1], F_GETFD) == FD_CLOEXEC, "set");
	CHECK(fcntl(d, F_GETFD) == 0, "the copy keeps its own flag");
	CHECK(fcntl(fds[1], 999) == -1 && errno == EINVAL, "unknown command");
	return 0;
}

BTEST(close_of_a_bad_descriptor_is_ebadf)
{
	CHECK(close(-1) == -1 && errno == EBADF, "-1");
	CHECK(close(63) == -1 && errno == EBADF, "63");
	CHECK(close(1000) == -1 && errno == EBADF, "1000");
	char c;
	CHECK(read(40, &c, 1) == -1 && errno == EBADF, "read");
	return 0;
}

static int write_to_fd(void *arg)
{
	return write((int)(long)arg, "inherited", 9) == 9 ? 0 : 1;
}

BTEST(descriptors_are_inherited_across_fork)
{
	int fds[2];
	char buf[16] = { 0 };
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(write_to_fd, (void *)(long)fds[1]);
	CHECK(read(fds[0], buf, sizeof(buf)) == 9 && strcmp(buf, "inherited") == 0, "read %s", buf);
	CHECK(bt_wait(pid) == 0, "child");
	return 0;
}

BTEST(readv_and_writev_move_every_vector_in_order)
{
	int fds[2];
	char a[3], b[5];
	CHECK(pipe(fds) == 0, "pipe");
	struct iovec out[3] = { { "ab", 2 }, { "", 0 }, { "cdefgh", 6 } };
	CHECK(writev(fds[1], out, 3) == 8, "writev");
	struct iovec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	CHECK(readv(fds[0], in, 2) == 8, "readv");
	CHECK(memcmp(a, "abc", 3) == 0 && memcmp(b, "defgh", 5) == 0, "bytes");
	CHECK(writev(fds[1], out, 0) == -1 && errno == EINVAL, "no vectors");
	return 0;
}

BTEST(dev_null_reads_end_of_file_and_takes_every_write)
{
	int fd = open("/dev/null", O_RDWR);
	char c;
	CHECK(fd >= 0, "open");
	CHECK(read(fd, &c, 1) == 0, "read");
	CHECK(write(fd, "abc", 3) == 3, "write");
	close(fd);
	return 0;
}

BTEST(dev_zero_reads_zeros)
{
	int fd = open("/dev/zero", O_RDONLY);
	char buf[100];
	memset(buf, 7, sizeof(buf));
	CHECK(fd >= 0, "open");
	CHECK(read(fd, buf, sizeof(buf)) == sizeof(buf), "read");
	for (size_t i = 0; i < sizeof(buf); i++)
		CHECK(buf[i] == 0, "byte %zu", i);
	return 0;
}

BTEST(isatty_is_true_of_the_console_only)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(isatty(1), "stdout is the console");
	CHECK(!isatty(fds[0]) && errno == ENOTTY, "a pipe is not");
	int fd = open("/dev/null", O_RDONLY);
	CHECK(!isatty(fd), "/dev/null is not");
	return 0;
}

/* Run from the boot archive (read-only) or from the disk (tests/system
 * boots this suite there, in both shapes): the same facts but the last. */
BTEST(a_program_file_reads_as_written_and_the_archive_is_read_only)
{
	int fd = open("/bin/bt_exec_child", O_RDONLY);
	char magic[4];
	CHECK(fd >= 0, "open");
	CHECK(read(fd, magic, 4) == 4 && memcmp(magic, "\177ELF", 4) == 0, "an ELF file");
	CHECK(write(fd, "x", 1) == -1 && errno == EBADF, "opened for reading only");
	bool archive = access("/bin/bt_exec_child", W_OK) == -1 && errno == EROFS;
	int w = open("/bin/bt_exec_child", O_WRONLY);
	if (archive)
		CHECK(w == -1 && errno == EROFS, "read-only");
	else
		CHECK(w >= 0 && close(w) == 0, "root may write the disk's file");
	CHECK(open("/no/such/file", O_RDONLY) == -1 && errno == ENOENT, "missing");
	CHECK(open("/dev/nothing", O_RDONLY) == -1 && errno == ENOENT, "no such device");
	return 0;
}

BTEST(a_bad_buffer_pointer_is_efault_and_changes_nothing)
{
	int fds[2];
	char c;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(write(fds[1], BAD_PTR, 1) == -1 && errno == EFAULT, "write from page 0");
	CHECK(write(fds[1], "z", 1) == 1, "write");
	CHECK(read(fds[0], BAD_PTR, 1) == -1 && errno == EFAULT, "read into page 0");
	CHECK(read(fds[0], &c, 1) == 1 && c == 'z', "the byte is still there");
	CHECK(write(1, (void *)0x7fffffff000UL, 10) == -1 && errno == EFAULT, "console");
	return 0;
}

BTEST(a_read_into_read_only_memory_is_efault)
{
	int fd = open("/dev/zero", O_RDONLY);
	CHECK(fd >= 0, "open");
	/* main's own code: mapped, but not writable. */
	CHECK(read(fd, (void *)(unsigned long)&bt_wait, 4) == -1 && errno == EFAULT, "read");
	return 0;
}

/* The devices are bsd_server's, whatever the file system has under /dev:
 * stat of one by name says what fstat of it open says. */
BTEST(stat_of_a_device_by_name_is_what_fstat_of_it_open_says)
{
	const char *names[] = { "/dev/null", "/dev/zero" };
	for (int i = 0; i < 2; i++) {
		struct stat by_name, by_fd;
		int fd = open(names[i], O_RDONLY);
		CHECK(fd >= 0, "open %s", names[i]);
		int r = fstat(fd, &by_fd);
		close(fd);
		CHECK(r == 0 && stat(names[i], &by_name) == 0, "stat %s: errno %d", names[i], errno);
		CHECK(S_ISCHR(by_name.st_mode) && by_name.st_mode == by_fd.st_mode,
		      "%s: mode %#o by name, %#o open", names[i], (unsigned)by_name.st_mode,
		      (unsigned)by_fd.st_mode);
	}
	CHECK(stat("/dev/no-such-device", &(struct stat){0}) == -1 && errno == ENOENT, "no device");
	return 0;
}

/* access and O_DIRECTORY of a device by name: a character device of mode
 * 0666, not a directory. */
BTEST(access_and_o_directory_of_a_device_answer_as_for_a_character_device)
{
	CHECK(access("/dev/null", R_OK | W_OK) == 0, "access R_OK|W_OK: errno %d", errno);
	CHECK(access("/dev/zero", F_OK) == 0, "access F_OK: errno %d", errno);
	CHECK(access("/dev/null", X_OK) == -1 && errno == EACCES, "X_OK");
	CHECK(open("/dev/null", O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR, "O_DIRECTORY");
	return 0;
}

/*
 * The stat calls offer their structure for the kernel to check at the
 * trap (personalities/bsd/libc/stubs.S): a structure in page 0, in the
 * program's code, or running into a page that is not there is still
 * EFAULT, and one that ends just before such a page is filled in.
 */
BTEST(stat_and_fstat_into_memory_they_cannot_write_are_efault)
{
	struct stat *text = (struct stat *)(unsigned long)&bt_wait;
	CHECK(fstat(0, BAD_PTR) == -1 && errno == EFAULT, "fstat into page 0");
	CHECK(fstat(0, text) == -1 && errno == EFAULT, "fstat into code");
	CHECK(stat("/bsd_tests", text) == -1 && errno == EFAULT, "stat into code");
	CHECK(lstat("/bsd_tests", BAD_PTR) == -1 && errno == EFAULT, "lstat into page 0");
	vm_address_t two = 0;
	CHECK(vm_allocate(mach_task_self(), &two, 2 * 4096, VM_FLAGS_ANYWHERE) == KERN_SUCCESS,
	      "two pages");
	CHECK(vm_deallocate(mach_task_self(), two + 4096, 4096) == KERN_SUCCESS, "the second gone");
	struct stat *across = (struct stat *)(two + 4096 - 56);
	struct stat *inside = (struct stat *)(two + 4096 - sizeof(struct stat));
	int e1 = fstat(0, across) == -1 ? errno : 0;
	int e2 = stat("/bsd_tests", inside);
	mode_t mode = inside->st_mode;
	vm_deallocate(mach_task_self(), two, 4096);
	CHECK(e1 == EFAULT, "fstat across the end of the memory: errno %d", e1);
	CHECK(e2 == 0 && S_ISREG(mode), "stat just before the end: %d, mode %#o", e2,
	      (unsigned)mode);
	return 0;
}

/*
 * The path calls offer their path for the kernel to send with the request
 * (MACHRV_SYSCALL_STR_HINT, up to 128 bytes with its NUL; the stat calls
 * with their output, MACHRV_SYSCALL_OUTSTR_HINT): a path whose
 * NUL is the last byte before a page that is not there, one that runs
 * into that page, one longer than the offer, and one with a component
 * after 120 bytes of slashes all answer as without it.
 */
BTEST(paths_at_the_end_of_memory_and_longer_than_the_offer_answer_as_the_long_way)
{
	vm_address_t two = 0;
	CHECK(vm_allocate(mach_task_self(), &two, 2 * 4096, VM_FLAGS_ANYWHERE) == KERN_SUCCESS,
	      "two pages");
	CHECK(vm_deallocate(mach_task_self(), two + 4096, 4096) == KERN_SUCCESS, "the second gone");
	static const char name[] = "/bsd_tests";
	char *last = (char *)two + 4096 - sizeof(name);
	memcpy(last, name, sizeof(name));
	int fd = open(last, O_RDONLY);
	int e1 = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	int e6 = chdir(last) == -1 ? errno : 0;
	struct stat st;
	int e7 = stat(last, &st) == -1 ? errno : S_ISREG(st.st_mode) ? 0 : -1;
	char *across = (char *)two + 4096 - 4;
	memcpy(across, "/bsd", 4);			/* no NUL before the hole */
	int e2 = open(across, O_RDONLY) == -1 ? errno : 0;
	int e3 = access(across, F_OK) == -1 ? errno : 0;
	int e8 = lstat(across, &st) == -1 ? errno : 0;
	char *lng = (char *)two;
	memset(lng, '/', 200);
	strcpy(lng + 200 - (sizeof(name) - 1), name);	/* ".../////bsd_tests", 200 bytes */
	fd = open(lng, O_RDONLY);
	int e4 = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	memset(lng, 'x', 300);
	lng[0] = '/';
	lng[300] = 0;
	int e5 = open(lng, O_RDONLY) == -1 ? errno : 0;
	vm_deallocate(mach_task_self(), two, 4096);
	CHECK(e1 == 0, "a path ending just before the hole: errno %d", e1);
	CHECK(e2 == EFAULT && e3 == EFAULT, "a path running into the hole: errno %d %d", e2, e3);
	CHECK(e4 == 0, "a 200-byte path: errno %d", e4);
	CHECK(e5 == ENAMETOOLONG || e5 == ENOENT, "a 300-byte name: errno %d", e5);
	CHECK(e6 == ENOTDIR, "chdir to a file by a path at the end: errno %d", e6);
	CHECK(e7 == 0 && e8 == EFAULT, "stat (its path offered with its output): %d, %d", e7, e8);
	return 0;
}

BTEST(bad_pointers_to_calls_that_take_structures_are_efault)
{
	CHECK(sigaction(SIGUSR1, BAD_PTR, NULL) == -1 && errno == EFAULT, "sigaction");
	CHECK(sigprocmask(SIG_BLOCK, BAD_PTR, NULL) == -1 && errno == EFAULT, "sigprocmask");
	CHECK(gettimeofday(BAD_PTR, NULL) == -1 && errno == EFAULT, "gettimeofday");
	CHECK(open(BAD_PTR, O_RDONLY) == -1 && errno == EFAULT, "open");
	int status;
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	CHECK(waitpid(pid, BAD_PTR, 0) == -1 && errno == EFAULT, "waitpid");
	CHECK(waitpid(pid, &status, 0) == pid, "the child is still there to wait for");
	return 0;
}

BTEST(the_generic_ioctls_have_freebsd_s_numbers)
{
	CHECK(FIONBIO == 0x8004667eUL && FIOASYNC == 0x8004667dUL && FIOCLEX == 0x20006601UL &&
	      FIONCLEX == 0x20006602UL && FIONREAD == 0x4004667fUL, "<sys/filio.h>");
	return 0;
}

BTEST(fionbio_sets_and_clears_o_nonblock_of_the_open_file_as_f_setfl_does)
{
	int fds[2], on = 1, off = 0;
	char c;
	CHECK(pipe(fds) == 0, "pipe");
	int other = dup(fds[0]);
	CHECK(ioctl(fds[0], FIONBIO, &on) == 0, "FIONBIO on");
	CHECK(fcntl(fds[0], F_GETFL) & O_NONBLOCK, "F_GETFL says O_NONBLOCK");
	CHECK(fcntl(other, F_GETFL) & O_NONBLOCK, "so does a dup of it");
	errno = 0;
	CHECK(read(fds[0], &c, 1) == -1 && errno == EAGAIN, "an empty pipe's read: EAGAIN");
	pid_t pid = fork();
	if (pid == 0)
		_exit((fcntl(fds[0], F_GETFL) & O_NONBLOCK) ? 0 : 1);
	CHECK(bt_wait(pid) == 0, "a child shares it");
	CHECK(ioctl(other, FIONBIO, &off) == 0, "FIONBIO off, through the dup");
	CHECK(!(fcntl(fds[0], F_GETFL) & O_NONBLOCK), "F_GETFL: cleared");
	CHECK(fcntl(fds[1], F_GETFL) == O_WRONLY, "the other end untouched");
	int fd = open("/dev/null", O_RDWR);
	CHECK(fd >= 0 && ioctl(fd, FIONBIO, &on) == 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK),
	      "a device");
	errno = 0;
	CHECK(ioctl(fds[0], FIONBIO, BAD_PTR) == -1 && errno == EFAULT, "a bad pointer");
	return 0;
}

BTEST(fioasync_turns_o_async_off_and_refuses_to_turn_it_on)
{
	int fds[2], on = 1, off = 0;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(ioctl(fds[0], FIOASYNC, &off) == 0, "off");
	errno = 0;
	CHECK(ioctl(fds[0], FIOASYNC, &on) == -1 && errno == EINVAL, "on: no SIGIO delivery");
	CHECK(fcntl(fds[0], F_GETFL) == O_RDONLY, "the flags unchanged");
	return 0;
}

BTEST(fioclex_and_fionclex_set_and_clear_close_on_exec)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(ioctl(fds[0], FIOCLEX) == 0 && fcntl(fds[0], F_GETFD) == FD_CLOEXEC, "FIOCLEX");
	CHECK(fcntl(fds[1], F_GETFD) == 0, "the other descriptor untouched");
	CHECK(ioctl(fds[0], FIONCLEX) == 0 && fcntl(fds[0], F_GETFD) == 0, "FIONCLEX");
	errno = 0;
	CHECK(ioctl(57, FIOCLEX) == -1 && errno == EBADF, "not open");
	return 0;
}
