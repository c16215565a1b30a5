// SPDX-License-Identifier: BSD-2-Clause
// Default catch_ functions for libmach's exc_server and mach_exc_server:
// weak, so a program's own win.  Each refuses the exception
// (KERN_FAILURE), which passes it on to the next handler, as an unhandled
// behavior should; a program defines the ones its behaviors use.
#include <mach/mach.h>
#include <mach/excServer.h>
#include <mach/mach_excServer.h>

#define WEAK __attribute__((weak))

WEAK kern_return_t catch_exception_raise(mach_port_t exception_port, mach_port_t thread,
                                         mach_port_t task, exception_type_t exception,
                                         exception_data_t code, mach_msg_type_number_t codeCnt)
{
	(void)exception_port, (void)thread, (void)task, (void)exception, (void)code, (void)codeCnt;
	return KERN_FAILURE;
}

WEAK kern_return_t catch_exception_raise_state(mach_port_t exception_port,
                                               exception_type_t exception,
                                               exception_data_t code,
                                               mach_msg_type_number_t codeCnt, int *flavor,
                                               thread_state_t old_state,
                                               mach_msg_type_number_t old_stateCnt,
                                               thread_state_t new_state,
                                               mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port, (void)exception, (void)code, (void)codeCnt, (void)flavor;
	(void)old_state, (void)old_stateCnt, (void)new_state, (void)new_stateCnt;
	return KERN_FAILURE;
}

WEAK kern_return_t catch_exception_raise_state_identity(
	mach_port_t exception_port, mach_port_t thread, mach_port_t task,
	exception_type_t exception, exception_data_t code, mach_msg_type_number_t codeCnt,
	int *flavor, thread_state_t old_state, mach_msg_type_number_t old_stateCnt,
	thread_state_t new_state, mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port, (void)thread, (void)task, (void)exception, (void)code;
	(void)codeCnt, (void)flavor, (void)old_state, (void)old_stateCnt, (void)new_state;
	(void)new_stateCnt;
	return KERN_FAILURE;
}

WEAK kern_return_t catch_mach_exception_raise(mach_port_t exception_port, mach_port_t thread,
                                              mach_port_t task, exception_type_t exception,
                                              mach_exception_data_t code,
                                              mach_msg_type_number_t codeCnt)
{
	(void)exception_port, (void)thread, (void)task, (void)exception, (void)code, (void)codeCnt;
	return KERN_FAILURE;
}

WEAK kern_return_t catch_mach_exception_raise_state(mach_port_t exception_port,
                                                    exception_type_t exception,
                                                    mach_exception_data_t code,
                                                    mach_msg_type_number_t codeCnt, int *flavor,
                                                    thread_state_t old_state,
                                                    mach_msg_type_number_t old_stateCnt,
                                                    thread_state_t new_state,
                                                    mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port, (void)exception, (void)code, (void)codeCnt, (void)flavor;
	(void)old_state, (void)old_stateCnt, (void)new_state, (void)new_stateCnt;
	return KERN_FAILURE;
}

WEAK kern_return_t catch_mach_exception_raise_state_identity(
	mach_port_t exception_port, mach_port_t thread, mach_port_t task,
	exception_type_t exception, mach_exception_data_t code, mach_msg_type_number_t codeCnt,
	int *flavor, thread_state_t old_state, mach_msg_type_number_t old_stateCnt,
	thread_state_t new_state, mach_msg_type_number_t *new_stateCnt)
{
	(void)exception_port, (void)thread, (void)task, (void)exception, (void)code;
	(void)codeCnt, (void)flavor, (void)old_state, (void)old_stateCnt, (void)new_state;
	(void)new_stateCnt;
	return KERN_FAILURE;
}
