/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sh: the BSD personality's shell.  Three stages, one file each:
 *   lex.c     text -> tokens (words keep their quotes and $ for later)
 *   parse.c   tokens -> a syntax tree of struct node (tree.c: the arena
 *             the tree lives in, and a printer for tests and `sh -n -v')
 *   exec.c    the tree -> processes; expand.c turns a word into fields
 *             (parameters, $(...), $((...)), field splitting, globbing,
 *             quote removal); builtin.c the built-in commands; var.c the
 *             variables; jobs.c the children, process groups, the terminal.
 * The grammar and the limits are in docs/shell.md.
 */
#ifndef _SH_H_
#define _SH_H_
#include <stddef.h>
#include <sys/types.h>

/* ---- the arena (tree.c): everything a parse makes, freed at once ---- */
struct arena {
	struct arena_block *blocks;
};
void *arena_alloc(struct arena *a, size_t n);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

/* ---- tokens (lex.c) ---- */
enum tok {
	T_EOF, T_NEWLINE, T_WORD, T_IO_NUMBER,
	T_SEMI, T_DSEMI, T_AMP, T_PIPE, T_AND_IF, T_OR_IF, T_LPAREN, T_RPAREN,
	T_LESS, T_GREAT, T_DGREAT, T_LESSAND, T_GREATAND, T_LESSGREAT, T_CLOBBER,
	T_DLESS,
	T_ERROR,	/* an error: lexer.err says what */
	T_INCOMPLETE,	/* input ended inside a quote or a $( ... ) */
};

struct token {
	enum tok	kind;
	const char	*text;	/* T_WORD, T_IO_NUMBER: the raw text */
	size_t		len;
	int		line;
};

struct lexer {
	const char	*src;
	size_t		pos, len;
	int		line;
	const char	*err;
};

void lex_init(struct lexer *lx, const char *src, size_t len);
/* The next token.  A word's text is the source text itself, quotes and
 * backslashes and $ included. */
struct token lex_next(struct lexer *lx);
/* The name of a token kind for messages ("`;;'", "newline", ...). */
const char *tok_name(enum tok k);
/* Where a $(, ${, $(( or ` that starts at s[i] ends: the index just past
 * its closing character, or (size_t)-1 if the text ends first. */
size_t lex_skip_subst(const char *s, size_t i, size_t len);

/* ---- the syntax tree (parse.c) ---- */
enum redir_op { R_IN, R_OUT, R_APPEND, R_DUPIN, R_DUPOUT, R_RDWR, R_CLOBBER, R_HEREDOC };

struct redir {
	struct redir	*next;
	enum redir_op	op;
	int		fd;
	char		*word;	/* the file, the descriptor ("1", "-"), or a here-document's text */
	int		quoted;	/* R_HEREDOC: the delimiter was quoted (no expansion) */
};

struct wordlist {
	struct wordlist	*next;
	char		*word;
};

enum node_type {
	N_SIMPLE,	/* assigns, words, redirs */
	N_PIPE,		/* kids (each a command), bang */
	N_AND, N_OR,	/* left, right */
	N_LIST,		/* kids with their bg flags: a ; b & c */
	N_SUBSHELL,	/* ( body ) redirs */
	N_BRACE,	/* { body } redirs */
	N_IF,		/* cond, body (then), orelse (elif is an N_IF there) */
	N_WHILE, N_UNTIL,	/* cond, body */
	N_FOR,		/* name, words (NULL: "$@"), body */
	N_CASE,		/* word, items */
	N_FUNC,		/* name, body */
	N_NOT,		/* body: ! pipeline */
};

struct case_item {
	struct case_item *next;
	struct wordlist	*patterns;
	struct node	*body;	/* NULL: empty */
};

struct node {
	enum node_type	type;
	int		line;
	struct wordlist	*assigns, *words;
	struct redir	*redirs;
	struct node	**kids;
	int		*bg;	/* N_LIST: kids[i] runs in the background */
	int		nkids;
	struct node	*left, *right, *cond, *body, *orelse;
	char		*name;	/* N_FOR: the variable; N_FUNC: the name */
	char		*word;	/* N_CASE: the word */
	int		has_words;	/* N_FOR: an "in" list was given */
	struct case_item *items;
};

enum parse_status { P_OK, P_EOF, P_ERROR, P_INCOMPLETE };

struct parser {
	struct lexer	lx;
	struct arena	*arena;
	struct token	tok;	/* the current token */
	int		have;	/* tok holds a token not yet consumed */
	char		err[160];
	int		depth;
	struct heredoc	*pending;	/* here-documents whose text follows the line */
};

void parse_init(struct parser *p, const char *src, size_t len, struct arena *a);
/* The next complete command (a list ended by a newline or the end of the
 * text): P_OK with *out set (NULL for an empty line), P_EOF at the end,
 * P_ERROR with p->err, P_INCOMPLETE if the text ends inside a construct
 * (an interactive shell then reads another line and parses again). */
enum parse_status parse_command(struct parser *p, struct node **out);
/* Print a tree as one line (tests, sh -n): "(and (cmd a) (cmd b))". */
void tree_print(const struct node *n, char *buf, size_t size);

/* ---- the shell's state ---- */
struct shell {
	int		interactive;
	int		jobcontrol;	/* own process groups, terminal hand-over */
	int		tty;		/* the terminal's descriptor, -1 if none */
	pid_t		pgrp;		/* the shell's own process group */
	int		status;		/* $? */
	pid_t		lastbg;		/* $! */
	pid_t		pid;		/* $$ */
	char		*arg0;		/* $0 */
	char		**argv;		/* $1 ... */
	int		argc;
	int		opt_e, opt_x, opt_n, opt_u, opt_f, opt_v;
	int		exiting;	/* exit was called: leave every loop */
	int		breaks, continues;	/* pending break/continue levels */
	int		returning;	/* return was called in a function or . */
	int		loop_depth, func_depth, dot_depth;
	int		in_subshell;	/* a forked copy: exit, do not return */
	int		subst_status;	/* the status of the last $(...) */
};
extern struct shell sh;

/* ---- variables (var.c) ---- */
void var_init(char **envp);
const char *var_get(const char *name);
/* Set name to value; -1 (with a message) for a read-only name. */
int var_set(const char *name, const char *value, int export);
void var_unset(const char *name);
void var_export(const char *name);
void var_readonly(const char *name);
int var_valid_name(const char *s, size_t n);
/* NAME=value words: is it one, and where is the '='? */
int var_is_assignment(const char *w);
/* The environment for a new program: the exported variables, malloc'ed. */
char **var_environ(void);
void var_free_environ(char **env);
/* Print every variable ("set") or every exported one ("export -p"). */
void var_print(int exported_only);

/* Functions (var.c). */
void func_define(const char *name, struct node *body);
struct node *func_find(const char *name);

/* ---- expansion (expand.c) ---- */
/* The fields of a word list after every expansion: a malloc'ed, NULL-
 * ended array of malloc'ed strings; *count the number.  NULL after a
 * message on an expansion error ($(( 1/0 )), ${x?}). */
char **expand_words(struct wordlist *w, int *count);
/* One word without field splitting or globbing (assignments, redirection
 * targets, case words); malloc'ed, NULL on an error. */
char *expand_word(const char *w);
/* A case pattern: expanded, with quoted characters escaped for fnmatch. */
char *expand_pattern(const char *w);
/* Text after $ expansions only (here-documents). */
char *expand_heredoc(const char *text);
/* $(( expr )): 0 with *out, -1 after a message. */
int arith_eval(const char *expr, long *out);
void free_fields(char **f);

/* ---- execution (exec.c) ---- */
/* Run a tree; returns its exit status (also in sh.status). */
int exec_node(struct node *n);
/* Parse and run all of a text, command by command (sh -c, scripts, ., eval).
 * Returns the status of the last command. */
int exec_text(const char *text, size_t len, const char *name);
/* Run a command's text in a child and return what it wrote ($(...)). */
char *exec_capture(const char *text, size_t len);
/* Run a file as a script in this process (ENOEXEC, sh FILE, .). */
int exec_file(const char *path, int must_exist);
/* Apply redirections; with save non-NULL the old descriptors are kept
 * there for redir_restore.  0, or -1 after a message. */
struct saved_fd { int fd, copy; };
int redir_apply(struct redir *r, struct saved_fd **save, int *nsave);
void redir_restore(struct saved_fd *save, int nsave);
/* Find a program on PATH: a malloc'ed path, or NULL (errno ENOENT/EACCES). */
char *path_search(const char *name);

/* ---- built-ins (builtin.c) ---- */
typedef int (*builtin_fn)(int argc, char **argv);
/* The built-in called name, or NULL.  *special: a POSIX special built-in
 * (its assignments stay, its errors end a script). */
builtin_fn builtin_find(const char *name, int *special);

/* ---- jobs and the terminal (jobs.c) ---- */
void jobs_init(void);
/* fork for a command; in the child (0) signals are back to their defaults
 * and, with job control, the child is in process group pgrp (0: its own). */
pid_t jobs_fork(pid_t pgrp, int foreground);
/* Wait for the processes of a foreground job; the status of the last. */
int jobs_wait_fg(pid_t *pids, int n, pid_t pgrp);
/* Remember a background job (interactive shells print "[N] pid"). */
void jobs_add_bg(pid_t *pids, int n, pid_t pgrp);
/* Signals back to their defaults, for a program exec'd in the shell's place. */
void jobs_reset_signals(void);
/* The jobs built-in: the background jobs still running. */
void jobs_list(void);
/* wait [pid...]: the status of the last one waited for (127 unknown). */
int jobs_wait_bg(pid_t pid);
/* Report background jobs that finished (interactive shells, at a prompt). */
void jobs_notify(void);
/* The status a wait status stands for (128 + signal when killed). */
int jobs_status(int wstatus);
extern volatile int sh_got_sigint;

/* ---- messages (main.c) ---- */
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Leave the shell (or a subshell) with status. */
void sh_exit(int status) __attribute__((noreturn));
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif /* _SH_H_ */
