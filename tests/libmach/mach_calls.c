// SPDX-License-Identifier: BSD-2-Clause
// A user program that checks the kernel interfaces through libmach, one
// fact per line in the console protocol of docs/testing.md
// ("[TEST] PASS name" / "[TEST] FAIL name: why"): ports and rights,
// messages to itself, memory, host and task information, and a thread
// started with thread_create_running from a RISC-V register state.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mach/mach.h>

#include "../common/fact.h"

#define KR(kr) (kr), mach_error_string(kr)

struct small_msg {
	mach_msg_header_t head;
	int data[3];
};

struct small_rcv {
	struct small_msg msg;
	mach_msg_max_trailer_t trailer;
};

#pragma pack(push, 4)
struct port_msg {
	mach_msg_header_t head;
	mach_msg_body_t body;
	mach_msg_port_descriptor_t port;
};

struct port_rcv {
	struct port_msg msg;
	mach_msg_max_trailer_t trailer;
};
#pragma pack(pop)

static mach_port_t new_receive_right(void)
{
	mach_port_t name = MACH_PORT_NULL;

	if (mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, &name) != KERN_SUCCESS)
		return MACH_PORT_NULL;
	return name;
}

static void ports_and_rights(void)
{
	mach_port_type_t type = 0;
	kern_return_t kr;

	kr = mach_port_type(mach_task_self(), mach_task_self(), &type);
	FACT("task_self_names_a_send_right", kr == KERN_SUCCESS && (type & MACH_PORT_TYPE_SEND),
	     "kr %d (%s), type 0x%x", KR(kr), type);

	mach_port_t port = new_receive_right();
	kr = mach_port_type(mach_task_self(), port, &type);
	FACT("allocate_gives_a_receive_right", port != MACH_PORT_NULL && kr == KERN_SUCCESS &&
	     type == MACH_PORT_TYPE_RECEIVE, "port 0x%x kr %d (%s) type 0x%x", port, KR(kr), type);

	mach_port_urefs_t refs = 0;
	kr = mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	kern_return_t kr2 = mach_port_get_refs(mach_task_self(), port, MACH_PORT_RIGHT_SEND, &refs);
	FACT("make_send_adds_a_send_right_with_one_uref", kr == KERN_SUCCESS && kr2 == KERN_SUCCESS &&
	     refs == 1, "insert %d (%s), get_refs %d, refs %u", KR(kr), kr2, refs);

	kr = mach_port_mod_refs(mach_task_self(), port, MACH_PORT_RIGHT_SEND, 2);
	mach_port_get_refs(mach_task_self(), port, MACH_PORT_RIGHT_SEND, &refs);
	FACT("mod_refs_adds_user_references", kr == KERN_SUCCESS && refs == 3,
	     "kr %d (%s), refs %u", KR(kr), refs);

	kr = mach_port_destroy(mach_task_self(), port);
	kr2 = mach_port_type(mach_task_self(), port, &type);
	FACT("destroy_frees_the_name", kr == KERN_SUCCESS && kr2 == KERN_INVALID_NAME,
	     "destroy %d (%s), type afterwards %d (%s)", KR(kr), KR(kr2));
}

