/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fss server through its interfaces, as a client sees it
 * (docs/fss.md).  Booted by run_fss_test.py with disk0 an ext2 image made
 * by mke2fs -d from a tree holding hello.txt ("hello, fss\n"), big.bin
 * (300 KiB: byte i is i*7 mod 251), dir/ with 50 files f0..f49, and
 * ro.txt (mode 0444).  What it leaves behind (persist.txt, the tree under
 * made/) is checked on the host with debugfs and e2fsck -fn.
 * One "[TEST] PASS/FAIL fact" line per fact; exit status: failures.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <mach/mach.h>
#include <machrv/mthread.h>
#include <mach/host_security.h>
#include <servers/bootstrap.h>
#include <fss/fs.h>
#include <fss/fss_ext.h>
#include <fss/fsys.h>
#include <fss/io.h>
#include "../common/fact.h"

static mach_port_t control, root;
static uint32_t root_ids[1] = { 0 };

#define E(e)	FSS_ERRNO(e)

static uint8_t big_byte(size_t i)
{
	return (uint8_t)(i * 7 % 251);
}

/* Open `path' from `dir' with `flags' (mode 0644 when created). */
static kern_return_t open_at(mach_port_t dir, const char *path, int flags, mach_port_t *port)
{
	retry_type retry;
	fss_string_t rest;
	kern_return_t kr = dir_lookup(dir, path, flags, 0644, &retry, rest, port);
	if (kr == KERN_SUCCESS && (retry != FS_RETRY_NORMAL || rest[0]))
		return KERN_FAILURE;
	return kr;
}

/* Read up to `len' bytes at `off' into `buf'; the count or -1. */
static long read_at(mach_port_t f, int64_t off, void *buf, size_t len)
{
	char *data = buf;
	mach_msg_type_number_t n = (mach_msg_type_number_t)len;
	kern_return_t kr = io_read(f, &data, &n, off, len);
	if (kr != KERN_SUCCESS)
		return -1;
	if (data != buf) {
		memcpy(buf, data, n < len ? n : len);
		vm_deallocate(mach_task_self(), (vm_address_t)data, n);
	}
	return n;
}

static long write_at(mach_port_t f, int64_t off, const void *buf, size_t len)
{
	vm_size_t done;
	kern_return_t kr = io_write(f, (data_t)(uintptr_t)buf, (mach_msg_type_number_t)len, off, &done);
	return kr == KERN_SUCCESS ? (long)done : -(long)kr;
}

static void put(mach_port_t p)
{
	if (MACH_PORT_VALID(p))
		mach_port_deallocate(mach_task_self(), p);
}

static uint64_t free_inodes(void)
{
	fsys_statfsbuf_t sf;
	return file_statfs(root, &sf) == KERN_SUCCESS ? sf.f_ffree : 0;
}

static void connect(void)
{
	kern_return_t kr = bootstrap_look_up(bootstrap_port, "fss", &control);
	FACT("the_service_fss_is_checked_in", kr == KERN_SUCCESS, "got %#x", kr);
	retry_type retry;
	fss_string_t rest;
	kr = fsys_getroot(control, MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND, root_ids, 1, root_ids, 1,
			  FS_O_READ | FS_O_EXEC,
			  &retry, rest, &root);
	FACT("fsys_getroot_gives_the_root_directory", kr == KERN_SUCCESS && retry == FS_RETRY_NORMAL,
	     "got %#x", kr);
	io_statbuf_t st;
	kr = io_stat(root, &st);
	FACT("the_root_is_inode_2_a_directory", kr == 0 && st.st_ino == 2 && (st.st_mode & 0170000) == 0040000,
	     "got %#x ino %u mode %o", kr, st.st_ino, st.st_mode);
}

