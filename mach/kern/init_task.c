/* SPDX-License-Identifier: BSD-2-Clause */
/* Loading programs from the boot archive, and running the first task (see init_task.h). */
#include "kern/init_task.h"
#include "lib/cpio.h"
#include "lib/elf.h"
#include "kern/host.h"
#include "kern/printf.h"
#include "kern/sched.h"
#include "lib/string.h"
#include "riscv/platform.h"

static vm_prot_t
segment_prot(uint32_t flags)
{
	vm_prot_t prot = 0;

	if (flags & ELF_PF_R)
		prot |= VM_PROT_READ;
	if (flags & ELF_PF_W)
		prot |= VM_PROT_WRITE | VM_PROT_READ;
	if (flags & ELF_PF_X)
		prot |= VM_PROT_EXECUTE;
	return prot;
}

/* Map and fill each PT_LOAD segment (page-aligned starts, as libmach/user.ld makes them). */
static kern_return_t
load_segments(vm_map_t map, const struct elf_image *img, const char *name)
{
	struct elf_segment seg;
	unsigned index = 0;

	while (elf_next_load(img, &index, &seg) == ELF_OK) {
		uintptr_t start = trunc_page(seg.vaddr);
		uint64_t size = round_page(seg.vaddr + seg.memsz) - start;
		if (!seg.memsz)
			continue;
		kern_return_t kr = vm_map_enter(map, &start, size, false, NULL, 0,
						segment_prot(seg.flags), VM_PROT_ALL, VM_INHERIT_COPY);
		if (kr != KERN_SUCCESS) {
			printf("init: %s: cannot map segment at %#lx (%d): segments must not share pages\n",
			       name, seg.vaddr, kr);
			return kr;
		}
		if (seg.filesz)
			kr = vm_map_write_bytes_force(map, seg.vaddr, seg.data, seg.filesz);
		if (kr != KERN_SUCCESS)
			return kr;
	}
	return KERN_SUCCESS;
}

/* Write the strings of `strs' (n of them) below *sp, their addresses into ptrs[]. */
static kern_return_t
push_strings(vm_map_t map, uintptr_t *sp, int n, const char *const *strs, uint64_t *ptrs)
{
	for (int i = n - 1; i >= 0; i--) {
		size_t len = strlen(strs[i]) + 1;
		*sp -= len;
		kern_return_t kr = vm_map_write_bytes(map, *sp, strs[i], len);
		if (kr != KERN_SUCCESS)
			return kr;
		ptrs[i] = *sp;
	}
	return KERN_SUCCESS;
}

/*
 * The initial stack: the argv and envp strings, then argv[] (NULL-ended)
 * and envp[] (NULL-ended); returns sp (16-byte aligned, = argv) and envp.
 */
static kern_return_t
build_stack(vm_map_t map, int argc, const char *const *argv, const char *const *envp,
	    uintptr_t *spp, uintptr_t *envpp)
{
	uintptr_t base = USER_STACK_TOP - USER_STACK_SIZE;
	kern_return_t kr = vm_map_enter(map, &base, USER_STACK_SIZE, false, NULL, 0,
					VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_COPY);
	if (kr != KERN_SUCCESS)
		return kr;
	int envc = 0;
	while (envp && envp[envc] && envc < 4)
		envc++;
	if (argc > 16)
		argc = 16;
	uint64_t ptrs[16 + 1 + 4 + 1];
	uintptr_t sp = USER_STACK_TOP;
	if ((kr = push_strings(map, &sp, envc, envp, &ptrs[argc + 1])) != KERN_SUCCESS ||
	    (kr = push_strings(map, &sp, argc, argv, ptrs)) != KERN_SUCCESS)
		return kr;
	ptrs[argc] = 0;			/* argv's end */
	ptrs[argc + 1 + envc] = 0;	/* envp's end */
	size_t nptrs = (size_t)(argc + 1 + envc + 1);
	sp = (sp - sizeof(uint64_t) * nptrs) & ~15UL;
	if ((kr = vm_map_write_bytes(map, sp, ptrs, sizeof(uint64_t) * nptrs)) != KERN_SUCCESS)
		return kr;
	*spp = sp;
	*envpp = sp + sizeof(uint64_t) * (size_t)(argc + 1);
	return KERN_SUCCESS;
}

