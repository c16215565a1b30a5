// SPDX-License-Identifier: BSD-2-Clause
// Pipes: order, waiting, end of file, EPIPE and SIGPIPE, O_NONBLOCK,
// PIPE_BUF atomicity, a large transfer, FIONREAD; and pipes used without
// the server (leases, a shared end, EFAULT, a reader killed while waiting).
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <mach/mach.h>
#include <machrv/bsd_ports.h>
#include <machrv/pipe_ring.h>
#include "bt.h"

BTEST(a_pipe_carries_bytes_in_order)
{
	int fds[2];
	char buf[16] = { 0 };
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1], "fds %d %d", fds[0], fds[1]);
	CHECK(write(fds[1], "hello", 5) == 5 && write(fds[1], " world", 6) == 6, "write");
	CHECK(read(fds[0], buf, sizeof(buf)) == 11, "read");
	CHECK(memcmp(buf, "hello world", 11) == 0, "got %s", buf);
	return 0;
}

static int write_later(void *arg)
{
	int fd = (int)(long)arg;
	bt_msleep(20);
	return write(fd, "late", 4) == 4 ? 0 : 1;
}

BTEST(a_read_of_an_empty_pipe_waits_for_a_writer)
{
	int fds[2];
	char buf[8] = { 0 };
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(write_later, (void *)(long)fds[1]);
	CHECK(read(fds[0], buf, sizeof(buf)) == 4 && memcmp(buf, "late", 4) == 0, "read %s", buf);
	CHECK(bt_wait(pid) == 0, "writer");
	return 0;
}

/*
 * A reader parked on an empty pipe with a buffer it cannot write: the
 * writer's byte wakes it (its read runs again inside the writer's call,
 * its copyout gathered for its answer), the read is EFAULT and the byte
 * stays in the pipe for the next read.
 */
BTEST(a_parked_read_into_a_bad_buffer_is_efault_and_leaves_the_byte_in_the_pipe)
{
	int fds[2];
	char c = 0;
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(write_later, (void *)(long)fds[1]);
	errno = 0;
	ssize_t n = read(fds[0], (void *)0x1000, 1);
	CHECK(n == -1 && errno == EFAULT, "read into a bad buffer: %ld, errno %d", (long)n, errno);
	CHECK(read(fds[0], &c, 1) == 1 && c == 'l', "the byte after: %c", c);
	CHECK(bt_wait(pid) == 0, "writer");
	return 0;
}

static int close_later(void *arg)
{
	(void)arg;
	bt_msleep(20);
	return 0;	/* exiting closes the write end */
}

BTEST(read_gives_end_of_file_when_the_last_writer_closes)
{
	int fds[2];
	char c;
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(close_later, NULL);
	close(fds[1]);
	/* The child still holds the write end, then exits: EOF only then. */
	CHECK(read(fds[0], &c, 1) == 0, "EOF");
	bt_wait(pid);
	return 0;
}

BTEST(writing_with_no_reader_is_epipe_and_sigpipe_ends_the_writer)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	close(fds[0]);
	pid_t pid = fork();
	if (pid == 0) {
		(void)write(fds[1], "x", 1);
		_exit(0);
	}
	int status = bt_wait(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE, "status %#x", status);
	signal(SIGPIPE, SIG_IGN);
	CHECK(write(fds[1], "x", 1) == -1 && errno == EPIPE, "EPIPE with SIGPIPE ignored");
	return 0;
}

BTEST(o_nonblock_makes_an_empty_read_eagain)
{
	int fds[2];
	char c;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0, "F_SETFL");
	CHECK((fcntl(fds[0], F_GETFL) & O_NONBLOCK) != 0, "F_GETFL");
	CHECK(read(fds[0], &c, 1) == -1 && errno == EAGAIN, "EAGAIN");
	return 0;
}

