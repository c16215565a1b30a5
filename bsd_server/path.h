/* SPDX-License-Identifier: BSD-2-Clause */
/* Paths as bsd_server hands them to the file system (path.c). */
#ifndef _BSD_PATH_H_
#define _BSD_PATH_H_

#define BSD_PATH_MAX	1024	/* bytes of a path, the NUL included */

/*
 * bsd_path_resolve: `in' made absolute from the working directory `cwd'
 * (absolute, normalized), into `out'.  "", "." and ".." components are
 * taken lexically: ".." removes the component before it ("/.." is "/"), so
 * the ".." of a path through a symlink is the name's parent, not the
 * target's.  A final slash is kept (it asks for a directory).
 *   Returns: 0; ENOENT for an empty `in'; ENAMETOOLONG.
 * Pure code, tested on the host (tests/host/test_bsd_path.c).
 */
int bsd_path_resolve(const char *cwd, const char *in, char out[BSD_PATH_MAX]);

/*
 * bsd_path_split: the directory that holds the last component of the
 * absolute `path' ("/" for "/a"), and that component (trailing slashes
 * ignored: "/a/b/" names b).
 *   Returns: 0; EINVAL for "/" itself; ENOENT for ""; ENAMETOOLONG for a
 *   component past 255 bytes.
 */
#define BSD_NAME_MAX	255
int bsd_path_split(const char *path, char parent[BSD_PATH_MAX], char name[BSD_NAME_MAX + 1]);

/*
 * bsd_path_last: what the last component of `in' is, as the caller wrote
 * it (before bsd_path_resolve takes "." and ".." away; trailing slashes
 * ignored): a name, ".", "..", or none at all for a path of slashes only
 * ("/", "//": the root itself).  "" is a name (the lookup says ENOENT).
 * Pure code, tested on the host.
 */
enum bsd_path_last { BSD_LAST_NAME, BSD_LAST_DOT, BSD_LAST_DOTDOT, BSD_LAST_ROOT };
enum bsd_path_last bsd_path_last(const char *in);

#endif /* _BSD_PATH_H_ */
