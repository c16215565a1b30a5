/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fss server task: the ext2 core (../ext2.h) served through the
 * Hurd-style interfaces <fss/io.defs>, <fss/fs.defs>, <fss/fsys.defs>,
 * <fss/fss_ext.defs>, and as the pager of its files (<mach/memory_object.defs>).
 *
 * Every port the server receives on is an object (struct fss_obj) in one
 * table, keyed by the port's name, and every one of them is in one port
 * set that a pool of worker threads serves:
 *   - a protid: an open file or directory, with its open modes, file
 *     pointer and user (the Hurd's word: "protected id");
 *   - a pager: the memory object of one file, shared by all its mappings;
 *   - the control port (fsys), checked in with bootstrap as "fss".
 * An object lives while the table holds it or a worker uses it
 * (`refs'); the table lets go of a protid or pager when its last send
 * right goes (the no-senders notification, which arrives on the object's
 * own port).
 *
 * Locks (docs/fss.md, "Locks"), in order: a protid's `lock' (its file
 * pointer and modes), a pager's `lock', then the core's locks (inode,
 * alloc, icache, buffers), then objects_lock (the table), which is taken
 * alone and never held across a call into the core or the kernel.  The
 * kernel's pager requests need no lock of ours to be answered while a
 * worker waits in the core: a data_request reads through the core like an
 * io_read, so a fault never waits for a worker that waits for it.
 */
#ifndef _FSS_SERVER_H_
#define _FSS_SERVER_H_
#include <stdbool.h>
#include <stdint.h>
#include <mach/mach.h>
#include <machrv/mthread.h>
#include <fss/fs_types.h>
#include "ext2.h"
#include "ext2_fs.h"

#define FSS_MAX_IDS	32	/* uids or gids of a user (idarray_t) */
#define FSS_SYMLINK_MAX	4095	/* the longest symlink target (a 4 KiB block) */
#define FSS_FSID	0x6673	/* st_dev and f_fsid of the one file system */

/* A user: the first uid and gid are the effective ones. */
struct fss_user {
	uint32_t	nuids, ngids;
	uint32_t	uids[FSS_MAX_IDS], gids[FSS_MAX_IDS];
};

enum fss_obj_kind { FSS_OBJ_PROTID, FSS_OBJ_PAGER, FSS_OBJ_CONTROL };

struct fss_obj {
	mach_port_t		port;		/* the receive right's name: the key */
	enum fss_obj_kind	kind;
	int			refs;		/* atomic; the last one dropped under objects_lock */
	bool			hashed;		/* objects_lock: in the table */
	mach_port_mscount_t	mscount;	/* objects_lock: send rights made */
	struct fss_obj		*hnext;		/* objects_lock */
};

/* An open file or directory. */
struct fss_protid {
	struct fss_obj		obj;
	uint32_t		ino;		/* held (ext2_hold_inode) while the protid lives */
	struct inode		*ip;		/* the hold: reads and writes go by it */
	uint32_t		ifmt;		/* its file type (EXT2_S_IF*): fixed */
	struct fss_user		user;		/* fixed at creation */
	mthread_mutex_t		lock;		/* covers openmodes, filepos */
	int			openmodes;	/* FS_O_ACCMODE and FS_O_SETTABLE bits */
	int64_t			filepos;
	char			*path;		/* the path it was opened by (from the root), or NULL; fixed */
};

/* The memory object of one file (pager.c). */
struct fss_pager {
	struct fss_obj		obj;
	uint32_t		ino;		/* held while the pager lives */
	mthread_mutex_t		lock;		/* covers control, extent */
	mach_port_t		control;	/* the kernel's control port, or NULL */
	uint64_t		extent;		/* the end of the pages supplied so far */
	struct fss_pager	*next;		/* pagers_lock: the list of pagers */
	uint64_t		handled;	/* pagers_lock: messages served on its port */
};

/* The server's state (main.c). */
extern struct ext2_fs *fss_fs;
extern mach_port_t fss_portset;	/* protids and the control port */
extern mach_port_t fss_pager_set;	/* pagers */
extern struct fss_obj fss_control;
extern const char *fss_source;	/* the disk served, by its service name */

/* objects.c: the table of objects. */
/* Give `obj' a fresh receive right in the port set and put it in the
 * table (refs 1: the table's).  KERN_* from the kernel. */
kern_return_t fss_obj_install(struct fss_obj *obj, enum fss_obj_kind kind);
/* The same with the receive right `obj->port' the caller has (the
 * control port, checked in with bootstrap); on failure the right is destroyed. */
kern_return_t fss_obj_adopt(struct fss_obj *obj, enum fss_obj_kind kind);
/* A send right for the caller to move to a client (mscount grows); the
 * first one arms the no-senders notification. */
kern_return_t fss_obj_make_send(struct fss_obj *obj);
/* The object behind `port' if it is of `kind', with a reference; NULL. */
struct fss_obj *fss_obj_lookup(mach_port_t port, enum fss_obj_kind kind);
void fss_obj_release(struct fss_obj *obj);
/* The no-senders notification for `port' made at `mscount': the table
 * lets go unless new send rights were made since. */
