/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bsd_server: the BSD Unix personality (docs/bsd.md).  What its files
 * share: processes, open files, the request being served, and the one
 * lock.
 *
 * Locking: one mutex, bsd_lock, covers every structure here.  A worker
 * takes it when a request arrives and drops it when the request is
 * answered or parked; it is held across kernel calls (task_create,
 * vm_write, ...), which never wait for a worker.  A call that must wait
 * (wait4, a pipe read, sigsuspend, nanosleep) is parked: its reply right
 * is kept in the process (proc->wait) and the worker goes back to
 * receiving, so no worker ever blocks on what another must provide.
 */
#ifndef _BSD_SERVER_H_
#define _BSD_SERVER_H_
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <mach/mach.h>
#include <machrv/mthread.h>
#include <machrv/syscall_msg.h>

#define BSD_MAXPROC	64		/* processes at once */
#define BSD_NOFILE	64		/* descriptors a process */
#define BSD_NGROUPS	16
#define BSD_NSIG	32
#define BSD_WORKERS	4		/* threads serving requests */
#include "path.h"		/* BSD_PATH_MAX */
#define BSD_ARG_MAX	(64 * 1024)	/* bytes of argv and envp strings for execve */
#define BSD_PIPE_ATTACH	16		/* pipes a process uses directly at once (pipe.c) */

/* Answers a handler gives besides 0 and an errno value. */
#define EJUSTRETURN	(-1000)	/* replied already, or parked, or no reply (exit, exec) */
#define ERESTART	(-1001)	/* (internal) restart the call */

extern mthread_mutex_t bsd_lock;
extern mach_port_t bsd_port_set;	/* every syscall port, the exception and notify ports */
extern mach_port_t bsd_exc_port;	/* processes' exceptions */
/* The boot configuration's --ports=host_priv,device (timer.c), or MACH_PORT_NULL. */
extern mach_port_t bsd_host_priv;
extern mach_port_t bsd_device_master;
extern mach_port_t bsd_notify_port;	/* dead-name notifications of their tasks */

struct proc;
struct file;

/* ---- credentials (cred.c) ---- */
struct ucred {
	uid_t	ruid, euid, svuid;
	gid_t	rgid, egid, svgid;
	int	ngroups;
	gid_t	groups[BSD_NGROUPS];
};

/* ---- open files (file.c) ---- */
struct fileops {
	/* Read or write up to n bytes at the caller's `uaddr': the count, a
	 * negative errno, or EJUSTRETURN when the op parked the call
	 * (syscall_park) to run it again later. */
	long	(*fo_read)(struct file *f, struct proc *p, uint64_t uaddr, size_t n);
	long	(*fo_write)(struct file *f, struct proc *p, uint64_t uaddr, size_t n);
	int	(*fo_ioctl)(struct file *f, struct proc *p, unsigned long cmd, uint64_t arg);
	void	(*fo_close)(struct file *f);	/* the last reference went */
	/* Files of the file system only (NULL elsewhere: ESPIPE, EINVAL):
	 * move the offset (SEEK_SET/CUR/END) to *off; pread, pwrite;
	 * truncate; fsync. */
	int	(*fo_lseek)(struct file *f, int64_t *off, int whence);
	/* pread, pwrite: at `off' (>= 0), the file's offset untouched. */
	long	(*fo_pread)(struct file *f, struct proc *p, uint64_t uaddr, size_t n, int64_t off);
	long	(*fo_pwrite)(struct file *f, struct proc *p, uint64_t uaddr, size_t n, int64_t off);
	int	(*fo_truncate)(struct file *f, int64_t size);
	int	(*fo_fsync)(struct file *f);
	/* What fstat says: 0 or an errno value. */
	int	(*fo_stat)(struct file *f, struct stat *st);
	/* Directory records (<sys/dirent.h>) from the offset on into the
	 * caller's `uaddr': the bytes, or a negative errno; *base where they
	 * started. */
	long	(*fo_getdirentries)(struct file *f, struct proc *p, uint64_t uaddr, size_t n,
				    int64_t *base);
	/* fchmod, fchown, futimens (ts: as the file system's vop_utimens);
	 * and the absolute path it was opened by (fchdir). */
	int	(*fo_chmod)(struct file *f, uint32_t mode);
	int	(*fo_chown)(struct file *f, uint32_t uid, uint32_t gid);
	int	(*fo_utimens)(struct file *f, const struct timespec *ts);
	const char *(*fo_path)(struct file *f);
	/* A new name `to' (absolute) for the open file itself, as `p''s
	 * user (linkat's AT_EMPTY_PATH): 0 or an errno value. */
	int	(*fo_link)(struct file *f, struct proc *p, const char *to);
};

