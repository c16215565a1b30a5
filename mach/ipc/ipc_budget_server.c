/* SPDX-License-Identifier: BSD-2-Clause */
/* The task_limits interface (<machrv/task_limits.defs>): reading and setting IPC budgets. */
#include "ipc/ipc_budget.h"
#include "kern/host.h"
#include "kern/task.h"
#include "task_limitsServer.h"

#define IPC_LIMIT_MIN	(64 * 1024)	/* below this not even one largest message fits */

/*
 * task_get_ipc_budget: `task's IPC budget limit, bytes in use, refusals.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no task).
 */
kern_return_t
task_get_ipc_budget(task_t task, int64_t *limit, int64_t *used, int64_t *refused)
{
	if (!task || !task->itk_budget)
		return KERN_INVALID_ARGUMENT;
	struct ipc_budget *b = task->itk_budget;
	*limit = (int64_t)__atomic_load_n(&b->limit, __ATOMIC_RELAXED);
	*used = (int64_t)__atomic_load_n(&b->used, __ATOMIC_RELAXED);
	*refused = (int64_t)__atomic_load_n(&b->refused, __ATOMIC_RELAXED);
	return KERN_SUCCESS;
}

/*
 * task_set_ipc_limit: set `task's IPC budget limit (the host-priv holder only).
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST; KERN_INVALID_ARGUMENT (no
 *   task, or a limit below IPC_LIMIT_MIN).
 */
kern_return_t
task_set_ipc_limit(host_priv_t host_priv, task_t task, int64_t limit)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	if (!task || !task->itk_budget || limit < IPC_LIMIT_MIN)
		return KERN_INVALID_ARGUMENT;
	__atomic_store_n(&task->itk_budget->limit, (uint64_t)limit, __ATOMIC_RELAXED);
	return KERN_SUCCESS;
}
