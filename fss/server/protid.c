// SPDX-License-Identifier: BSD-2-Clause
// Protids: the ports of open files and directories, each with its user,
// open modes and file pointer (fss_server.h).
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <mach_debug/ipc_info.h>
#include "fss_server.h"

void fss_label(mach_port_t port, const char *fmt, ...)
{
	char label[MACH_PORT_LABEL_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(label, sizeof(label), fmt, ap);	/* cut to fit */
	va_end(ap);
	(void)mach_port_set_label(mach_task_self(), port, label);
}

const char *fss_path_join(const struct fss_protid *dir, const char *name, char *buf, size_t size)
{
	if (!dir->path)
		return NULL;
	while (*name == '/')
		name++;
	size_t dl = strlen(dir->path), nl = strlen(name);
	while (nl && name[nl - 1] == '/')
		nl--;
	if (!nl)
		return dir->path;
	bool slash = dl && dir->path[dl - 1] != '/';
	if (dl + slash + nl + 1 > size)
		return NULL;
	memcpy(buf, dir->path, dl);
	if (slash)
		buf[dl++] = '/';
	memcpy(buf + dl, name, nl);
	buf[dl + nl] = 0;
	return buf;
}

// The label of a protid's port: "file PATH" (the path's end if it is too
// long to fit), or "file inode N" when the path is unknown.  Put together
// by hand: on every open, and vsnprintf costs as much as the label's RPC.
static void label_protid(const struct fss_protid *p)
{
	const char *kind = p->ifmt == EXT2_S_IFDIR ? "directory " : "file ";
	if (!p->path) {
		fss_label(p->obj.port, "%sinode %u", kind, (unsigned)p->ino);
		return;
	}
	char label[MACH_PORT_LABEL_MAX];
	size_t k = strlen(kind), n = strlen(p->path), room = sizeof(label) - 1 - k;
	memcpy(label, kind, k);
	if (n <= room) {
		memcpy(label + k, p->path, n + 1);
	} else {
		memcpy(label + k, "...", 3);
		memcpy(label + k + 3, p->path + n - (room - 3), room - 3 + 1);
	}
	(void)mach_port_set_label(mach_task_self(), p->obj.port, label);
}

int fss_protid_create(uint32_t ino, const struct fss_user *user, int openmodes,
		      const char *path, mach_port_t *port)
{
	struct fss_protid *p = calloc(1, sizeof(*p));
	if (!p)
		return ENOMEM;
	int e = ext2_hold_inode(fss_fs, ino, &p->ip);
	if (e) {
		free(p);
		return e;
	}
	struct ext2_stat st;
	if ((e = ext2_stat(fss_fs, ino, &st))) {
		ext2_release_inode(fss_fs, p->ip);
		free(p);
		return e;
	}
	p->ino = ino;
	p->ifmt = st.mode & EXT2_S_IFMT;
	/* The ids in use only (calloc zeroed the rest): not the whole 264 bytes. */
	p->user.nuids = user->nuids;
	p->user.ngids = user->ngids;
	memcpy(p->user.uids, user->uids, user->nuids * sizeof(user->uids[0]));
	memcpy(p->user.gids, user->gids, user->ngids * sizeof(user->gids[0]));
	p->openmodes = openmodes & (FS_O_ACCMODE | FS_O_SETTABLE);
	p->path = path ? strdup(path) : NULL;	/* none, if no memory: the inode will do */
	mthread_mutex_init(&p->lock);
	if (fss_obj_install(&p->obj, FSS_OBJ_PROTID) != KERN_SUCCESS) {
		ext2_release_inode(fss_fs, p->ip);
		free(p->path);
		free(p);
		return ENOMEM;
	}
	label_protid(p);
	if (fss_obj_make_send(&p->obj) != KERN_SUCCESS) {
		// Nobody else knows the port: the table's reference is the last.
		fss_obj_forget(&p->obj);
		return ENOMEM;
	}
	*port = p->obj.port;
	return 0;
}

void fss_protid_destroy(struct fss_protid *p)
{
	ext2_release_inode(fss_fs, p->ip);
	mthread_mutex_destroy(&p->lock);
	free(p->path);
	free(p);
}

bool fss_user_is_root(const struct fss_user *u)
{
	for (uint32_t i = 0; i < u->nuids; i++)
		if (u->uids[i] == 0)
			return true;
	return false;
}

void fss_user_cred(const struct fss_user *u, struct ext2_cred *cred)
{
	// With no ids at all the user is nobody: ids no file has.
	cred->uid = u->nuids ? u->uids[0] : (uint32_t)-2;
	cred->gid = u->ngids ? u->gids[0] : (uint32_t)-2;
	cred->ngroups = u->ngids;
	cred->groups = u->gids;
}
