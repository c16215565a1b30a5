// SPDX-License-Identifier: BSD-2-Clause
// sysctl(3) over FreeBSD's __sysctl system call (bsd_server answers it:
// <sys/sysctl.h>), and what FreeBSD's library builds on it: uname(3) from
// kern.ostype, kern.hostname, kern.osrelease, kern.version and
// hw.machine; gethostname(3) and sethostname(3) over kern.hostname.
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysctl.h>
#include <sys/utsname.h>
#include "libc_private.h"

int sysctl(const int *name, unsigned int namelen, void *oldp, size_t *oldlenp,
	   const void *newp, size_t newlen)
{
	return (int)__sys___sysctl(name, namelen, oldp, oldlenp, newp, newlen);
}

/* The string value of {top, second} into buf (cut to fit, terminated). */
static int string_of(int top, int second, char *buf, size_t size)
{
	int name[2] = { top, second };
	size_t len = size;
	if (sysctl(name, 2, buf, &len, NULL, 0) < 0 && errno != ENOMEM)
		return -1;
	buf[size - 1] = '\0';
	return 0;
}

int uname(struct utsname *u)
{
	if (string_of(CTL_KERN, KERN_OSTYPE, u->sysname, sizeof(u->sysname)) < 0 ||
	    string_of(CTL_KERN, KERN_HOSTNAME, u->nodename, sizeof(u->nodename)) < 0 ||
	    string_of(CTL_KERN, KERN_OSRELEASE, u->release, sizeof(u->release)) < 0 ||
	    string_of(CTL_KERN, KERN_VERSION, u->version, sizeof(u->version)) < 0 ||
	    string_of(CTL_HW, HW_MACHINE, u->machine, sizeof(u->machine)) < 0)
		return -1;
	/* One line, as FreeBSD's: the version's newlines and tabs are spaces. */
	for (char *c = u->version; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	return 0;
}

/* The host's name, cut to `len' bytes (POSIX: then maybe unterminated). */
int gethostname(char *name, size_t len)
{
	int mib[2] = { CTL_KERN, KERN_HOSTNAME };
	if (sysctl(mib, 2, name, &len, NULL, 0) < 0 && errno != ENOMEM)
		return -1;
	return 0;
}

int sethostname(const char *name, size_t len)
{
	int mib[2] = { CTL_KERN, KERN_HOSTNAME };
	return sysctl(mib, 2, NULL, NULL, name, len);
}
