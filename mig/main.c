/* SPDX-License-Identifier: BSD-2-Clause */
/* The mig driver: options as GNU and Apple MIG take them, the C
 * preprocessor run on the .defs file, and the output files (user and server
 * stubs and headers, the routine list, the dependency file for CMake). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mig.h"

static void usage(FILE *f)
{
	fputs("usage: mig [options] [file.defs]\n"
	      "  -user FILE      user stubs (default <subsystem>User.c)\n"
	      "  -server FILE    server stubs (default <subsystem>Server.c)\n"
	      "  -header FILE    user header (default <subsystem>.h)\n"
	      "  -sheader FILE   server header\n"
	      "  -list FILE      routines: subsystem base routine index request-id reply-id\n"
	      "  -prefix P       prefix of user routine names\n"
	      "  -subrprefix P   prefix of the user stub functions' symbols\n"
	      "  -MD             write a dependency file (see -MF)\n"
	      "  -MF FILE        the dependency file (default <subsystem>.d)\n"
	      "  -DNAME[=V] -UNAME -IDIR   passed to the preprocessor\n"
	      "  --cpp=CMD       preprocessor command (default \"cpp\"; \"none\" reads the file as is)\n"
	      "  --dialect=gnu|apple   where GNU and Apple MIG differ (default: from the input)\n"
	      "  --inline-limit=N      bytes of an array[] sent inline before going out of line\n"
	      "  -q, -v          quiet (no warnings), verbose\n", f);
}

struct strv {
	const char **v;
	int n, cap;
};

static void strv_add(struct strv *s, const char *x)
{
	if (s->n + 2 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = realloc(s->v, sizeof(*s->v) * (size_t)s->cap);
		if (!s->v) {
			perror("mig");
			exit(2);
		}
	}
	s->v[s->n++] = x;
	s->v[s->n] = NULL;
}

static char *read_fd(int fd, size_t *lenp)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			perror("mig");
			exit(2);
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			perror("mig: read");
			exit(2);
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == cap)
			buf = realloc(buf, cap *= 2);
	}
	*lenp = len;
	return buf;
}

/* Run the preprocessor the way GNU MIG does, keeping its line markers. */
static char *preprocess(const char *cpp, struct strv *cppargs, const char *input, size_t *lenp)
{
	struct strv argv = { 0 };
	char *cmd = strdup(cpp);
	for (char *tok = strtok(cmd, " \t"); tok; tok = strtok(NULL, " \t"))
		strv_add(&argv, tok);
	if (argv.n == 0) {
		fprintf(stderr, "mig: empty preprocessor command\n");
		exit(2);
	}
	for (int i = 0; i < cppargs->n; i++)
		strv_add(&argv, cppargs->v[i]);
	strv_add(&argv, input ? input : "-");

	int fds[2];
	if (pipe(fds) < 0) {
		perror("mig: pipe");
		exit(2);
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("mig: fork");
		exit(2);
	}
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execvp(argv.v[0], (char *const *)argv.v);
		fprintf(stderr, "mig: cannot run the preprocessor '%s': %s\n", argv.v[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	char *buf = read_fd(fds[0], lenp);
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "mig: the preprocessor '%s' failed\n", argv.v[0]);
		exit(1);
	}
	free(cmd);
	free(argv.v);
	return buf;
}

static int open_input(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		fprintf(stderr, "mig: cannot read %s: %s\n", path, strerror(errno));
	return fd;
}

static const char *basename_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

struct output {
	const char *path;
	int (*emit)(FILE *f);
	int (*emit_c)(FILE *f, const char *header);
	const char *header;
};

static bool write_output(struct output *o)
{
	char *tmp = xprintf("%s.tmp%ld", o->path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "mig: cannot write %s: %s\n", o->path, strerror(errno));
		return false;
	}
	if (o->emit)
		o->emit(f);
	else
		o->emit_c(f, o->header);
	if (ferror(f) | (fclose(f) != 0) || rename(tmp, o->path) != 0) {
		fprintf(stderr, "mig: cannot write %s: %s\n", o->path, strerror(errno));
		unlink(tmp);
		return false;
	}
	return true;
}

static bool write_deps(const char *path, struct output *outs, int nouts)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "mig: cannot write %s: %s\n", path, strerror(errno));
		return false;
	}
	int n = 0;
	for (int i = 0; i < nouts; i++)
		if (strcmp(outs[i].path, "/dev/null") != 0)
			fprintf(f, "%s%s", n++ ? " " : "", outs[i].path);
	fputs(":", f);
	for (int i = 0; i < mig_ndeps; i++)
		fprintf(f, " \\\n  %s", mig_deps[i]);
	fputs("\n", f);
	return fclose(f) == 0;
}

static const char *need(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc) {
		fprintf(stderr, "mig: %s needs an argument\n", argv[*i]);
		usage(stderr);
		exit(2);
	}
	return argv[++*i];
}