BTEST(o_nonblock_makes_a_write_to_a_full_pipe_short_then_eagain)
{
	int fds[2];
	static char buf[4096];
	long total = 0;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(fcntl(fds[1], F_SETFL, O_NONBLOCK) == 0, "F_SETFL");
	for (;;) {
		ssize_t n = write(fds[1], buf, sizeof(buf));
		if (n < 0)
			break;
		total += n;
		CHECK(total < 1000000, "never full");
	}
	CHECK(errno == EAGAIN, "errno");
	CHECK(total > 0, "nothing went in");
	CHECK(write(fds[1], buf, 1) == -1 && errno == EAGAIN, "a full pipe");
	return 0;
}

static int write_blocks_of(void *arg)
{
	int fd = (int)((long)arg >> 8);
	char letter = (char)((long)arg & 0xff), buf[PIPE_BUF];
	memset(buf, letter, sizeof(buf));
	for (int i = 0; i < 40; i++)
		if (write(fd, buf, sizeof(buf)) != sizeof(buf))
			return 1;
	return 0;
}

BTEST(writes_of_pipe_buf_bytes_are_never_interleaved)
{
	int fds[2];
	CHECK(PIPE_BUF >= 512, "PIPE_BUF %d", PIPE_BUF);
	CHECK(pipe(fds) == 0, "pipe");
	pid_t a = bt_spawn(write_blocks_of, (void *)(long)(fds[1] << 8 | 'a'));
	pid_t b = bt_spawn(write_blocks_of, (void *)(long)(fds[1] << 8 | 'b'));
	close(fds[1]);
	static char buf[PIPE_BUF];
	int blocks = 0;
	for (;;) {
		size_t got = 0;
		/* In odd pieces, so the room writers find is never a whole block. */
		while (got < sizeof(buf)) {
			size_t want = sizeof(buf) - got < 100 ? sizeof(buf) - got : 100;
			ssize_t n = read(fds[0], buf + got, want);
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (got == 0)
			break;
		CHECK(got == sizeof(buf), "a partial block of %zu", got);
		for (size_t i = 1; i < got; i++)
			CHECK(buf[i] == buf[0], "block %d mixes %c and %c at %zu", blocks, buf[0], buf[i], i);
		blocks++;
	}
	CHECK(blocks == 80, "%d blocks", blocks);
	CHECK(bt_wait(a) == 0 && bt_wait(b) == 0, "writers");
	return 0;
}

static int write_a_lot(void *arg)
{
	int fd = (int)(long)arg;
	static char buf[100000];
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7);
	return write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf) ? 0 : 1;
}

BTEST(a_write_larger_than_the_pipe_arrives_whole_and_in_order)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(write_a_lot, (void *)(long)fds[1]);
	close(fds[1]);
	static char buf[4096];
	size_t total = 0;
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			CHECK(buf[i] == (char)((total + (size_t)i) * 7), "byte %zu", total + (size_t)i);
		total += (size_t)n;
	}
	CHECK(total == 100000, "total %zu", total);
	CHECK(bt_wait(pid) == 0, "the writer's one write wrote it all");
	return 0;
}

BTEST(a_pipe_end_used_the_wrong_way_is_ebadf)
{
	int fds[2];
	char c = 0;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(write(fds[0], &c, 1) == -1 && errno == EBADF, "write to the read end");
	CHECK(read(fds[1], &c, 1) == -1 && errno == EBADF, "read from the write end");
	return 0;
}

BTEST(fionread_on_a_pipe_is_the_bytes_a_read_would_take_and_0_at_the_write_end)
{
	int fds[2], n = -1;
	char buf[8];
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(ioctl(fds[0], FIONREAD, &n) == 0 && n == 0, "empty: %d", n);
	CHECK(write(fds[1], "hello", 5) == 5, "write");
	CHECK(ioctl(fds[0], FIONREAD, &n) == 0 && n == 5, "after 5 written: %d", n);
	CHECK(read(fds[0], buf, 2) == 2, "read");
	CHECK(ioctl(fds[0], FIONREAD, &n) == 0 && n == 3, "after 2 read: %d", n);
	n = -1;
	CHECK(ioctl(fds[1], FIONREAD, &n) == 0 && n == 0, "the write end: %d", n);
	errno = 0;
	CHECK(ioctl(fds[0], TIOCSTOP) == -1 && errno == ENOTTY, "a terminal's request");
	return 0;
}

