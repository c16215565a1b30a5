/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot arguments: the device tree's /chosen/bootargs (QEMU -append), words
 * separated by spaces, each "key" or "key=value".  Known keys:
 *   selftest[=NAME]  run the kernel self-tests (all, or those whose name
 *                    starts with NAME), then power off with their status
 *   panic=halt       on panic, halt instead of powering off
 *   init=NAME        load NAME from the boot archive as the first user task
 *   init_args=a,b    its further arguments (comma-separated)
 *   poweroff         power off once boot is complete, or once init ends
 *                    (status 0, or 1 if an exception ended it)
 */
#ifndef _KERN_BOOTARGS_H_
#define _KERN_BOOTARGS_H_
#include <stdbool.h>
#include <stddef.h>

/* bootargs_set: keep a copy of `args' (NULL: none), cut at 511 characters; at boot, before any reader. */
void bootargs_set(const char *args);
/* bootargs: the whole argument string as kept (never NULL). */
const char *bootargs(void);
/* bootarg_has: is `word' (exactly "key" or "key=value") one of the words? */
bool bootarg_has(const char *word);
/* bootarg_value: copy the value of "key=value" into buf; false if absent. */
bool bootarg_value(const char *key, char *buf, size_t size);

#endif /* _KERN_BOOTARGS_H_ */