struct file {
	int		f_count;	/* descriptors (in every process) naming it */
	int		f_flag;		/* O_ACCMODE bits, O_NONBLOCK, O_APPEND; O_EXEC (O_SEARCH):
					 * open for neither reading nor writing */
	const struct fileops *f_ops;
	void		*f_data;	/* the pipe end, the device */
};

struct file *file_alloc(const struct fileops *ops, void *data, int flag);
void file_hold(struct file *f);
void file_release(struct file *f);
/* fd_alloc: the lowest free descriptor >= from, or -EMFILE. */
int fd_alloc(struct proc *p, int from);
void fd_close_all(struct proc *p);
void fd_close_on_exec(struct proc *p);
void fd_copy(struct proc *to, struct proc *from);

/* ---- a parked system call (syscall.c) ---- */
enum wait_kind { WAIT_NONE, WAIT_CHILD, WAIT_PIPE, WAIT_SIGSUSPEND, WAIT_SLEEP, WAIT_TTY };

struct parked {
	enum wait_kind	kind;
	mach_port_t	reply;		/* the kernel's send-once reply right */
	/* The request, to run again when woken (where it runs from then:
	 * syscall_rerun); 8-aligned, as a received one is, for request_copy. */
	machrv_syscall_request_t req __attribute__((aligned(8)));
	void		*chan;		/* what it waits for (a pipe, a tty) */
	uint64_t	deadline_ns;	/* WAIT_SLEEP: when it ends (monotonic) */
	uint64_t	saved_mask;	/* WAIT_SIGSUSPEND: the mask to restore */
	int64_t		io_done;	/* bytes a parked read/write moved already */
	mach_port_seqno_t seqno;	/* the request's sequence number on the syscall port */
};

/* A pipe a process uses directly (pipe.c): its ring mapped at addr there. */
struct pipe;
struct pipe_attach {
	struct pipe	*pp;		/* NULL: a free slot */
	uint64_t	addr;
};

/* ---- processes (proc.c) ---- */
enum proc_state { PROC_FREE, PROC_ALIVE, PROC_ZOMBIE };

struct sigacts {
	uint64_t	handler;	/* SIG_DFL 0, SIG_IGN 1, or an address */
	uint64_t	mask;
	int		flags;
};

