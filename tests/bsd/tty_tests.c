// SPDX-License-Identifier: BSD-2-Clause
// The terminal (/dev/console through bsd_server's line discipline), as a
// program sees it: init under bsd_server (tty.conf), with the QEMU runner
// typing at its prompts (tests/qemu/CMakeLists.txt, the SEND list, in the
// order of the table at the end).  Each fact runs in a child process of
// its own; between facts the runner puts the settings and the foreground
// group back.  A prompt ends in ": " and is written before the read it
// is for, so the typing comes after it; what is echoed is checked by the
// runner's expected lines.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <mach/mach_traps.h>
#include "bt.h"

#define WAIT_MS	5000		/* a child waits this long for the terminal */
#define TEST_MS	10000		/* a fact ends after this long */

static void prompt(const char *s)
{
	printf("tty: %s: ", s);
	fflush(stdout);
}

static uint64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Read until `want' bytes came (each read gives what is there). */
static ssize_t read_all(char *buf, size_t want)
{
	size_t have = 0;

	while (have < want) {
		ssize_t n = read(0, buf + have, want - have);
		if (n <= 0)
			return n;
		have += (size_t)n;
	}
	return (ssize_t)have;
}

static int canonical_read_gets_the_line_as_edited_by_erase_and_kill(void)
{
	char buf[100];

	prompt("type a line");		/* typed: xyz ^U hellp DEL o wox ^H rld CR */
	ssize_t n = read(0, buf, sizeof(buf));
	CHECK(n == 12 && memcmp(buf, "hello world\n", 12) == 0, "read %zd: '%.*s'", n,
	      (int)(n > 0 ? n : 0), buf);
	return 0;
}

static int ctrl_d_ends_a_line_and_at_its_start_is_end_of_file(void)
{
	char buf[100];

	prompt("type ab then two ^D");
	ssize_t n = read(0, buf, sizeof(buf));
	CHECK(n == 2 && memcmp(buf, "ab", 2) == 0, "first read %zd", n);
	n = read(0, buf, sizeof(buf));
	CHECK(n == 0, "second read %zd, not end of file", n);
	return 0;
}

static int echo_off_hides_what_is_typed(void)
{
	struct termios t;
	char buf[100];

	CHECK(tcgetattr(0, &t) == 0, "tcgetattr");
	t.c_lflag &= ~(tcflag_t)ECHO;
	CHECK(tcsetattr(0, TCSANOW, &t) == 0, "tcsetattr");
	prompt("password");
	ssize_t n = read(0, buf, sizeof(buf));
	CHECK(n == 7 && memcmp(buf, "secret\n", 7) == 0, "read %zd", n);
	return 0;
}

static int raw_mode_reads_single_bytes_and_ctrl_c_is_one_of_them(void)
{
	struct termios t;
	char buf[8];

	CHECK(tcgetattr(0, &t) == 0, "tcgetattr");
	cfmakeraw(&t);
	CHECK(tcsetattr(0, TCSAFLUSH, &t) == 0, "tcsetattr");
	prompt("raw");			/* typed: a ^C DEL */
	ssize_t n = read(0, buf, 1);
	CHECK(n == 1 && buf[0] == 'a', "first read %zd", n);
	n = read_all(buf, 2);
	CHECK(n == 2 && buf[0] == 0x03 && buf[1] == 0x7f, "then %zd bytes", n);
	return 0;
}

/* A child in a new process group that the terminal gives to it reads;
 * what is typed at its prompt (a signal character) ends or stops it. */
static pid_t spawn_foreground_reader(const char *what)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, 0);
		for (int ms = 0; tcgetpgrp(0) != getpid() && ms < WAIT_MS; ms++)
			bt_msleep(1);
		prompt(what);
		char buf[16];
		(void)read(0, buf, sizeof(buf));
		_exit(3);
	}
	if (c > 0) {
		setpgid(c, c);
		if (tcsetpgrp(0, c) != 0)
			printf("tcsetpgrp: errno %d\n", errno);
	}
	return c;
}

static int ctrl_c_kills_the_foreground_child_blocked_in_read_not_its_parent(void)
{
	pid_t c = spawn_foreground_reader("child reads");
	CHECK(c > 0, "fork");
	int st = bt_wait(c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT, "child status %#x", st);
	CHECK(tcgetpgrp(0) != getpgrp(), "the dead child's group was the foreground");
	CHECK(tcsetpgrp(0, getpgrp()) == 0, "the parent goes on and takes the terminal back");
	return 0;
}

static int ctrl_backslash_kills_the_foreground_child_with_sigquit(void)
{
	pid_t c = spawn_foreground_reader("child reads for quit");
	CHECK(c > 0, "fork");
	int st = bt_wait(c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGQUIT, "child status %#x", st);
	return 0;
}

static int ctrl_z_stops_the_foreground_child_with_sigtstp(void)
{
	pid_t c = spawn_foreground_reader("child reads for suspend");
	CHECK(c > 0, "fork");
	int st = 0;
	CHECK(waitpid(c, &st, WUNTRACED) == c, "waitpid");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "child status %#x", st);
	kill(c, SIGKILL);
	st = bt_wait(c);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "then killed: %#x", st);
	return 0;
}

static volatile int caught;

static void on_sigint(int sig)
{
	(void)sig;
	caught++;
}

static void on_sigint_say(int sig)
{
	static const char msg[] = "tty: handler ran, type more: ";

	(void)sig;
	caught++;
	(void)write(1, msg, sizeof(msg) - 1);
}

/*
 * The child must be in its read when ^C is typed (a handler run just
 * before the read would leave it waiting), and the runner cannot see
 * that; the child's own read tells: it starts in the background, so the
 * read stops it with SIGTTIN (the parent sees the stop); then the parent
 * gives it the terminal, which runs the parked read again (now it waits
 * for input), continues it, and only then prompts.
 */
static int read_until_interrupted(void *arg)
{
	char buf[16];
	struct sigaction sa;

	(void)arg;
	setpgid(0, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;	/* no SA_RESTART */
	if (sigaction(SIGINT, &sa, NULL) != 0)
		return 2;
	ssize_t n = read(0, buf, sizeof(buf));
	if (n != -1 || errno != EINTR || caught != 1) {
		printf("read gave %zd (errno %d), the handler ran %d times\n", n, errno, caught);
		return 1;
	}
	return 0;
}

static int a_sigint_handler_sees_the_read_return_eintr(void)
{
	pid_t c = bt_spawn(read_until_interrupted, NULL);
	CHECK(c > 0, "fork");
	setpgid(c, c);
	int st = 0;
	CHECK(waitpid(c, &st, WUNTRACED) == c && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN,
	      "the child's read did not stop it: %#x", st);
	CHECK(tcsetpgrp(0, c) == 0, "tcsetpgrp");
	CHECK(kill(c, SIGCONT) == 0, "SIGCONT");
	prompt("interrupt me");
	st = bt_wait(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
	return 0;
}

/* This process in a group of its own, in the foreground, catching SIGINT.
 * (^C may come before the read starts: the handler runs, the read gets
 * the line typed after.) */
static int take_terminal_and_catch(void (*handler)(int), int flags)
{
	struct sigaction sa;

	if (setpgid(0, 0) != 0 || tcsetpgrp(0, getpid()) != 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	return sigaction(SIGINT, &sa, NULL);
}

static int with_sa_restart_the_read_goes_on_after_the_handler(void)
{
	char buf[16];

	CHECK(take_terminal_and_catch(on_sigint_say, SA_RESTART) == 0, "set up");
	prompt("interrupt and go on");
	ssize_t n = read(0, buf, sizeof(buf));
	CHECK(caught == 1, "the handler ran %d times", caught);
	CHECK(n == 6 && memcmp(buf, "after\n", 6) == 0, "read gave %zd", n);
	return 0;
}

/* Typed ahead, then flushed: the line typed before tcflush is gone, the
 * one typed after is read.  FIONREAD says when the first has come. */
static int tcflush_drops_what_was_typed_ahead(void)
{
	char buf[16];
	int n = 0;

	prompt("type ahead");		/* typed: junk CR */
	for (int ms = 0; ms < WAIT_MS && (ioctl(0, FIONREAD, &n) < 0 || n == 0); ms++)
		bt_msleep(1);
	CHECK(n == 5, "FIONREAD %d: the typed line never came whole", n);
	CHECK(tcflush(0, TCIFLUSH) == 0, "tcflush");
	CHECK(ioctl(0, FIONREAD, &n) == 0 && n == 0, "FIONREAD after: %d", n);
	prompt("after the flush");	/* typed: kept CR */
	ssize_t r = read(0, buf, sizeof(buf));
	CHECK(r == 5 && memcmp(buf, "kept\n", 5) == 0, "read %zd: '%.*s'", r, (int)(r > 0 ? r : 0),
	      buf);
	return 0;
}

/* ---- facts with nothing typed ---- */

static int tcdrain_and_tcflush_answer_on_a_terminal_and_refuse_other_files(void)
{
	int fds[2];

	CHECK(tcdrain(1) == 0, "tcdrain");
	CHECK(tcflush(0, TCIOFLUSH) == 0 && tcflush(1, TCOFLUSH) == 0, "tcflush");
	errno = 0;
	CHECK(tcflush(0, 7) == -1 && errno == EINVAL, "a queue that does not exist");
	CHECK(pipe(fds) == 0, "pipe");
	errno = 0;
	CHECK(tcdrain(fds[1]) == -1 && errno == ENOTTY, "tcdrain of a pipe");
	errno = 0;
	CHECK(tcflush(fds[0], TCIFLUSH) == -1 && errno == ENOTTY, "tcflush of a pipe");
	errno = 0;
	CHECK(tcdrain(57) == -1 && errno == EBADF, "tcdrain of a descriptor not open");
	return 0;
}

static int write_quiet(void *arg)
{
	(void)arg;
	return write(1, "tty: held\n", 10) == 10 ? 0 : 1;
}

static int tcflow_tcooff_holds_writes_until_tcoon(void)
{
	CHECK(tcflow(0, TCOOFF) == 0, "TCOOFF");
	pid_t w = bt_spawn(write_quiet, NULL);
	CHECK(w > 0, "fork");
	int st = 0;
	bt_msleep(200);
	pid_t got = waitpid(w, &st, WNOHANG);
	CHECK(tcflow(0, TCOON) == 0, "TCOON");
	CHECK(got == 0, "the write ended while output was off: %d %#x", got, st);
	st = bt_wait(w);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer: %#x", st);
	return 0;
}

static int tiocsctty_is_refused_to_a_process_that_is_not_a_session_leader(void)
{
	errno = 0;
	CHECK(ioctl(0, TIOCSCTTY, 0) == -1 && errno == EPERM, "TIOCSCTTY");
	return 0;
}

static int new_leader_asks(void *arg)
{
	(void)arg;
	if (setsid() < 0)
		return 2;
	errno = 0;
	return ioctl(0, TIOCSCTTY, 0) == -1 && errno == EPERM ? 0 : 1;
}

static int tiocsctty_is_refused_while_another_living_session_has_the_terminal(void)
{
	int st = bt_wait(bt_spawn(new_leader_asks, NULL));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the new leader: %#x (1: not EPERM)", st);
	return 0;
}

/* A session leader that takes the terminal (tcsetpgrp) and exits. */
static int take_and_exit(void *arg)
{
	(void)arg;
	if (setsid() < 0 || tcsetpgrp(0, getpid()) != 0)
		return 2;
	return 0;
}

static int take_with_tiocsctty(void *arg)
{
	(void)arg;
	if (setsid() < 0)
		return 2;
	if (ioctl(0, TIOCSCTTY, 0) != 0)
		return 3;
	return tcgetpgrp(0) == getpid() ? 0 : 4;
}

static int a_leader_takes_with_tiocsctty_the_terminal_an_exited_controlling_process_left(void)
{
	int st = bt_wait(bt_spawn(take_and_exit, NULL));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the first leader: %#x", st);
	st = bt_wait(bt_spawn(take_with_tiocsctty, NULL));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the second leader: %#x (3: TIOCSCTTY refused, 4: not its group)", st);
	return 0;
}

/* The controlling process's foreground group, told of SIGHUP and SIGCONT
 * by its handlers through a pipe. */
static int hup_report;

static void note_hup(int sig)
{
	(void)sig;
	(void)write(hup_report, "H", 1);
}

static void note_cont(int sig)
{
	(void)sig;
	(void)write(hup_report, "C", 1);
}

static int foreground_member(int ready)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note_hup;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = note_cont;
	sigaction(SIGCONT, &sa, NULL);
	setpgid(0, 0);
	pid_t me = getpid();
	(void)write(hup_report, &me, sizeof(me));
	(void)write(ready, "r", 1);
	for (int i = 0; i < 300; i++)	/* the signals come, or 3 s pass */
		bt_msleep(10);
	return 0;
}

static int controlling_process(void *arg)
{
	(void)arg;
	int ready[2];
	char c;
	if (setsid() < 0 || pipe(ready) != 0)
		return 2;
	pid_t m = fork();
	if (m == 0)
		_exit(foreground_member(ready[1]));
	setpgid(m, m);
	if (read(ready[0], &c, 1) != 1)
		return 3;
	if (tcsetpgrp(0, m) != 0)	/* the leader takes the terminal for m's group */
		return 4;
	return 0;
}

static int sighup_and_sigcont_reach_the_foreground_group_when_the_controlling_process_exits(void)
{
	int fds[2];

	CHECK(pipe(fds) == 0, "pipe");
	hup_report = fds[1];
	pid_t s = bt_spawn(controlling_process, NULL);
	CHECK(s > 0, "fork");
	close(fds[1]);
	int st = bt_wait(s);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the leader: %#x", st);
	pid_t m = 0;
	CHECK(read(fds[0], &m, sizeof(m)) == sizeof(m) && m > 0, "the member's pid");
	char got[4] = "";
	size_t n = 0;
	ssize_t r;
	while (n < 2 && (r = read(fds[0], got + n, 2 - n)) > 0)
		n += (size_t)r;
	pid_t fg = tcgetpgrp(0);
	kill(m, SIGKILL);
	CHECK(n == 2 && memchr(got, 'H', n) && memchr(got, 'C', n), "the member got '%.*s'", (int)n,
	      got);
	CHECK(fg != m, "the terminal still has the ended session's group in the foreground");
	return 0;
}

static int the_foreground_group_at_first_is_inits(void)
{
	CHECK(tcgetpgrp(0) == 1 && getpgrp() == 1, "tcgetpgrp %d, our group %d", tcgetpgrp(0),
	      getpgrp());
	return 0;
}

static int vmin_0_vtime_1_read_returns_0_after_a_tenth_of_a_second(void)
{
	struct termios t;
	char buf[4];

	CHECK(tcgetattr(0, &t) == 0, "tcgetattr");
	t.c_lflag &= ~(tcflag_t)ICANON;
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 1;
	CHECK(tcsetattr(0, TCSANOW, &t) == 0, "tcsetattr");
	uint64_t start = ms_now();
	ssize_t n = read(0, buf, sizeof(buf));
	uint64_t took = ms_now() - start;
	CHECK(n == 0, "read %zd", n);
	CHECK(took >= 90 && took < 3000, "took %llu ms", (unsigned long long)took);
	return 0;
}

static int vmin_0_vtime_0_read_returns_at_once(void)
{
	struct termios t;
	char buf[4];

	CHECK(tcgetattr(0, &t) == 0, "tcgetattr");
	t.c_lflag &= ~(tcflag_t)ICANON;
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	CHECK(tcsetattr(0, TCSANOW, &t) == 0, "tcsetattr");
	CHECK(read(0, buf, sizeof(buf)) == 0, "read");
	return 0;
}

static int background_reader(void *arg)
{
	char buf[4];

	setpgid(0, 0);
	if (arg)
		signal(SIGTTIN, SIG_IGN);
	ssize_t n = read(0, buf, sizeof(buf));
	return n == -1 && errno == EIO ? 0 : 1;
}

static int a_read_from_a_background_group_stops_it_with_sigttin(void)
{
	pid_t c = bt_spawn(background_reader, NULL);
	CHECK(c > 0, "fork");
	int st = 0;
	CHECK(waitpid(c, &st, WUNTRACED) == c, "waitpid");
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN, "child status %#x", st);
	kill(c, SIGKILL);
	bt_wait(c);
	return 0;
}

static int a_background_read_that_ignores_sigttin_gets_eio(void)
{
	pid_t c = bt_spawn(background_reader, "ignore");
	CHECK(c > 0, "fork");
	int st = bt_wait(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status %#x", st);
	return 0;
}

/* In a session of its own: a process that is not its leader may not
 * take the terminal; the leader may (and then has it). */
static int not_the_leader(void *arg)
{
	(void)arg;
	return tcsetpgrp(0, getpgrp()) == -1 && errno == ENOTTY ? 0 : 1;
}

static int other_session(void *arg)
{
	(void)arg;
	if (setsid() < 0)
		return 2;
	int st = bt_wait(bt_spawn(not_the_leader, NULL));
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return 3;
	if (tcsetpgrp(0, getpid()) != 0 || tcgetpgrp(0) != getpid())
		return 4;
	return 0;
}

static int tcsetpgrp_takes_a_group_of_the_session_and_a_leader_takes_the_terminal(void)
{
	CHECK(tcsetpgrp(0, 99999) == -1 && errno == EPERM, "a group that does not exist");
	pid_t c = bt_spawn(other_session, NULL);
	int st = bt_wait(c);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "another session: status %#x "
	      "(3: its member was not refused, 4: its leader could not take it)", st);
	/* The runner (init, session 1's leader) takes it back afterwards. */
	return 0;
}

/*
 * A prompt the runner sees while the terminal's output is stopped: written
 * to the kernel's debug console (the same UART), which the terminal's stop
 * does not hold.
 */
static void cue(const char *s)
{
	char buf[80];
	int n = snprintf(buf, sizeof(buf), "tty: %s: ", s);

	(void)machrv_debug_write(buf, (size_t)n);
}

static int write_while_stopped(void *arg)
{
	(void)arg;
	return write(1, "tty: written while stopped\n", 27) == 27 ? 0 : 1;
}

/* A writer started now must still be waiting after 200 ms: its pid. */
static pid_t held_writer(void)
{
	pid_t w = bt_spawn(write_while_stopped, NULL);
	bt_msleep(200);
	return w;
}

static int ctrl_s_stops_output_and_ctrl_q_starts_it_again(void)
{
	char buf[100];
	int st = 0;

	prompt("stop output");		/* typed: ^S x CR */
	ssize_t n = read(0, buf, sizeof(buf));
	pid_t w = held_writer();
	pid_t got = waitpid(w, &st, WNOHANG);
	cue("held, start output");	/* typed: ^Q y CR */
	ssize_t m = read(0, buf + 10, sizeof(buf) - 10);
	/* Output runs again: the checks may say what they found. */
	CHECK(n == 2 && memcmp(buf, "x\n", 2) == 0, "^S is no input: read %zd", n);
	CHECK(got == 0, "the write ended while output was stopped: %d %#x", got, st);
	CHECK(m == 2 && memcmp(buf + 10, "y\n", 2) == 0, "^Q is no input: read %zd", m);
	st = bt_wait(w);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer: %#x", st);
	return 0;
}

static int with_ixany_any_key_starts_output_again(void)
{
	struct termios t;
	char buf[100];
	int st = 0;

	CHECK(tcgetattr(0, &t) == 0, "tcgetattr");
	t.c_iflag |= IXANY;
	CHECK(tcsetattr(0, TCSANOW, &t) == 0, "tcsetattr");
	int fd = open("/dev/console", O_WRONLY | O_NONBLOCK);
	CHECK(fd >= 0, "open");
	prompt("stop output for any key");	/* typed: ^S */
	/* Stopped: a write that may not wait says EAGAIN (until then it
	 * writes a CR, which shows nothing). */
	int r = 0;
	for (int ms = 0; ms < WAIT_MS && (r = (int)write(fd, "\r", 1)) == 1; ms += 5)
		bt_msleep(5);
	int err = errno;
	pid_t w = held_writer();
	pid_t got = waitpid(w, &st, WNOHANG);
	cue("held, type any key");		/* typed: k CR */
	ssize_t n = read(0, buf, sizeof(buf));
	CHECK(r == -1 && err == EAGAIN, "never stopped: %d, errno %d", r, err);
	CHECK(got == 0, "the write ended while output was stopped: %d %#x", got, st);
	CHECK(n == 2 && memcmp(buf, "k\n", 2) == 0, "the key is input: read %zd", n);
	st = bt_wait(w);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer: %#x", st);
	return 0;
}

/* The member of the session below: its pid, then one byte (0: all as
 * expected, else the step that was not) into fd `out'. */
