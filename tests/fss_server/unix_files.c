/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Files of a Unix program in the multi-server shape: bsd_server takes
 * them from the fss server (bsd_server/fs_fss.c).  Run by
 * run_unix_files.py as init with `scripts/test-program --unix --fss`: it
 * was itself loaded from the disk.  The image holds secret.txt (root's,
 * mode 0600) and readme.txt (0644).  Leaves kept.txt, fsync'd, for the
 * host to read after the power-off.  One "[TEST] PASS/FAIL fact" line per
 * fact; exit status: failures.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../common/fact.h"

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
	FACT("unlink_of_a_directory_is_EISDIR", mkdir("/d2", 0755) == 0 && unlink("/d2") == -1 &&
	     (errno == EISDIR || errno == EPERM) && rmdir("/d2") == 0, "errno %d", errno);
	FACT("unlink", unlink("/moved") == 0 && stat("/moved", &st) == -1 && errno == ENOENT,
	     "errno %d", errno);
	FACT("unlink_of_a_missing_name_is_ENOENT", unlink("/moved") == -1 && errno == ENOENT,
	     "errno %d", errno);
	FACT("stat_of_the_root_is_a_directory", stat("/", &st) == 0 && S_ISDIR(st.st_mode), "no");
}

/* As uid 1000 (a child): refused what the mode bits refuse. */
static void permissions(void)
{
	/* A copy of this program only root may run. */
	int in = open("/unix_files", O_RDONLY), out = open("/private_prog", O_WRONLY | O_CREAT, 0700);
	char b[4096];
	ssize_t n;
	while (in >= 0 && out >= 0 && (n = read(in, b, sizeof(b))) > 0)
		write(out, b, (size_t)n);
	close(in);
	close(out);
	chmod("/private_prog", 0700);
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

static void keep(void)
{
	int fd = open("/kept.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n = write(fd, "written by a Unix process\n", 26);
	FACT("fsync_writes_everything_to_the_disk", n == 26 && fsync(fd) == 0, "errno %d", errno);
	close(fd);
	sync();
}

int main(void)
{
	create_write_read();
	flags();
	names();
	permissions();
	others();
	directories();
	links_and_attributes();
	working_directory();
	keep();
	printf("unix_files: %d failed\n", failures);
	return failures;
}