struct proc {
	enum proc_state	state;
	pid_t		pid, pgid, sid;
	struct proc	*parent;	/* NULL only for init */
	char		name[32];	/* the program file's name (its path's last part): the task's */
	char		comm[32];	/* argv[0]'s last part at exec (sysctl kern.proc.all) */
	int		traced;		/* its last call came from traced work (<machrv/trace_note.h>) */
	task_t		task;		/* send right */
	thread_act_t	thread;		/* send right: the thread bsd_server started */
	uint64_t	thread_id;	/* its kernel id (THREAD_IDENTIFIER_INFO) */
	mach_port_t	syscall_port;	/* receive right, in bsd_port_set; its name is the key */
	struct ucred	cred;
	char		cwd[BSD_PATH_MAX];	/* absolute, normalized (sys_file.c) */
	mode_t		umask;
	struct file	*fd[BSD_NOFILE];
	uint8_t		fd_cloexec[BSD_NOFILE];
	int		xstatus;	/* ZOMBIE: the wait status */
	bool		stopped, stop_reported;
	bool		no_ctty;	/* left its session's terminal (TIOCNOTTY, dev.c); inherited */
	bool		execed;		/* has exec'd since its fork (setpgid's EACCES); not inherited */
	int		stop_sig;	/* stopped: the signal that stopped it */
	/* signals (signal.c) */
	uint64_t	sig_mask, sig_pending;
	struct sigacts	sigacts[BSD_NSIG];
	uint64_t	sigtramp;	/* the library's __bsd_sigenter (from sigaction) */
	uint64_t	alarm_ns;	/* ITIMER_REAL: when, 0 if unset */
	uint64_t	alarm_interval_ns;
	bool		in_syscall;	/* a request of it is being served */
	/* A handler frame pushed on a thread that was, unknown to us, in a
	 * call already on its way (signal.c, deliver_running): that call's
	 * outcome goes into the frame's context, not the registers. */
	bool		race_pending;
	mach_port_seqno_t race_seqno;	/* calls numbered below it are the racing one */
	uint64_t	race_uc;	/* the frame's context (struct bsd_ucontext) */
	int64_t		race_args[2];	/* the handler's a0, a1 */
	/* The last plain answer: where the thread resumes and its a0, a1. */
	uint64_t	last_answer_pc;
	int64_t		last_answer[2];
	bool		last_answer_has_a1;	/* an error answer leaves a1 alone */
	struct parked	wait;
	uint64_t	start_ns;
	/* Pipes used without the server (pipe.c): their rings mapped in the
	 * task, and the library's copy routine, whose faults are EFAULT. */
	struct pipe_attach pipe_att[BSD_PIPE_ATTACH];
	int		pipe_natt;	/* slots of pipe_att in use */
	uint64_t	pipe_copy_lo, pipe_copy_hi, pipe_copy_fix;
	uint64_t	pipe_wait_word;	/* the library's: fd + 1 while it waits directly */
};

/* fd's file in p, or NULL (fd out of range or not open).  Inline: every
 * call on a descriptor asks. */
static inline struct file *fd_get(struct proc *p, int fd)
{
	if (fd < 0 || fd >= BSD_NOFILE)
		return NULL;
	return p->fd[fd];
}

extern struct proc proc_table[BSD_MAXPROC];
/*
 * The slots whose process has a parked call (bit i: proc_table[i]), so a
 * wake-up looks at those only.  Change p->wait.kind with proc_wait_kind.
 */
/*
 * The index of the lowest set bit of x (x != 0), by a de Bruijn
 * multiplication: rv64gc has no count-trailing-zeros instruction, and
 * libgcc's __ctzdi2 takes about 20 instructions where this takes 6.
 */
static inline int bsd_ctz64(uint64_t x)
{
	static const unsigned char index[64] = {
		0,  1,  2,  53, 3,  7,  54, 27, 4,  38, 41, 8,  34, 55, 48, 28,
		62, 5,  39, 46, 44, 42, 22, 9,  24, 35, 59, 56, 49, 18, 29, 11,
		63, 52, 6,  26, 37, 40, 33, 47, 61, 45, 43, 21, 23, 58, 17, 10,
		51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12,
	};
	return index[((x & -x) * 0x022fdd63cc95386dULL) >> 58];
}
extern uint64_t parked_mask;
_Static_assert(BSD_MAXPROC <= 64, "parked_mask has a bit per slot");
static inline void proc_wait_kind(struct proc *p, enum wait_kind kind)
{
	uint64_t bit = 1ULL << (p - proc_table);

	p->wait.kind = kind;
	if (kind == WAIT_NONE)
		parked_mask &= ~bit;
	else
		parked_mask |= bit;
}
extern struct proc *initproc;

struct proc *proc_alloc(struct proc *parent);
struct proc *proc_by_pid(pid_t pid);
/* The living process whose syscall port is `port', or NULL: the one this
 * worker found last first (the common case is one busy process), inline;
 * else a scan of the table (proc_by_syscall_port_scan). */