static void revoked_member(int ready, int out)
{
	pid_t me = getpid();
	char c;
	(void)write(out, &me, sizeof(me));
	signal(SIGHUP, SIG_IGN);		/* the hangup's signal, to see what follows */
	(void)write(ready, "r", 1);
	ssize_t n = read(0, &c, 1);		/* waits: nothing is typed */
	c = n != 0 ? 1 : write(1, "x", 1) != -1 || errno != EIO ? 2 : isatty(0) ? 3 :
	    read(0, &c, 1) != 0 ? 4 : 0;
	(void)write(out, &c, 1);
	_exit(0);
}

/* A session leader that takes the terminal, starts a member of its
 * foreground group blocked in a read of it, and exits. */
static int leader_with_a_reading_member(void *arg)
{
	int *fds = arg, ready[2];
	char c;
	if (setsid() < 0 || tcsetpgrp(0, getpid()) != 0 || pipe(ready) != 0)
		return 2;
	if (fork() == 0) {
		close(ready[0]);
		revoked_member(ready[1], fds[1]);
	}
	close(ready[1]);
	close(fds[1]);
	if (read(ready[0], &c, 1) != 1)
		return 3;
	bt_msleep(100);				/* the member is in its read */
	return 0;
}

static int descriptors_of_a_session_whose_controlling_process_exited_are_revoked(void)
{
	int fds[2];
	pid_t member = 0;
	int result = -1;
	unsigned char b;
	CHECK(pipe(fds) == 0, "pipe");
	int st = bt_wait(bt_spawn(leader_with_a_reading_member, fds));
	close(fds[1]);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the leader: %#x", st);
	CHECK(read(fds[0], &member, sizeof(member)) == sizeof(member), "the member's pid");
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	for (uint64_t start = ms_now(); result == -1 && ms_now() - start < WAIT_MS;) {
		if (read(fds[0], &b, 1) == 1)
			result = b;
		else
			bt_msleep(5);
	}
	if (result == -1)
		kill(member, SIGKILL);		/* its read never ended */
	fcntl(fds[0], F_SETFL, 0);
	char sink;
	while (read(fds[0], &sink, 1) > 0)	/* its end: the session is gone */
		;
	CHECK(result == 0, "the member: %d (-1: its read went on, 1: not at the end, 2: its "
	      "write not EIO, 3: still a terminal, 4: a second read not at the end)", result);
	CHECK(write(1, "tty: init still writes\n", 23) == 23, "init's own descriptor");
	return 0;
}