static void reads(void)
{
	mach_port_t f;
	kern_return_t kr = open_at(root, "hello.txt", FS_O_READ, &f);
	char buf[64] = { 0 };
	long n = kr ? -1 : read_at(f, 0, buf, sizeof(buf));
	FACT("io_read_of_hello_txt_reads_what_mke2fs_put_there", n == 11 && !memcmp(buf, "hello, fss\n", 11),
	     "got %#x, %ld bytes", kr, n);
	n = kr ? -1 : read_at(f, 7, buf, 3);
	FACT("io_read_at_an_offset", n == 3 && !memcmp(buf, "fss", 3), "got %ld", n);
	n = kr ? -1 : read_at(f, 100, buf, 3);
	FACT("io_read_past_the_end_reads_nothing", n == 0, "got %ld", n);
	n = kr ? -1 : read_at(f, -1, buf, 5);
	long n2 = kr ? -1 : read_at(f, -1, buf + 5, 6);
	FACT("io_read_at_minus_1_reads_from_the_file_pointer", n == 5 && n2 == 6 && !memcmp(buf, "hello, fss\n", 11),
	     "got %ld %ld", n, n2);
	int64_t pos;
	kr = io_seek(f, 1, FS_SEEK_SET, &pos);
	vm_size_t left;
	kern_return_t kr2 = io_readable(f, &left);
	FACT("io_seek_and_io_readable", kr == 0 && pos == 1 && kr2 == 0 && left == 10, "got %#x %#x %lu",
	     kr, kr2, (unsigned long)left);
	FACT("io_write_on_a_port_opened_for_reading_is_EBADF", write_at(f, 0, "x", 1) == -E(EBADF), "no");
	put(f);

	/* 300 KiB: out of line. */
	kr = open_at(root, "big.bin", FS_O_READ, &f);
	size_t size = 300 * 1024;
	uint8_t *b = malloc(size);
	n = kr ? -1 : read_at(f, 0, b, size);
	bool same = n == (long)size;
	for (size_t i = 0; same && i < size; i++)
		same = b[i] == big_byte(i);
	FACT("io_read_of_300_KiB_comes_out_of_line_and_right", same, "got %#x, %ld", kr, n);
	free(b);
	put(f);
}

/* A request of id `id' with no body; the reply's RetCode. */
static kern_return_t raw_call(mach_port_t port, mach_msg_id_t id)
{
	struct {
		mig_reply_error_t r;
		mach_msg_max_trailer_t t;
	} m;
	mach_port_t reply = mig_get_reply_port();
	m.r.Head = (mach_msg_header_t){
		.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE),
		.msgh_size = sizeof(mach_msg_header_t), .msgh_remote_port = port,
		.msgh_local_port = reply, .msgh_id = id };
	kern_return_t kr = mach_msg(&m.r.Head, MACH_SEND_MSG | MACH_RCV_MSG, sizeof(mach_msg_header_t),
				    sizeof(m), reply, MACH_MSG_TIMEOUT_NONE, MACH_PORT_NULL);
	return kr ? kr : m.r.RetCode;
}

static void errors(void)
{
	mach_port_t f = MACH_PORT_NULL;
	FACT("dir_lookup_of_a_missing_name_is_ENOENT", open_at(root, "nope", FS_O_READ, &f) == E(ENOENT), "no");
	FACT("dir_lookup_through_a_file_is_ENOTDIR", open_at(root, "hello.txt/x", FS_O_READ, &f) == E(ENOTDIR), "no");
	char longname[300];
	memset(longname, 'a', 299);
	longname[299] = 0;
	FACT("dir_lookup_of_a_256_byte_name_is_ENAMETOOLONG",
	     open_at(root, longname, FS_O_READ, &f) == E(ENAMETOOLONG), "no");
	FACT("opening_a_directory_for_writing_is_EISDIR",
	     open_at(root, "dir", FS_O_WRITE, &f) == E(EISDIR), "no");
	FACT("O_DIRECTORY_on_a_file_is_ENOTDIR",
	     open_at(root, "hello.txt", FS_O_READ | FS_O_DIRECTORY, &f) == E(ENOTDIR), "no");
	FACT("O_CREAT_O_EXCL_of_an_existing_name_is_EEXIST",
	     open_at(root, "hello.txt", FS_O_WRITE | FS_O_CREAT | FS_O_EXCL, &f) == E(EEXIST), "no");
	FACT("dir_mkdir_of_an_existing_name_is_EEXIST", dir_mkdir(root, "dir", 0755) == E(EEXIST), "no");
	FACT("dir_rmdir_of_a_non_empty_directory_is_ENOTEMPTY", dir_rmdir(root, "dir") == E(ENOTEMPTY), "no");
	FACT("dir_unlink_of_a_directory_is_EISDIR", dir_unlink(root, "dir") == E(EISDIR), "no");
	FACT("a_port_that_is_not_a_file_is_refused", io_stat(control, &(io_statbuf_t){ 0 }) == E(EOPNOTSUPP), "no");
	FACT("an_unserved_hurd_routine_is_MIG_BAD_ID", raw_call(root, 20002) == MIG_BAD_ID, "no");
}

