// SPDX-License-Identifier: BSD-2-Clause
// Starting a program in a process (execve, and init): the program's ELF
// file is read through the file-system interface (fs.h), checked with the
// kernel's own pure reader (mach/lib/elf.c), and loaded into a NEW task:
// each PT_LOAD segment with vm_allocate + vm_write (its file bytes) + vm_protect, a stack
// holding argv and envp, the process's syscall port and bsd_server as its
// exception port, and a first thread at the entry point (a0 = argc,
// a1 = argv, a2 = envp).  Only then does the old task (if any) end: a
// failed exec leaves the caller running with its error.  The process
// keeps its pid, descriptors (less close-on-exec), credentials (plus
// set-user-id and set-group-id bits) and signal mask.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <mach/task_info.h>
#include <mach/gnumach.h>
#include "bsd_server.h"
#include "fs.h"
#include "path.h"
#include "lib/elf.h"

#define USER_STACK_TOP	((1UL << 38) - 0x100000UL)
#define USER_STACK_SIZE	(1024 * 1024UL)

static vm_prot_t segment_prot(uint32_t flags)
{
	vm_prot_t prot = VM_PROT_NONE;

	if (flags & ELF_PF_R)
		prot |= VM_PROT_READ;
	if (flags & ELF_PF_W)
		prot |= VM_PROT_READ | VM_PROT_WRITE;
	if (flags & ELF_PF_X)
		prot |= VM_PROT_READ | VM_PROT_EXECUTE;
	return prot;
}

static int load_segment(task_t task, const struct elf_segment *seg)
{
	vm_address_t start = trunc_page(seg->vaddr);
	vm_size_t size = round_page(seg->vaddr + seg->memsz) - start;

	if (vm_allocate(task, &start, size, VM_FLAGS_FIXED) != KERN_SUCCESS)
		return ENOEXEC;
	/*
	 * Fresh memory reads as zeros: only the file's bytes are written,
	 * straight from the file's buffer (vm_write's trap takes any range),
	 * and the bss and the pages' edges are left to the zero fill.
	 */
	kern_return_t kr = KERN_SUCCESS;
	if (seg->filesz)
		kr = vm_write(task, seg->vaddr, (vm_offset_t)seg->data,
			      (mach_msg_type_number_t)seg->filesz);
	if (kr == KERN_SUCCESS)
		kr = vm_protect(task, start, size, FALSE, segment_prot(seg->flags));
	return kr == KERN_SUCCESS ? 0 : ENOMEM;
}

/*
 * The stack: strings at the top, then envp[] and argv[] below them; sp
 * (16-byte aligned) points at argv[0]'s slot.  *sp, *uargv, *uenvp get
 * the addresses in the new task.
 */
