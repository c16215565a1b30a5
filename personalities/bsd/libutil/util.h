/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libutil: the few helpers the userland programs (personalities/bsd/bin)
 * share, so no program carries a copy of another's code: messages in the
 * BSD err(3) style, a POSIX getopt of our own (the same on the host and on
 * MachRV), a line reader over read(2), file modes, signal names, the
 * recursive copy and remove of cp, mv and rm, and numbers from arguments.
 * Only POSIX calls and what picolibc provides are used.
 */
#ifndef _USERLAND_UTIL_H_
#define _USERLAND_UTIL_H_
#include <stddef.h>
#include <sys/types.h>
#include <sys/stat.h>

/* ---- messages (msg.c) ---- */
/* The program's name for messages: the last part of argv[0]. */
extern const char *ul_progname;
void ul_init(int argc, char **argv);
/* "prog: MESSAGE: strerror(errno)" on stderr. */
void ul_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: MESSAGE" on stderr. */
void ul_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* ul_warn or ul_warnx, then exit(status). */
void ul_err(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
void ul_errx(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3), noreturn));
/* "usage: prog USAGE" on stderr, exit(2) (exit(1) when status says so). */
void ul_usage(int status, const char *usage) __attribute__((noreturn));
/* malloc, realloc and strdup that end the program with a message. */
void *ul_alloc(size_t n);
void *ul_realloc(void *p, size_t n);
char *ul_strdup(const char *s);
/* Flush stdout; a write error (a full disk, a closed pipe) is reported
 * and makes the exit status 1.  Returns the status to exit with. */
int ul_finish(int status);

/* ---- options (getopt.c): POSIX getopt, without GNU's permutation ---- */
extern int ul_optind, ul_optopt;
extern char *ul_optarg;
/* Next option letter from optstring ("ab:c"), '?' for an unknown option
 * or a missing argument (after a message), -1 at the first operand or
 * after "--".  A "-NUMBER" operand is left alone when optstring starts
 * with '#' (head -5, kill -9): it then returns '#' with ul_optarg the digits. */
int ul_getopt(int argc, char **argv, const char *optstring);

/* ---- input (input.c) ---- */
struct ul_in {
	int	fd;
	size_t	pos, len;
	int	eof, error;
	char	buf[4096];
};
void ul_in_init(struct ul_in *in, int fd);
/* Open a file operand ("-" is stdin); -1 after a message. */
int ul_open_in(const char *path);
/* The next line, without its '\n', in *line (malloc'ed, grown as needed,
 * NUL-terminated; *lenp is its length, which may include NUL bytes).
 * Returns 1 for a line, 0 at the end, -1 on a read error (errno set).
 * *had_nl says whether the line ended with '\n'. */
int ul_getline(struct ul_in *in, char **line, size_t *cap, size_t *lenp, int *had_nl);
/* Copy everything from fd to fd; 0, or -1 with errno (*which 0: read). */
int ul_copy_fd(int from, int to, int *which);
/* write(2) all of buf; 0 or -1. */
int ul_write_all(int fd, const void *buf, size_t n);

/* ---- numbers (number.c) ---- */
/* A decimal number in [min, max]; 0, or -1 (with no message). */
int ul_number(const char *s, long long min, long long max, long long *out);

/* ---- file modes (mode.c) ---- */
/* Apply a chmod mode ("755", "u+x,go-w", "a=r", "+X") to old; 0 or -1. */
int ul_mode_apply(const char *spec, mode_t old, int is_dir, mode_t umask_bits, mode_t *out);
/* "drwxr-xr-x" (10 characters and a NUL) as ls -l shows it. */
void ul_mode_string(mode_t mode, char out[11]);
/* "regular file", "directory", ... as stat shows it. */
const char *ul_file_type(mode_t mode);

/* ---- signals (signame.c) ---- */
/* "TERM" for SIGTERM; NULL for an unknown number. */
const char *ul_signame(int sig);
/* SIGTERM for "TERM", "SIGTERM" or "15"; -1 for an unknown name. */
int ul_signum(const char *name);
/* Signal numbers run from 1 to UL_NSIG - 1 (names only for some). */
#define UL_NSIG 65

/* ---- users (users.c): names from the password and group files ---- */
/* The name of uid/gid, or its number in buf. */
const char *ul_user_name(uid_t uid, char *buf, size_t n);
const char *ul_group_name(gid_t gid, char *buf, size_t n);
/* A name or number to an id; 0 or -1. */
int ul_user_id(const char *s, uid_t *out);
int ul_group_id(const char *s, gid_t *out);

/* ---- trees (tree.c): cp -r, rm -r, mv across file systems ---- */
struct ul_copy_opts {
	int	recursive;	/* copy directories and what they hold */
	int	preserve;	/* keep modes, owners (when allowed) and times */
	int	force;		/* remove a destination that cannot be opened */
	int	verbose;
};
/* Copy from to to (to names the new file itself, not a directory to put
 * it in).  Reports each failure; returns 0 or 1 (something failed). */
int ul_copy(const char *from, const char *to, const struct ul_copy_opts *o);
/* Remove path, and what it holds when recursive; force quiets a missing
 * path.  Reports each failure; returns 0 or 1. */
int ul_remove(const char *path, int recursive, int force);
/* dir "/" base, in a malloc'ed string. */
char *ul_path_join(const char *dir, const char *base);
/* The last part of a path, without trailing slashes, in a malloc'ed string. */
char *ul_basename(const char *path);

/* ---- programs (run.c) ---- */
/* Exec argv[0] as env, time and su do; on failure, a message and
 * exit 127 (not found) or 126 (found but not runnable). */
void ul_exec_or_die(char *const argv[]) __attribute__((noreturn));

#endif /* _USERLAND_UTIL_H_ */