extern __thread struct proc *proc_syscall_last;
struct proc *proc_by_syscall_port_scan(mach_port_t port);
static inline struct proc *proc_by_syscall_port(mach_port_t port)
{
	struct proc *p = proc_syscall_last;

	if (p && p->state == PROC_ALIVE && p->syscall_port == port)
		return p;
	return proc_by_syscall_port_scan(port);
}
struct proc *proc_by_task(mach_port_t task);
/* proc_exit: end a living process with wait status `status': its task,
 * ports, descriptors and parked call go; children go to init; the parent
 * hears SIGCHLD and its wait4 wakes.  Locks: bsd_lock held. */
void proc_exit(struct proc *p, int status);
/* proc_set_pgrp: move p to group `pgid' of session `sid' (setpgid,
 * setsid); a group the move orphans (p's old one, its children's, the
 * one it joins) that has a stopped member gets SIGHUP, then SIGCONT, as
 * after proc_exit.  Locks: bsd_lock held. */
void proc_set_pgrp(struct proc *p, pid_t sid, pid_t pgid);
/* proc_reap: free a zombie's slot (its parent's wait4 took the status). */
void proc_reap(struct proc *p);
/* Process groups and sessions (proc.c), by their living members; all with
 * bsd_lock held.  pgrp_orphaned: no member has a parent in another group
 * of the same session (POSIX's orphaned group: nobody there could continue
 * it once stopped; a group with no living member is orphaned).
 * pgrp_signal: proc_signal to every living member of the group. */
bool pgrp_exists(pid_t pgid, pid_t sid);
bool session_exists(pid_t sid);
bool pgrp_orphaned(pid_t pgid, pid_t sid);
void pgrp_signal(pid_t pgid, int sig);
/* proc_attach_task: p's syscall port (a receive right in bsd_port_set,
 * made the first time, labelled "syscall port of pid N (prog)"), with a
 * send right set as `task''s TASK_SYSCALL_PORT, and the exception port set. */
kern_return_t proc_attach_task(struct proc *p, task_t task);
/* proc_label: label p's syscall port with its pid and program name
 * (mach_port_set_label, so lsmp and portgraph say whose it is). */
void proc_label(struct proc *p);
/* bsd_label: label one of bsd_server's own ports (see proc_label). */
void bsd_label(mach_port_t port, const char *label);
uint64_t thread_kernel_id(thread_act_t thread);

/* ---- system calls (syscall.c) ---- */
typedef int (*sy_call_t)(struct proc *p, const machrv_syscall_request_t *req, int64_t rv[2]);
/* serve one request that came to a syscall port (the worker holds bsd_lock). */
void syscall_serve(struct proc *p, machrv_syscall_request_t *req, mach_port_seqno_t seqno);
/* A request of the kernel's size: the fixed part, or it and what the call
 * offers (a machrv_syscall_in_t: its input's bytes, or whether its output
 * is writable; <machrv/syscall_msg.h>). */
bool syscall_request_size_ok(const machrv_syscall_request_t *req);
/* The bytes [uaddr, uaddr + len) of p as its running call's request
 * carries them (the caller's input, read when it trapped), copied to
 * kaddr: true; false if the request does not hold them all. */
bool syscall_input(struct proc *p, uint64_t uaddr, void *kaddr, size_t len);
/* syscall_input_string: the NUL-terminated string at uaddr of p (at most
 * len bytes with its NUL) as the running call's request carries it, into
 * kaddr: true; false if the request does not hold it all. */
bool syscall_input_string(struct proc *p, uint64_t uaddr, char *kaddr, size_t len);
/* syscall_input_forget: p's memory is written now: its request's input may be stale. */
void syscall_input_forget(struct proc *p);
/* syscall_reply: answer the kernel's reply right `reply' (consumed). */
void syscall_reply(mach_port_t reply, int error, int64_t rv0, int64_t rv1);
/* The worker's batch of answers (see syscall.c): begin under bsd_lock;
 * end takes the last answer out (NULL if none; header and body, valid
 * until the worker's next request); after unlocking, batch_send sends
 * the others. */
