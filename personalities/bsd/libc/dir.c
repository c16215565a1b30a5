// SPDX-License-Identifier: BSD-2-Clause
// <dirent.h>: a directory read through getdirentries(2), a buffer of
// records at a time.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define DIRBUF	4096

struct _dirdesc {
	int	fd;
	size_t	loc, len;	/* the next record in buf, the bytes in it */
	char	buf[DIRBUF];
};

DIR *fdopendir(int fd)
{
	DIR *d = malloc(sizeof(*d));
	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	d->loc = d->len = 0;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	DIR *d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

struct dirent *readdir(DIR *d)
{
	if (d->loc >= d->len) {
		off_t base;
		ssize_t n = getdirentries(d->fd, d->buf, sizeof(d->buf), &base);
		if (n <= 0)
			return NULL;	/* the end (errno unchanged), or an error */
		d->len = (size_t)n;
		d->loc = 0;
	}
	struct dirent *e = (struct dirent *)(d->buf + d->loc);
	d->loc += e->d_reclen;
	return e;
}

void rewinddir(DIR *d)
{
	lseek(d->fd, 0, SEEK_SET);
	d->loc = d->len = 0;
}

int dirfd(DIR *d)
{
	return d->fd;
}

int closedir(DIR *d)
{
	int r = close(d->fd);
	free(d);
	return r;
}
