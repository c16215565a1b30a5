/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A second client task of the fss server, started by bootstrap before
 * fss_client.c and running beside it (run_fss_test.py): in its own
 * directory stress/ it makes, writes, reads back, renames and removes
 * files 60 times, then writes stress/done holding "ok N" or "bad N"
 * (N: the operations that failed), which fss_client.c waits for.
 */
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <servers/bootstrap.h>
#include <fss/fs.h>
#include <fss/fsys.h>
#include <fss/io.h>

static mach_port_t root;

static kern_return_t open_at(const char *path, int flags, mach_port_t *port)
{
	retry_type retry;
	fss_string_t rest;
	return dir_lookup(root, path, flags, 0644, &retry, rest, port);
}

int main(void)
{
	mach_port_t control, dir, f;
	uint32_t ids[1] = { 0 };
	retry_type retry;
	fss_string_t rest;
	if (bootstrap_look_up(bootstrap_port, "fss", &control) ||
	    fsys_getroot(control, MACH_PORT_NULL, MACH_MSG_TYPE_COPY_SEND, ids, 1, ids, 1,
			 FS_O_READ | FS_O_EXEC, &retry, rest, &root) ||
	    dir_mkdir(root, "stress", 0755) || open_at("stress", FS_O_READ, &dir)) {
		printf("fss_stress: no file server\n");
		return 1;
	}
	int bad = 0;
	char buf[3000], back[3000], name[32];
	for (int i = 0; i < 60; i++) {
		snprintf(name, sizeof(name), "stress/s%d", i);
		memset(buf, 'A' + i % 26, sizeof(buf));
		vm_size_t done;
		data_t data = back;
		mach_msg_type_number_t n = sizeof(back);
		if (open_at(name, FS_O_READ | FS_O_WRITE | FS_O_CREAT | FS_O_EXCL, &f)) {
			bad++;
			continue;
		}
		if (io_write(f, buf, sizeof(buf), 0, &done) || done != sizeof(buf) ||
		    io_read(f, &data, &n, 0, sizeof(back)) || n != sizeof(buf) ||
		    memcmp(data, buf, n) || dir_rename(dir, name + 7, dir, "renamed", 0) ||
		    dir_unlink(dir, "renamed"))
			bad++;
		if (data != back)
			vm_deallocate(mach_task_self(), (vm_address_t)data, n);
		mach_port_deallocate(mach_task_self(), f);
	}
	char msg[32];
	int len = snprintf(msg, sizeof(msg), "%s %d", bad ? "bad" : "ok", bad);
	vm_size_t done;
	if (open_at("stress/done", FS_O_WRITE | FS_O_CREAT, &f) ||
	    io_write(f, msg, (mach_msg_type_number_t)len, 0, &done))
		return 1;
	mach_port_deallocate(mach_task_self(), f);
	printf("fss_stress: %s\n", msg);
	return bad;
}