int main(int argc, char **argv)
{
	struct options opts = { .inline_limit = -1, .cpp = "cpp" };
	struct strv cppargs = { 0 };
	const char *input = NULL;
	bool md = false;

	if (getenv("MIGCPP"))
		opts.cpp = getenv("MIGCPP");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-user"))
			opts.user_file = need(argc, argv, &i);
		else if (!strcmp(a, "-server"))
			opts.server_file = need(argc, argv, &i);
		else if (!strcmp(a, "-header"))
			opts.header_file = need(argc, argv, &i);
		else if (!strcmp(a, "-sheader"))
			opts.sheader_file = need(argc, argv, &i);
		else if (!strcmp(a, "-list"))
			opts.list_file = need(argc, argv, &i);
		else if (!strcmp(a, "-prefix"))
			opts.prefix = need(argc, argv, &i);
		else if (!strcmp(a, "-subrprefix"))
			opts.subrprefix = need(argc, argv, &i);
		else if (!strcmp(a, "-MD"))
			md = true;
		else if (!strcmp(a, "-MF")) {
			opts.dep_file = need(argc, argv, &i);
			md = true;
		} else if (!strcmp(a, "-q") || !strcmp(a, "-Q"))
			opts.quiet = true;
		else if (!strcmp(a, "-v") || !strcmp(a, "-V"))
			opts.verbose = true;
		else if (!strncmp(a, "--cpp=", 6))
			opts.cpp = a + 6;
		else if (!strcmp(a, "-cpp"))
			opts.cpp = need(argc, argv, &i);
		else if (!strncmp(a, "--dialect=", 10)) {
			if (!strcmp(a + 10, "gnu"))
				opts.dialect = DIALECT_GNU;
			else if (!strcmp(a + 10, "apple"))
				opts.dialect = DIALECT_APPLE;
			else if (!strcmp(a + 10, "auto"))
				opts.dialect = DIALECT_AUTO;
			else {
				fprintf(stderr, "mig: unknown dialect '%s' (gnu, apple or auto)\n", a + 10);
				return 2;
			}
		} else if (!strncmp(a, "--inline-limit=", 15)) {
			char *end;
			long v = strtol(a + 15, &end, 10);
			if (*end || v < 0 || v > 65536) {
				fprintf(stderr, "mig: bad --inline-limit '%s'\n", a + 15);
				return 2;
			}
			opts.inline_limit = (int)v;
		} else if (!strncmp(a, "-D", 2) || !strncmp(a, "-U", 2) || !strncmp(a, "-I", 2)) {
			strv_add(&cppargs, a);
			if (a[2] == 0)
				strv_add(&cppargs, need(argc, argv, &i));
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "-")) {
			input = NULL;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "mig: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		} else {
			if (input) {
				fprintf(stderr, "mig: more than one input file ('%s' and '%s')\n", input, a);
				return 2;
			}
			input = a;
		}
	}

	size_t len;
	char *buf;
	if (!strcmp(opts.cpp, "none")) {
		int fd = 0;
		if (input && (fd = open_input(input)) < 0)
			return 1;
		buf = read_fd(fd, &len);
	} else {
		if (input && access(input, R_OK) != 0) {
			fprintf(stderr, "mig: cannot read %s: %s\n", input, strerror(errno));
			return 1;
		}
		buf = preprocess(opts.cpp, &cppargs, input, &len);
	}

	if (mig_parse_and_check(buf, len, input ? input : "<stdin>", &opts) != 0)
		return 1;

	const char *sub = mig_sub->name;
	struct output outs[5];
	int n = 0;
	const char *header = opts.header_file ? opts.header_file : xprintf("%s.h", sub);
	const char *sheader = opts.sheader_file;
	outs[n++] = (struct output){ .path = header, .emit = emit_user_header };
	if (sheader)
		outs[n++] = (struct output){ .path = sheader, .emit = emit_server_header };
	outs[n++] = (struct output){ .path = opts.user_file ? opts.user_file : xprintf("%sUser.c", sub),
	                             .emit_c = emit_user, .header = basename_of(header) };
	outs[n++] = (struct output){ .path = opts.server_file ? opts.server_file : xprintf("%sServer.c", sub),
	                             .emit_c = emit_server,
	                             .header = sheader ? basename_of(sheader) : NULL };
	if (opts.list_file)
		outs[n++] = (struct output){ .path = opts.list_file, .emit = emit_list };

	bool ok = true;
	for (int i = 0; i < n; i++) {
		if (!strcmp(outs[i].path, "/dev/null"))
			continue;
		if (opts.verbose)
			fprintf(stderr, "mig: writing %s\n", outs[i].path);
		ok = write_output(&outs[i]) && ok;
	}
	if (md)
		ok = write_deps(opts.dep_file ? opts.dep_file : xprintf("%s.d", sub), outs, n) && ok;
	free(buf);
	free(cppargs.v);
	mig_reset();
	return ok ? 0 : 1;
}
