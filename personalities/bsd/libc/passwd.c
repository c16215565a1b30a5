// SPDX-License-Identifier: BSD-2-Clause
// The user and group databases: /etc/passwd ("name:password:uid:gid:
// gecos:home:shell") and /etc/group ("name:password:gid:member,member"),
// the standard formats, read with read(2).  getpwnam, getpwuid, getpwent,
// getgrnam, getgrgid, getgrent and their set/end calls; the answer lives
// in storage of the library's, overwritten by the next call.  Comment
// lines (#), blank lines and malformed lines are skipped; a line longer
// than LINE_MAX_DB is too.  A name or id that is not there: NULL with
// errno unchanged; a database that cannot be read: NULL with open's errno.
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_MAX_DB	1024	/* the longest line taken */
#define MEMBERS_MAX	64	/* members of a group given back */

/* A database open for reading lines. */
struct db {
	const char	*path;
	int		fd;		/* -1: closed */
	char		buf[512];
	size_t		len, pos;
};

static bool db_open(struct db *d)
{
	if (d->fd >= 0)
		return true;
	d->fd = open(d->path, O_RDONLY | O_CLOEXEC);
	d->len = d->pos = 0;
	return d->fd >= 0;
}

static void db_close(struct db *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/* The next byte, or -1 at the end (or on a read error). */
static int db_byte(struct db *d)
{
	if (d->pos == d->len) {
		ssize_t n;
		do
			n = read(d->fd, d->buf, sizeof(d->buf));
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return -1;
		d->len = (size_t)n;
		d->pos = 0;
	}
	return (unsigned char)d->buf[d->pos++];
}

/* The next line that fits `line' (without its newline): true, or false at
 * the end.  Longer lines are passed over whole. */
static bool db_line(struct db *d, char line[LINE_MAX_DB])
{
	for (;;) {
		size_t n = 0;
		bool too_long = false;
		int c;
		while ((c = db_byte(d)) >= 0 && c != '\n') {
			if (n < LINE_MAX_DB - 1)
				line[n++] = (char)c;
			else
				too_long = true;
		}
		if (c < 0 && n == 0)
			return false;
		line[n] = '\0';
		if (!too_long)
			return true;
	}
}

/* Cut `line' at each `sep' into at most `max' fields: how many there were
 * (more than max: max + 1). */
static int split(char *line, char sep, char **field, int max)
{
	int n = 0;
	for (char *s = line;; n++) {
		if (n == max)
			return max + 1;
		field[n] = s;
		char *end = strchr(s, sep);
		if (!end)
			return n + 1;
		*end = '\0';
		s = end + 1;
	}
}

/* A decimal id (an unsigned 32-bit number): true if `s' is one. */
static bool id_of(const char *s, unsigned long *id)
{
	if (*s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || errno || v > 0xffffffffUL)
		return false;
	*id = v;
	return true;
}

static bool skip_line(const char *line)
{
	return line[0] == '\0' || line[0] == '#';
}

/* ---- /etc/passwd ---- */

static struct db pw_db = { "/etc/passwd", -1, { 0 }, 0, 0 };
static char pw_line[LINE_MAX_DB];
static struct passwd pw_entry;

/* pw_line as an entry: true if it is a well-formed one. */
static bool pw_parse(void)
{
	char *f[7];
	unsigned long uid, gid;
	if (skip_line(pw_line) || split(pw_line, ':', f, 7) != 7 || !f[0][0] ||
	    !id_of(f[2], &uid) || !id_of(f[3], &gid))
		return false;
	pw_entry = (struct passwd){
		.pw_name = f[0], .pw_passwd = f[1], .pw_uid = (uid_t)uid, .pw_gid = (gid_t)gid,
		.pw_comment = "", .pw_gecos = f[4], .pw_dir = f[5], .pw_shell = f[6],
	};
	return true;
}

/* The first entry for which `match' says yes, from a database of its own
 * (getpwent's place is not moved). */
static struct passwd *pw_find(bool (*match)(const struct passwd *, const void *), const void *key)
{
	struct db d = { pw_db.path, -1, { 0 }, 0, 0 };
	int saved = errno;
	if (!db_open(&d))
		return NULL;
	struct passwd *found = NULL;
	while (!found && db_line(&d, pw_line))
		if (pw_parse() && match(&pw_entry, key))
			found = &pw_entry;
	db_close(&d);
	errno = saved;
	return found;
}

static bool pw_by_name(const struct passwd *pw, const void *key)
{
	return strcmp(pw->pw_name, key) == 0;
}

static bool pw_by_uid(const struct passwd *pw, const void *key)
{
	return pw->pw_uid == *(const uid_t *)key;
}

struct passwd *getpwnam(const char *name)
{
	return pw_find(pw_by_name, name);
}

struct passwd *getpwuid(uid_t uid)
{
	return pw_find(pw_by_uid, &uid);
}

struct passwd *getpwent(void)
{
	int saved = errno;
	if (!db_open(&pw_db))
		return NULL;
	struct passwd *next = NULL;
	while (!next && db_line(&pw_db, pw_line))
		if (pw_parse())
			next = &pw_entry;
	errno = saved;
	return next;
}

void setpwent(void)
{
	db_close(&pw_db);	/* the next getpwent starts again */
}

void endpwent(void)
{
	db_close(&pw_db);
}

/* ---- /etc/group ---- */

static struct db gr_db = { "/etc/group", -1, { 0 }, 0, 0 };
static char gr_line[LINE_MAX_DB];
static char *gr_members[MEMBERS_MAX + 1];
static struct group gr_entry;

static bool gr_parse(void)
{
	char *f[4];
	unsigned long gid;
	if (skip_line(gr_line) || split(gr_line, ':', f, 4) != 4 || !f[0][0] || !id_of(f[2], &gid))
		return false;
	int n = 0;
	if (f[3][0]) {
		n = split(f[3], ',', gr_members, MEMBERS_MAX);
		if (n > MEMBERS_MAX)
			n = MEMBERS_MAX;	/* the rest are not given */
	}
	gr_members[n] = NULL;
	gr_entry = (struct group){
		.gr_name = f[0], .gr_passwd = f[1], .gr_gid = (gid_t)gid, .gr_mem = gr_members,
	};
	return true;
}

static struct group *gr_find(bool (*match)(const struct group *, const void *), const void *key)
{
	struct db d = { gr_db.path, -1, { 0 }, 0, 0 };
	int saved = errno;
	if (!db_open(&d))
		return NULL;
	struct group *found = NULL;
	while (!found && db_line(&d, gr_line))
		if (gr_parse() && match(&gr_entry, key))
			found = &gr_entry;
	db_close(&d);
	errno = saved;
	return found;
}

static bool gr_by_name(const struct group *gr, const void *key)
{
	return strcmp(gr->gr_name, key) == 0;
}

static bool gr_by_gid(const struct group *gr, const void *key)
{
	return gr->gr_gid == *(const gid_t *)key;
}

struct group *getgrnam(const char *name)
{
	return gr_find(gr_by_name, name);
}

struct group *getgrgid(gid_t gid)
{
	return gr_find(gr_by_gid, &gid);
}

struct group *getgrent(void)
{
	int saved = errno;
	if (!db_open(&gr_db))
		return NULL;
	struct group *next = NULL;
	while (!next && db_line(&gr_db, gr_line))
		if (gr_parse())
			next = &gr_entry;
	errno = saved;
	return next;
}

void setgrent(void)
{
	db_close(&gr_db);
}

void endgrent(void)
{
	db_close(&gr_db);
}