BTEST(fionread_on_dev_null_and_dev_zero_is_enotty)
{
	/* FreeBSD's null and zero devices answer only FIONBIO and FIOASYNC. */
	const char *dev[] = { "/dev/null", "/dev/zero" };
	for (int i = 0; i < 2; i++) {
		int fd = open(dev[i], O_RDONLY), n = -1;
		CHECK(fd >= 0, "open %s", dev[i]);
		errno = 0;
		CHECK(ioctl(fd, FIONREAD, &n) == -1 && errno == ENOTTY && n == -1, "%s", dev[i]);
		close(fd);
	}
	return 0;
}

/* ---- pipes used without the server (<machrv/pipe_ring.h>) ---- */

/*
 * The ring of fd's pipe as bsd_server maps it into this process
 * (pipe_attach, asked again: the library asked it already), and which end
 * fd is; NULL if the call fails.  The rights it sends are dropped.
 */
static struct pipe_ring *ring_of(int fd, long *end)
{
	mach_port_t reply;
	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &reply) != KERN_SUCCESS)
		return NULL;
	register long a0 __asm__("a0") = fd;
	register long a1 __asm__("a1") = (long)reply;
	register long a2 __asm__("a2") = 0;
	register long a3 __asm__("a3") = 0;
	register long a4 __asm__("a4") = 0;
	register long a7 __asm__("a7") = 1002;	/* SYS_pipe_attach */
	__asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a3), "r"(a4), "r"(a7)
			 : "memory");
	long ring = a0;
	*end = a1;
	struct {
		bsd_ports_msg_t m;
		mach_msg_max_trailer_t trailer;
	} in;
	if (!(ring < 0 && ring > -4096) &&
	    mach_msg(&in.m.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(in), reply, 0,
		     MACH_PORT_NULL) == MACH_MSG_SUCCESS)
		mach_msg_destroy(&in.m.head);
	(void)mach_port_mod_refs(mach_task_self(), reply, MACH_PORT_RIGHT_RECEIVE, -1);
	return ring < 0 && ring > -4096 ? NULL : (struct pipe_ring *)ring;
}

BTEST(a_process_using_a_pipe_holds_its_ends_and_moves_bytes_through_the_ring)
{
	int fds[2];
	char c = 0;
	long rend = -1, wend = -1;
	CHECK(pipe(fds) == 0, "pipe");
	/* A few calls through bsd_server first: the library asks for the ring
	 * at a descriptor's fourth read or write (pipe_direct.c, ATTACH_AFTER). */
	for (int i = 0; i < 4; i++)
		CHECK(write(fds[1], "z", 1) == 1 && read(fds[0], &c, 1) == 1 && c == 'z', "round %d", i);
	CHECK(write(fds[1], "a", 1) == 1, "write");
	struct pipe_ring *r = ring_of(fds[1], &wend);
	CHECK(r != NULL && wend == PIPE_END_WRITE, "the ring: %p, end %ld", (void *)r, wend);
	CHECK(r->end[PIPE_END_WRITE].holder == (uint32_t)getpid(), "the write end's lease: %u",
	      r->end[PIPE_END_WRITE].holder);
	CHECK(r->tail - r->head == 1 && PIPE_RING_BYTES(r)[r->head % PIPE_RING_SIZE] == 'a',
	      "the byte in the ring: %lu..%lu", (unsigned long)r->head, (unsigned long)r->tail);
	CHECK(read(fds[0], &c, 1) == 1 && c == 'a', "read %c", c);
	CHECK(ring_of(fds[0], &rend) == r && rend == PIPE_END_READ, "the read end: %ld", rend);
	CHECK(r->end[PIPE_END_READ].holder == (uint32_t)getpid() && r->head == r->tail,
	      "the read end's lease %u, head %lu tail %lu", r->end[PIPE_END_READ].holder,
	      (unsigned long)r->head, (unsigned long)r->tail);
	int devnull = open("/dev/null", O_WRONLY);
	CHECK(ring_of(devnull, &rend) == NULL, "/dev/null has no ring");
	close(devnull);
	return 0;
}

