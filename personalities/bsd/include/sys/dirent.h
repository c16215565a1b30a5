/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Directory entries as getdirentries(2) returns them, and the DIR of
 * <dirent.h>: FreeBSD 12's layout (struct dirent with a 64-bit inode
 * number and offset), shared by bsd_server (which writes them) and the
 * library (personalities/bsd/libc/dir.c, which reads them).  This file
 * replaces picolibc's <sys/dirent.h>, which refuses to be used.
 */
#ifndef _SYS_DIRENT_H_
#define _SYS_DIRENT_H_
#include <stddef.h>
#include <sys/types.h>

#define MAXNAMLEN	255

struct dirent {
	ino_t		d_fileno;	/* the file's inode number */
	off_t		d_off;		/* the directory offset of the next entry */
	unsigned short	d_reclen;	/* bytes of this record, a multiple of 8 */
	unsigned char	d_type;		/* DT_* */
	unsigned char	d_pad0;
	unsigned short	d_namlen;
	unsigned short	d_pad1;
	char		d_name[MAXNAMLEN + 1];	/* NUL-terminated */
};
#define d_ino	d_fileno

/* The record size of an entry with a name of `namlen' bytes. */
#define _GENERIC_DIRLEN(namlen) \
	((offsetof(struct dirent, d_name) + (namlen) + 1 + 7) & ~(size_t)7)

#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

typedef struct _dirdesc DIR;

/* Up to `nbytes' of records from the directory open on `fd', from its
 * offset on (the offset moves); *basep says where they started.  The byte
 * count, 0 at the end, or -1 with errno. */
ssize_t getdirentries(int fd, char *buf, size_t nbytes, off_t *basep);

#endif /* _SYS_DIRENT_H_ */
