// SPDX-License-Identifier: BSD-2-Clause
// The control port (<fss/fsys.defs>): the root for a user, sync, the
// source, and going away.  Who may name a user is decided by the sender's security
// token, which the kernel writes into every message's trailer.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "fss_server.h"
#include "fsysServer.h"

static bool is_control(fsys_t port)
{
	return port == fss_control.port;
}

// A sender whose token's uid is 0 is a system server (bsd_server,
// bootstrap's tasks) and may name any user; anyone else is the user of
// its own token.
static void user_of_request(const uint32_t *uids, uint32_t nuids, const uint32_t *gids,
			    uint32_t ngids, struct fss_user *u)
{
	security_token_t tok = fss_request_token();
	if (tok.val[0] == 0) {
		u->nuids = nuids < FSS_MAX_IDS ? nuids : FSS_MAX_IDS;
		u->ngids = ngids < FSS_MAX_IDS ? ngids : FSS_MAX_IDS;
		for (uint32_t i = 0; i < u->nuids; i++)
			u->uids[i] = uids[i];
		for (uint32_t i = 0; i < u->ngids; i++)
			u->gids[i] = gids[i];
	} else {
		u->nuids = u->ngids = 1;
		u->uids[0] = tok.val[0];
		u->gids[0] = tok.val[1];
	}
}

kern_return_t S_fsys_getroot(fsys_t port, mach_port_t dotdot,
			     idarray_t uids, mach_msg_type_number_t nuids, idarray_t gids,
			     mach_msg_type_number_t ngids, int flags, retry_type *do_retry,
			     fss_string_t retry_name, mach_port_t *file, mach_msg_type_name_t *poly)
{
	if (!is_control(port))
		return fss_err(EOPNOTSUPP);
	struct fss_user u;
	user_of_request(uids, nuids, gids, ngids, &u);
	struct ext2_cred cred;
	fss_user_cred(&u, &cred);
	int e = 0;
	if (flags & FS_O_WRITE)
		e = EISDIR;
	else if (flags & (FS_O_READ | FS_O_EXEC))
		e = ext2_access(fss_fs, &cred, EXT2_ROOT,
				((flags & FS_O_READ) ? 4 : 0) | ((flags & FS_O_EXEC) ? 1 : 0));
	if (!e)
		e = fss_protid_create(EXT2_ROOT, &u, flags, "/", file);
	if (e)
		return fss_err(e);
	if (MACH_PORT_VALID(dotdot))
		mach_port_deallocate(mach_task_self(), dotdot);
	*poly = MACH_MSG_TYPE_MOVE_SEND;
	*do_retry = FS_RETRY_NORMAL;
	retry_name[0] = 0;
	return KERN_SUCCESS;
}

kern_return_t S_fsys_syncfs(fsys_t port, int wait, int do_children)
{
	(void)wait, (void)do_children;
	if (!is_control(port))
		return fss_err(EOPNOTSUPP);
	return fss_err(ext2_sync(fss_fs));
}

// The disk fss serves, by the name it was started with.
kern_return_t S_fsys_get_source(fsys_t port, fss_string_t source)
{
	if (!is_control(port))
		return fss_err(EOPNOTSUPP);
	snprintf(source, sizeof(fss_string_t), "%s", fss_source);
	return KERN_SUCCESS;
}

kern_return_t S_fsys_goaway(fsys_t port, int flags)
{
	if (!is_control(port))
		return fss_err(EOPNOTSUPP);
	if (fss_request_token().val[0] != 0)
		return fss_err(EPERM);
	if (fss_obj_count(FSS_OBJ_PROTID) + fss_obj_count(FSS_OBJ_PAGER) && !(flags & FSYS_GOAWAY_FORCE))
		return fss_err(EBUSY);
	fss_quiesce();	// no other request runs from here on
	int e = ext2_unmount(fss_fs);
	printf("fss: unmounted%s\n", e ? " with an I/O error" : ", clean");
	fss_exit_after_reply(e ? 1 : 0);
	return fss_err(e);
}