static void writes(void)
{
	kern_return_t kr = dir_mkdir(root, "made", 0755);
	FACT("dir_mkdir", kr == KERN_SUCCESS, "got %#x", kr);
	mach_port_t f, d;
	kr = open_at(root, "made/a.txt", FS_O_READ | FS_O_WRITE | FS_O_CREAT | FS_O_EXCL, &f);
	FACT("dir_lookup_with_O_CREAT_makes_a_file", kr == KERN_SUCCESS, "got %#x", kr);
	size_t size = 10000;
	uint8_t *b = malloc(size), *c = malloc(size);
	for (size_t i = 0; i < size; i++)
		b[i] = (uint8_t)(i * 13 + 5);
	long n = write_at(f, 0, b, size);
	FACT("io_write_of_10000_bytes_out_of_line", n == (long)size, "got %ld", n);
	n = write_at(f, 20000, "tail", 4);
	FACT("io_write_past_the_end_leaves_a_hole", n == 4, "got %ld", n);
	io_statbuf_t st;
	kr = io_stat(f, &st);
	FACT("io_stat_says_the_size", kr == 0 && st.st_size == 20004 && st.st_nlink == 1 &&
	     (st.st_mode & 07777) == 0644, "got %#x size %llu mode %o", kr,
	     (unsigned long long)st.st_size, st.st_mode);
	n = read_at(f, 0, c, size);
	FACT("what_was_written_reads_back", n == (long)size && !memcmp(b, c, size), "got %ld", n);
	char z[16];
	n = read_at(f, 15000, z, sizeof(z));
	FACT("a_hole_reads_as_zeros", n == 16 && !memcmp(z, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16), "got %ld", n);
	kr = file_set_size(f, 100);
	FACT("file_set_size_shrinks", kr == 0 && io_stat(f, &st) == 0 && st.st_size == 100, "got %#x", kr);
	int modes;
	io_set_some_openmodes(f, FS_O_APPEND);
	write_at(f, 0, "end", 3);
	kr = io_get_openmodes(f, &modes);
	FACT("O_APPEND_writes_at_the_end", kr == 0 && (modes & FS_O_APPEND) && io_stat(f, &st) == 0 &&
	     st.st_size == 103 && read_at(f, 100, z, 3) == 3 && !memcmp(z, "end", 3), "size %llu",
	     (unsigned long long)st.st_size);
	free(b);
	free(c);

	kr = open_at(root, "made", FS_O_READ | FS_O_EXEC, &d);
	kern_return_t k1 = dir_link(d, f, "b.txt", 1);
	kern_return_t k2 = io_stat(f, &st);
	FACT("dir_link_adds_a_name", k1 == 0 && k2 == 0 && st.st_nlink == 2, "got %#x nlink %u", k1, st.st_nlink);
	k1 = dir_rename(d, "b.txt", d, "c.txt", 0);
	mach_port_t g;
	k2 = open_at(d, "c.txt", FS_O_READ, &g);
	FACT("dir_rename_moves_a_name", k1 == 0 && k2 == 0, "got %#x %#x", k1, k2);
	put(g);
	k1 = dir_unlink(d, "c.txt");
	FACT("dir_unlink_removes_a_name", k1 == 0 && io_stat(f, &st) == 0 && st.st_nlink == 1, "got %#x", k1);
	k1 = dir_symlink(d, "ln", "a.txt");
	char buf[32];
	k2 = open_at(d, "ln", FS_O_READ, &g);
	n = k2 ? -1 : read_at(g, 0, buf, 3);
	FACT("a_relative_symlink_is_followed", k1 == 0 && n == 3, "got %#x %#x %ld", k1, k2, n);
	put(g);
	k2 = open_at(d, "ln", FS_O_READ | FS_O_NOLINK, &g);
	n = k2 ? -1 : read_at(g, 0, buf, sizeof(buf));
	FACT("a_symlink_opened_on_itself_reads_as_its_target", n == 5 && !memcmp(buf, "a.txt", 5),
	     "got %#x %ld", k2, n);
	put(g);
	dir_symlink(d, "abs", "/hello.txt");
	retry_type retry;
	fss_string_t rest;
	k2 = dir_lookup(d, "abs", FS_O_READ, 0, &retry, rest, &g);
	FACT("an_absolute_symlink_asks_to_retry_from_the_root",
	     k2 == 0 && retry == FS_RETRY_MAGICAL && !strcmp(rest, "/hello.txt") && g == MACH_PORT_NULL,
	     "got %#x retry %d '%s'", k2, retry, rest);
	dir_symlink(d, "loop", "loop");
	FACT("a_symlink_loop_is_ELOOP", open_at(d, "loop", FS_O_READ, &g) == E(ELOOP), "no");

	/* dir_stat (fss_ext): dir_lookup and io_stat in one call, no port made. */
	io_statbuf_t by_port, by_path;
	k1 = open_at(d, "a.txt", FS_O_READ, &g);
	k2 = k1 ? k1 : io_stat(g, &by_port);
	if (!k1)
		put(g);
	kern_return_t k3 = dir_stat(d, "a.txt", 0, &retry, &by_path);
	FACT("dir_stat_says_what_dir_lookup_and_io_stat_say",
	     k2 == 0 && k3 == 0 && retry == FS_RETRY_NORMAL &&
	     !memcmp(&by_port, &by_path, sizeof(by_path)),
	     "got %#x %#x retry %d", k2, k3, retry);
	k1 = dir_stat(root, "made/ln", 0, &retry, &by_path);
	k2 = dir_stat(root, "made/ln", FS_O_NOLINK, &retry, &st);
	FACT("dir_stat_follows_a_last_symlink_unless_O_NOLINK",
	     k1 == 0 && (by_path.st_mode & S_IFMT) == S_IFREG && by_path.st_ino == by_port.st_ino &&
	     k2 == 0 && (st.st_mode & S_IFMT) == S_IFLNK && st.st_size == 5,
	     "got %#x mode %o, %#x mode %o", k1, by_path.st_mode, k2, st.st_mode);
	k1 = dir_stat(d, "nothing", 0, &retry, &st);
	k2 = dir_stat(root, "hello.txt/x", 0, &retry, &st);
	k3 = dir_stat(d, "a.txt", FS_O_READ, &retry, &st);
	FACT("dir_stat_refuses_as_dir_lookup_ENOENT_ENOTDIR_and_EINVAL_for_open_flags",
	     k1 == E(ENOENT) && k2 == E(ENOTDIR) && k3 == E(EINVAL), "got %#x %#x %#x", k1, k2, k3);
	k1 = dir_stat(d, "abs", 0, &retry, &st);
	FACT("dir_stat_through_an_absolute_symlink_asks_to_retry",
	     k1 == 0 && retry == FS_RETRY_MAGICAL, "got %#x retry %d", k1, retry);
	/* dir_lookup_path (fss_ext): dir_lookup with strings at their own lengths. */
	mach_port_t h;
	k1 = dir_lookup_path(d, "a.txt", FS_O_READ, 0, &retry, rest, &h);
	k2 = k1 ? k1 : io_stat(h, &st);
	FACT("dir_lookup_path_opens_what_dir_lookup_opens",
	     k1 == 0 && retry == FS_RETRY_NORMAL && k2 == 0 && st.st_ino == by_port.st_ino,
	     "got %#x %#x retry %d", k1, k2, retry);
	if (!k1) {
		n = read_at(h, 0, buf, 3);
		k2 = io_write(h, (data_t)(uintptr_t)"x", 1, 0, &(vm_size_t){ 0 });
		FACT("dir_lookup_path_gives_the_modes_asked_for", n == 3 && k2 == E(EBADF),
		     "got %ld %#x", n, k2);
		put(h);
	}
	strcpy(rest, "unchanged");
	k1 = dir_lookup_path(d, "abs", FS_O_READ, 0, &retry, rest, &h);
	FACT("dir_lookup_path_through_an_absolute_symlink_asks_to_retry_with_the_rest",
	     k1 == 0 && retry == FS_RETRY_MAGICAL && !strcmp(rest, "/hello.txt") &&
	     h == MACH_PORT_NULL, "got %#x retry %d '%s'", k1, retry, rest);
	char longname[1024];
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	k1 = dir_lookup_path(d, "nothing", FS_O_READ, 0, &retry, rest, &h);
	k2 = dir_lookup_path(root, "hello.txt/x", FS_O_READ, 0, &retry, rest, &h);
	k3 = dir_lookup_path(d, longname, FS_O_READ, 0, &retry, rest, &h);
	FACT("dir_lookup_path_refuses_as_dir_lookup_ENOENT_ENOTDIR_ENAMETOOLONG",
	     k1 == E(ENOENT) && k2 == E(ENOTDIR) && k3 == E(ENAMETOOLONG),
	     "got %#x %#x %#x", k1, k2, k3);
	k1 = dir_mkdir(d, "sub", 0755);
	k2 = dir_rename(d, "a.txt", d, "sub/x", 0);
	FACT("a_name_with_a_slash_is_EINVAL", k1 == 0 && k2 == E(EINVAL), "got %#x %#x", k1, k2);
	put(f);
	put(d);
}

