/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The core's one lock type, a sleeping mutex: libmach's mthread mutex on
 * MachRV, a pthread mutex on the host.  The locks the core takes and their
 * order are written in ext2_private.h and docs/fss.md, "Locks".
 */
#ifndef _FSS_LOCK_H_
#define _FSS_LOCK_H_

#ifdef MACHRV_TARGET
#include <machrv/mthread.h>
typedef mthread_mutex_t fss_mutex_t;
#define fss_mutex_init(m)	((void)mthread_mutex_init(m))
#define fss_mutex_destroy(m)	((void)mthread_mutex_destroy(m))
#define fss_mutex_lock(m)	((void)mthread_mutex_lock(m))
#define fss_mutex_unlock(m)	((void)mthread_mutex_unlock(m))
#else
#include <pthread.h>
typedef pthread_mutex_t fss_mutex_t;
#define fss_mutex_init(m)	((void)pthread_mutex_init(m, NULL))
#define fss_mutex_destroy(m)	((void)pthread_mutex_destroy(m))
#define fss_mutex_lock(m)	((void)pthread_mutex_lock(m))
#define fss_mutex_unlock(m)	((void)pthread_mutex_unlock(m))
#endif

#endif /* _FSS_LOCK_H_ */
