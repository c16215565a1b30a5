// SPDX-License-Identifier: BSD-2-Clause
// Mach's counting semaphores (<mach/semaphore.h>, XNU's calls): kernel
// objects (mach/kern/sync_sema.h).  semaphore_create and semaphore_destroy
// are task.defs routines (MIG stubs, taskUser.c); the signals and waits
// are traps, at XNU's numbers, called here as XNU's library calls them.
#include <mach/mach.h>
#include <mach/mach_traps.h>

kern_return_t semaphore_signal(semaphore_t semaphore)
{
	return semaphore_signal_trap(semaphore);
}

kern_return_t semaphore_signal_all(semaphore_t semaphore)
{
	return semaphore_signal_all_trap(semaphore);
}

kern_return_t semaphore_signal_thread(semaphore_t semaphore, thread_t thread)
{
	return semaphore_signal_thread_trap(semaphore, thread);
}

kern_return_t semaphore_wait(semaphore_t semaphore)
{
	return semaphore_wait_trap(semaphore);
}

kern_return_t semaphore_timedwait(semaphore_t semaphore, mach_timespec_t wait_time)
{
	return semaphore_timedwait_trap(semaphore, wait_time.tv_sec, wait_time.tv_nsec);
}

kern_return_t semaphore_wait_signal(semaphore_t wait_semaphore, semaphore_t signal_semaphore)
{
	return semaphore_wait_signal_trap(wait_semaphore, signal_semaphore);
}

kern_return_t semaphore_timedwait_signal(semaphore_t wait_semaphore, semaphore_t signal_semaphore,
					 mach_timespec_t wait_time)
{
	return semaphore_timedwait_signal_trap(wait_semaphore, signal_semaphore, wait_time.tv_sec,
					       wait_time.tv_nsec);
}
