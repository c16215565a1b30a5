// SPDX-License-Identifier: BSD-2-Clause
// Starting a task from a program in the boot archive (see task_start.h):
// the kernel's own loader (mach/kern/init_task.c) does the same for the
// first task; this one uses only Mach calls on the new task's port.
#include <stdio.h>
#include <string.h>
#include <mach/mach.h>
#include <mach/task_info.h>
#include "lib/cpio.h"
#include "lib/elf.h"
#include "task_start.h"

#define CHECK(call, what)						\
	do {								\
		kern_return_t kr_ = (call);				\
		if (kr_ != KERN_SUCCESS) {				\
			snprintf(err, errlen, "%s: %s", what, mach_error_string(kr_)); \
			return kr_;					\
		}							\
	} while (0)

static vm_prot_t segment_prot(uint32_t flags)
{
	vm_prot_t prot = VM_PROT_NONE;

	if (flags & ELF_PF_R)
		prot |= VM_PROT_READ;
	if (flags & ELF_PF_W)
		prot |= VM_PROT_READ | VM_PROT_WRITE;
	if (flags & ELF_PF_X)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

/* Copy `size' bytes at `from' (ours) to `to' in `task', at most 1 MiB a message. */
static kern_return_t copy_out(task_t task, vm_address_t to, const void *from, vm_size_t size)
{
	const vm_size_t chunk = 1024 * 1024;

	for (vm_size_t done = 0; done < size; done += chunk) {
		vm_size_t n = size - done < chunk ? size - done : chunk;
		kern_return_t kr = vm_write(task, to + done, (vm_offset_t)from + done,
					    (mach_msg_type_number_t)n);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

/* One PT_LOAD segment: allocate its pages in `task', fill them, protect them. */
static kern_return_t load_segment(task_t task, const struct elf_segment *seg,
				  char *err, size_t errlen)
{
	vm_address_t start = trunc_page(seg->vaddr);
	vm_size_t size = round_page(seg->vaddr + seg->memsz) - start;
	vm_address_t image = 0;

	if (vm_allocate(task, &start, size, VM_FLAGS_FIXED) != KERN_SUCCESS) {
		snprintf(err, errlen, "cannot map the segment at 0x%llx (segments must not share pages)",
			 (unsigned long long)seg->vaddr);
		return KERN_NO_SPACE;
	}
	// Build the pages here (zero-filled beyond filesz), then write them there.
	CHECK(vm_allocate(mach_task_self(), &image, size, VM_FLAGS_ANYWHERE), "vm_allocate");
	memcpy((char *)image + (seg->vaddr - start), seg->data, seg->filesz);
	kern_return_t kr = copy_out(task, start, (const void *)image, size);
	(void)vm_deallocate(mach_task_self(), image, size);
	CHECK(kr, "vm_write of a segment");
	CHECK(vm_protect(task, start, size, FALSE, segment_prot(seg->flags)), "vm_protect");
	return KERN_SUCCESS;
}

/*
 * The stack: argv's strings (and `env', if not NULL) at the top, then
 * argv[] and envp[], all in its top page; returns sp (16-byte aligned),
 * which is argv.
 */
static kern_return_t build_stack(task_t task, int argc, const char *const *argv,
				 const char *env, vm_address_t *spp, char *err, size_t errlen)
{
	static char page[4096] __attribute__((aligned(16)));
	vm_address_t base = TASK_STACK_TOP - TASK_STACK_SIZE;
	vm_address_t page_at = TASK_STACK_TOP - sizeof(page);
	uint64_t ptrs[64];
	size_t used = 0;

	CHECK(vm_allocate(task, &base, TASK_STACK_SIZE, VM_FLAGS_FIXED), "vm_allocate of the stack");
	memset(page, 0, sizeof(page));
	if (argc + 3 > (int)(sizeof(ptrs) / sizeof(ptrs[0]))) {
		snprintf(err, errlen, "too many arguments");
		return KERN_INVALID_ARGUMENT;
	}
	for (int i = argc - 1; i >= 0; i--) {
		size_t len = strlen(argv[i]) + 1;
		if (used + len + sizeof(uint64_t) * (size_t)(argc + 2) + 16 > sizeof(page)) {
			snprintf(err, errlen, "the arguments do not fit in a page");
			return KERN_INVALID_ARGUMENT;
		}
		used += len;
		memcpy(page + sizeof(page) - used, argv[i], len);
		ptrs[i] = page_at + sizeof(page) - used;
	}
	ptrs[argc] = 0;		/* argv's end */
	int nptrs = argc + 2;
	ptrs[argc + 1] = 0;	/* envp's end */
	if (env) {
		size_t len = strlen(env) + 1;
		if (used + len + sizeof(uint64_t) * (size_t)(argc + 3) + 16 > sizeof(page)) {
			snprintf(err, errlen, "the arguments do not fit in a page");
			return KERN_INVALID_ARGUMENT;
		}
		used += len;
		memcpy(page + sizeof(page) - used, env, len);
		ptrs[argc + 1] = page_at + sizeof(page) - used;
		ptrs[argc + 2] = 0;
		nptrs++;
	}
	size_t ptr_bytes = sizeof(uint64_t) * (size_t)nptrs;
	size_t sp_off = (sizeof(page) - used - ptr_bytes) & ~(size_t)15;
	memcpy(page + sp_off, ptrs, ptr_bytes);
	CHECK(copy_out(task, page_at, page, sizeof(page)), "vm_write of the stack");
	*spp = page_at + sp_off;
	return KERN_SUCCESS;
}

/* Everything but the first thread: memory, stack, ports.  Fills *entry and *sp. */
static kern_return_t build_task(task_t task, const struct elf_image *img,
				const struct task_start_args *a, vm_address_t *sp,
				char *err, size_t errlen)
{
	struct elf_segment seg;
	unsigned index = 0;

	while (elf_next_load(img, &index, &seg) == ELF_OK) {
		if (seg.memsz == 0)
			continue;
		kern_return_t kr = load_segment(task, &seg, err, errlen);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	char env[64], *envp = NULL;
	if (a->give_archive) {
		/* Below the stack, a guard page between (as the kernel's loader). */
		vm_address_t at = trunc_page(TASK_STACK_TOP - TASK_STACK_SIZE - vm_page_size -
					     round_page(a->archive_size));
		CHECK(vm_allocate(task, &at, round_page(a->archive_size), VM_FLAGS_FIXED),
		      "vm_allocate of the archive");
		CHECK(copy_out(task, at, a->archive, a->archive_size), "vm_write of the archive");
		CHECK(vm_protect(task, at, round_page(a->archive_size), FALSE, VM_PROT_READ),
		      "vm_protect of the archive");
		snprintf(env, sizeof(env), "MACHRV_BOOT_ARCHIVE=%#lx,%lu", (unsigned long)at,
			 (unsigned long)a->archive_size);
		envp = env;
	}
	kern_return_t kr = build_stack(task, a->argc, a->argv, envp, sp, err, errlen);
	if (kr != KERN_SUCCESS)
		return kr;
	CHECK(task_set_bootstrap_port(task, a->bootstrap), "task_set_bootstrap_port");
	if (MACH_PORT_VALID(a->exception))
		CHECK(task_set_exception_ports(task, EXC_MASK_ALL, a->exception,
					       EXCEPTION_DEFAULT | MACH_EXCEPTION_CODES,
					       RISCV_THREAD_STATE),
		      "task_set_exception_ports");
	if (a->nports > 0)
		CHECK(mach_ports_register(task, a->ports, (mach_msg_type_number_t)a->nports),
		      "mach_ports_register");
	return KERN_SUCCESS;
}

kern_return_t task_start(const void *archive, size_t size, const struct task_start_args *a,
			 task_t *taskp, char *err, size_t errlen)
{
	const char *name = a->argv[0];
	const void *data;
	size_t data_size;
	struct elf_image img;

	enum cpio_status cs = cpio_find(archive, size, name, &data, &data_size);
	if (cs == CPIO_NOT_FOUND) {
		snprintf(err, errlen, "no program %s in the boot archive", name);
		return KERN_INVALID_ARGUMENT;
	}
	if (cs != CPIO_OK) {
		snprintf(err, errlen, "the boot archive is damaged: %s", cpio_strerror(cs));
		return KERN_INVALID_ARGUMENT;
	}
	enum elf_status es = elf_check(&img, data, data_size);
	if (es != ELF_OK) {
		snprintf(err, errlen, "%s is not a MachRV program: %s", name, elf_strerror(es));
		return KERN_INVALID_ARGUMENT;
	}

	task_t task = MACH_PORT_NULL;
	CHECK(task_create(mach_task_self(), NULL, 0, FALSE, &task), "task_create");
	// Its name in the kernel's console messages: the program's, not ours.
	task_machrv_name_data_t tn;
	memset(&tn, 0, sizeof(tn));
	strncpy(tn.name, name, sizeof(tn.name) - 1);
	(void)task_set_info(task, TASK_MACHRV_NAME, (task_info_t)&tn, TASK_MACHRV_NAME_COUNT);
	vm_address_t sp = 0;
	thread_act_t thread = MACH_PORT_NULL;
	kern_return_t kr = build_task(task, &img, a, &sp, err, errlen);
	if (kr == KERN_SUCCESS) {
		riscv_thread_state_t s;
		memset(&s, 0, sizeof(s));
		s.pc = img.entry;
		s.sp = sp;
		s.a0 = (uint64_t)a->argc;
		s.a1 = sp;
		s.a2 = sp + sizeof(uint64_t) * (size_t)(a->argc + 1);	/* envp follows argv */
		kr = thread_create_running(task, RISCV_THREAD_STATE, (thread_state_t)&s,
					   RISCV_THREAD_STATE_COUNT, &thread);
		if (kr != KERN_SUCCESS)
			snprintf(err, errlen, "thread_create_running: %s", mach_error_string(kr));
	}
	if (kr != KERN_SUCCESS) {
		(void)task_terminate(task);
		(void)mach_port_deallocate(mach_task_self(), task);
		return kr;
	}
	(void)mach_port_deallocate(mach_task_self(), thread);
	*taskp = task;
	return KERN_SUCCESS;
}
