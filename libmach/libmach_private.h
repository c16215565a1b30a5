/* SPDX-License-Identifier: BSD-2-Clause */
/* What libmach's files share and programs do not see. */
#ifndef _LIBMACH_PRIVATE_H_
#define _LIBMACH_PRIVATE_H_

/* Write out what the console streams hold for the calling thread (console.c). */
void libmach_console_flush(void);

/* From the link script (user.ld): the TLS image's size and alignment. */
extern char __tls_size[], __tls_align[];
/* From picolibc: copy the TLS image into a block; point tp at a block. */
extern void _init_tls(void *tls);
extern void _set_tls(void *tls);

#endif /* _LIBMACH_PRIVATE_H_ */
