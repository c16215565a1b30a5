// SPDX-License-Identifier: BSD-2-Clause
// The boot configuration's parser (see boot_config.h).
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "boot_config.h"

static const char *const port_names[] = {
	[BOOT_PORT_HOST_PRIV] = "host_priv",
	[BOOT_PORT_DEVICE] = "device",
};

const char *boot_port_name(enum boot_port port)
{
	return port == BOOT_PORT_HOST_PRIV || port == BOOT_PORT_DEVICE ? port_names[port] : "?";
}

static bool fail(char *err, size_t errlen, int line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (line > 0)
		n = snprintf(err, errlen, "line %d: ", line);
	if (n < 0 || (size_t)n >= errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return false;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* --ports=a,b: each port name once, at most BOOT_CONFIG_MAX_PORTS. */
static bool parse_ports(struct boot_task *t, char *list, char *err, size_t errlen)
{
	for (char *p = list; ; ) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		enum boot_port port;
		if (strcmp(p, "host_priv") == 0)
			port = BOOT_PORT_HOST_PRIV;
		else if (strcmp(p, "device") == 0)
			port = BOOT_PORT_DEVICE;
		else
			return fail(err, errlen, t->line,
				    "unknown port '%s' (known: host_priv, device)", p);
		for (int i = 0; i < t->nports; i++)
			if (t->ports[i] == port)
				return fail(err, errlen, t->line, "port %s given twice", p);
		if (t->nports == BOOT_CONFIG_MAX_PORTS)
			return fail(err, errlen, t->line, "more than %d ports",
				    BOOT_CONFIG_MAX_PORTS);
		t->ports[t->nports++] = port;
		if (!comma)
			return true;
		p = comma + 1;
	}
}

/* One option word of task `t' (a word starting with "--", before the program). */
static bool parse_option(struct boot_config *cfg, struct boot_task *t, char *word,
			 char *err, size_t errlen)
{
	if (strcmp(word, "--poweroff") == 0) {
		for (int i = 0; i < cfg->ntasks; i++)
			if (cfg->tasks[i].poweroff)
				return fail(err, errlen, t->line,
					    "--poweroff is already given on line %d",
					    cfg->tasks[i].line);
		t->poweroff = true;
		return true;
	}
	if (strcmp(word, "--archive") == 0) {
		t->archive = true;
		return true;
	}
	if (strncmp(word, "--ports=", 8) == 0)
		return parse_ports(t, word + 8, err, errlen);
	if (strncmp(word, "--service=", 10) == 0) {
		const char *name = word + 10;
		if (!*name)
			return fail(err, errlen, t->line, "--service= needs a name");
		for (int i = 0; i <= cfg->ntasks; i++) {
			const struct boot_task *o = i < cfg->ntasks ? &cfg->tasks[i] : t;
			for (int j = 0; j < o->nservices; j++)
				if (strcmp(o->services[j], name) == 0)
					return fail(err, errlen, t->line,
						    "service %s is already declared on line %d",
						    name, o->line);
		}
		if (t->nservices == BOOT_CONFIG_MAX_SERVICES)
			return fail(err, errlen, t->line, "more than %d services",
				    BOOT_CONFIG_MAX_SERVICES);
		t->services[t->nservices++] = name;
		return true;
	}
	return fail(err, errlen, t->line,
		    "unknown option %s (known: --poweroff, --archive, --ports=, --service=)", word);
}

/* Parse the line at *sp (to its newline outside quotes; *sp is moved past
 * it, *linep counts the lines): words separated by blanks, to a '#' that
 * starts a word.  Quotes are removed as sh removes them: '...' keeps
 * everything (newlines too), "..." everything but \" and \\, and outside
 * quotes a backslash keeps the next character.  A task is added to cfg. */
static bool parse_line(struct boot_config *cfg, char **sp, int *linep, char *err, size_t errlen)
{
	struct boot_task task, *t = &task;
	bool any = false, newline_passed = false;
	char *s = *sp;
	int line = *linep;

	memset(t, 0, sizeof(*t));
	t->line = line;
	for (;;) {
		while (is_blank(*s))
			s++;
		if (*s == '#')
			while (*s && *s != '\n')
				s++;		/* a comment */
		if (!*s || *s == '\n')
			break;
		char *word = s, *out = s;
		bool quoted = false;
		/* A word runs to a blank outside quotes; quotes are removed in
		 * place (out never passes s). */
		while (*s && *s != '\n' && !is_blank(*s)) {
			if (*s == '\'' || *s == '"') {
				char q = *s++;
				quoted = true;
				while (*s && *s != q) {
					if (q == '"' && *s == '\\' && (s[1] == '"' || s[1] == '\\'))
						s++;
					if (*s == '\n')
						(*linep)++;	/* a quoted newline is kept */
					*out++ = *s++;
				}
				if (!*s)
					return fail(err, errlen, line, "a %s quote is not closed",
						    q == '"' ? "double" : "single");
				s++;
			} else if (*s == '\\' && s[1] && s[1] != '\n') {
				*out++ = s[1];
				s += 2;
			} else {
				*out++ = *s++;
			}
		}
		/* What ends the word: a blank (skipped), a newline or the end. */
		char stop = *s;
		bool end = stop != ' ' && stop != '\t' && stop != '\r';
		*out = '\0';		/* may overwrite `stop` */
		if (stop)
			s++;		/* past the blank or the newline */
		newline_passed = stop == '\n';
		any = true;
		bool arg = t->argc > 0;
		if (!arg && strlen(word) > BOOT_CONFIG_MAX_NAME)
			return fail(err, errlen, line, "a word longer than %d characters",
				    BOOT_CONFIG_MAX_NAME);
		if (!arg && !quoted && strncmp(word, "--", 2) == 0) {
			if (!parse_option(cfg, t, word, err, errlen))
				return false;
			if (end)
				break;
			continue;
		}
		if (t->argc == BOOT_CONFIG_MAX_ARGS)
			return fail(err, errlen, line, "more than %d words of program and arguments",
				    BOOT_CONFIG_MAX_ARGS);
		t->argv[t->argc++] = word;
		if (end)
			break;
	}
	if (!newline_passed && *s == '\n')
		s++;		/* the newline after blanks or a comment */
	*sp = s;
	(*linep)++;
	if (!any)
		return true;			/* an empty line */
	if (t->argc == 0)
		return fail(err, errlen, line, "options but no program");
	if (cfg->ntasks == BOOT_CONFIG_MAX_TASKS)
		return fail(err, errlen, line, "more than %d tasks", BOOT_CONFIG_MAX_TASKS);
	t->argv[t->argc] = NULL;
	cfg->tasks[cfg->ntasks++] = *t;
	return true;
}

bool boot_config_parse(struct boot_config *cfg, const char *text, size_t len,
		       char *err, size_t errlen)
{
	memset(cfg, 0, sizeof(*cfg));
	if (len > BOOT_CONFIG_MAX_TEXT)
		return fail(err, errlen, 0, "the configuration is %zu bytes, more than %d",
			    len, BOOT_CONFIG_MAX_TEXT);
	if (memchr(text, '\0', len))
		return fail(err, errlen, 0, "the configuration holds a NUL byte (not a text file?)");
	memcpy(cfg->text, text, len);
	cfg->text[len] = '\0';

	int line = 1;
	for (char *s = cfg->text; *s;)
		if (!parse_line(cfg, &s, &line, err, errlen))
			return false;
	if (cfg->ntasks == 0)
		return fail(err, errlen, 0, "no task to start");
	return true;
}
