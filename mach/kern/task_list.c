/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The list of every task, and host_tasks (port_info.defs 4701): how a
 * holder of the host-priv port reaches every task, as XNU's
 * processor_set_tasks does through the privileged processor-set port.
 */
#include "kern/task.h"
#include "ipc/ipc_kmsg.h"
#include "port_infoServer.h"

queue_head_t all_tasks = { &all_tasks, &all_tasks };
static simple_lock_data_t tasks_lock = SIMPLE_LOCK_INITIALIZER("tasks", LOCK_RANK_TASKS);	/* all_tasks */

/*
 * task_list_insert: `task' (new, not yet visible) joins the list.
 *   Locks: takes tasks_lock.
 */
void
task_list_insert(task_t task)
{
	simple_lock(&tasks_lock);
	enqueue_tail(&all_tasks, &task->all_tasks_link);
	simple_unlock(&tasks_lock);
}

/*
 * task_list_remove: `task' leaves the list (no effect if it is not on it).
 *   Locks: takes tasks_lock; no task lock held on entry.
 */
void
task_list_remove(task_t task)
{
	simple_lock(&tasks_lock);
	if (queue_chained(&task->all_tasks_link))
		queue_remove(&task->all_tasks_link);
	simple_unlock(&tasks_lock);
}

/*
 * task_list_untrace_all: clear every task's trace_traced mark.
 *   Locks: takes tasks_lock (a plain store per task: the mark is read unlocked).
 */
void
task_list_untrace_all(void)
{
	queue_chain_t *q;

	simple_lock(&tasks_lock);
	queue_iterate(&all_tasks, q) {
		task_t t = (task_t)((char *)q - offsetof(struct task, all_tasks_link));
		__atomic_store_n(&t->trace_traced, false, __ATOMIC_RELAXED);
	}
	simple_unlock(&tasks_lock);
}

/*
 * host_tasks: a send right to the port of every task that is alive (not
 * yet terminated), oldest first, in an out-of-line port array.
 *   Locks:   tasks_lock, then each task's lock, then its port's.
 *   Refs:    the array holds one send right (and port reference) per task.
 *   Returns: KERN_SUCCESS; KERN_INVALID_HOST (not the host-priv port);
 *            KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
host_tasks(host_priv_t host_priv, task_array_t *tasks, mach_msg_type_number_t *tasksCnt)
{
	if (!host_priv)
		return KERN_INVALID_HOST;
	for (;;) {
		unsigned n = 0;
		queue_chain_t *q;
		simple_lock(&tasks_lock);
		queue_iterate(&all_tasks, q)
			n++;
		simple_unlock(&tasks_lock);
		uint64_t size = (uint64_t)(n ? n : 1) * sizeof(ipc_port_t);
		ipc_port_t *ports = ipc_ool_alloc(size);
		if (!ports)
			return KERN_RESOURCE_SHORTAGE;
		unsigned now = 0, k = 0;
		simple_lock(&tasks_lock);
		queue_iterate(&all_tasks, q)
			now++;
		if (now != n) {				/* changed meanwhile: again */
			simple_unlock(&tasks_lock);
			ipc_ool_free(ports, size);
			continue;
		}
		queue_iterate(&all_tasks, q) {
			task_t t = queue_entry_owner(q, struct task, all_tasks_link);
			simple_lock(&t->lock);
			if (t->active && t->itk_self)
				ports[k++] = ipc_port_make_send(t->itk_self);
			simple_unlock(&t->lock);
		}
		simple_unlock(&tasks_lock);
		if (!k) {
			ipc_ool_free(ports, size);
			ports = NULL;
		}
		/* The reply carries this array of send rights (ipc_kobject.c). */
		*tasks = (task_array_t)ports;
		*tasksCnt = k;
		return KERN_SUCCESS;
	}
}