struct answer;
#define REPLY_BATCH	8
struct syscall_batch {
	bool		batching;	/* answers join the batch */
	int		count;		/* answers without bytes in it */
	int		nanswered;	/* answers with bytes in it */
	struct answer	*last;		/* the one that went with the receive */
	struct answer	*held_buf;	/* the held answer's bytes went with it (syscall_held) */
	/* 8-aligned (56 bytes each, so all of them): the worker copies one by
	 * words.  Last: the fields above stay near the thread pointer. */
	machrv_syscall_reply_t answers[REPLY_BATCH] __attribute__((aligned(8)));
};
extern __thread struct syscall_batch syscall_batch;
void syscall_batch_begin_rest(void);
const mach_msg_header_t *syscall_batch_end_rest(void);
void syscall_batch_send_rest(void);
/* Inline: the worker's every request passes these; the rest are out of line. */
static inline void syscall_batch_begin(void)
{
	syscall_batch.batching = true;
	syscall_batch.count = 0;
	if (syscall_batch.last || syscall_batch.held_buf)
		syscall_batch_begin_rest();
}
static inline const mach_msg_header_t *syscall_batch_end(void)
{
	syscall_batch.batching = false;
	if (__builtin_expect(syscall_batch.nanswered, 0))
		return syscall_batch_end_rest();	/* an answer with bytes first */
	if (syscall_batch.count == 0)
		return NULL;
	return &syscall_batch.answers[--syscall_batch.count].head;
}
static inline void syscall_batch_send(void)
{
	/* Most requests leave nothing: their one answer went with the receive. */
	if (__builtin_expect(syscall_batch.count || syscall_batch.nanswered, 0))
		syscall_batch_send_rest();
}
/* The answer to the call this worker holds in registers (a request whose
 * reply port is MACHRV_SYSCALL_REPLY_HELD, <machrv/syscall_msg.h>), for its
 * next machrv_syscall_serve: the error (0 or an errno value), rv[0] and
 * rv[1], and the bytes for the caller's memory (out_size bytes of
 * segments at out, in syscall_batch.held_buf); error
 * MACHRV_SYSCALL_NO_ANSWER while there is none (the kernel then drops the
 * right).  The worker gives it to machrv_syscall_serve and then clears it
 * (syscall_held_given). */
extern __thread machrv_syscall_answer_t syscall_held;
static inline void syscall_held_given(void)
{
	syscall_held.error = MACHRV_SYSCALL_NO_ANSWER;
}
/* syscall_reply_named: `reply' as a name: the held right
 * (MACHRV_SYSCALL_REPLY_HELD) named now (cur_reply too, if it was that),
 * for an answer that cannot go in registers; MACH_PORT_NULL if no name
 * could be made (the call is then dropped). */
mach_port_t syscall_reply_name_held(void);
static inline mach_port_t syscall_reply_named(mach_port_t reply)
{
	return reply == MACHRV_SYSCALL_REPLY_HELD ? syscall_reply_name_held() : reply;
}
/* A worker's room for the bytes a call writes into its caller (syscall.c). */
void syscall_gather_init(void);
/* syscall_gather_copyout: copyout's way (len > 0): p's call's input is
 * forgotten (syscall_input_forget); the bytes go with the answer of p's
 * call, if p's call gathers (0, or EFAULT: the range is not writable);
 * else they are written now (copyout_write's result). */
int syscall_gather_copyout(struct proc *p, const void *kaddr, uint64_t uaddr, size_t len);
/* syscall_gather_flush: write now what p's call gathered (before a copyin). */
void syscall_gather_flush(struct proc *p);
/* Park p's current call (wait kind, channel); the handler then returns EJUSTRETURN. */
void syscall_park(struct proc *p, enum wait_kind kind, void *chan);
/* Run the parked calls waiting on `chan' (of `kind') again; inline, no
 * call when nothing is parked (a pipe's every read and write wakes). */
