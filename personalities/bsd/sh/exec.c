// SPDX-License-Identifier: BSD-2-Clause
// The executor: walks a syntax tree, forks and execs programs, connects
// pipelines, applies redirections, runs built-ins and functions in the
// shell itself, and keeps $?.  A process that only exists to run one
// command (a pipeline's member, a subshell, `sh -c CMD') execs it directly
// instead of forking again (sh.exec_last).
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

extern int sh_exec_last;	/* main.c: this process ends after this command */
extern int sh_keep_arena;	/* a function was defined: keep its tree */
static int cond_depth;		/* inside if/while conditions, && ||, !: no set -e */

static void flush_all(void)
{
	fflush(stdout);
	fflush(stderr);
}

/* ---- redirections ---- */

static int save_fd(int fd, struct saved_fd **save, int *nsave)
{
	if (save == NULL)
		return 0;
	for (int i = 0; i < *nsave; i++)
		if ((*save)[i].fd == fd)
			return 0;	/* the first save is the one to restore */
	int copy = fcntl(fd, F_DUPFD, 10);
	if (copy < 0 && errno != EBADF) {
		sh_error("%d: cannot save descriptor: %s", fd, strerror(errno));
		return -1;
	}
	if (copy >= 0)
		fcntl(copy, F_SETFD, FD_CLOEXEC);
	*save = xrealloc(*save, (size_t)(*nsave + 1) * sizeof(**save));
	(*save)[(*nsave)++] = (struct saved_fd){ fd, copy };
	return 0;
}

void redir_restore(struct saved_fd *save, int nsave)
{
	for (int i = nsave - 1; i >= 0; i--) {
		if (save[i].copy >= 0) {
			dup2(save[i].copy, save[i].fd);
			close(save[i].copy);
		} else {
			close(save[i].fd);
		}
	}
	free(save);
}

/* A here-document's text on a pipe: written at once if small, else by a child. */
static int heredoc_fd(const char *text)
{
	int p[2];
	size_t len = strlen(text);

	if (pipe(p) < 0) {
		sh_error("pipe: %s", strerror(errno));
		return -1;
	}
	if (len <= 512) {
		if (write(p[1], text, len) < 0) {
			/* nothing to do: the reader sees what arrived */
		}
	} else {
		flush_all();
		pid_t pid = fork();
		if (pid == 0) {
			close(p[0]);
			size_t off = 0;
			while (off < len) {
				ssize_t n = write(p[1], text + off, len - off);
				if (n <= 0)
					_exit(1);
				off += (size_t)n;
			}
			_exit(0);
		}
		if (pid < 0)
			sh_error("fork: %s", strerror(errno));
	}
	close(p[1]);
	return p[0];
}

int redir_apply(struct redir *r, struct saved_fd **save, int *nsave)
{
	for (; r; r = r->next) {
		int fd = -1;
		char *w = NULL;
		if (r->op == R_HEREDOC) {
			w = r->quoted ? xstrdup(r->word) : expand_heredoc(r->word);
			if (w == NULL)
				return -1;
			fd = heredoc_fd(w);
			free(w);
			if (fd < 0)
				return -1;
		} else {
			w = expand_word(r->word);
			if (w == NULL)
				return -1;
		}
		if (save_fd(r->fd, save, nsave) < 0) {
			free(r->op == R_HEREDOC ? NULL : w);
			return -1;
		}
		switch (r->op) {
		case R_IN:
			fd = open(w, O_RDONLY);
			break;
		case R_OUT:
		case R_CLOBBER:
			fd = open(w, O_WRONLY | O_CREAT | O_TRUNC, 0666);
			break;
		case R_APPEND:
			fd = open(w, O_WRONLY | O_CREAT | O_APPEND, 0666);
			break;
		case R_RDWR:
			fd = open(w, O_RDWR | O_CREAT, 0666);
			break;
		case R_DUPIN:
		case R_DUPOUT:
			if (strcmp(w, "-") == 0) {
				close(r->fd);
				free(w);
				continue;
			}
			char *end;
			long from = strtol(w, &end, 10);
			if (*w == '\0' || *end != '\0' || from < 0 || from > INT_MAX) {
				sh_error("%s: bad file descriptor number", w);
				free(w);
				return -1;
			}
			if (from != r->fd && dup2((int)from, r->fd) < 0) {
				sh_error("%ld: %s", from, strerror(errno));
				free(w);
				return -1;
			}
			free(w);
			continue;
		case R_HEREDOC:
			break;
		}
		if (fd < 0) {
			sh_error("%s: %s", w, strerror(errno));
			free(w);
			return -1;
		}
		if (r->op != R_HEREDOC)
			free(w);
		if (fd != r->fd) {
			if (dup2(fd, r->fd) < 0) {
				sh_error("%d: %s", r->fd, strerror(errno));
				close(fd);
				return -1;
			}
			close(fd);
		}
	}
	return 0;
}