/* A reader of a shared read end: each byte it gets, as a bit (bytes 0..63). */
static int read_bits(void *arg)
{
	int fd = (int)((long)arg & 0xff);
	uint64_t got = 0;
	close((int)((long)arg >> 8));		/* the write end: else no EOF */
	unsigned char c;
	while (read(fd, &c, 1) == 1)
		got |= 1ull << (c & 63);
	/* The count of different bytes, as the exit status. */
	int n = 0;
	for (int i = 0; i < 64; i++)
		n += (got >> i) & 1;
	return n;
}

BTEST(two_processes_reading_one_end_each_get_every_byte_once)
{
	int fds[2];
	CHECK(pipe(fds) == 0, "pipe");
	pid_t a = bt_spawn(read_bits, (void *)(long)(fds[0] | fds[1] << 8));
	pid_t b = bt_spawn(read_bits, (void *)(long)(fds[0] | fds[1] << 8));
	close(fds[0]);
	for (unsigned char c = 0; c < 64; c++) {
		CHECK(write(fds[1], &c, 1) == 1, "write %u", c);
		if (c % 8 == 7)
			bt_msleep(2);	/* both readers get turns */
	}
	close(fds[1]);
	int sa = bt_wait(a), sb = bt_wait(b);
	CHECK(WIFEXITED(sa) && WIFEXITED(sb), "statuses %#x %#x", sa, sb);
	CHECK(WEXITSTATUS(sa) + WEXITSTATUS(sb) == 64, "bytes read: %d + %d", WEXITSTATUS(sa),
	      WEXITSTATUS(sb));
	return 0;
}

BTEST(o_nonblock_set_after_a_direct_read_makes_the_next_empty_read_eagain)
{
	int fds[2];
	char c;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(write(fds[1], "x", 1) == 1 && read(fds[0], &c, 1) == 1, "a first byte");
	CHECK(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0, "F_SETFL");
	errno = 0;
	CHECK(read(fds[0], &c, 1) == -1 && errno == EAGAIN, "EAGAIN");
	CHECK(fcntl(fds[0], F_SETFL, 0) == 0 && write(fds[1], "y", 1) == 1, "blocking again");
	CHECK(read(fds[0], &c, 1) == 1 && c == 'y', "read %c", c);
	return 0;
}

BTEST(a_direct_read_into_a_bad_buffer_is_efault_and_leaves_the_byte_in_the_pipe)
{
	int fds[2];
	char c = 0;
	CHECK(pipe(fds) == 0, "pipe");
	CHECK(write(fds[1], "q", 1) == 1 && write(fds[1], "r", 1) == 1, "write");
	errno = 0;
	CHECK(read(fds[0], BAD_PTR, 1) == -1 && errno == EFAULT, "read into a bad buffer");
	errno = 0;
	CHECK(write(fds[1], BAD_PTR, 1) == -1 && errno == EFAULT, "write from a bad buffer");
	CHECK(read(fds[0], &c, 1) == 1 && c == 'q', "the first byte after: %c", c);
	CHECK(read(fds[0], &c, 1) == 1 && c == 'r', "the second: %c", c);
	return 0;
}

static int read_forever(void *arg)
{
	char c;
	return read((int)(long)arg, &c, 1) == 1 ? 0 : 1;
}

BTEST(a_reader_killed_while_it_waits_leaves_the_pipe_to_the_others)
{
	int fds[2];
	char c = 0;
	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = bt_spawn(read_forever, (void *)(long)fds[0]);
	bt_msleep(20);			/* it holds the read end's lease and waits */
	CHECK(kill(pid, SIGKILL) == 0, "kill");
	int status = bt_wait(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status %#x", status);
	CHECK(write(fds[1], "k", 1) == 1 && read(fds[0], &c, 1) == 1 && c == 'k', "read %c", c);
	return 0;
}
