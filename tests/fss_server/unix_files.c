/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Files of a Unix program, and the system facts a userland needs, in
 * both shapes: bsd_server takes files from the fss server
 * (bsd_server/fs_fss.c, multi-server) or from the file system linked in
 * (fs_core.c, single-server).  Run by run_unix_files.py as init with
 * `scripts/test-program --unix --config SHAPE`, SHAPE ("multi" or
 * "single") its argument: it was itself loaded from the disk.  The image
 * holds secret.txt (root's, mode 0600) and readme.txt (0644).  Leaves
 * kept.txt and stamped.txt, fsync'd, for the host to read after the
 * power-off.  One "[TEST] PASS/FAIL fact" line per fact; exit status:
 * failures.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysctl.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <machrv/bsd_sysctl.h>
#include "../common/fact.h"

/* libutil's MachRV part, what ps and df stand on, is tested here too: its
 * one helper from the rest of libutil is ul_realloc. */
void *ul_realloc(void *p, size_t n)
{
	return realloc(p, n);
}
#include "../../personalities/bsd/libutil/sysdep_machrv.c"

static char big[5000], back[5000];

static void create_write_read(void)
{
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	int fd = open("/work.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
	FACT("open_with_O_CREAT_makes_a_file", fd >= 0, "errno %d", errno);
	ssize_t n = write(fd, big, sizeof(big));
	FACT("write_of_5000_bytes", n == (ssize_t)sizeof(big), "wrote %zd, errno %d", n, errno);
	close(fd);
	fd = open("/work.txt", O_RDONLY);
	n = read(fd, back, sizeof(back));
	FACT("read_back_what_was_written", n == (ssize_t)sizeof(back) && !memcmp(big, back, sizeof(big)),
	     "read %zd", n);
	FACT("read_at_the_end_is_0", read(fd, back, 10) == 0, "no");
	struct stat st;
	int r = fstat(fd, &st);
	FACT("fstat_says_a_regular_file_of_5000_bytes_mode_644",
	     r == 0 && S_ISREG(st.st_mode) && st.st_size == 5000 && (st.st_mode & 07777) == 0644 &&
	     st.st_nlink == 1 && st.st_uid == 0, "r %d mode %o size %ld", r, (unsigned)st.st_mode,
	     (long)st.st_size);
	off_t o = lseek(fd, 100, SEEK_SET);
	n = read(fd, back, 3);
	FACT("lseek_set_then_read", o == 100 && n == 3 && !memcmp(back, big + 100, 3), "o %ld", (long)o);
	o = lseek(fd, -10, SEEK_END);
	FACT("lseek_from_the_end", o == 4990, "o %ld", (long)o);
	o = lseek(fd, 5, SEEK_CUR);
	FACT("lseek_from_here", o == 4995, "o %ld", (long)o);
	errno = 0;
	FACT("lseek_before_the_start_is_EINVAL", lseek(fd, -1, SEEK_SET) == -1 && errno == EINVAL,
	     "errno %d", errno);
	o = lseek(fd, 7, SEEK_SET);
	n = pread(fd, back, 4, 200);
	FACT("pread_reads_at_its_offset_and_leaves_the_files",
	     n == 4 && !memcmp(back, big + 200, 4) && lseek(fd, 0, SEEK_CUR) == 7, "n %zd", n);
	FACT("pread_past_the_end_is_0", pread(fd, back, 4, 6000) == 0, "no");
	errno = 0;
	FACT("pread_at_a_negative_offset_is_EINVAL",
	     pread(fd, back, 1, -1) == -1 && errno == EINVAL, "errno %d", errno);
	errno = 0;
	FACT("pwrite_on_a_read_only_descriptor_is_EBADF",
	     pwrite(fd, "x", 1, 0) == -1 && errno == EBADF, "errno %d", errno);
	int pfd[2];
	errno = 0;
	FACT("pread_of_a_pipe_is_ESPIPE",
	     pipe(pfd) == 0 && pread(pfd[0], back, 1, 0) == -1 && errno == ESPIPE, "errno %d", errno);
	close(pfd[0]);
	close(pfd[1]);
	FACT("write_on_a_read_only_descriptor_is_EBADF",
	     write(fd, "x", 1) == -1 && errno == EBADF, "errno %d", errno);
	FACT("ftruncate_on_a_read_only_descriptor_is_EINVAL",
	     ftruncate(fd, 0) == -1 && errno == EINVAL, "errno %d", errno);
	close(fd);
	r = stat("/work.txt", &st);
	FACT("stat_by_path", r == 0 && st.st_size == 5000, "r %d errno %d", r, errno);
}

static void flags(void)
{
	int fd = open("/work.txt", O_WRONLY | O_APPEND);
	ssize_t n = write(fd, "END", 3);
	struct stat st;
	fstat(fd, &st);
	FACT("O_APPEND_writes_at_the_end", n == 3 && st.st_size == 5003, "size %ld", (long)st.st_size);
	/* POSIX (and FreeBSD): pwrite writes at its offset, O_APPEND or not. */
	n = pwrite(fd, "PW", 2, 10);
	char two[2];
	int rfd = open("/work.txt", O_RDONLY);
	FACT("pwrite_writes_at_its_offset_even_with_O_APPEND",
	     n == 2 && fstat(fd, &st) == 0 && st.st_size == 5003 &&
	     pread(rfd, two, 2, 10) == 2 && !memcmp(two, "PW", 2), "n %zd size %ld", n,
	     (long)st.st_size);
	close(rfd);
	FACT("ftruncate_shrinks", ftruncate(fd, 10) == 0 && fstat(fd, &st) == 0 && st.st_size == 10,
	     "size %ld errno %d", (long)st.st_size, errno);
	close(fd);
	fd = open("/work.txt", O_RDWR | O_TRUNC);
	FACT("O_TRUNC_empties_the_file", fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0,
	     "size %ld", (long)st.st_size);
	close(fd);
	errno = 0;
	FACT("O_CREAT_O_EXCL_of_an_existing_file_is_EEXIST",
	     open("/work.txt", O_WRONLY | O_CREAT | O_EXCL, 0644) == -1 && errno == EEXIST,
	     "errno %d", errno);
	FACT("opening_a_missing_file_is_ENOENT", open("/nope", O_RDONLY) == -1 && errno == ENOENT,
	     "errno %d", errno);
	FACT("opening_a_directory_for_writing_is_EISDIR",
	     open("/", O_WRONLY) == -1 && errno == EISDIR, "errno %d", errno);
	FACT("a_path_through_a_file_is_ENOTDIR",
	     open("/work.txt/x", O_RDONLY) == -1 && errno == ENOTDIR, "errno %d", errno);
	FACT("O_DIRECTORY_on_a_file_is_ENOTDIR",
	     open("/work.txt", O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR, "errno %d", errno);
}

static void fionread(void)
{
	int fd = open("/readme.txt", O_RDONLY), n0 = -1, n2 = -1, past = 0;
	char buf[2];
	ioctl(fd, FIONREAD, &n0);
	read(fd, buf, 2);
	ioctl(fd, FIONREAD, &n2);
	lseek(fd, 10, SEEK_SET);
	ioctl(fd, FIONREAD, &past);
	close(fd);
	FACT("fionread_on_a_file_is_the_bytes_from_the_offset_to_the_end",
	     n0 == 7 && n2 == 5 && past == -3, "%d %d %d errno %d", n0, n2, past, errno);
}

static void names(void)
{
	FACT("mkdir", mkdir("/d", 0755) == 0, "errno %d", errno);
	FACT("mkdir_of_an_existing_name_is_EEXIST", mkdir("/d", 0755) == -1 && errno == EEXIST,
	     "errno %d", errno);
	int fd = open("/d/f", O_WRONLY | O_CREAT, 0600);
	close(fd);
	FACT("rmdir_of_a_non_empty_directory_is_ENOTEMPTY",
	     rmdir("/d") == -1 && errno == ENOTEMPTY, "errno %d", errno);
	FACT("rename_across_directories", rename("/d/f", "/moved") == 0, "errno %d", errno);
	struct stat st;
	FACT("the_old_name_is_gone_and_the_new_one_is_there",
	     stat("/d/f", &st) == -1 && errno == ENOENT && stat("/moved", &st) == 0, "errno %d", errno);
	FACT("rmdir_of_an_empty_directory", rmdir("/d") == 0, "errno %d", errno);
	errno = 0;
	FACT("unlink_of_a_directory_is_EPERM_and_rmdir_still_removes_it",
	     mkdir("/d2", 0755) == 0 && unlink("/d2") == -1 && errno == EPERM &&
	     stat("/d2", &st) == 0 && rmdir("/d2") == 0 && stat("/d2", &st) == -1,
	     "errno %d", errno);
	FACT("unlink", unlink("/moved") == 0 && stat("/moved", &st) == -1 && errno == ENOENT,
	     "errno %d", errno);
	FACT("unlink_of_a_missing_name_is_ENOENT", unlink("/moved") == -1 && errno == ENOENT,
	     "errno %d", errno);
	FACT("stat_of_the_root_is_a_directory", stat("/", &st) == 0 && S_ISDIR(st.st_mode), "no");
}

/* A copy of this program under another name, with `mode'. */
static void copy_of_me(const char *path, mode_t mode)
{
	int in = open("/unix_files", O_RDONLY), out = open(path, O_WRONLY | O_CREAT, mode);
	char b[4096];
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, b, sizeof(b))) > 0)
		write(out, b, (size_t)n);
	close(in);
	close(out);
	chmod(path, mode);
}