static void readdir_all(void)
{
	mach_port_t d;
	kern_return_t kr = open_at(root, "dir", FS_O_READ, &d);
	bool seen[50] = { false };
	int total = 0, entry = 0, calls = 0;
	for (;;) {
		char buf[512];
		data_t data = buf;
		mach_msg_type_number_t n = sizeof(buf);
		int amount;
		kr = dir_readdir(d, &data, &n, entry, 7, 0, &amount);
		if (kr || amount == 0)
			break;
		calls++;
		for (size_t off = 0; off < n;) {
			struct fss_dirent *e = (struct fss_dirent *)(data + off);
			int k;
			if (sscanf(e->d_name, "f%d", &k) == 1 && k >= 0 && k < 50 && e->d_type == FSS_DT_REG)
				seen[k] = true;
			total++;
			off += e->d_reclen;
		}
		if (data != buf)
			vm_deallocate(mach_task_self(), (vm_address_t)data, n);
		entry += amount;
	}
	int found = 0;
	for (int i = 0; i < 50; i++)
		found += seen[i];
	FACT("dir_readdir_lists_every_entry_7_at_a_time", kr == 0 && found == 50 && total == 52 && calls == 8,
	     "got %#x found %d total %d calls %d", kr, found, total, calls);
	put(d);
}

