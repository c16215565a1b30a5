/* SPDX-License-Identifier: BSD-2-Clause */
/* What libmach's files share and programs do not see. */
#ifndef _LIBMACH_PRIVATE_H_
#define _LIBMACH_PRIVATE_H_

/* Write out what the console streams hold (console.c). */
void libmach_console_flush(void);

#endif /* _LIBMACH_PRIVATE_H_ */