/* ---- programs ---- */

char *path_search(const char *name)
{
	const char *path = var_get("PATH");
	int saw_eacces = 0;

	if (path == NULL)
		path = "/bin:/usr/bin";
	for (const char *p = path;; ) {
		const char *colon = strchr(p, ':');
		size_t dl = colon ? (size_t)(colon - p) : strlen(p);
		size_t len = dl + strlen(name) + 2;
		char *full = xmalloc(len);
		if (dl == 0)
			snprintf(full, len, "%s", name);
		else
			snprintf(full, len, "%.*s/%s", (int)dl, p, name);
		struct stat st;
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(full, X_OK) == 0)
				return full;
			saw_eacces = 1;
		}
		free(full);
		if (colon == NULL)
			break;
		p = colon + 1;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return NULL;
}

/* A file execve refused as not executable: a shell script, unless it
 * looks like a binary (a NUL in its first line). */
static void run_as_script(const char *path, char **argv)
{
	char head[256];
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		ssize_t n = read(fd, head, sizeof(head));
		close(fd);
		for (ssize_t i = 0; i < n && head[i] != '\n'; i++) {
			if (head[i] == '\0') {
				sh_error("%s: cannot execute binary file", path);
				_exit(126);
			}
		}
	}
	sh.arg0 = xstrdup(path);
	int argc = 0;
	while (argv[argc + 1])
		argc++;
	sh.argv = argv + 1;
	sh.argc = argc;
	sh.in_subshell = 1;
	sh.interactive = 0;
	sh.jobcontrol = 0;
	sh_exit(exec_file(path, 1));
}

/* In a child (or for exec): run argv with the exported variables. */
static void exec_program(char **argv) __attribute__((noreturn));
static void exec_program(char **argv)
{
	char **env = var_environ();
	char *path;

	flush_all();
	if (strchr(argv[0], '/') != NULL) {
		path = argv[0];
	} else {
		path = path_search(argv[0]);
		if (path == NULL) {
			if (errno == EACCES) {
				sh_error("%s: Permission denied", argv[0]);
				sh_exit(126);
			}
			sh_error("%s: not found", argv[0]);
			sh_exit(127);
		}
	}
	execve(path, argv, env);
	int e = errno;
	if (e == ENOEXEC)
		run_as_script(path, argv);
	sh_error("%s: %s", argv[0], strerror(e));
	sh_exit(e == ENOENT || e == ENOTDIR ? 127 : 126);
}

/* ---- commands ---- */