static void credentials(void)
{
	uint32_t uid[1] = { 1000 }, gid[1] = { 1000 };
	mach_port_t user, f;
	kern_return_t kr = io_restrict_auth(root, &user, uid, 1, gid, 1);
	FACT("io_restrict_auth_from_the_superuser_names_anyone", kr == 0, "got %#x", kr);
	FACT("a_user_may_not_create_in_a_root_directory_of_mode_755",
	     open_at(user, "made/u.txt", FS_O_WRITE | FS_O_CREAT, &f) == E(EACCES), "no");
	FACT("a_user_may_not_write_a_read_only_file",
	     open_at(user, "ro.txt", FS_O_WRITE, &f) == E(EACCES), "no");
	kr = open_at(user, "hello.txt", FS_O_READ, &f);
	FACT("a_user_may_read_a_file_of_mode_644", kr == 0, "got %#x", kr);
	put(f);
	uint32_t zero[1] = { 0 };
	mach_port_t again;
	kr = io_restrict_auth(user, &again, zero, 1, zero, 1);
	io_statbuf_t st;
	FACT("a_user_cannot_restrict_itself_back_to_the_superuser",
	     kr == 0 && open_at(again, "made/v.txt", FS_O_WRITE | FS_O_CREAT, &f) == E(EACCES) &&
	     io_stat(again, &st) == 0, "got %#x", kr);
	FACT("a_user_may_not_chmod_a_file_of_root", open_at(user, "hello.txt", 0, &f) == 0 &&
	     file_chmod(f, 0777) == E(EPERM), "no");
	put(f);
	put(again);
	put(user);
}

/* Four threads each make, write, read back and remove 25 files at once. */
static void *worker(void *arg)
{
	int id = (int)(intptr_t)arg, bad = 0;
	char name[64], buf[600], back[600];
	for (int i = 0; i < 25; i++) {
		snprintf(name, sizeof(name), "made/t%d_%d", id, i);
		memset(buf, 'a' + id, sizeof(buf));
		mach_port_t f;
		if (open_at(root, name, FS_O_READ | FS_O_WRITE | FS_O_CREAT, &f)) {
			bad++;
			continue;
		}
		if (write_at(f, 0, buf, sizeof(buf)) != sizeof(buf) ||
		    read_at(f, 0, back, sizeof(back)) != sizeof(back) || memcmp(buf, back, sizeof(buf)))
			bad++;
		put(f);
		mach_port_t d;
		if (open_at(root, "made", FS_O_READ, &d) || dir_unlink(d, name + 5))
			bad++;
		put(d);
	}
	return (void *)(intptr_t)bad;
}

static void concurrent(void)
{
	mthread_t t[4];
	for (int i = 0; i < 4; i++)
		mthread_create(&t[i], NULL, worker, (void *)(intptr_t)i);
	int bad = 0;
	for (int i = 0; i < 4; i++) {
		void *r;
		mthread_join(t[i], &r);
		bad += (int)(intptr_t)r;
	}
	FACT("four_clients_at_once_make_write_read_and_remove_100_files", bad == 0, "%d failed", bad);
}

/* A task holding 20 open, unlinked files ends: their inodes come back. */
static void client_dies(void)
{
	uint64_t before = free_inodes();
	task_t child;
	kern_return_t kr = task_create(mach_task_self(), NULL, 0, FALSE, &child);
	mach_port_t d;
	open_at(root, "made", FS_O_READ, &d);
	int moved = 0;
	for (int i = 0; kr == 0 && i < 20; i++) {
		char name[32];
		snprintf(name, sizeof(name), "made/gone%d", i);
		mach_port_t f;
		if (open_at(root, name, FS_O_WRITE | FS_O_CREAT, &f) == 0 &&
		    write_at(f, 0, "x", 1) == 1 && dir_unlink(d, name + 5) == 0 &&
		    mach_port_insert_right(child, 0x1003 + (i << 8), f, MACH_MSG_TYPE_MOVE_SEND) == 0)
			moved++;
	}
	put(d);
	uint64_t held = free_inodes();
	if (kr == 0)
		task_terminate(child);
	put(child);
	uint64_t after = 0;
	for (int i = 0; i < 200 && (after = free_inodes()) != before; i++)
		mach_msg(NULL, MACH_RCV_TIMEOUT, 0, 0, MACH_PORT_NULL, 50, MACH_PORT_NULL); /* 50 ms */
	FACT("a_dying_client_s_open_files_are_reclaimed", moved == 20 && held == before - 20 && after == before,
	     "moved %d, free inodes %llu -> %llu held -> %llu", moved, (unsigned long long)before,
	     (unsigned long long)held, (unsigned long long)after);
}