static const struct btest tests[] = {
#define T(fn) { #fn, fn }
	T(the_foreground_group_at_first_is_inits),
	T(canonical_read_gets_the_line_as_edited_by_erase_and_kill),
	T(ctrl_d_ends_a_line_and_at_its_start_is_end_of_file),
	T(echo_off_hides_what_is_typed),
	T(raw_mode_reads_single_bytes_and_ctrl_c_is_one_of_them),
	T(ctrl_c_kills_the_foreground_child_blocked_in_read_not_its_parent),
	T(ctrl_backslash_kills_the_foreground_child_with_sigquit),
	T(ctrl_z_stops_the_foreground_child_with_sigtstp),
	T(a_sigint_handler_sees_the_read_return_eintr),
	T(with_sa_restart_the_read_goes_on_after_the_handler),
	T(tcflush_drops_what_was_typed_ahead),
	T(vmin_0_vtime_1_read_returns_0_after_a_tenth_of_a_second),
	T(vmin_0_vtime_0_read_returns_at_once),
	T(a_read_from_a_background_group_stops_it_with_sigttin),
	T(a_background_read_that_ignores_sigttin_gets_eio),
	T(tcsetpgrp_takes_a_group_of_the_session_and_a_leader_takes_the_terminal),
	T(tcdrain_and_tcflush_answer_on_a_terminal_and_refuse_other_files),
	T(tcflow_tcooff_holds_writes_until_tcoon),
	T(tiocsctty_is_refused_to_a_process_that_is_not_a_session_leader),
	T(tiocsctty_is_refused_while_another_living_session_has_the_terminal),
	T(a_leader_takes_with_tiocsctty_the_terminal_an_exited_controlling_process_left),
	T(sighup_and_sigcont_reach_the_foreground_group_when_the_controlling_process_exits),
	T(ctrl_s_stops_output_and_ctrl_q_starts_it_again),
	T(with_ixany_any_key_starts_output_again),
	T(descriptors_of_a_session_whose_controlling_process_exited_are_revoked),
#undef T
};