void fss_obj_no_senders(mach_port_t port, mach_port_mscount_t mscount);
/* Take `obj' out of the table at once (a failed creation). */
void fss_obj_forget(struct fss_obj *obj);
/* Counts, for tests and fsys_goaway. */
unsigned fss_obj_count(enum fss_obj_kind kind);

/* protid.c */
/* The protid of `port', referenced (fss_protid_release), or NULL. */
static inline struct fss_protid *fss_protid_lookup(mach_port_t port)
{
	return (struct fss_protid *)fss_obj_lookup(port, FSS_OBJ_PROTID);
}
static inline void fss_protid_release(struct fss_protid *p) { fss_obj_release(&p->obj); }
/* A new protid on `ino' for `user' with `openmodes', opened by `path'
 * (from the root; NULL when unknown), its port labelled with the path
 * (or the inode); a send right to it in *port for the reply
 * (MACH_MSG_TYPE_MOVE_SEND).  0 or an errno value. */
int fss_protid_create(uint32_t ino, const struct fss_user *user, int openmodes,
		      const char *path, mach_port_t *port);
/* `dir''s path joined with `name' (relative to it) into buf, or NULL when
 * `dir''s path is unknown or the result does not fit. */
const char *fss_path_join(const struct fss_protid *dir, const char *name, char *buf,
			  size_t size);
/* fss_label: label one of fss's ports (mach_port_set_label, for lsmp). */
void fss_label(mach_port_t port, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* io.c: the core's attributes as io_stat says them. */
void fss_statbuf(const struct ext2_stat *st, io_statbuf_t *out);
/* The core's view of a protid's user. */
void fss_user_cred(const struct fss_user *u, struct ext2_cred *cred);
/* 0 if the user of `p' is the superuser. */
bool fss_user_is_root(const struct fss_user *u);
/* Called when the table lets go of a protid or pager. */
void fss_protid_destroy(struct fss_protid *p);
void fss_pager_destroy(struct fss_pager *p);

/* pager.c */
/* The pager of `ino', made on first use; a send right for the reply. */
int fss_pager_get(uint32_t ino, mach_port_t *port);
/*
 * How many pagers serve inodes of each bucket (ino % FSS_PAGER_BUCKETS),
 * counted under pager.c's lock as pagers are made and destroyed.  A file
 * whose bucket has none has no pager now: nothing of it is in the
 * kernel's pages (a pager is made before any mapping of its file, so
 * before any page, and destroyed only once the kernel let go of the
 * object), so the two calls below are skipped with no lock.
 */
#define FSS_PAGER_BUCKETS	64
extern unsigned fss_pager_buckets[FSS_PAGER_BUCKETS];

static inline bool fss_pager_maybe(uint32_t ino)
{
	return __atomic_load_n(&fss_pager_buckets[ino % FSS_PAGER_BUCKETS], __ATOMIC_ACQUIRE) != 0;
}

void fss_pager_changed_mapped(uint32_t ino, uint64_t off, uint64_t len);
void fss_pager_sync_mapped(uint32_t ino);

/* Tell the kernel that [off, off+len) of `ino' changed under its pages
 * (io_write, file_set_size): mappings see the new bytes at the next fault. */
static inline void fss_pager_changed(uint32_t ino, uint64_t off, uint64_t len)
{
	if (fss_pager_maybe(ino))
		fss_pager_changed_mapped(ino, off, len);
}

/* Bring the kernel's modified pages of `ino' back into the file before an
 * io_read sees it. */
static inline void fss_pager_sync(uint32_t ino)
{
	if (fss_pager_maybe(ino))
		fss_pager_sync_mapped(ino);
}

/* A message on the port of `p' was served (request.c counts them). */
void fss_pager_handled(struct fss_pager *p);

/* request.c: the request being served by this thread. */
/* The sender's security token of the current request (its uid is val[0]). */
security_token_t fss_request_token(void);
/* Free `data' of a request that arrived out of line (not inside the
 * current request's buffer): a routine that took it calls this. */
void fss_request_free_ool(const void *data, size_t size);
/* The errno value as the interfaces return it (FSS_ERRNO). */
static inline kern_return_t fss_err(int e) { return e ? FSS_ERRNO(e) : KERN_SUCCESS; }

/* The server's workers (request.c). */
/* Start the pager threads and `n' workers serving (on fss_pager_set and
 * fss_portset), each with its MIG reply port made; returns when all are
 * ready, this thread's reply port made too. */
void fss_start(unsigned n);
/* Serve on fss_portset in this thread too; never returns. */
void fss_serve(void);
/* Wait until this request is the only one running; others wait for good. */
void fss_quiesce(void);
/* Exit with `code' once this request's reply is sent. */
void fss_exit_after_reply(int code);

int64_t fss_now(void);

#endif /* _FSS_SERVER_H_ */