static void mapping(void)
{
	mach_port_t f, rd, wr;
	kern_return_t kr = open_at(root, "big.bin", FS_O_READ | FS_O_WRITE, &f);
	kern_return_t km = kr ? kr : io_map(f, &rd, &wr);
	FACT("io_map_gives_one_object_for_reading_and_writing", km == 0 && rd == wr && MACH_PORT_VALID(rd),
	     "got %#x %#x", kr, km);
	vm_address_t a = 0;
	size_t size = 300 * 1024;
	kr = km ? km : vm_map(mach_task_self(), &a, size, 0, VM_FLAGS_ANYWHERE, rd, 0, FALSE,
			      VM_PROT_READ | VM_PROT_WRITE, VM_PROT_READ | VM_PROT_WRITE, VM_INHERIT_NONE);
	bool same = kr == 0;
	for (size_t i = 0; same && i < size; i += 997)
		same = ((uint8_t *)a)[i] == big_byte(i);
	FACT("a_mapped_file_faults_in_through_the_pager", same, "got %#x", kr);
	if (kr == 0) {
		write_at(f, 5000, "MAPPED", 6);
		FACT("the_mapping_sees_an_io_write", !memcmp((char *)a + 5000, "MAPPED", 6), "no");
		memcpy((char *)a + 200000, "STORED", 6);
		char buf[8];
		long n = read_at(f, 200000, buf, 6);
		FACT("io_read_sees_a_store_through_the_mapping", n == 6 && !memcmp(buf, "STORED", 6),
		     "got %ld", n);
		vm_deallocate(mach_task_self(), a, size);
	}
	put(rd);
	put(wr);
	put(f);
}

static void persist(void)
{
	mach_port_t f;
	kern_return_t kr = open_at(root, "persist.txt", FS_O_WRITE | FS_O_CREAT | FS_O_TRUNC, &f);
	long n = kr ? -1 : write_at(f, 0, "survives the power-off\n", 23);
	kern_return_t ks = file_sync(f, 1, 0);
	FACT("a_file_written_and_synced", n == 23 && ks == 0, "got %#x %ld %#x", kr, n, ks);
	put(f);
}

/* The host-priv port bootstrap gave us (--ports=host_priv). */
static mach_port_t host_priv(void)
{
	mach_port_t *given;
	mach_msg_type_number_t n = 0;
	if (mach_ports_lookup(mach_task_self(), &given, &n) != KERN_SUCCESS || n < 1)
		return MACH_PORT_NULL;
	mach_port_t hp = given[0];
	for (unsigned i = 1; i < n; i++)
		put(given[i]);
	vm_deallocate(mach_task_self(), (vm_address_t)given, n * sizeof(*given));
	return hp;
}

/* A sender whose security token is not uid 0 gets its own token's user,
 * whatever ids it names; and may not make the file system go away. */
static void trust(void)
{
	mach_port_t hp = host_priv();
	audit_token_t audit = { { 0 } };
	kern_return_t kt = host_security_set_task_token(hp, mach_task_self(),
							(security_token_t){ { 1000, 1000 } }, audit,
							MACH_PORT_NULL);
	retry_type retry;
	fss_string_t rest;
	mach_port_t r = MACH_PORT_NULL, f;
	kern_return_t kr = fsys_getroot(control, MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND, root_ids, 1,
					root_ids, 1, FS_O_READ | FS_O_EXEC, &retry, rest, &r);
	kern_return_t kc = kr ? kr : open_at(r, "made/claimed.txt", FS_O_WRITE | FS_O_CREAT, &f);
	kern_return_t kg = fsys_goaway(control, FSYS_GOAWAY_FORCE);
	kern_return_t kb = host_security_set_task_token(hp, mach_task_self(),
							(security_token_t){ { 0, 0 } }, audit,
							MACH_PORT_NULL);
	FACT("a_sender_with_token_uid_1000_claiming_uid_0_is_uid_1000",
	     kt == 0 && kb == 0 && kr == 0 && kc == E(EACCES), "set %#x %#x, getroot %#x, create %#x",
	     kt, kb, kr, kc);
	FACT("only_a_sender_with_token_uid_0_may_make_fss_go_away", kg == E(EPERM), "got %#x", kg);
	put(r);
	put(hp);
}

