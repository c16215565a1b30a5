// SPDX-License-Identifier: BSD-2-Clause
// Protids: the ports of open files and directories, each with its user,
// open modes and file pointer (fss_server.h).
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "fss_server.h"

struct fss_protid *fss_protid_lookup(mach_port_t port)
{
	return (struct fss_protid *)fss_obj_lookup(port, FSS_OBJ_PROTID);
}

int fss_protid_create(uint32_t ino, const struct fss_user *user, int openmodes, mach_port_t *port)
{
	struct fss_protid *p = calloc(1, sizeof(*p));
	if (!p)
		return ENOMEM;
	int e = ext2_hold(fss_fs, ino);
	if (e) {
		free(p);
		return e;
	}
	struct ext2_stat st;
	if ((e = ext2_stat(fss_fs, ino, &st))) {
		ext2_release(fss_fs, ino);
		free(p);
		return e;
	}
	p->ino = ino;
	p->ifmt = st.mode & EXT2_S_IFMT;
	p->user = *user;
	p->openmodes = openmodes & (FS_O_ACCMODE | FS_O_SETTABLE);
	mthread_mutex_init(&p->lock);
	if (fss_obj_install(&p->obj, FSS_OBJ_PROTID) != KERN_SUCCESS) {
		ext2_release(fss_fs, ino);
		free(p);
		return ENOMEM;
	}
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
	ext2_release(fss_fs, p->ino);
	mthread_mutex_destroy(&p->lock);
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