/* As uid 1000 (a child): refused what the mode bits refuse. */
static void permissions(void)
{
	copy_of_me("/private_prog", 0700);	/* only root may run it */
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		if (setgid(1000) || setuid(1000))
			_exit(100);
		errno = 0;
		if (!(open("/new.txt", O_WRONLY | O_CREAT, 0644) == -1 && errno == EACCES))
			bad |= 1;
		if (!(open("/secret.txt", O_RDONLY) == -1 && errno == EACCES))
			bad |= 2;
		int fd = open("/readme.txt", O_RDONLY);
		if (fd < 0)
			bad |= 4;
		close(fd);
		if (!(mkdir("/mine", 0755) == -1 && errno == EACCES))
			bad |= 8;
		char *argv[] = { "unix_files", NULL };
		if (!(execve("/private_prog", argv, argv + 1) == -1 && errno == EACCES))
			bad |= 16;
		_exit(bad);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	FACT("uid_1000_may_read_readme_but_not_secret_nor_create_in_the_root_nor_run_root_s_0700_program",
	     WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
}

/* Little-endian fields of the ELF file at `p'. */
static uint64_t le(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Run `path' as "unix_files --exit-42"; its wait status, or -1 if execve failed (errno). */
static int run_exit_42(const char *path, int *exec_errno)
{
	int p[2];
	if (pipe(p))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		char *argv[] = { "unix_files", "--exit-42", NULL };
		close(p[0]);
		execve(path, argv, argv + 2);
		int e = errno;
		write(p[1], &e, sizeof(e));
		_exit(127);
	}
	close(p[1]);
	*exec_errno = 0;
	if (read(p[0], exec_errno, sizeof(*exec_errno)) != sizeof(*exec_errno))
		*exec_errno = 0;
	close(p[0]);
	int status = -1;
	waitpid(pid, &status, 0);
	return *exec_errno ? -1 : status;
}

/*
 * execve reads a program's headers and its segments' bytes, not what
 * follows them (symbols, debug sections): this program cut right after its
 * last segment still runs; cut inside a segment it is ENOEXEC.
 */
static void cut_programs(void)
{
	static unsigned char file[1024 * 1024];
	int in = open("/unix_files", O_RDONLY);
	ssize_t size = 0, n;
	while (in >= 0 && (n = read(in, file + size, sizeof(file) - (size_t)size)) > 0)
		size += n;
	close(in);
	uint64_t phoff = le(file + 32, 8), phnum = le(file + 56, 2), extent = 0;
	for (uint64_t i = 0; size > 64 && i < phnum; i++) {
		const unsigned char *ph = file + phoff + i * 56;
		if (le(ph, 4) == 1 && le(ph + 8, 8) + le(ph + 32, 8) > extent)	/* PT_LOAD */
			extent = le(ph + 8, 8) + le(ph + 32, 8);
	}
	FACT("this_program_has_bytes_after_its_last_segment",
	     size > 0 && (size_t)size < sizeof(file) && extent > 0 && extent < (uint64_t)size,
	     "size %zd extent %llu", size, (unsigned long long)extent);
	const struct { const char *path; uint64_t len; } cuts[] = {
		{ "/cut_after", extent }, { "/cut_inside", extent - 1 },
	};
	for (int i = 0; i < 2; i++) {
		int out = open(cuts[i].path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
		write(out, file, (size_t)cuts[i].len);
		close(out);
	}
	int e, status = run_exit_42("/cut_after", &e);
	FACT("a_program_cut_right_after_its_last_segment_still_runs",
	     status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 42, "status %#x errno %d",
	     status, e);
	status = run_exit_42("/cut_inside", &e);
	FACT("a_program_cut_inside_a_segment_is_ENOEXEC", status == -1 && e == ENOEXEC,
	     "status %#x errno %d", status, e);
	unlink("/cut_after");
	unlink("/cut_inside");
}

static void others(void)
{
	int p[2];
	struct stat st;
	FACT("fstat_of_a_pipe_is_a_fifo", pipe(p) == 0 && fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode),
	     "no");
	FACT("lseek_on_a_pipe_is_ESPIPE", lseek(p[0], 0, SEEK_SET) == -1 && errno == ESPIPE,
	     "errno %d", errno);
	close(p[0]);
	close(p[1]);
	FACT("fstat_of_the_console_is_a_character_device", fstat(1, &st) == 0 && S_ISCHR(st.st_mode),
	     "no");
	FACT("this_program_was_loaded_from_the_disk",
	     stat("/unix_files", &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111), "errno %d",
	     errno);
}

/* readdir through getdirentries: the root's entries with their types, and
 * a directory of 200 files, listed once each over many calls. */
static void directories(void)
{
	DIR *d = opendir("/");
	int seen = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, "readme.txt") && e->d_type == DT_REG)
			seen |= 1;
		if (!strcmp(e->d_name, "unix_files") && e->d_type == DT_REG)
			seen |= 2;
		if (!strcmp(e->d_name, "..") && e->d_type == DT_DIR)
			seen |= 4;
	}
	if (d)
		closedir(d);
	FACT("readdir_of_the_root_lists_its_files_with_their_types", seen == 7, "seen %#x", seen);
	mkdir("/many", 0755);
	int made = 0;
	for (int i = 0; i < 200; i++) {
		char name[32];
		snprintf(name, sizeof(name), "/many/file%03d", i);
		int fd = open(name, O_WRONLY | O_CREAT, 0644);
		made += fd >= 0;
		close(fd);
	}
	static char once[200];
	int total = 0, dup = 0;
	d = opendir("/many");
	while (d && (e = readdir(d))) {
		int k;
		total++;
		if (sscanf(e->d_name, "file%d", &k) == 1 && k >= 0 && k < 200)
			dup += once[k]++ != 0;
	}
	int listed = 0;
	for (int i = 0; i < 200; i++)
		listed += once[i] == 1;
	if (d)
		closedir(d);
	FACT("readdir_of_200_files_lists_each_once", made == 200 && listed == 200 && dup == 0 &&
	     total == 202, "made %d listed %d dup %d total %d", made, listed, dup, total);
	errno = 0;
	FACT("opendir_of_a_file_is_ENOTDIR", opendir("/readme.txt") == NULL && errno == ENOTDIR,
	     "errno %d", errno);
}

static void links_and_attributes(void)
{
	int fd = open("/orig", O_WRONLY | O_CREAT, 0644);
	write(fd, "12345", 5);
	close(fd);
	struct stat st;
	FACT("link_adds_a_name", link("/orig", "/hard") == 0 && stat("/orig", &st) == 0 &&
	     st.st_nlink == 2, "errno %d nlink %d", errno, (int)st.st_nlink);
	FACT("link_onto_an_existing_name_is_EEXIST", link("/orig", "/hard") == -1 && errno == EEXIST,
	     "errno %d", errno);
	FACT("symlink_and_a_path_through_it", symlink("orig", "/sym") == 0 &&
	     stat("/sym", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 5, "errno %d", errno);
	FACT("lstat_sees_the_symlink_itself", lstat("/sym", &st) == 0 && S_ISLNK(st.st_mode) &&
	     st.st_size == 4, "errno %d mode %o", errno, (unsigned)st.st_mode);
	char buf[64] = { 0 };
	ssize_t n = readlink("/sym", buf, sizeof(buf));
	FACT("readlink_gives_the_target_unterminated", n == 4 && !memcmp(buf, "orig", 4),
	     "n %zd errno %d", n, errno);
	FACT("readlink_of_a_file_is_EINVAL", readlink("/orig", buf, sizeof(buf)) == -1 &&
	     errno == EINVAL, "errno %d", errno);
	struct stat orig = { 0 };
	stat("/orig", &orig);
	FACT("link_follows_a_final_symlink_and_names_the_file_it_leads_to",
	     link("/sym", "/viasym") == 0 && lstat("/viasym", &st) == 0 && S_ISREG(st.st_mode) &&
	     st.st_ino == orig.st_ino && st.st_nlink == 3 && unlink("/viasym") == 0,
	     "errno %d mode %o", errno, (unsigned)st.st_mode);
	FACT("chmod", chmod("/orig", 0600) == 0 && stat("/orig", &st) == 0 &&
	     (st.st_mode & 07777) == 0600, "mode %o", (unsigned)st.st_mode);
	FACT("chown_by_root", chown("/orig", 1000, 1000) == 0 && stat("/orig", &st) == 0 &&
	     st.st_uid == 1000 && st.st_gid == 1000, "uid %d", (int)st.st_uid);
	struct timeval tv[2] = { { 1000000, 0 }, { 2000000, 0 } };
	FACT("utimes_sets_both_times", utimes("/orig", tv) == 0 && stat("/orig", &st) == 0 &&
	     st.st_atime == 1000000 && st.st_mtime == 2000000, "mtime %ld", (long)st.st_mtime);
	FACT("truncate_by_path", truncate("/orig", 2) == 0 && stat("/orig", &st) == 0 &&
	     st.st_size == 2, "size %ld", (long)st.st_size);
	FACT("access_of_an_existing_file_F_OK", access("/orig", F_OK) == 0, "errno %d", errno);
	FACT("access_of_a_missing_file_is_ENOENT", access("/none", F_OK) == -1 && errno == ENOENT,
	     "errno %d", errno);
	pid_t pid = fork();
	if (pid == 0) {
		int bad = 0;
		if (setgid(2000) || setuid(2000))
			_exit(100);
		if (!(chmod("/orig", 0777) == -1 && errno == EPERM))
			bad |= 1;
		if (!(access("/orig", R_OK) == -1 && errno == EACCES))	/* 0600, uid 1000's */
			bad |= 2;
		if (access("/readme.txt", R_OK) != 0)
			bad |= 4;
		_exit(bad);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	FACT("a_stranger_may_not_chmod_and_access_says_what_the_bits_say",
	     WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	unlink("/sym");
	unlink("/hard");
	unlink("/orig");
}

static void working_directory(void)
{
	char buf[256];
	FACT("the_first_working_directory_is_the_root", getcwd(buf, sizeof(buf)) &&
	     !strcmp(buf, "/"), "'%s'", buf);
	mkdir("/w", 0755);
	mkdir("/w/x", 0755);
	FACT("chdir_and_getcwd", chdir("/w/x") == 0 && getcwd(buf, sizeof(buf)) &&
	     !strcmp(buf, "/w/x"), "errno %d '%s'", errno, buf);
	int fd = open("rel.txt", O_WRONLY | O_CREAT, 0666);
	close(fd);
	struct stat st;
	FACT("a_relative_path_starts_at_the_working_directory", fd >= 0 &&
	     stat("/w/x/rel.txt", &st) == 0 && stat("../x/./rel.txt", &st) == 0, "errno %d", errno);
	FACT("the_umask_022_takes_group_and_other_write", (st.st_mode & 0777) == 0644, "mode %o",
	     (unsigned)st.st_mode);
	mode_t old = umask(077);
	fd = open("rel2.txt", O_WRONLY | O_CREAT, 0666);
	close(fd);
	FACT("umask_returns_the_old_mask_and_sets_the_new",
	     old == 022 && stat("rel2.txt", &st) == 0 && (st.st_mode & 0777) == 0600,
	     "old %o mode %o", (unsigned)old, (unsigned)st.st_mode);
	umask(022);
	FACT("chdir_to_a_file_is_ENOTDIR", chdir("rel.txt") == -1 && errno == ENOTDIR, "errno %d",
	     errno);
	FACT("chdir_up_to_the_root", chdir("../..") == 0 && getcwd(buf, sizeof(buf)) &&
	     !strcmp(buf, "/"), "'%s'", buf);
	FACT("getcwd_into_too_small_a_buffer_is_ERANGE", getcwd(buf, 1) == NULL && errno == ERANGE,
	     "errno %d", errno);
	int d = open("/w/x", O_RDONLY | O_DIRECTORY);
	FACT("fchdir_to_an_open_directory", d >= 0 && fchdir(d) == 0 && getcwd(buf, sizeof(buf)) &&
	     !strcmp(buf, "/w/x"), "errno %d '%s'", errno, buf);
	close(d);
	fd = open("rel.txt", O_RDWR);
	FACT("fchmod_and_fchown_of_an_open_file", fd >= 0 && fchmod(fd, 0640) == 0 &&
	     fchown(fd, 7, 8) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0640 &&
	     st.st_uid == 7 && st.st_gid == 8, "errno %d", errno);
	FACT("fchdir_to_a_file_is_ENOTDIR", fchdir(fd) == -1 && errno == ENOTDIR, "errno %d", errno);
	close(fd);
	chdir("/");
}

/* lchown, utimensat, futimens: owners and times of a symlink and of what
 * it names, UTIME_NOW and UTIME_OMIT, a directory descriptor as the start. */
static void owners_and_times(void)
{
	int fd = open("/target", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	close(fd);
	symlink("target", "/link");
	struct stat l, t;
	FACT("lchown_changes_the_symlink_s_owner_and_not_its_target_s",
	     lchown("/link", 300, 301) == 0 && lstat("/link", &l) == 0 && S_ISLNK(l.st_mode) &&
	     l.st_uid == 300 && l.st_gid == 301 && stat("/target", &t) == 0 && t.st_uid == 0 &&
	     t.st_gid == 0, "errno %d link %d:%d target %d:%d", errno, (int)l.st_uid,
	     (int)l.st_gid, (int)t.st_uid, (int)t.st_gid);
	FACT("chown_through_a_symlink_changes_the_target_only",
	     chown("/link", 400, 401) == 0 && stat("/target", &t) == 0 && t.st_uid == 400 &&
	     lstat("/link", &l) == 0 && l.st_uid == 300, "errno %d target %d link %d", errno,
	     (int)t.st_uid, (int)l.st_uid);
	errno = 0;
	FACT("lchown_of_a_missing_name_is_ENOENT", lchown("/no-link", 1, 1) == -1 && errno == ENOENT,
	     "errno %d", errno);

	struct timespec set[2] = { { 1000000, 0 }, { 2000000, 0 } };
	FACT("utimensat_sets_both_times", utimensat(AT_FDCWD, "/target", set, 0) == 0 &&
	     stat("/target", &t) == 0 && t.st_atime == 1000000 && t.st_mtime == 2000000,
	     "errno %d atime %ld mtime %ld", errno, (long)t.st_atime, (long)t.st_mtime);
	struct timespec omit_a[2] = { { 0, UTIME_OMIT }, { 3000000, 0 } };
	FACT("utimensat_with_UTIME_OMIT_keeps_atime_while_setting_mtime",
	     utimensat(AT_FDCWD, "/target", omit_a, 0) == 0 && stat("/target", &t) == 0 &&
	     t.st_atime == 1000000 && t.st_mtime == 3000000, "errno %d atime %ld mtime %ld", errno,
	     (long)t.st_atime, (long)t.st_mtime);
	/* The file system's present is its own clock's (the root's newest
	 * time plus the time since boot), the one ctime is stamped with. */
	struct timespec now_m[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	FACT("utimensat_UTIME_NOW_sets_mtime_to_the_present_and_UTIME_OMIT_keeps_atime",
	     utimensat(AT_FDCWD, "/target", now_m, 0) == 0 && stat("/target", &t) == 0 &&
	     t.st_atime == 1000000 && t.st_mtime > 1000000000 && t.st_mtime - t.st_ctime <= 1 &&
	     t.st_ctime - t.st_mtime <= 1, "errno %d atime %ld mtime %ld ctime %ld", errno,
	     (long)t.st_atime, (long)t.st_mtime, (long)t.st_ctime);
	struct timespec both_omit[2] = { { 5, UTIME_OMIT }, { 6, UTIME_OMIT } };
	struct stat before = t;
	FACT("utimensat_with_both_omitted_changes_nothing",
	     utimensat(AT_FDCWD, "/target", both_omit, 0) == 0 && stat("/target", &t) == 0 &&
	     t.st_atime == before.st_atime && t.st_mtime == before.st_mtime, "errno %d", errno);
	errno = 0;
	FACT("utimensat_of_a_missing_file_is_ENOENT_even_with_both_omitted",
	     utimensat(AT_FDCWD, "/none", both_omit, 0) == -1 && errno == ENOENT, "errno %d", errno);
	struct timespec bad[2] = { { 1, 1000000000L }, { 1, 0 } };
	errno = 0;
	FACT("utimensat_with_tv_nsec_out_of_range_is_EINVAL",
	     utimensat(AT_FDCWD, "/target", bad, 0) == -1 && errno == EINVAL, "errno %d", errno);
	struct timespec link_times[2] = { { 4000000, 0 }, { 5000000, 0 } };
	FACT("utimensat_AT_SYMLINK_NOFOLLOW_sets_the_symlink_s_times_not_the_target_s",
	     utimensat(AT_FDCWD, "/link", link_times, AT_SYMLINK_NOFOLLOW) == 0 &&
	     lstat("/link", &l) == 0 && l.st_mtime == 5000000 && stat("/target", &t) == 0 &&
	     t.st_mtime == before.st_mtime, "errno %d link %ld target %ld", errno,
	     (long)l.st_mtime, (long)t.st_mtime);
	int d = open("/", O_RDONLY | O_DIRECTORY);
	FACT("utimensat_and_fstatat_start_at_a_directory_descriptor",
	     d >= 0 && utimensat(d, "target", set, 0) == 0 && fstatat(d, "target", &t, 0) == 0 &&
	     t.st_mtime == 2000000, "errno %d mtime %ld", errno, (long)t.st_mtime);
	close(d);
	errno = 0;
	FACT("a_relative_path_from_a_descriptor_that_is_not_a_directory_is_ENOTDIR_or_EBADF",
	     utimensat(0, "target", set, 0) == -1 && errno == ENOTDIR &&
	     utimensat(55, "target", set, 0) == -1 && errno == EBADF, "errno %d", errno);

	fd = open("/target", O_RDWR);
	struct timespec f_times[2] = { { 6000000, 0 }, { 7000000, 0 } };
	FACT("futimens_sets_the_times_of_an_open_file",
	     fd >= 0 && futimens(fd, f_times) == 0 && fstat(fd, &t) == 0 &&
	     t.st_atime == 6000000 && t.st_mtime == 7000000, "errno %d atime %ld", errno,
	     (long)t.st_atime);
	FACT("futimens_NULL_sets_both_to_the_present",
	     futimens(fd, NULL) == 0 && fstat(fd, &t) == 0 && t.st_atime > 1000000000 &&
	     t.st_mtime > 1000000000, "errno %d atime %ld mtime %ld", errno, (long)t.st_atime,
	     (long)t.st_mtime);
	close(fd);
	int p[2];
	pipe(p);
	errno = 0;
	FACT("futimens_of_a_pipe_is_EINVAL", futimens(p[0], NULL) == -1 && errno == EINVAL,
	     "errno %d", errno);
	close(p[0]);
	close(p[1]);

	/* POSIX's rule: "now" for the owner or a writer, explicit times (or
	 * one now and one omitted) for the owner only. */
	fd = open("/shared", O_WRONLY | O_CREAT | O_TRUNC, 0666);
	close(fd);
	chmod("/shared", 0666);
	pid_t pid = fork();
	if (pid == 0) {
		int bad_bits = 0;
		if (setgid(2000) || setuid(2000))
			_exit(100);
		if (utimensat(AT_FDCWD, "/shared", NULL, 0) != 0)
			bad_bits |= 1;
		if (!(utimensat(AT_FDCWD, "/shared", set, 0) == -1 && errno == EPERM))
			bad_bits |= 2;
		if (!(utimensat(AT_FDCWD, "/shared", now_m, 0) == -1 && errno == EPERM))
			bad_bits |= 4;
		if (!(utimensat(AT_FDCWD, "/readme.txt", NULL, 0) == -1 && errno == EACCES))
			bad_bits |= 8;
		if (!(lchown("/link", 2000, 2000) == -1 && errno == EPERM))
			bad_bits |= 16;
		_exit(bad_bits);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	FACT("a_writer_may_set_the_present_but_only_the_owner_explicit_times",
	     WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
	unlink("/shared");
	unlink("/link");
	unlink("/target");
}

/* statvfs, fstatvfs, statfs, getfsstat: the disk's real numbers. */
/* /dev: bsd_server's devices, as FreeBSD's devfs shows them (bsd_server/dev.c). */
static void devices(void)
{
	static const struct { const char *name; int major, minor; } devs[] = {
		{ "console", 0, 0 }, { "tty", 1, 0 }, { "null", 2, 2 }, { "zero", 2, 12 },
	};
	struct stat root, st[4];
	bool ok = stat("/", &root) == 0;
	for (int i = 0; i < 4; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/dev/%s", devs[i].name);
		ok = ok && stat(path, &st[i]) == 0 && S_ISCHR(st[i].st_mode) &&
		     major(st[i].st_rdev) == devs[i].major && minor(st[i].st_rdev) == devs[i].minor &&
		     st[i].st_dev != root.st_dev && st[i].st_dev == st[0].st_dev && st[i].st_nlink == 1;
		for (int j = 0; ok && j < i; j++)
			ok = st[j].st_ino != st[i].st_ino;
	}
	FACT("each_device_has_its_own_inode_and_4_4bsd_device_number_on_its_own_file_system", ok,
	     "errno %d", errno);
	int fd = open("/dev/null", O_WRONLY);
	struct stat f;
	FACT("fstat_of_an_open_device_says_what_stat_of_its_name_says",
	     fd >= 0 && fstat(fd, &f) == 0 && f.st_dev == st[2].st_dev && f.st_ino == st[2].st_ino &&
	     f.st_rdev == st[2].st_rdev && f.st_mode == st[2].st_mode, "fd %d errno %d", fd, errno);
	if (fd >= 0)
		close(fd);
	DIR *d = opendir("/dev");
	int seen[4] = { 0 }, others = 0, dots = 0;
	bool types = true;
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			dots++;
			continue;
		}
		int k = -1;
		for (int i = 0; i < 4; i++)
			if (!strcmp(e->d_name, devs[i].name))
				k = i;
		if (k < 0) {
			others++;
			continue;
		}
		seen[k]++;
		types = types && e->d_type == DT_CHR && e->d_fileno == st[k].st_ino;
	}
	long again = -1;
	if (d) {
		rewinddir(d);
		again = 0;
		while (readdir(d))
			again++;
		closedir(d);
	}
	FACT("dev_lists_each_device_once_as_a_character_device_with_its_inode",
	     d && dots == 2 && others == 0 && types && seen[0] == 1 && seen[1] == 1 &&
	     seen[2] == 1 && seen[3] == 1 && again == 6,
	     "dots %d others %d seen %d %d %d %d again %ld", dots, others, seen[0], seen[1], seen[2],
	     seen[3], again);
	FACT("a_name_under_dev_that_is_no_device_is_ENOENT_and_dev_slash_is_the_directory",
	     open("/dev/nothing", O_RDONLY) == -1 && errno == ENOENT &&
	     (fd = open("/dev/", O_RDONLY | O_DIRECTORY)) >= 0 && close(fd) == 0, "errno %d", errno);
}

static void file_system_numbers(void)
{
	struct statvfs a, b, c;
	int r = statvfs("/", &a);
	FACT("statvfs_of_the_root_gives_its_blocks_and_free_blocks",
	     r == 0 && a.f_blocks > 0 && a.f_bfree <= a.f_blocks && a.f_bavail <= a.f_bfree &&
	     a.f_frsize == 1024 && a.f_files > 0 && a.f_ffree <= a.f_files && a.f_namemax == 255,
	     "r %d errno %d blocks %llu bfree %llu frsize %lu", r, errno,
	     (unsigned long long)a.f_blocks, (unsigned long long)a.f_bfree, a.f_frsize);
	static char block[4096];
	memset(block, 'x', sizeof(block));
	int fd = open("/big64k", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = 0;
	for (int i = 0; i < 16; i++)
		n += write(fd, block, sizeof(block));
	r = fstatvfs(fd, &b);
	close(fd);
	FACT("the_free_count_drops_by_64_blocks_or_more_after_writing_64_KiB",
	     n == 65536 && r == 0 && b.f_blocks == a.f_blocks && a.f_bfree >= b.f_bfree + 64,
	     "wrote %zd r %d bfree %llu -> %llu", n, r, (unsigned long long)a.f_bfree,
	     (unsigned long long)b.f_bfree);
	/* The blocks come back when the last reference goes: in the
	 * multi-server shape that is fss's no-senders notification of the
	 * closed file's port, which may come a moment after close. */
	r = unlink("/big64k");
	for (int tries = 0; r == 0 && tries < 200; tries++) {
		r = statvfs("/", &c);
		if (r || c.f_bfree >= b.f_bfree + 64)
			break;
		struct timespec ms = { 0, 10000000 };
		nanosleep(&ms, NULL);
	}
	FACT("the_free_count_rises_again_after_unlinking_it",
	     r == 0 && c.f_bfree >= b.f_bfree + 64 && c.f_ffree == b.f_ffree + 1,
	     "r %d bfree %llu -> %llu ffree %u -> %u", r, (unsigned long long)b.f_bfree,
	     (unsigned long long)c.f_bfree, (unsigned)b.f_ffree, (unsigned)c.f_ffree);
	errno = 0;
	FACT("statvfs_of_a_missing_path_is_ENOENT", statvfs("/none/x", &c) == -1 && errno == ENOENT,
	     "errno %d", errno);

	struct statfs fs[4];
	int count = getfsstat(NULL, 0, MNT_NOWAIT);
	int got = getfsstat(fs, sizeof(fs), MNT_WAIT);
	FACT("getfsstat_lists_the_root_from_disk0_as_ext2",
	     count == 1 && got == 1 && fs[0].f_version == STATFS_VERSION &&
	     !strcmp(fs[0].f_mntonname, "/") && !strcmp(fs[0].f_mntfromname, "disk0") &&
	     !strcmp(fs[0].f_fstypename, "ext2") && fs[0].f_blocks == a.f_blocks &&
	     !(fs[0].f_flags & MNT_RDONLY), "count %d got %d on '%s' from '%s' type '%s'", count,
	     got, fs[0].f_mntonname, fs[0].f_mntfromname, fs[0].f_fstypename);
	errno = 0;
	FACT("statfs_into_a_bad_buffer_is_EFAULT",
	     statfs("/", (struct statfs *)8) == -1 && errno == EFAULT, "errno %d", errno);
	struct ul_mount *m = NULL;
	int nm = ul_sys_mounts(&m);
	FACT("ul_sys_mounts_gives_df_disk0_on_the_root", nm == 1 && !strcmp(m[0].from, "disk0") &&
	     !strcmp(m[0].on, "/") && !strcmp(m[0].type, "ext2"), "n %d", nm);
	free(m);
}

/* uname and the host's name: sysctl's kern.* strings. */
static void system_names(const char *shape)
{
	struct utsname u;
	int r = uname(&u);
	FACT("uname_says_MachRV_on_riscv64", r == 0 && !strcmp(u.sysname, "MachRV") &&
	     !strcmp(u.machine, "riscv64") && u.release[0] && !strcmp(u.nodename, "machrv"),
	     "'%s' '%s' '%s' '%s'", u.sysname, u.machine, u.release, u.nodename);
	char want[32], other[32];
	snprintf(want, sizeof(want), "%s-server", shape);
	snprintf(other, sizeof(other), "%s-server", strcmp(shape, "multi") ? "multi" : "single");
	FACT("uname_s_version_names_the_shape_booted",
	     r == 0 && strstr(u.version, want) && !strstr(u.version, other), "version '%s' (want %s)",
	     u.version, want);
	char name[64];
	FACT("root_sets_the_host_s_name", sethostname("tester", 6) == 0 &&
	     gethostname(name, sizeof(name)) == 0 && !strcmp(name, "tester") && uname(&u) == 0 &&
	     !strcmp(u.nodename, "tester"), "errno %d '%s'", errno, name);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(100);
		_exit(sethostname("x", 1) == -1 && errno == EPERM ? 0 : 1);
	}
	int status = -1;
	waitpid(pid, &status, 0);
	FACT("others_may_not_set_the_host_s_name", WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
	     gethostname(name, sizeof(name)) == 0 && !strcmp(name, "tester"), "status %#x", status);
	sethostname("machrv", 6);
}

/* The process table: sysctl kern.proc.all. */
static int kp_all(struct bsd_kinfo_proc *kp, int max)
{
	int mib[3] = { CTL_KERN, KERN_PROC, KERN_PROC_ALL };
	size_t len = (size_t)max * sizeof(*kp);
	if (sysctl(mib, 3, kp, &len, NULL, 0) < 0)
		return -1;
	return (int)(len / sizeof(*kp));
}

static const struct bsd_kinfo_proc *kp_find(const struct bsd_kinfo_proc *kp, int n, pid_t pid)
{
	for (int i = 0; i < n; i++)
		if (kp[i].kp_pid == pid)
			return &kp[i];
	return NULL;
}

static void process_table(void)
{
	static struct bsd_kinfo_proc kp[64];
	int mib[3] = { CTL_KERN, KERN_PROC, KERN_PROC_ALL };
	int ready[2];
	pipe(ready);
	pid_t child = fork();
	if (child == 0) {
		write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	char c;
	read(ready[0], &c, 1);
	close(ready[0]);
	close(ready[1]);
	/* The child parks in pause (sigsuspend) soon after it wrote. */
	int n = 0;
	const struct bsd_kinfo_proc *me = NULL, *kid = NULL;
	for (int tries = 0; tries < 200; tries++) {
		n = kp_all(kp, 64);
		me = kp_find(kp, n, getpid());
		kid = kp_find(kp, n, child);
		if (kid && kid->kp_state == 'S')
			break;
		struct timespec ms = { 0, 10000000 };
		nanosleep(&ms, NULL);
	}
	size_t need = 0;
	int r = sysctl(mib, 3, NULL, &need, NULL, 0);
	FACT("sysctl_without_a_buffer_says_the_size_the_table_needs",
	     r == 0 && need == (size_t)n * sizeof(kp[0]) && n >= 2, "r %d need %zu n %d", r, need, n);
	FACT("kern_proc_all_lists_this_process_running_with_its_ids_command_and_task",
	     me && me->kp_size == sizeof(*me) && me->kp_ppid == getppid() &&
	     me->kp_pgid == getpgrp() && me->kp_uid == 0 && me->kp_state == 'R' &&
	     !strcmp(me->kp_comm, "unix_files") && !strcmp(me->kp_task, "unix_files"),
	     "me %p ppid %d state %c comm '%s' task '%s'", (void *)me, me ? me->kp_ppid : -1,
	     me ? me->kp_state : '?', me ? me->kp_comm : "", me ? me->kp_task : "");
	FACT("kern_proc_all_lists_a_forked_child_in_pause_as_sleeping",
	     kid && kid->kp_ppid == getpid() && kid->kp_pgid == getpgrp() && kid->kp_state == 'S',
	     "kid %p ppid %d state %c", (void *)kid, kid ? kid->kp_ppid : -1,
	     kid ? kid->kp_state : '?');
	for (int i = 1; i < n; i++)
		if (kp[i - 1].kp_pid >= kp[i].kp_pid)
			r = -1;
	FACT("kern_proc_all_is_in_pid_order", r == 0, "no");
	kill(child, SIGSTOP);
	const struct bsd_kinfo_proc *k = NULL;
	for (int tries = 0; tries < 200; tries++) {
		n = kp_all(kp, 64);
		if ((k = kp_find(kp, n, child)) && k->kp_state == 'T')
			break;
		struct timespec ms = { 0, 10000000 };
		nanosleep(&ms, NULL);
	}
	FACT("a_stopped_child_is_T", k && k->kp_state == 'T', "state %c", k ? k->kp_state : '?');
	kill(child, SIGKILL);
	for (int tries = 0; tries < 200; tries++) {
		n = kp_all(kp, 64);
		if ((k = kp_find(kp, n, child)) && k->kp_state == 'Z')
			break;
		struct timespec ms = { 0, 10000000 };
		nanosleep(&ms, NULL);
	}
	FACT("a_dead_child_not_yet_waited_for_is_a_zombie_without_a_task",
	     k && k->kp_state == 'Z' && !strcmp(k->kp_task, "-"), "state %c task '%s'",
	     k ? k->kp_state : '?', k ? k->kp_task : "");
	waitpid(child, NULL, 0);
	n = kp_all(kp, 64);
	FACT("a_waited_for_child_is_gone_from_the_table", n >= 1 && !kp_find(kp, n, child),
	     "n %d", n);

	/* A program run under another argv[0]: its command is argv[0]'s last
	 * part, its task is named after its file (task_set_name at exec). */
	copy_of_me("/ps_prog", 0755);
	child = fork();
	if (child == 0) {
		char *args[] = { "/some/where/renamed", "--pause", NULL };
		execve("/ps_prog", args, args + 2);
		_exit(127);
	}
	for (int tries = 0; tries < 300; tries++) {
		n = kp_all(kp, 64);
		if ((k = kp_find(kp, n, child)) && k->kp_state == 'S' && !strcmp(k->kp_comm, "renamed"))
			break;
		struct timespec ms = { 0, 10000000 };
		nanosleep(&ms, NULL);
	}
	FACT("an_exec_ed_program_s_command_is_argv0_s_last_part_and_its_task_is_named_after_its_file",
	     k && !strcmp(k->kp_comm, "renamed") && !strcmp(k->kp_task, "ps_prog"),
	     "comm '%s' task '%s'", k ? k->kp_comm : "", k ? k->kp_task : "");
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	unlink("/ps_prog");

	/* Room for one record and the first field of the next. */
	size_t small = sizeof(kp[0]) + sizeof(kp[0].kp_size);
	memset(kp, 0, sizeof(kp));
	child = fork();		/* so that there are two at least */
	if (child == 0) {
		pause();
		_exit(0);
	}
	errno = 0;
	r = sysctl(mib, 3, kp, &small, NULL, 0);
	FACT("sysctl_with_too_small_a_buffer_is_ENOMEM_and_gives_what_fits",
	     r == -1 && errno == ENOMEM && small == sizeof(kp[0]) + sizeof(kp[0].kp_size) &&
	     kp[0].kp_pid > 0 && kp[1].kp_size == sizeof(kp[1]) && kp[1].kp_pid == 0,
	     "r %d errno %d len %zu", r, errno, small);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	errno = 0;
	size_t len = sizeof(kp);
	FACT("sysctl_into_a_bad_buffer_is_EFAULT",
	     sysctl(mib, 3, (void *)8, &len, NULL, 0) == -1 && errno == EFAULT, "errno %d", errno);
	int unknown[2] = { CTL_KERN, 9999 }, node[2] = { CTL_KERN, KERN_PROC };
	len = sizeof(kp);
	errno = 0;
	FACT("sysctl_of_an_unknown_name_is_ENOENT",
	     sysctl(unknown, 2, kp, &len, NULL, 0) == -1 && errno == ENOENT, "errno %d", errno);
	errno = 0;
	FACT("sysctl_of_a_name_with_names_under_it_is_EISDIR",
	     sysctl(node, 2, kp, &len, NULL, 0) == -1 && errno == EISDIR, "errno %d", errno);
	int ostype[2] = { CTL_KERN, KERN_OSTYPE };
	errno = 0;
	FACT("setting_a_value_that_cannot_be_set_is_EPERM",
	     sysctl(ostype, 2, NULL, NULL, "x", 1) == -1 && errno == EPERM, "errno %d", errno);

	struct ul_proc *procs = NULL;
	int np = ul_sys_procs(&procs);
	const struct ul_proc *self = NULL;
	for (int i = 0; i < np; i++)
		if (procs[i].pid == getpid())
			self = &procs[i];
	FACT("ul_sys_procs_gives_ps_this_process_with_its_task_name",
	     np >= 1 && self && self->state == 'R' && !strcmp(self->command, "unix_files") &&
	     !strcmp(self->task, "unix_files"), "n %d", np);
	free(procs);
}

/* The user and group databases, from files written here. */
static void users_and_groups(void)
{
	mkdir("/etc", 0755);
	int fd = open("/etc/passwd", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	static const char pw[] =
		"root:*:0:0:Charlie Root:/root:/bin/sh\n"
		"# a comment, then a blank line and a broken one\n"
		"\n"
		"broken:line\n"
		"student::1000:1000:A Student:/home/student:/bin/sh\n"
		"nobody:*:65534:65534:Unprivileged user:/nonexistent:/bin/false";
	write(fd, pw, sizeof(pw) - 1);
	close(fd);
	fd = open("/etc/group", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	static const char gr[] = "wheel:*:0:root,student\nstaff:*:20:\nstudent:*:1000:\n";
	write(fd, gr, sizeof(gr) - 1);
	close(fd);

	struct passwd *p = getpwnam("student");
	FACT("getpwnam_finds_a_user_with_every_field",
	     p && p->pw_uid == 1000 && p->pw_gid == 1000 && !strcmp(p->pw_gecos, "A Student") &&
	     !strcmp(p->pw_dir, "/home/student") && !strcmp(p->pw_shell, "/bin/sh") &&
	     !strcmp(p->pw_passwd, ""), "p %p", (void *)p);
	p = getpwuid(65534);
	FACT("getpwuid_finds_the_last_line_without_a_newline",
	     p && !strcmp(p->pw_name, "nobody") && !strcmp(p->pw_shell, "/bin/false"), "p %p",
	     (void *)p);
	errno = 1234;
	FACT("getpwnam_of_a_missing_or_broken_user_is_NULL_with_errno_unchanged",
	     !getpwnam("nobody-here") && !getpwnam("broken") && errno == 1234, "errno %d", errno);
	struct group *g = getgrgid(0);
	FACT("getgrgid_gives_the_group_and_its_members",
	     g && !strcmp(g->gr_name, "wheel") && g->gr_mem[0] && !strcmp(g->gr_mem[0], "root") &&
	     g->gr_mem[1] && !strcmp(g->gr_mem[1], "student") && !g->gr_mem[2], "g %p", (void *)g);
	g = getgrnam("staff");
	FACT("getgrnam_of_a_group_without_members", g && g->gr_gid == 20 && !g->gr_mem[0],
	     "g %p", (void *)g);
	int count = 0, again = 0;
	setgrent();
	while (getgrent())
		count++;
	setgrent();
	while (getgrent())
		again++;
	endgrent();
	FACT("getgrent_lists_every_group_and_setgrent_starts_again", count == 3 && again == 3,
	     "count %d again %d", count, again);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void pausing(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	errno = 0;
	int r = pause();
	FACT("pause_returns_EINTR_after_a_handled_signal", r == -1 && errno == EINTR && alarms == 1,
	     "r %d errno %d alarms %d", r, errno, (int)alarms);
	signal(SIGALRM, SIG_DFL);
}

static void keep(void)
{
	int fd = open("/kept.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = write(fd, "written by a Unix process\n", 26);
	FACT("fsync_writes_everything_to_the_disk", n == 26 && fsync(fd) == 0, "errno %d", errno);
	close(fd);
	sync();
}

/* A new file is stamped with the time of day, in both shapes (the root is
 * dated 2001 by run_unix_files.py: a stamp continued from it would be years
 * off).  fsync'd: the host reads the stamp from the disk too. */
static void stamps(void)
{
	struct timeval tv;
	struct stat st;
	int fd = open("/stamped.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok = fd >= 0 && write(fd, "x", 1) == 1 && fstat(fd, &st) == 0 && fsync(fd) == 0;
	close(fd);
	ok = ok && gettimeofday(&tv, NULL) == 0;
	long long d = ok ? (long long)tv.tv_sec - (long long)st.st_mtime : 0;
	FACT("a_new_file_is_stamped_with_the_time_of_day_after_2024",
	     ok && tv.tv_sec > 1704067200 && d >= -60 && d <= 60, "mtime %lld, gettimeofday %lld",
	     ok ? (long long)st.st_mtime : -1LL, ok ? (long long)tv.tv_sec : -1LL);
}

/* The *at calls on the disk: a relative path from a directory descriptor
 * (the working directory elsewhere, so the two cannot be confused), an
 * absolute one ignoring it, AT_FDCWD, renameat and linkat across two
 * descriptors, unlinkat with and without AT_REMOVEDIR, the symlink flags.
 * The descriptor errors (EBADF, ENOTDIR) are tests/bsd/bt_at.c's. */
static void at_calls(void)
{
	struct stat st, st2;
	char buf[64];
	mkdir("/at", 0755);
	mkdir("/at/a", 0755);
	mkdir("/at/b", 0755);
	int a = open("/at/a", O_RDONLY | O_DIRECTORY), b = open("/at/b", O_RDONLY | O_DIRECTORY);
	chdir("/at/b");
	int fd = openat(a, "f", O_WRONLY | O_CREAT | O_EXCL, 0600);
	FACT("openat_creates_a_relative_path_in_the_descriptor_s_directory",
	     a >= 0 && fd >= 0 && write(fd, "hello", 5) == 5 && stat("/at/a/f", &st) == 0 &&
	     st.st_size == 5 && stat("/at/b/f", &st2) == -1, "a %d fd %d errno %d", a, fd, errno);
	close(fd);
	fd = openat(b, "/at/a/f", O_RDONLY);
	FACT("openat_of_an_absolute_path_ignores_the_descriptor",
	     fd >= 0 && read(fd, buf, 5) == 5 && !memcmp(buf, "hello", 5), "fd %d errno %d", fd, errno);
	close(fd);
	fd = openat(AT_FDCWD, "g", O_WRONLY | O_CREAT, 0644);
	FACT("openat_AT_FDCWD_starts_at_the_working_directory",
	     fd >= 0 && stat("/at/b/g", &st) == 0 && stat("/at/a/g", &st2) == -1, "errno %d", errno);
	close(fd);
	FACT("mkdirat_makes_a_directory_in_the_descriptor_s_directory_with_the_umask",
	     mkdirat(a, "sub", 0777) == 0 && stat("/at/a/sub", &st) == 0 && S_ISDIR(st.st_mode) &&
	     (st.st_mode & 0777) == 0755, "errno %d mode %o", errno, (unsigned)st.st_mode);
	errno = 0;
	FACT("faccessat_starts_at_the_descriptor",
	     faccessat(a, "f", R_OK | W_OK, 0) == 0 && faccessat(a, "g", F_OK, 0) == -1 &&
	     errno == ENOENT, "errno %d", errno);
	/* Real root, effective 1000: f is root's 0600. */
	int real = -2, eff = -2;
	if (seteuid(1000) == 0) {
		real = faccessat(a, "f", R_OK, 0);
		errno = 0;
		eff = faccessat(a, "f", R_OK, AT_EACCESS) == -1 && errno == EACCES;
		seteuid(0);
	}
	FACT("faccessat_asks_with_the_real_ids_and_with_AT_EACCESS_the_effective_ones",
	     real == 0 && eff == 1, "real %d effective %d", real, eff);
	FACT("fchmodat_starts_at_the_descriptor",
	     fchmodat(a, "f", 0640, 0) == 0 && stat("/at/a/f", &st) == 0 &&
	     (st.st_mode & 07777) == 0640, "errno %d mode %o", errno, (unsigned)st.st_mode);
	FACT("symlinkat_makes_a_symlink_in_the_descriptor_s_directory",
	     symlinkat("f", a, "l") == 0 && lstat("/at/a/l", &st) == 0 && S_ISLNK(st.st_mode),
	     "errno %d", errno);
	ssize_t n = readlinkat(a, "l", buf, sizeof(buf));
	FACT("readlinkat_reads_a_symlink_from_the_descriptor_s_directory",
	     n == 1 && buf[0] == 'f', "n %zd errno %d", n, errno);
	FACT("fstatat_AT_SYMLINK_NOFOLLOW_sees_the_symlink_and_without_it_the_target",
	     fstatat(a, "l", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode) &&
	     fstatat(a, "l", &st2, 0) == 0 && S_ISREG(st2.st_mode) && st2.st_size == 5,
	     "errno %d", errno);
	FACT("fchmodat_AT_SYMLINK_NOFOLLOW_changes_the_symlink_s_mode_not_the_target_s",
	     fchmodat(a, "l", 0700, AT_SYMLINK_NOFOLLOW) == 0 && lstat("/at/a/l", &st) == 0 &&
	     (st.st_mode & 07777) == 0700 && stat("/at/a/f", &st2) == 0 &&
	     (st2.st_mode & 07777) == 0640, "errno %d link %o target %o", errno,
	     (unsigned)st.st_mode, (unsigned)st2.st_mode);
	FACT("fchmodat_without_the_flag_changes_the_target_through_a_symlink",
	     fchmodat(a, "l", 0604, 0) == 0 && stat("/at/a/f", &st2) == 0 &&
	     (st2.st_mode & 07777) == 0604, "errno %d target %o", errno, (unsigned)st2.st_mode);
	FACT("fchownat_AT_SYMLINK_NOFOLLOW_changes_the_symlink_s_owner_not_the_target_s",
	     fchownat(a, "l", 500, 501, AT_SYMLINK_NOFOLLOW) == 0 && lstat("/at/a/l", &st) == 0 &&
	     st.st_uid == 500 && st.st_gid == 501 && stat("/at/a/f", &st2) == 0 && st2.st_uid == 0,
	     "errno %d link %d target %d", errno, (int)st.st_uid, (int)st2.st_uid);
	FACT("fchownat_without_the_flag_changes_the_target_through_a_symlink",
	     fchownat(a, "l", 600, 601, 0) == 0 && stat("/at/a/f", &st2) == 0 &&
	     st2.st_uid == 600 && st2.st_gid == 601, "errno %d target %d", errno, (int)st2.st_uid);
	fd = open("/at/a/f", O_RDONLY);
	FACT("fchownat_AT_EMPTY_PATH_with_an_empty_path_changes_the_descriptor_s_file",
	     fchownat(fd, "", 700, 701, AT_EMPTY_PATH) == 0 && stat("/at/a/f", &st2) == 0 &&
	     st2.st_uid == 700 && st2.st_gid == 701 && fchownat(a, "", 702, 703, AT_EMPTY_PATH) == 0 &&
	     stat("/at/a", &st) == 0 && st.st_uid == 702 && fchownat(a, "", 0, 0, AT_EMPTY_PATH) == 0,
	     "errno %d file %d dir %d", errno, (int)st2.st_uid, (int)st.st_uid);
	close(fd);
	stat("/at/a/f", &st2);
	FACT("linkat_names_a_file_from_one_descriptor_s_directory_in_another_s",
	     linkat(a, "f", b, "hard", 0) == 0 && stat("/at/b/hard", &st) == 0 &&
	     st.st_ino == st2.st_ino && st.st_nlink == 2, "errno %d", errno);
	FACT("linkat_without_AT_SYMLINK_FOLLOW_links_the_symlink_itself",
	     linkat(a, "l", b, "hardlink", 0) == 0 && lstat("/at/b/hardlink", &st) == 0 &&
	     S_ISLNK(st.st_mode), "errno %d", errno);
	FACT("linkat_AT_SYMLINK_FOLLOW_links_the_file_the_symlink_names",
	     linkat(a, "l", b, "followed", AT_SYMLINK_FOLLOW) == 0 &&
	     lstat("/at/b/followed", &st) == 0 && S_ISREG(st.st_mode) && st.st_ino == st2.st_ino,
	     "errno %d", errno);
	FACT("renameat_moves_a_name_from_one_descriptor_s_directory_to_another_s",
	     renameat(a, "f", b, "moved") == 0 && stat("/at/a/f", &st) == -1 && errno == ENOENT &&
	     stat("/at/b/moved", &st) == 0 && st.st_ino == st2.st_ino, "errno %d", errno);
	FACT("unlinkat_removes_a_name_in_the_descriptor_s_directory",
	     unlinkat(b, "moved", 0) == 0 && stat("/at/b/moved", &st) == -1 && errno == ENOENT,
	     "errno %d", errno);
	errno = 0;
	FACT("unlinkat_of_a_directory_without_AT_REMOVEDIR_is_EPERM",
	     unlinkat(a, "sub", 0) == -1 && errno == EPERM && stat("/at/a/sub", &st) == 0,
	     "errno %d", errno);
	FACT("unlinkat_AT_REMOVEDIR_removes_an_empty_directory",
	     unlinkat(a, "sub", AT_REMOVEDIR) == 0 && stat("/at/a/sub", &st) == -1 &&
	     errno == ENOENT, "errno %d", errno);
	errno = 0;
	FACT("unlinkat_AT_REMOVEDIR_of_a_file_is_ENOTDIR",
	     unlinkat(b, "g", AT_REMOVEDIR) == -1 && errno == ENOTDIR, "errno %d", errno);
	errno = 0;
	FACT("unlinkat_AT_REMOVEDIR_of_a_directory_that_is_not_empty_is_ENOTEMPTY",
	     unlinkat(AT_FDCWD, "/at/a", AT_REMOVEDIR) == -1 && errno == ENOTEMPTY, "errno %d",
	     errno);
	close(a);
	close(b);
	chdir("/");
	const char *gone[] = { "/at/a/l", "/at/b/g", "/at/b/hard", "/at/b/hardlink", "/at/b/followed" };
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		unlink(gone[i]);
	FACT("the_at_calls_leave_nothing_behind",
	     rmdir("/at/a") == 0 && rmdir("/at/b") == 0 && rmdir("/at") == 0, "errno %d", errno);
}

int main(int argc, char **argv)
{
	/* The shape booted, as run_unix_files.py says: "multi" or "single". */
	const char *shape = argc > 1 ? argv[1] : "multi";
	if (!strcmp(shape, "--pause")) {	/* run by process_table as another program */
		pause();
		return 0;
	}
	if (!strcmp(shape, "--exit-42"))	/* run by cut_programs */
		return 42;
	create_write_read();
	flags();
	fionread();
	names();
	permissions();
	cut_programs();
	others();
	directories();
	links_and_attributes();
	working_directory();
	owners_and_times();
	at_calls();
	devices();
	file_system_numbers();
	system_names(shape);
	process_table();
	users_and_groups();
	pausing();
	keep();
	stamps();
	printf("unix_files: %d failed\n", failures);
	return failures;
}
