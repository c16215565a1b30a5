// SPDX-License-Identifier: BSD-2-Clause
// A console client without the device port (console_io.conf): it reads
// lines typed on the console through the console driver and echoes them,
// then raw bytes (console_read_raw), and checks that the kernel refuses
// its device calls.  With the argument
// "--no-console" (fallback.conf, no driver started) it checks that stdout
// falls back to the kernel trap and stdin is empty.  Its exit status is
// the number of failed facts.
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <machrv/device_master.h>
#include <mach/host_special_ports.h>
#include <mach/mig_errors.h>
#include <machrv/console.h>
#include <servers/console.h>
#include "../common/fact.h"

// What a task without the device port can try: every call is refused.
static void device_calls_are_refused(void)
{
	mach_port_array_t given = NULL;
	mach_msg_type_number_t ngiven = 0;
	kern_return_t kr = mach_ports_lookup(mach_task_self(), &given, &ngiven);
	FACT("a_task_without_ports_device_is_given_no_device_port",
	     kr == KERN_SUCCESS && (ngiven == 0 || !MACH_PORT_VALID(given[0])),
	     "mach_ports_lookup %d, %u ports", kr, ngiven);

	mach_port_t master = MACH_PORT_NULL;
	kr = host_get_special_port(mach_host_self(), HOST_LOCAL_NODE, HOST_IO_MASTER_PORT, &master);
	FACT("the_host_name_port_does_not_give_the_device_port", kr != KERN_SUCCESS,
	     "host_get_special_port gave %d, port %#x", kr, master);

	device_phys_t phys = 0;
	vm_size_t size = 0;
	natural_t irq = 0;
	kr = device_lookup(mach_task_self(), "uart", &phys, &size, &irq);
	FACT("device_lookup_on_a_task_port_is_refused", kr == KERN_INVALID_CAPABILITY,
	     "got %d", kr);
	vm_address_t addr = 0;
	kr = device_map_registers(mach_host_self(), mach_task_self(), 0x10000000, 0x100, &addr);
	FACT("device_map_registers_on_the_host_port_is_refused", kr == KERN_INVALID_CAPABILITY,
	     "got %d, address %#lx", kr, (unsigned long)addr);
	mach_port_t port;
	mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &port);
	kr = device_intr_register(mach_task_self(), 10, port);
	FACT("device_intr_register_on_a_task_port_is_refused", kr == KERN_INVALID_CAPABILITY,
	     "got %d", kr);
	kr = device_intr_ack(mach_host_self(), 10);
	FACT("device_intr_ack_on_the_host_port_is_refused", kr == KERN_INVALID_CAPABILITY,
	     "got %d", kr);
	kr = device_lookup(bootstrap_port, "uart", &phys, &size, &irq);
	FACT("device_lookup_on_a_user_port_is_not_a_device_call", kr == MIG_BAD_ID, "got %d", kr);
}

static void echo_lines(void)
{
	char line[CONSOLE_LINE_MAX];

	FACT("stdout_goes_to_the_console_server", MACH_PORT_VALID(machrv_console_port()),
	     "no console server");
	kern_return_t kr = console_write(machrv_console_port(), "direct write\n", 13);
	FACT("console_write_is_answered", kr == KERN_SUCCESS, "got %d", kr);

	natural_t w0 = 0, r0 = 0, l0 = 0, w1 = 0, r1 = 0, l1 = 0;
	kern_return_t k0 = console_get_counts(machrv_console_port(), &w0, &r0, &l0);
	printf("through the driver\n");
	kern_return_t k1 = console_get_counts(machrv_console_port(), &w1, &r1, &l1);
	FACT("printf_output_is_written_by_the_driver",
	     k0 == KERN_SUCCESS && k1 == KERN_SUCCESS && w1 - w0 == 20,
	     "counts %d %d, %u bytes written", k0, k1, w1 - w0);

	printf("type a line: ");
	char *got = fgets(line, sizeof(line), stdin);
	printf("echo: %s", got ? got : "(nothing)\n");
	FACT("a_typed_line_is_read_with_its_newline",
	     got && strcmp(line, "hello console\n") == 0, "got '%s'", got ? line : "(null)");

	printf("type another: ");
	got = fgets(line, sizeof(line), stdin);
	printf("echo: %s", got ? got : "(nothing)\n");
	FACT("backspace_takes_back_the_last_character", got && strcmp(line, "abc\n") == 0,
	     "got '%s'", got ? line : "(null)");

	printf("type end of input: ");
	got = fgets(line, sizeof(line), stdin);
	printf("%s\n", got ? "not eof" : "eof");
	FACT("ctrl_d_on_an_empty_line_is_the_end_of_input", got == NULL, "got '%s'",
	     got ? line : "");

	// Typed: "hello console\n" (14), "abx<DEL>c\r\n" (7), Ctrl-D (1).
	kr = console_get_counts(machrv_console_port(), &w1, &r1, &l1);
	FACT("typed_bytes_and_lines_are_counted_by_the_driver",
	     kr == KERN_SUCCESS && r1 == 22 && l1 == 3, "got %d: %u bytes, %u lines", kr, r1, l1);
}