void syscall_wake_parked(enum wait_kind kind, void *chan);
static inline void syscall_wake(enum wait_kind kind, void *chan)
{
	if (parked_mask)
		syscall_wake_parked(kind, chan);
}
/* Run p's parked call again now. */
void syscall_rerun(struct proc *p);
/* Undo a park made by the handler now running (it answers after all). */
void syscall_drop_park(struct proc *p);
/* Drop p's parked call without an answer (p is ending). */
void syscall_drop(struct proc *p);
/*
 * Argument i (a0..a5) of a request.  A request is 8-aligned (a worker's
 * receive buffer, from malloc; struct parked's copy), so its arguments are
 * read with one load each, although <machrv/syscall_msg.h> packs it to 4
 * bytes (a field access would read each in two halves).  Handlers write
 * ARG(i).
 */
static inline uint64_t syscall_arg(const machrv_syscall_request_t *req, int i)
{
	_Static_assert(offsetof(machrv_syscall_request_t, args) % 8 == 0, "the arguments are words");
	const uint64_t *w = __builtin_assume_aligned(req, 8);
	return w[offsetof(machrv_syscall_request_t, args) / 8 + i];
}
#define ARG(i)	syscall_arg(req, (i))

/* The request being served now, and its reply right, while a handler runs. */
extern __thread const machrv_syscall_request_t *cur_req;
extern __thread mach_port_t cur_reply;
extern __thread mach_port_seqno_t cur_seqno;

/* ---- pipes used directly (pipe.c; <machrv/pipe_ring.h>) ---- */
/* pipe_fd_forget: p no longer names `data' (a file's f_data) with the
 * descriptor it just closed: if it was a pipe p used directly and p names
 * it with no other descriptor, p lets go of it (its lease, its mapping).
 * Call after file_release.  Locks: bsd_lock held. */
void pipe_fd_forget(struct proc *p, const void *data);
/* pipe_detach_all: p's task is gone or replaced (exit, exec): every pipe
 * it used directly is let go (leases back to bsd_server, nothing
 * unmapped).  Locks: bsd_lock held. */
void pipe_detach_all(struct proc *p);
/* pipe_signal_defer: p's thread (stopped) is inside a direct pipe
 * operation or waits in one: it is asked to come by (attention, and its
 * wait ended) and a signal for it stays pending until it does: true.
 * Locks: bsd_lock held. */
bool pipe_signal_defer(struct proc *p);
/* pipe_copy_fault: a bad access by p's `thread' inside the library's
 * pipe copy routine: the thread is set to that routine's failure return
 * (the call is EFAULT, not SIGSEGV): true.  Locks: bsd_lock held. */
bool pipe_copy_fault(struct proc *p, thread_act_t thread);
/* pipe_flags_changed: f's O_NONBLOCK changed (fcntl, FIONBIO). */
void pipe_flags_changed(struct file *f);
/* give_rights (sys_mach.c): copies of send rights a and b (either may be
 * MACH_PORT_NULL) in a message to p's receive right `name': 0, EINVAL,
 * ENOMEM. */
int give_rights(struct proc *p, mach_port_t name, mach_port_t a, mach_port_t b);
/* signal_would_interrupt (signal.c): the signal p would be given next has a
 * handler without SA_RESTART (a call it interrupts is EINTR). */
bool signal_would_interrupt(struct proc *p);
/* signal_pending_parked (signal.c): p's call was just parked: a signal
 * already pending for it (left for its next call: pipe_signal_defer)
 * interrupts it now, as one posted while it waits does. */
void signal_pending_parked(struct proc *p);

