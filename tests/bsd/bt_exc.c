// SPDX-License-Identifier: BSD-2-Clause
// Exceptions become signals: a bad access is SIGSEGV, an illegal
// instruction SIGILL, a breakpoint SIGTRAP; a handler may catch them.
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "bt.h"

static int store_to_null(void *arg)
{
	(void)arg;
	*(volatile int *)BAD_PTR = 1;
	return 0;
}

static int illegal(void *arg)
{
	(void)arg;
	__asm__ volatile(".word 0");
	return 0;
}

static int breakpoint(void *arg)
{
	(void)arg;
	__asm__ volatile("ebreak");
	return 0;
}

BTEST(a_store_to_an_unmapped_page_is_sigsegv)
{
	int status = bt_wait(bt_spawn(store_to_null, NULL));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "status %#x", status);
	return 0;
}

BTEST(an_illegal_instruction_is_sigill)
{
	int status = bt_wait(bt_spawn(illegal, NULL));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGILL, "status %#x", status);
	return 0;
}

BTEST(ebreak_is_sigtrap)
{
	int status = bt_wait(bt_spawn(breakpoint, NULL));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTRAP, "status %#x", status);
	return 0;
}

static void leave_on_segv(int sig)
{
	_exit(sig == SIGSEGV ? 42 : 43);
}

static int catch_segv(void *arg)
{
	(void)arg;
	signal(SIGSEGV, leave_on_segv);
	*(volatile int *)BAD_PTR = 1;
	return 0;
}

BTEST(a_sigsegv_handler_runs_on_the_faulting_thread)
{
	int status = bt_wait(bt_spawn(catch_segv, NULL));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "status %#x", status);
	return 0;
}

static int blocked_segv(void *arg)
{
	(void)arg;
	sigset_t set;
	signal(SIGSEGV, leave_on_segv);
	sigemptyset(&set);
	sigaddset(&set, SIGSEGV);
	sigprocmask(SIG_BLOCK, &set, NULL);
	*(volatile int *)BAD_PTR = 1;
	return 0;
}

BTEST(a_blocked_sigsegv_from_a_fault_still_ends_the_process)
{
	int status = bt_wait(bt_spawn(blocked_segv, NULL));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "status %#x", status);
	return 0;
}

static volatile int traps;

static void count_trap(int sig)
{
	(void)sig;
	traps++;
}

BTEST(a_handler_returning_from_a_signal_sent_by_kill_resumes_the_program)
{
	signal(SIGUSR2, count_trap);
	for (int i = 0; i < 5; i++)
		raise(SIGUSR2);
	CHECK(traps == 5, "traps %d", traps);
	return 0;
}