// Raw input (console_read_raw): the runner types "xy" after the first
// prompt, which the driver takes in line mode (the first raw read then
// switches it, and what the line discipline held comes out), then ^C and
// DEL after the second, which reach the queue raw.
static size_t read_raw(char *got, size_t want, kern_return_t *kr, natural_t *dropped)
{
	char data[CONSOLE_RAW_MAX];
	size_t have = 0;

	*kr = KERN_SUCCESS;
	while (*kr == KERN_SUCCESS && have < want) {
		mach_msg_type_number_t n = 0;
		*kr = console_read_raw(machrv_console_port(), 0, dropped, data, &n);
		for (mach_msg_type_number_t i = 0; i < n && have < want; i++)
			got[have++] = data[i];
	}
	return have;
}

static void raw_bytes(void)
{
	char data[CONSOLE_RAW_MAX], got[2];
	mach_msg_type_number_t n = 0;
	natural_t dropped = 1;

	// Wait until the driver has the two bytes, in line mode: the switch
	// must hand them over (a raw read asked for first would take them raw).
	natural_t w, r0 = 0, r = 0, l;
	console_get_counts(machrv_console_port(), &w, &r0, &l);
	printf("type raw: ");
	fflush(stdout);
	for (int i = 0; i < 1000000 && r < r0 + 2; i++) {
		console_get_counts(machrv_console_port(), &w, &r, &l);
		(void)thread_switch(MACH_PORT_NULL, SWITCH_OPTION_DEPRESS, 1);
	}
	FACT("the_driver_received_the_bytes_in_line_mode", r >= r0 + 2, "received %u", r - r0);
	kern_return_t kr = console_read_raw(machrv_console_port(), 1, &dropped, data, &n);
	FACT("a_raw_read_gives_at_most_max_bytes", kr == KERN_SUCCESS && n == 1 && data[0] == 'x',
	     "got %d, %u bytes", kr, n);
	FACT("no_raw_byte_was_dropped", kr == KERN_SUCCESS && dropped == 0, "dropped %u", dropped);
	size_t have = read_raw(got, 1, &kr, &dropped);
	FACT("bytes_the_line_discipline_held_are_given_raw", have == 1 && got[0] == 'y',
	     "got %d, %zu bytes", kr, have);

	printf("\ntype control characters: ");
	fflush(stdout);
	have = read_raw(got, 2, &kr, &dropped);
	FACT("raw_bytes_come_unedited_and_unechoed", have == 2 && got[0] == 0x03 && got[1] == 0x7f,
	     "got %d, %zu bytes", kr, have);
	char line[CONSOLE_LINE_MAX];
	n = sizeof(line);
	kr = console_read_line(machrv_console_port(), line, &n);
	FACT("after_a_raw_read_line_reads_are_refused", kr == KERN_NOT_SUPPORTED, "got %d", kr);
	printf("raw done\n");
}

static void no_console(void)
{
	FACT("without_a_console_server_stdout_uses_the_kernel_trap",
	     machrv_console_port() == MACH_PORT_NULL, "console port %#x", machrv_console_port());
	char line[16];
	FACT("without_a_console_server_stdin_is_empty", fgets(line, sizeof(line), stdin) == NULL,
	     "read '%s'", line);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--no-console") == 0) {
		no_console();
	} else {
		device_calls_are_refused();
		echo_lines();
		raw_bytes();
	}
	printf("console_echo: %d failed\n", failures);
	return failures;
}