kern_return_t
program_load(const char *name, int argc, const char *const *argv, const char *const *envp,
	     task_t *taskp, thread_t *threadp)
{
	const void *data;
	size_t size;
	struct elf_image img;

	if (!platform.initrd.size) {
		printf("init: no boot archive (initrd) to load %s from\n", name);
		return KERN_INVALID_ARGUMENT;
	}
	enum cpio_status cs = cpio_find(phystokv(platform.initrd.base), platform.initrd.size,
					name, &data, &size);
	if (cs != CPIO_OK) {
		printf("init: %s: %s\n", name, cpio_strerror(cs));
		return KERN_INVALID_ARGUMENT;
	}
	enum elf_status es = elf_check(&img, data, size);
	if (es != ELF_OK) {
		printf("init: %s: %s\n", name, elf_strerror(es));
		return KERN_INVALID_ARGUMENT;
	}
	task_t task;
	kern_return_t kr = task_create_internal(NULL, name, &task);
	if (kr != KERN_SUCCESS)
		return kr;
	uintptr_t sp, uenvp;
	thread_t th = NULL;
	if ((kr = load_segments(task->map, &img, name)) != KERN_SUCCESS ||
	    (kr = build_stack(task->map, argc, argv, envp, &sp, &uenvp)) != KERN_SUCCESS ||
	    (kr = thread_create_user(task, img.entry, sp, &th)) != KERN_SUCCESS) {
		task_terminate_internal(task);
		task_deallocate(task);
		return kr;
	}
	th->user_frame->a0 = (uint64_t)argc;
	th->user_frame->a1 = sp;
	th->user_frame->a2 = uenvp;
	*taskp = task;
	*threadp = th;
	return KERN_SUCCESS;
}

/*
 * archive_map: a read-only copy of the boot archive at `at' in `task', for
 * the first task (bootstrap), which starts the other programs from it.
 */
static kern_return_t
archive_map(task_t task, uintptr_t at)
{
	uintptr_t addr = at;
	kern_return_t kr = vm_map_enter(task->map, &addr, round_page(platform.initrd.size), false,
					NULL, 0, VM_PROT_READ, VM_PROT_READ, VM_INHERIT_NONE);
	if (kr == KERN_SUCCESS)
		kr = vm_map_write_bytes_force(task->map, at, phystokv(platform.initrd.base),
					      platform.initrd.size);
	return kr;
}

int
init_task_run(const char *name, const char *args)
{
	const char *argv[16];
	char words[256];
	int argc = 0;

	/* argv: the name, then the words of `args' (boot argument init_args=a,b,c). */
	argv[argc++] = name;
	strlcpy(words, args ? args : "", sizeof(words));
	for (char *p = words; *p && argc < 16;) {
		argv[argc++] = p;
		while (*p && *p != ',')
			p++;
		if (*p)
			*p++ = '\0';
	}

	/* Where the archive goes: below the stack, a guard page between. */
	uintptr_t archive_at = USER_STACK_TOP - USER_STACK_SIZE - PAGE_SIZE -
			       round_page(platform.initrd.size);
	char archive_env[64];
	snprintf(archive_env, sizeof(archive_env), BOOT_ARCHIVE_ENV "=%#lx,%lu", archive_at,
		 (unsigned long)platform.initrd.size);
	const char *envp[] = { archive_env, NULL };

	task_t task;
	thread_t th;
	if (program_load(name, argc, argv, envp, &task, &th) != KERN_SUCCESS)
		return -1;
	if (archive_map(task, archive_at) != KERN_SUCCESS) {
		printf("init: %s: no room for the boot archive\n", name);
		thread_deallocate(th);
		task_terminate_internal(task);
		task_deallocate(task);
		return -1;
	}
	task->itk_bootstrap = ipc_port_make_send(host_priv_port());
	printf("init: starting %s (task %lu)\n", name, task->id);
	thread_resume_internal(th);
	thread_deallocate(th);

	/* Wait until the task is gone (task_teardown wakes us). */
	simple_lock(&task->lock);
	while (!task->torn_down) {
		assert_wait((event_t)task, false);
		simple_unlock(&task->lock);
		thread_block();
		simple_lock(&task->lock);
	}
	int how = task->ended_by_exception ? 1 : 0;
	simple_unlock(&task->lock);
	printf("init: %s ended%s\n", name, how ? " by an unhandled exception" : "");
	task_deallocate(task);
	return how;
}