/* Assignments before a command: in the shell, or (export) for a child. */
static int do_assigns(struct wordlist *a, int export)
{
	for (; a; a = a->next) {
		const char *eq = strchr(a->word, '=');
		char *name = xstrndup(a->word, (size_t)(eq - a->word));
		char *value = expand_word(eq + 1);
		int r = value == NULL ? -1 : var_set(name, value, export);
		if (r == 0 && sh.opt_x)
			fprintf(stderr, "+ %s=%s\n", name, value);
		free(name);
		free(value);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Saved values of variables assigned for one built-in or function. */
struct saved_var { char *name, *value; };

static struct saved_var *save_assigns(struct wordlist *a, int *n)
{
	struct saved_var *sv = NULL;

	*n = 0;
	for (; a; a = a->next) {
		const char *eq = strchr(a->word, '=');
		sv = xrealloc(sv, (size_t)(*n + 1) * sizeof(*sv));
		sv[*n].name = xstrndup(a->word, (size_t)(eq - a->word));
		const char *old = var_get(sv[*n].name);
		sv[*n].value = old ? xstrdup(old) : NULL;
		(*n)++;
	}
	return sv;
}

static void restore_assigns(struct saved_var *sv, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		if (sv[i].value)
			var_set(sv[i].name, sv[i].value, 0);
		else
			var_unset(sv[i].name);
		free(sv[i].name);
		free(sv[i].value);
	}
	free(sv);
}

static int call_function(struct node *body, int argc, char **argv)
{
	char **old_argv = sh.argv;
	int old_argc = sh.argc;

	sh.argv = argv + 1;
	sh.argc = argc - 1;
	sh.func_depth++;
	int st = exec_node(body);
	sh.func_depth--;
	if (sh.returning) {
		sh.returning = 0;
		st = sh.status;
	}
	sh.argv = old_argv;
	sh.argc = old_argc;
	return st;
}

static void trace(char **argv)
{
	fputs("+", stderr);
	for (char **a = argv; *a; a++)
		fprintf(stderr, " %s", *a);
	fputc('\n', stderr);
}

static int exec_simple(struct node *n)
{
	int argc, st;
	int last = sh_exec_last;

	sh_exec_last = 0;
	sh.subst_status = 0;
	char **argv = expand_words(n->words, &argc);
	if (argv == NULL)
		return sh.interactive ? 1 : (sh_exit(2), 1);
	if (argc == 0) {
		/* Only assignments and redirections. */
		struct saved_fd *save = NULL;
		int nsave = 0;
		st = sh.subst_status;
		if (do_assigns(n->assigns, 0) < 0)
			st = 1;
		else if (redir_apply(n->redirs, &save, &nsave) < 0)
			st = 1;
		else
			st = sh.subst_status;
		redir_restore(save, nsave);
		free_fields(argv);
		return st;
	}
	if (sh.opt_x)
		trace(argv);
	int special = 0;
	builtin_fn bi = NULL;
	struct node *fn = NULL;
	if (strcmp(argv[0], "exec") == 0) {
		if (do_assigns(n->assigns, 1) < 0 || redir_apply(n->redirs, NULL, NULL) < 0) {
			free_fields(argv);
			return sh.interactive ? 1 : (sh_exit(1), 1);
		}
		if (argc == 1) {
			free_fields(argv);
			return 0;
		}
		jobs_reset_signals();
		exec_program(argv + 1);
	}
	if ((fn = func_find(argv[0])) == NULL)
		bi = builtin_find(argv[0], &special);
	if (bi != NULL || fn != NULL) {
		struct saved_fd *save = NULL;
		int nsave = 0, nsv = 0;
		struct saved_var *sv = special ? NULL : save_assigns(n->assigns, &nsv);
		if (do_assigns(n->assigns, 0) < 0) {
			st = 1;
		} else if (redir_apply(n->redirs, &save, &nsave) < 0) {
			st = 1;
			if (special && !sh.interactive) {
				redir_restore(save, nsave);
				sh_exit(1);
			}
		} else {
			st = fn ? call_function(fn, argc, argv) : bi(argc, argv);
			fflush(stdout);
		}
		redir_restore(save, nsave);
		if (!special)
			restore_assigns(sv, nsv);
		free_fields(argv);
		return st;
	}
	if (last) {
		/* This process exists only for this command. */
		if (do_assigns(n->assigns, 1) < 0 || redir_apply(n->redirs, NULL, NULL) < 0)
			sh_exit(1);
		exec_program(argv);
	}
	flush_all();
	pid_t pid = jobs_fork(0, 1);
	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		free_fields(argv);
		return 2;
	}
	if (pid == 0) {
		if (do_assigns(n->assigns, 1) < 0 || redir_apply(n->redirs, NULL, NULL) < 0)
			_exit(1);
		exec_program(argv);
	}
	free_fields(argv);
	return jobs_wait_fg(&pid, 1, sh.jobcontrol ? pid : 0);
}

static int exec_pipeline(struct node *n)
{
	pid_t *pids = xmalloc((size_t)n->nkids * sizeof(*pids));
	pid_t pgrp = 0;
	int in = -1, st, started = 0;

	flush_all();
	for (int i = 0; i < n->nkids; i++) {
		int p[2] = { -1, -1 };
		if (i + 1 < n->nkids && pipe(p) < 0) {
			sh_error("pipe: %s", strerror(errno));
			if (in >= 0)
				close(in);
			break;		/* wait for those started */
		}
		pid_t pid = jobs_fork(pgrp, 1);
		if (pid == 0) {
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (p[1] >= 0) {
				close(p[0]);
				dup2(p[1], 1);
				close(p[1]);
			}
			sh.in_subshell = 1;
			sh_exec_last = 1;
			sh_exit(exec_node(n->kids[i]));
		}
		if (pid < 0)
			sh_error("fork: %s", strerror(errno));
		pids[started++] = pid;
		if (pgrp == 0 && pid > 0)
			pgrp = pid;
		if (in >= 0)
			close(in);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
	}
	st = jobs_wait_fg(pids, started, sh.jobcontrol ? pgrp : 0);
	if (started < n->nkids)
		st = 2;
	free(pids);
	return st;
}