/* ---- user memory (usercopy.c) ---- */
int copyin(struct proc *p, uint64_t uaddr, void *kaddr, size_t len);
int copyout(struct proc *p, const void *kaddr, uint64_t uaddr, size_t len);
/* copyout_write: write the bytes now (vm_write): 0 or EFAULT. */
int copyout_write(struct proc *p, const void *kaddr, uint64_t uaddr, size_t len);
/* copyinstr: a NUL-terminated string of at most len bytes (NUL included):
 * 0, EFAULT or ENAMETOOLONG. */
int copyinstr(struct proc *p, uint64_t uaddr, char *kaddr, size_t len);

/* ---- signals (signal.c) ---- */
/* psignal: post `sig' to p and act on it (terminate, stop, continue,
 * interrupt a parked call, run a handler). */
void proc_signal(struct proc *p, int sig);
/* At the end of a call of p: deliver a pending unblocked signal instead
 * of answering plainly; true if it did (the reply is sent). */
bool signal_deliver_at_reply(struct proc *p, mach_port_t reply, int error, int64_t rv0, int64_t rv1,
			     const machrv_syscall_request_t *req);
void signal_exec_reset(struct proc *p);
/* If the call numbered `seqno' is the racing one (see struct proc), put
 * its outcome (*a0, *a1) in the frame's context and answer the handler's
 * arguments instead; true if it was. */
/* A call that raced a handler's frame has just parked: interrupt it now
 * (its outcome into the frame's context) and start the handler; true if so. */
bool signal_unpark_racing_call(struct proc *p);
bool signal_finish_racing_call(struct proc *p, mach_port_seqno_t seqno, int64_t *a0, int64_t *a1);
/* The signal an exception is (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE). */
int exception_to_signal(exception_type_t exc, int64_t code);

/* ---- exec (exec.c) ---- */
/* exec_image: start program `path' (absolute; `given': as the caller wrote
 * it) in a new task for p, with argv/envp (kernel copies); a "#!" script
 * runs its interpreter with `given' as an argument (exec.c);
 * the old task (if any) is terminated.  0 or an errno (ENOEXEC: neither a
 * program nor a script, for the shell to run itself). */
int exec_image(struct proc *p, const char *path, const char *given, char *const argv[],
	       int argc, char *const envp[], int envc);

/* task_forget: cancel the dead-name request on `task', end it, drop our right. */
void task_forget(mach_port_t task);

/* ---- devices (dev.c) ---- */
struct file *dev_open(const char *path, int flags, int *error);
/* dev_stat_path: the attributes of the device `path' names (as fstat of
 * it opened says), 0; ENOENT if it names none. */
int dev_stat_path(const char *path, struct stat *st);
/* dev_init: the devices' times (when bsd_server started; after realtime_start). */
void dev_init(void);
/* dev_readdir: /dev's entries from entry *cookie on (".", "..", then each
 * device) as <sys/dirent.h> records into buf (n bytes): the bytes, 0 at
 * the end; *cookie moves past them.  dot, dotdot: their inode numbers. */
long dev_readdir(uint64_t *cookie, ino_t dot, ino_t dotdot, void *buf, size_t n);
/* dev_access: may `euid' have `mode' (R_OK 4 | W_OK 2 | X_OK 1) on the
 * device `path' names: 0, EACCES; ENOENT if it names none. */
int dev_access(const char *path, uid_t euid, int mode);
/* tty_proc_exit: p has ended (a zombie now); if it was the controlling
 * process (the leader of the session the console belongs to), the
 * descriptors its session's processes have on the console are revoked
 * (reads at the end, writes EIO), the console's foreground group gets
 * SIGHUP and SIGCONT and the console belongs to no session.  Locks:
 * bsd_lock held. */
void tty_proc_exit(struct proc *p);

/* ---- time (timer.c) ---- */
uint64_t now_ns(void);
int64_t realtime_ns(void);	/* the time of day: UTC ns since 1970 */
void realtime_start(void);	/* ask the kernel's calendar (before realtime_ns) */
void timer_kick(void);		/* a deadline changed: recompute the nearest */
void timer_start(void);

/* ---- messages ---- */
void bsd_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* _BSD_SERVER_H_ */