/* fss_stress, the other client task, ran beside this one: its verdict. */
static void other_task(void)
{
	char buf[32] = { 0 };
	long n = -1;
	for (int i = 0; i < 400 && n <= 0; i++) {	/* 20 s at most */
		mach_port_t f;
		if (open_at(root, "stress/done", FS_O_READ, &f) == KERN_SUCCESS) {
			n = read_at(f, 0, buf, sizeof(buf) - 1);
			put(f);
		}
		if (n <= 0)
			mach_msg(NULL, MACH_RCV_TIMEOUT, 0, 0, MACH_PORT_NULL, 50, MACH_PORT_NULL);
	}
	FACT("another_client_task_at_the_same_time_made_60_files_without_a_failure",
	     n > 0 && !strncmp(buf, "ok 0", 4), "its verdict: '%s'", n > 0 ? buf : "none");
}

/* With the argument sync-only: write a file, file_sync it, and end with
 * the file system mounted (the power-off follows); the host finds it. */
static int sync_only(void)
{
	mach_port_t f;
	kern_return_t kr = open_at(root, "synced.txt", FS_O_WRITE | FS_O_CREAT, &f);
	long n = kr ? -1 : write_at(f, 0, "written, synced, powered off\n", 29);
	kern_return_t ks = kr ? kr : file_sync(f, 1, 0);
	FACT("a_file_written_and_synced_before_the_power_off", n == 29 && ks == 0, "got %#x %ld %#x",
	     kr, n, ks);
	printf("fss_client: %d failed\n", failures);
	return failures;
}

/* Messages only the kernel may send, sent by a client: refused. */
static void forgeries(void)
{
	mach_port_t f;
	kern_return_t kr = open_at(root, "hello.txt", FS_O_READ, &f);
#pragma pack(push, 4)	/* as MIG lays messages out */
	struct {
		mach_msg_header_t h;
		NDR_record_t ndr;
		mach_port_mscount_t mscount;
	} ns = { { MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0), sizeof(ns), f, 0, 0,
		   MACH_NOTIFY_NO_SENDERS }, NDR_record, 99 };
#pragma pack(pop)
	mach_msg_return_t mr = kr ? kr : mach_msg(&ns.h, MACH_SEND_MSG, sizeof(ns), 0, MACH_PORT_NULL,
						  0, MACH_PORT_NULL);
	io_statbuf_t st;
	kern_return_t ks = io_stat(f, &st);
	FACT("a_forged_no_senders_notification_leaves_the_file_open", mr == 0 && ks == 0,
	     "send %#x, io_stat after %#x", mr, ks);
	/* A read-only opener's pager port: a forged data_return must not write. */
	put(f);
	mach_port_t rd, wr;
	kr = open_at(root, "hello.txt", FS_O_READ, &f);
	kr = kr ? kr : io_map(f, &rd, &wr);
	/* Mapped and touched, so that the kernel holds the object: an io_read
	 * then waits until every message queued on the pager's port (the
	 * forgery below among them) was served. */
	vm_address_t a = 0;
	if (kr == 0)
		kr = vm_map(mach_task_self(), &a, 4096, 0, VM_FLAGS_ANYWHERE, rd, 0, FALSE, VM_PROT_READ,
			    VM_PROT_READ, VM_INHERIT_NONE);
	volatile char first = kr == 0 ? *(volatile char *)a : 0;
#pragma pack(push, 4)	/* as MIG lays messages out */
	struct {
		mach_msg_header_t h;
		mach_msg_body_t body;
		mach_msg_port_descriptor_t control;
		mach_msg_ool_descriptor_t data;
		NDR_record_t ndr;
		vm_offset_t offset;
		mach_msg_type_number_t count;
		boolean_t dirty, kernel_copy;
	} dr;
#pragma pack(pop)
	static char evil[4096];
	memset(evil, 'E', sizeof(evil));
	memset(&dr, 0, sizeof(dr));
	dr.h = (mach_msg_header_t){ MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0) | MACH_MSGH_BITS_COMPLEX,
				    sizeof(dr), rd, 0, 0, 2208 };
	dr.body.msgh_descriptor_count = 2;
	dr.control = (mach_msg_port_descriptor_t){ .name = rd, .disposition = MACH_MSG_TYPE_COPY_SEND,
						   .type = MACH_MSG_PORT_DESCRIPTOR };
	dr.data = (mach_msg_ool_descriptor_t){ .address = evil, .size = sizeof(evil),
					       .copy = MACH_MSG_VIRTUAL_COPY,
					       .type = MACH_MSG_OOL_DESCRIPTOR };
	dr.ndr = NDR_record;
	dr.count = sizeof(evil);
	dr.dirty = TRUE;
	mr = kr ? kr : mach_msg(&dr.h, MACH_SEND_MSG, sizeof(dr), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	char buf[16] = { 0 };
	long n = read_at(f, 0, buf, 11);
	FACT("a_forged_data_return_from_a_read_only_opener_writes_nothing",
	     kr == 0 && mr == 0 && first == 'h' && n == 11 && !memcmp(buf, "hello, fss\n", 11),
	     "io_map/vm_map %#x send %#x read %ld '%.11s'", kr, mr, n, buf);
	if (a)
		vm_deallocate(mach_task_self(), a, 4096);
	put(rd);
	put(wr);
	put(f);
}