static int exec_background(struct node *n)
{
	flush_all();
	pid_t pid = jobs_fork(0, 0);

	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		if (!sh.jobcontrol) {
			/* POSIX: an asynchronous list ignores ^C and reads no terminal. */
			signal(SIGINT, SIG_IGN);
			signal(SIGQUIT, SIG_IGN);
			int fd = open("/dev/null", O_RDONLY);
			if (fd >= 0 && fd != 0) {
				dup2(fd, 0);
				close(fd);
			}
		}
		sh.in_subshell = 1;
		sh.interactive = 0;
		sh.jobcontrol = 0;
		sh_exec_last = 1;
		sh_exit(exec_node(n));
	}
	sh.lastbg = pid;
	jobs_add_bg(&pid, 1, sh.jobcontrol ? pid : 0);
	return 0;
}

static int exec_list(struct node *n, int last)
{
	int st = 0;

	for (int i = 0; i < n->nkids; i++) {
		sh_exec_last = last && i == n->nkids - 1 && !n->bg[i];
		st = n->bg[i] ? exec_background(n->kids[i]) : exec_node(n->kids[i]);
		sh.status = st;
		if (sh.exiting || sh.breaks || sh.continues || sh.returning)
			break;
	}
	return st;
}

static int in_redirs(struct node *n, int (*fn)(struct node *))
{
	struct saved_fd *save = NULL;
	int nsave = 0, st;

	if (redir_apply(n->redirs, &save, &nsave) < 0)
		st = 1;
	else
		st = fn(n);
	redir_restore(save, nsave);
	return st;
}

static int cond(struct node *n)
{
	cond_depth++;
	int st = exec_node(n);
	cond_depth--;
	return st;
}

static int loop_done(void)
{
	if (sh.breaks) {
		sh.breaks--;
		return 1;
	}
	if (sh.continues) {
		if (--sh.continues > 0)
			return 1;
	}
	return sh.exiting || sh.returning;
}

static int run_compound(struct node *n)
{
	int st = 0;

	switch (n->type) {
	case N_BRACE:
		return exec_node(n->body);
	case N_IF:
		if (cond(n->cond) == 0)
			return exec_node(n->body);
		if (sh.exiting || sh.returning)
			return sh.status;
		return n->orelse ? exec_node(n->orelse) : 0;
	case N_WHILE:
	case N_UNTIL:
		sh.loop_depth++;
		for (;;) {
			int c = cond(n->cond);
			if (sh.exiting || sh.returning || sh.breaks || sh.continues) {
				if (loop_done())
					break;
				continue;
			}
			if ((c == 0) != (n->type == N_WHILE))
				break;
			st = exec_node(n->body);
			if ((sh.breaks || sh.continues || sh.exiting || sh.returning) && loop_done())
				break;
		}
		sh.loop_depth--;
		return st;
	case N_FOR: {
		int argc;
		char **words;
		if (n->has_words) {
			words = expand_words(n->words, &argc);
			if (words == NULL)
				return 1;
		} else {
			argc = sh.argc;
			words = xmalloc((size_t)(argc + 1) * sizeof(*words));
			for (int i = 0; i < argc; i++)
				words[i] = xstrdup(sh.argv[i]);
			words[argc] = NULL;
		}
		sh.loop_depth++;
		for (int i = 0; i < argc; i++) {
			if (var_set(n->name, words[i], 0) < 0) {
				st = 1;
				break;
			}
			st = exec_node(n->body);
			if ((sh.breaks || sh.continues || sh.exiting || sh.returning) && loop_done())
				break;
		}
		sh.loop_depth--;
		free_fields(words);
		return st;
	}
	case N_CASE: {
		char *w = expand_word(n->word);
		if (w == NULL)
			return 1;
		for (struct case_item *it = n->items; it; it = it->next) {
			for (struct wordlist *p = it->patterns; p; p = p->next) {
				char *pat = expand_pattern(p->word);
				int m = pat != NULL && fnmatch(pat, w, 0) == 0;
				free(pat);
				if (m) {
					free(w);
					return it->body ? exec_node(it->body) : 0;
				}
			}
		}
		free(w);
		return 0;
	}
	default:
		return 0;
	}
}