static void messages(void)
{
	mach_port_t port = new_receive_right();
	struct small_msg m = {
		.head = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0),
			.msgh_size = sizeof(struct small_msg),
			.msgh_remote_port = port,
			.msgh_id = 4242,
		},
		.data = { 1, 2, 3 },
	};
	struct small_rcv r;
	mach_msg_return_t mr;

	mr = mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	memset(&r, 0, sizeof(r));
	mach_msg_return_t mr2 = mach_msg(&r.msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r),
	                                 port, 1000, MACH_PORT_NULL);
	FACT("message_to_self_round_trips_inline_data",
	     mr == MACH_MSG_SUCCESS && mr2 == MACH_MSG_SUCCESS && r.msg.head.msgh_id == 4242 &&
	     r.msg.head.msgh_size == sizeof(struct small_msg) && r.msg.data[0] == 1 &&
	     r.msg.data[2] == 3, "send 0x%x (%s), receive 0x%x (%s), id %d", KR(mr), KR(mr2),
	     r.msg.head.msgh_id);

	mr = mach_msg(&r.msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r), port, 10,
	              MACH_PORT_NULL);
	FACT("receive_on_an_empty_port_times_out", mr == MACH_RCV_TIMED_OUT, "0x%x (%s)", KR(mr));

	// A send right travels in a port descriptor and comes back under the
	// same name (one space, one name per port), with one more reference.
	mach_port_t other = new_receive_right();
	struct port_msg pm = {
		.head = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_MAKE_SEND, 0) | MACH_MSGH_BITS_COMPLEX,
			.msgh_size = sizeof(struct port_msg),
			.msgh_remote_port = port,
			.msgh_id = 4343,
		},
		.body = { 1 },
		.port = { .name = other, .disposition = MACH_MSG_TYPE_MAKE_SEND,
		          .type = MACH_MSG_PORT_DESCRIPTOR },
	};
	struct port_rcv pr;
	mach_port_urefs_t refs = 0;
	mr = mach_msg(&pm.head, MACH_SEND_MSG, sizeof(pm), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	mr2 = mach_msg(&pr.msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(pr), port, 1000,
	               MACH_PORT_NULL);
	mach_port_get_refs(mach_task_self(), other, MACH_PORT_RIGHT_SEND, &refs);
	FACT("port_descriptor_carries_a_send_right_back_to_the_same_name",
	     mr == MACH_MSG_SUCCESS && mr2 == MACH_MSG_SUCCESS && pr.msg.port.name == other &&
	     pr.msg.port.disposition == MACH_MSG_TYPE_PORT_SEND && refs == 1,
	     "send 0x%x, receive 0x%x (%s), name 0x%x, refs %u", mr, KR(mr2), pr.msg.port.name, refs);
	mach_msg_destroy(&pr.msg.head);
	mach_port_get_refs(mach_task_self(), other, MACH_PORT_RIGHT_SEND, &refs);
	FACT("mach_msg_destroy_releases_the_received_right", refs == 0, "refs %u", refs);

	mach_port_destroy(mach_task_self(), other);
	mach_port_destroy(mach_task_self(), port);
}

static void memory(void)
{
	vm_address_t addr = 0;
	vm_size_t size = 3 * vm_page_size;
	kern_return_t kr = vm_allocate(mach_task_self(), &addr, size, VM_FLAGS_ANYWHERE);
	int zero = 1;

	if (kr == KERN_SUCCESS) {
		for (vm_size_t i = 0; i < size; i++)
			zero &= ((volatile char *)addr)[i] == 0;
		memset((void *)addr, 0x5a, size);
	}
	FACT("vm_allocate_gives_zeroed_writable_pages", kr == KERN_SUCCESS && zero &&
	     ((char *)addr)[size - 1] == 0x5a, "kr %d (%s), addr 0x%lx", KR(kr), (unsigned long)addr);
	kr = vm_deallocate(mach_task_self(), addr, size);
	FACT("vm_deallocate_of_what_was_allocated_succeeds", kr == KERN_SUCCESS, "kr %d (%s)", KR(kr));

	size_t n = 1 << 20;
	char *p = malloc(n);
	if (p) {
		memset(p, 0x11, n);
	}
	FACT("malloc_of_a_megabyte_grows_the_heap", p && p[n - 1] == 0x11, "malloc returned %p", p);
	free(p);
}

static void information(void)
{
	mach_port_t host = mach_host_self();
	vm_size_t page = 0;
	kern_return_t kr = host_page_size(host, &page);
	FACT("host_page_size_is_4096", kr == KERN_SUCCESS && page == 4096, "kr %d (%s), %lu",
	     KR(kr), (unsigned long)page);

	host_basic_info_data_t hbi;
	mach_msg_type_number_t count = HOST_BASIC_INFO_COUNT;
	kr = host_info(host, HOST_BASIC_INFO, (host_info_t)&hbi, &count);
	FACT("host_basic_info_says_riscv64_with_harts_and_memory",
	     kr == KERN_SUCCESS && count == HOST_BASIC_INFO_COUNT && hbi.cpu_type == CPU_TYPE_RISCV64 &&
	     hbi.avail_cpus >= 1 && hbi.max_mem >= (64u << 20),
	     "kr %d (%s), count %u, cpu_type 0x%x, cpus %d", KR(kr), count, hbi.cpu_type,
	     hbi.avail_cpus);

	kernel_version_t version;
	memset(version, 0, sizeof(version));
	kr = host_kernel_version(host, version);
	FACT("host_kernel_version_is_a_string", kr == KERN_SUCCESS && version[0] != '\0' &&
	     strlen(version) < sizeof(version), "kr %d (%s)", KR(kr));
	mach_port_deallocate(mach_task_self(), host);

	struct task_basic_info tbi;
	count = TASK_BASIC_INFO_COUNT;
	kr = task_info(mach_task_self(), TASK_BASIC_INFO, (task_info_t)&tbi, &count);
	FACT("task_basic_info_reports_mapped_memory", kr == KERN_SUCCESS &&
	     count == TASK_BASIC_INFO_COUNT && tbi.virtual_size > 0 && tbi.suspend_count == 0,
	     "kr %d (%s), count %u, virtual %lu", KR(kr), count, (unsigned long)tbi.virtual_size);

	mach_port_t reply = mig_get_reply_port();
	FACT("the_mig_reply_port_is_reused_across_calls", reply == mig_get_reply_port() &&
	     MACH_PORT_VALID(reply), "0x%x", reply);
}