/* 3000 seeded random requests to the root and control ports: ids of the
 * interfaces served and around them (but fsys_goaway), random bodies, some
 * complex with an out-of-line region or a port.  Every one is answered
 * and the server keeps serving; the host's e2fsck judges the disk. */
static void hostile(void)
{
	static const int bases[] = { 20000, 21000, 22000, 5300, 64, 2200 };
	uint64_t x = 2026;
	int answered = 0, sent = 0;
	static char page[4096];
	for (int i = 0; i < 3000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		struct {
			mach_msg_header_t h;
			mach_msg_body_t body;
			mach_msg_ool_descriptor_t ool;
			uint32_t words[160];
			mach_msg_max_trailer_t t;
		} m;
		memset(&m, 0, sizeof(m));
		int id = bases[x % 6] + (int)((x >> 8) % 40) - 2;
		if (id == 22001)
			id = 22002;
		size_t words = (x >> 16) % 160;
		uint64_t y = x;
		for (size_t k = 0; k < words; k++) {
			y ^= y << 13, y ^= y >> 7, y ^= y << 17;
			m.words[k] = (uint32_t)(k % 3 ? y : y % 64);	/* some small numbers */
		}
		bool complex = (x >> 24) % 10 == 0;
		mach_port_t reply = mig_get_reply_port();
		m.h.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, MACH_MSG_TYPE_MAKE_SEND_ONCE) |
				(complex ? MACH_MSGH_BITS_COMPLEX : 0);
		m.h.msgh_remote_port = (x >> 30) % 4 ? root : control;
		m.h.msgh_local_port = reply;
		m.h.msgh_id = id;
		size_t size;
		if (complex) {
			m.body.msgh_descriptor_count = 1;
			m.ool = (mach_msg_ool_descriptor_t){ .address = page, .size = (x >> 32) % 4096,
							     .copy = MACH_MSG_VIRTUAL_COPY,
							     .type = MACH_MSG_OOL_DESCRIPTOR };
			size = sizeof(m.h) + sizeof(m.body) + sizeof(m.ool) + words * 4;
		} else {
			memcpy(&m.body, m.words, words * 4);	/* the body right after the header */
			size = sizeof(m.h) + words * 4;
		}
		mach_msg_return_t mr = mach_msg(&m.h, MACH_SEND_MSG | MACH_RCV_MSG | MACH_RCV_TIMEOUT,
						(mach_msg_size_t)size, sizeof(m), reply, 5000,
						MACH_PORT_NULL);
		sent++;
		if (mr == MACH_MSG_SUCCESS) {
			answered++;
			mach_msg_destroy(&m.h);	/* the ports and memory a reply may carry */
		} else if (mr == MACH_RCV_TIMED_OUT) {
			printf("  request %d (id %d, %zu bytes) not answered in 5 s\n", i, id, size);
			break;
		}
	}
	io_statbuf_t st;
	kern_return_t kr = io_stat(root, &st);
	FACT("3000_random_requests_are_all_answered_and_fss_keeps_serving",
	     answered == sent && sent == 3000 && kr == 0, "%d of %d answered, io_stat %#x", answered,
	     sent, kr);
}

int main(int argc, char **argv)
{
	connect();
	if (!failures && argc > 1 && !strcmp(argv[1], "sync-only"))
		return sync_only();
	if (failures)
		return failures;
	reads();
	errors();
	writes();
	readdir_all();
	credentials();
	concurrent();
	client_dies();
	mapping();
	persist();
	trust();
	other_task();
	forgeries();
	hostile();
	kern_return_t kr = fsys_goaway(control, 0);
	FACT("fsys_goaway_with_files_open_is_EBUSY", kr == E(EBUSY), "got %#x", kr);
	put(root);
	kr = fsys_goaway(control, FSYS_GOAWAY_FORCE);
	FACT("fsys_goaway_unmounts_clean", kr == 0, "got %#x", kr);
	printf("fss_client: %d failed\n", failures);
	return failures;
}