const char *bt_current;

int main(void)
{
	struct termios saved;
	int failed = 0, ran = 0;

	if (tcgetattr(0, &saved) != 0) {
		printf("[TEST] FAIL tcgetattr: errno %d\n", errno);
		return 1;
	}
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		bt_current = tests[i].name;
		ran++;
		fflush(stdout);
		pid_t pid = fork();
		if (pid == 0) {
			int r = tests[i].fn();
			fflush(stdout);
			_exit(r == 0 ? 0 : 1);
		}
		/* A fact that hangs (its input never came) ends after TEST_MS. */
		int status = -1;
		pid_t got = 0;
		uint64_t start = ms_now();
		while ((got = waitpid(pid, &status, WNOHANG)) == 0 && ms_now() - start < TEST_MS)
			bt_msleep(5);
		if (got == 0) {
			kill(pid, SIGKILL);
			bt_wait(pid);
		}
		/* The terminal as it was, ours again (the test's group may be gone). */
		tcsetattr(0, TCSANOW, &saved);
		tcflow(0, TCOON);
		if (tcsetpgrp(0, getpgrp()) != 0)
			printf("[TEST] FAIL %s: init cannot take the terminal back: errno %d\n",
			       tests[i].name, errno);
		if (got != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			if (got == 0)
				printf("[TEST] FAIL %s: no end after %d ms\n", tests[i].name, TEST_MS);
			else if (got != pid || WIFSIGNALED(status))
				printf("[TEST] FAIL %s: %s %d\n", tests[i].name,
				       got != pid ? "waitpid failed, errno" : "died of signal",
				       got != pid ? errno : WTERMSIG(status));
			failed++;
			continue;
		}
		printf("[TEST] PASS %s\n", tests[i].name);
	}
	printf("tty_tests: %d run, %d passed, %d failed\n", ran, ran - failed, failed);
	return failed ? 1 : 0;
}