// The second thread: send one message to the port in a0, then end.
static void thread_body(mach_port_t port, int value)
{
	struct small_msg m = {
		.head = {
			.msgh_bits = MACH_MSGH_BITS(MACH_MSG_TYPE_COPY_SEND, 0),
			.msgh_size = sizeof(struct small_msg),
			.msgh_remote_port = port,
			.msgh_id = 4444,
		},
		.data = { value, value + 1, value + 2 },
	};
	mach_msg(&m.head, MACH_SEND_MSG, sizeof(m), 0, MACH_PORT_NULL, 0, MACH_PORT_NULL);
	thread_terminate(mach_thread_self());
	for (;;)
		swtch_pri(0);
}

// The thread's own stack and thread-local block: sharing main's would share
// its MIG reply port, and main's next RPC could take the reply meant for
// the thread's thread_terminate.
extern char __tls_size[], __tls_align[];   // from picolibc's linker script
extern void _init_tls(void *tls);          // picolibc: copy the TLS image

static void threads(void)
{
	static uint64_t stack[1024] __attribute__((aligned(16)));
	static char tls[4096] __attribute__((aligned(64)));
	mach_port_t port = new_receive_right();
	riscv_thread_state_t state;
	thread_act_t thread = MACH_PORT_NULL;
	uint64_t gp, tp = (uint64_t)(uintptr_t)tls;

	mach_port_insert_right(mach_task_self(), port, port, MACH_MSG_TYPE_MAKE_SEND);
	if ((uintptr_t)__tls_size <= sizeof(tls) && (uintptr_t)__tls_align <= 64)
		_init_tls(tls);
	__asm__ volatile("mv %0, gp" : "=r"(gp));
	memset(&state, 0, sizeof(state));
	state.pc = (uint64_t)(uintptr_t)thread_body;
	state.sp = (uint64_t)(uintptr_t)&stack[1024];
	state.gp = gp;
	state.tp = tp;
	state.a0 = port;
	state.a1 = 77;
	kern_return_t kr = thread_create_running(mach_task_self(), RISCV_THREAD_STATE,
	                                         (thread_state_t)&state, RISCV_THREAD_STATE_COUNT,
	                                         &thread);
	struct small_rcv r;
	memset(&r, 0, sizeof(r));
	mach_msg_return_t mr = mach_msg(&r.msg.head, MACH_RCV_MSG | MACH_RCV_TIMEOUT, 0, sizeof(r),
	                                port, 5000, MACH_PORT_NULL);
	FACT("thread_create_running_starts_at_pc_with_a0_and_a1",
	     kr == KERN_SUCCESS && mr == MACH_MSG_SUCCESS && r.msg.head.msgh_id == 4444 &&
	     r.msg.data[0] == 77 && r.msg.data[2] == 79,
	     "create %d (%s), receive 0x%x (%s), data %d", KR(kr), KR(mr), r.msg.data[0]);
	if (MACH_PORT_VALID(thread))
		mach_port_deallocate(mach_task_self(), thread);
	mach_port_destroy(mach_task_self(), port);
}

int main(void)
{
	ports_and_rights();
	messages();
	memory();
	information();
	threads();
	FACT("mach_error_string_names_kern_invalid_name",
	     strcmp(mach_error_string(KERN_INVALID_NAME), "(os/kern) invalid name") == 0, "wrong");
	printf("mach_calls: %d failed\n", failures);
	return failures != 0;
}