static int build_stack(task_t task, char *const argv[], int argc, char *const envp[], int envc,
		       uint64_t *sp, uint64_t *uargv, uint64_t *uenvp)
{
	vm_address_t base = USER_STACK_TOP - USER_STACK_SIZE;
	size_t strings = 0;

	for (int i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	for (int i = 0; i < envc; i++)
		strings += strlen(envp[i]) + 1;
	size_t ptrs = sizeof(uint64_t) * (size_t)(argc + envc + 2);
	size_t need = round_page(((strings + 15) & ~(size_t)15) + ptrs + 16);
	if (need > USER_STACK_SIZE / 2)
		return E2BIG;
	if (vm_allocate(task, &base, USER_STACK_SIZE, VM_FLAGS_FIXED) != KERN_SUCCESS)
		return ENOMEM;
	vm_address_t image = 0;
	if (vm_allocate(mach_task_self(), &image, need, VM_FLAGS_ANYWHERE) != KERN_SUCCESS)
		return ENOMEM;
	char *top = (char *)image + need;
	uint64_t utop = USER_STACK_TOP;
	uint64_t *vec = (uint64_t *)((char *)image + ((need - ((strings + 15) & ~(size_t)15) - ptrs) & ~(size_t)15));
	uint64_t uvec = utop - (uint64_t)(top - (char *)vec);
	size_t used = 0;
	for (int i = 0; i < argc + envc; i++) {
		const char *s = i < argc ? argv[i] : envp[i - argc];
		size_t len = strlen(s) + 1;
		used += len;
		memcpy(top - used, s, len);
		vec[i < argc ? i : i + 1] = utop - used;
	}
	vec[argc] = 0;
	vec[argc + envc + 1] = 0;
	kern_return_t kr = vm_write(task, utop - need, image, (mach_msg_type_number_t)need);
	(void)vm_deallocate(mach_task_self(), image, need);
	if (kr != KERN_SUCCESS)
		return ENOMEM;
	*sp = uvec;
	*uargv = uvec;
	*uenvp = uvec + sizeof(uint64_t) * (uint64_t)(argc + 1);
	return 0;
}

/* Read bytes [from, to) of `vp' into buf + from. */
static int read_range(struct proc *p, struct vnode *vp, char *buf, size_t from, size_t to)
{
	while (from < to) {
		long r = bsd_fs->vop_read(&p->cred, vp, from, buf + from, to - from);
		if (r <= 0)
			return r < 0 ? (int)-r : EIO;
		from += (size_t)r;
	}
	return 0;
}

/*
 * Read what starting the file `vp' (`size' bytes) needs into a new buffer:
 * its first EXEC_HEAD bytes (a script's "#!" line, an executable's
 * headers), then as far as elf_load_extent says an executable's segments
 * reach.  The symbols and debug sections after them are not read (most of
 * a program built with -g).  *lenp: the bytes read; elf_check, on them,
 * says whether the program is good.
 */
#define EXEC_HEAD	16384
static int read_file(struct proc *p, struct vnode *vp, size_t size, char **bufp, size_t *lenp)
{
	size_t len = size < EXEC_HEAD ? size : EXEC_HEAD;
	char *buf = malloc(len ? len : 1);

	if (!buf)
		return ENOMEM;
	int error = read_range(p, vp, buf, 0, len);
	while (!error) {
		uint64_t extent;
		enum elf_status st = elf_load_extent(buf, len, &extent);
		if (st != ELF_OK && st != ELF_TRUNCATED)
			break;			/* not an executable: a script, or refused later */
		size_t want = extent < size ? (size_t)extent : size;
		if (want <= len)
			break;
		char *more = realloc(buf, want);
		if (!more) {
			error = ENOMEM;
			break;
		}
		buf = more;
		error = read_range(p, vp, buf, len, want);
		len = want;
	}
	if (error) {
		free(buf);
		return error;
	}
	*bufp = buf;
	*lenp = len;
	return 0;
}

/* Stop watching `task' and end it; drop our right. */
void task_forget(mach_port_t task)
{
	mach_port_t previous = MACH_PORT_NULL;

	if (!MACH_PORT_VALID(task))
		return;
	if (mach_port_request_notification(mach_task_self(), task, MACH_NOTIFY_DEAD_NAME, 1,
					   MACH_PORT_NULL, MACH_MSG_TYPE_MAKE_SEND_ONCE,
					   &previous) == KERN_SUCCESS &&
	    MACH_PORT_VALID(previous))
		(void)mach_port_deallocate(mach_task_self(), previous);
	(void)task_terminate(task);
	(void)mach_port_deallocate(mach_task_self(), task);
}

static int build_task(struct proc *p, const struct elf_image *img, char *const argv[], int argc,
		      char *const envp[], int envc, task_t *taskp, thread_act_t *threadp)
{
	task_t task;
	struct elf_segment seg;
	unsigned index = 0;
	int error = 0;

	if (task_create(mach_task_self(), NULL, 0, FALSE, &task) != KERN_SUCCESS)
		return EAGAIN;
	/* Named after its program (GNU Mach's task_set_name): the kernel's
	 * messages, lsmp and ps (sysctl kern.proc.all) show it. */
	(void)task_set_name(task, p->name);
	while (!error && elf_next_load(img, &index, &seg) == ELF_OK)
		if (seg.memsz)
			error = load_segment(task, &seg);
	uint64_t sp = 0, uargv = 0, uenvp = 0;
	if (!error)
		error = build_stack(task, argv, argc, envp, envc, &sp, &uargv, &uenvp);
	if (!error && proc_attach_task(p, task) != KERN_SUCCESS)
		error = ENOMEM;
	thread_act_t thread = MACH_PORT_NULL;
	if (!error) {
		riscv_thread_state_t s;
		memset(&s, 0, sizeof(s));
		s.pc = img->entry;
		s.sp = sp;
		s.a0 = (uint64_t)argc;
		s.a1 = uargv;
		s.a2 = uenvp;
		if (thread_create_running(task, RISCV_THREAD_STATE, (thread_state_t)&s,
					  RISCV_THREAD_STATE_COUNT, &thread) != KERN_SUCCESS)
			error = EAGAIN;
	}
	if (error) {
		task_forget(task);
		return error;
	}
	*taskp = task;
	*threadp = thread;
	return 0;
}

/*
 * The interpreter line of a "#!" script (the file's first line, at most
 * EXEC_SHEBANG_MAX bytes): the interpreter's path and its one optional
 * argument (the rest of the line, blanks trimmed, as BSD takes it), as
 * NUL-ended strings in `line'.  Returns 0 or ENOEXEC (no interpreter, or
 * the line is too long).
 */
#define EXEC_SHEBANG_MAX	256
static int shebang(const char *file, size_t size, char line[EXEC_SHEBANG_MAX],
		   char **interp, char **arg)
{
	size_t n = 2;
	while (n < size && n < EXEC_SHEBANG_MAX - 1 && file[n] != '\n')
		n++;
	if (n >= size || file[n] != '\n')
		return ENOEXEC;
	memcpy(line, file + 2, n - 2);
	line[n - 2] = '\0';
	char *s = line;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return ENOEXEC;
	*interp = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	*arg = NULL;
	if (*s) {
		*s++ = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		char *end = s + strlen(s);
		while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		if (*s)
			*arg = s;
	}
	return 0;
}

static int exec_file(struct proc *p, const char *path, const char *given, char *const argv[],
		     int argc, char *const envp[], int envc, bool interpreted);

/*
 * A "#!" script: its interpreter runs with argv = interpreter, [its
 * argument], the script's path as the caller gave it (`given`), then the
 * script's own argv[1...].  The
 * interpreter must be a program, not another script; a script's set-id
 * bits are ignored (the interpreter's count).
 */
static int exec_script(struct proc *p, const char *given, const char *file, size_t size,
		       char *const argv[], int argc, char *const envp[], int envc)
{
	char line[EXEC_SHEBANG_MAX], ipath[BSD_PATH_MAX];
	char *interp, *iarg;
	int error = shebang(file, size, line, &interp, &iarg);
	if (!error)
		error = bsd_path_resolve(p->cwd, interp, ipath);
	if (error)
		return error;
	char **nargv = malloc(sizeof(char *) * (size_t)(argc + 3));
	if (!nargv)
		return ENOMEM;
	int n = 0;
	nargv[n++] = interp;
	if (iarg)
		nargv[n++] = iarg;
	nargv[n++] = (char *)given;
	for (int i = 1; i < argc; i++)
		nargv[n++] = argv[i];
	nargv[n] = NULL;
	error = exec_file(p, ipath, interp, nargv, n, envp, envc, true);
	free(nargv);
	return error;
}

int exec_image(struct proc *p, const char *path, const char *given, char *const argv[],
	       int argc, char *const envp[], int envc)
{
	return exec_file(p, path, given, argv, argc, envp, envc, false);
}

static int exec_file(struct proc *p, const char *path, const char *given, char *const argv[],
		     int argc, char *const envp[], int envc, bool interpreted)
{
	struct vnode *vp;
	struct vattr va;
	char *file = NULL;

	int error = bsd_fs->vop_lookup(&p->cred, path, &vp);
	if (error)
		return error;
	error = bsd_fs->vop_getattr(vp, &va);
	if (!error && va.va_type != VREG)
		error = EACCES;
	if (!error && !(va.va_mode & 0111))
		error = EACCES;
	if (!error)	/* the caller's own execute permission (the file system checks) */
		error = bsd_fs->vop_access(&p->cred, path, 1);
	size_t len = 0;
	if (!error)
		error = read_file(p, vp, (size_t)va.va_size, &file, &len);
	bsd_fs->vop_release(vp);
	if (error)
		return error;
	if (!interpreted && len > 2 && file[0] == '#' && file[1] == '!') {
		error = exec_script(p, given, file, len, argv, argc, envp, envc);
		free(file);
		return error;
	}
	struct elf_image img;
	if (elf_check(&img, file, len) != ELF_OK) {
		free(file);
		return ENOEXEC;
	}
	char oldname[sizeof(p->name)];
	strcpy(oldname, p->name);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	snprintf(p->name, sizeof(p->name), "%s", base);

	task_t task;
	thread_act_t thread;
	error = build_task(p, &img, argv, argc, envp, envc, &task, &thread);
	free(file);
	if (error) {
		strcpy(p->name, oldname);
		proc_label(p);		/* the old program's name again */
		return error;
	}
	/* The point of no return: the old program ends.  Its command, for ps,
	 * is argv[0]'s last part (the file's name when argv[0] is empty). */
	const char *arg0 = argc > 0 && argv[0][0] ? argv[0] : base;
	const char *slash = strrchr(arg0, '/');
	snprintf(p->comm, sizeof(p->comm), "%s", slash && slash[1] ? slash + 1 : arg0);
	task_forget(p->task);
	pipe_detach_all(p);		/* the old task used them; the new one asks again */
	if (MACH_PORT_VALID(p->thread))
		(void)mach_port_deallocate(mach_task_self(), p->thread);
	p->task = task;
	p->thread = thread;
	p->thread_id = thread_kernel_id(thread);
	if (va.va_mode & S_ISUID)
		p->cred.euid = va.va_uid;
	if (va.va_mode & S_ISGID)
		p->cred.egid = va.va_gid;
	p->cred.svuid = p->cred.euid;
	p->cred.svgid = p->cred.egid;
	fd_close_on_exec(p);
	signal_exec_reset(p);
	return 0;
}