static int exec_subshell(struct node *n)
{
	flush_all();
	pid_t pid = jobs_fork(0, 1);

	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		sh.in_subshell = 1;
		if (redir_apply(n->redirs, NULL, NULL) < 0)
			sh_exit(1);
		sh_exec_last = 1;
		sh_exit(exec_node(n->body));
	}
	return jobs_wait_fg(&pid, 1, sh.jobcontrol ? pid : 0);
}

int exec_node(struct node *n)
{
	int st = 0;
	int last = sh_exec_last;	/* this process ends after n */

	sh_exec_last = 0;
	if (n == NULL)
		return sh.status = 0;
	switch (n->type) {
	case N_SIMPLE:
		sh_exec_last = last;
		st = exec_simple(n);
		break;
	case N_PIPE:
		st = exec_pipeline(n);
		break;
	case N_AND:
	case N_OR:
		st = cond(n->left);
		if (sh.exiting || sh.returning || sh.breaks || sh.continues)
			break;
		if ((st == 0) == (n->type == N_AND)) {
			sh_exec_last = last;
			st = exec_node(n->right);
		}
		break;
	case N_NOT:
		st = !cond(n->body);
		break;
	case N_LIST:
		st = exec_list(n, last);
		break;
	case N_SUBSHELL:
		st = last ? (redir_apply(n->redirs, NULL, NULL) < 0 ? 1 : exec_node(n->body))
				  : exec_subshell(n);
		break;
	case N_FUNC:
		func_define(n->name, n->body);
		sh_keep_arena = 1;
		st = 0;
		break;
	default:
		st = in_redirs(n, run_compound);
		break;
	}
	sh.status = st;
	if (st != 0 && sh.opt_e && cond_depth == 0 && !sh.exiting &&
	    (n->type == N_SIMPLE || n->type == N_PIPE || n->type == N_SUBSHELL))
		sh_exit(st);
	return st;
}

/* ---- texts ---- */

int exec_text(const char *text, size_t len, const char *name)
{
	struct arena arena = { 0 };
	struct parser p;
	int st = 0;
	int last = sh_exec_last;
	int outer_keep = sh_keep_arena;

	sh_keep_arena = 0;
	parse_init(&p, text, len, &arena);
	for (;;) {
		struct node *n;
		enum parse_status ps = parse_command(&p, &n);
		if (ps == P_EOF)
			break;
		if (ps != P_OK) {
			if (name)
				sh_error("%s: %s", name, p.err);
			else
				sh_error("%s", p.err);
			st = 2;
			sh.status = 2;
			if (!sh.interactive)
				sh_exit(2);
			break;
		}
		if (n == NULL)
			continue;
		if (sh.opt_v) {
			char buf[1024];
			tree_print(n, buf, sizeof(buf));
			fprintf(stderr, "%s\n", buf);
		}
		if (sh.opt_n)
			continue;
		/* Exec directly only if nothing follows this command. */
		sh_exec_last = last && p.lx.pos >= len;
		st = exec_node(n);
		sh_exec_last = 0;
		if (sh.exiting || sh.returning || sh.breaks || sh.continues)
			break;
	}
	if (!sh_keep_arena)	/* else its blocks hold a function's body: kept */
		arena_free(&arena);
	sh_keep_arena = outer_keep;
	return st;
}

char *exec_capture(const char *text, size_t len)
{
	int p[2];
	size_t n = 0, cap = 256;
	char *out = xmalloc(cap);

	out[0] = '\0';
	if (pipe(p) < 0) {
		sh_error("pipe: %s", strerror(errno));
		return out;
	}
	flush_all();
	pid_t pid = jobs_fork(-1, 0);
	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return out;
	}
	if (pid == 0) {
		close(p[0]);
		if (p[1] != 1) {
			dup2(p[1], 1);
			close(p[1]);
		}
		sh.in_subshell = 1;
		sh.interactive = 0;
		sh.jobcontrol = 0;
		sh_exec_last = 1;
		sh_exit(exec_text(text, len, NULL));
	}
	close(p[1]);
	for (;;) {
		if (n + 1 >= cap) {
			cap *= 2;
			out = xrealloc(out, cap);
		}
		ssize_t r = read(p[0], out + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	out[n] = '\0';
	close(p[0]);
	int ws;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	sh.subst_status = jobs_status(ws);
	return out;
}

int exec_file(const char *path, int must_exist)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		if (must_exist || errno != ENOENT) {
			sh_error("%s: %s", path, strerror(errno));
			return errno == ENOENT ? 127 : 126;
		}
		return 0;
	}
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	size_t n = 0, cap = 4096;
	char *buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	int st = exec_text(buf, n, path);
	free(buf);
	return st;
}
