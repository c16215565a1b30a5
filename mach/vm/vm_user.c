/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The vm_map interface (<mach/vm_map.defs>) on a task's address map: the
 * server routines the MIG stubs call, with Mach's argument checks.  Memory
 * objects and remapping (vm_map, vm_remap, memory entries) are the VM
 * issue's; they answer KERN_NOT_SUPPORTED until then.
 */
#include <mach/vm_region.h>
#include <mach/vm_statistics.h>
#include <mach/vm_sync.h>
#include <mach/vm_behavior.h>
#include "ipc/ipc_kmsg.h"
#include "kern/copyio.h"
#include "kern/task.h"
#include "vm/vm_map.h"
#include "vm_mapServer.h"

#define VM_READ_MAX	IPC_KMSG_MAX_OOL

/* Is [addr, addr+size) a sane user range (size may be 0)? */
static bool
user_range(vm_address_t addr, vm_size_t size)
{
	return addr < VM_MAX_USER_ADDRESS && size <= VM_MAX_USER_ADDRESS - addr;
}

/*
 * The answer Mach gives for a range the data routines (vm_read, vm_write,
 * vm_copy, vm_read_overwrite) cannot reach: KERN_INVALID_ADDRESS when it
 * lies outside the user address space, KERN_INVALID_ARGUMENT when
 * addr + size wraps around; KERN_SUCCESS for a range inside it.
 */
static kern_return_t
data_range(vm_address_t addr, vm_size_t size)
{
	if (addr + size < addr)
		return KERN_INVALID_ARGUMENT;
	return user_range(addr, size) ? KERN_SUCCESS : KERN_INVALID_ADDRESS;
}

/*
 * vm_allocate: zero-filled memory of `size' (rounded to pages) at
 * `*address' (truncated to a page) or, with VM_FLAGS_ANYWHERE, wherever
 * it fits; a size of 0 gives address 0.
 *   Locks:   vm_map_enter takes the map's lock.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no map, other flags);
 *            KERN_NO_SPACE, KERN_INVALID_ADDRESS, KERN_RESOURCE_SHORTAGE
 *            (vm_map_enter).
 */
kern_return_t
vm_allocate(vm_map_t map, vm_address_t *address, vm_size_t size, int flags)
{
	if (!map)
		return KERN_INVALID_ARGUMENT;
	if (size == 0) {
		*address = 0;
		return KERN_SUCCESS;
	}
	if (flags & ~VM_FLAGS_ANYWHERE)
		return KERN_INVALID_ARGUMENT;
	uintptr_t addr = trunc_page(*address);
	kern_return_t kr = vm_map_enter(map, &addr, round_page(size), flags & VM_FLAGS_ANYWHERE,
					NULL, 0, VM_PROT_DEFAULT, VM_PROT_ALL, VM_INHERIT_DEFAULT);
	if (kr == KERN_SUCCESS)
		*address = addr;
	return kr;
}

/*
 * vm_deallocate: unmap the pages of [address, address + size); holes in
 * the range are fine.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no map, a range outside
 *            the user half); what vm_map_remove returns.
 */
kern_return_t
vm_deallocate(vm_map_t map, vm_address_t address, vm_size_t size)
{
	if (!map)
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	if (!user_range(address, size))
		return KERN_INVALID_ARGUMENT;
	return vm_map_remove(map, trunc_page(address), round_page(address + size));
}

/*
 * vm_protect: set the current (or, with `set_maximum', the maximum)
 * protection of the pages of the range (vm_map_protect).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; KERN_PROTECTION_FAILURE
 *            and KERN_INVALID_ADDRESS from vm_map_protect.
 */
kern_return_t
vm_protect(vm_map_t map, vm_address_t address, vm_size_t size, boolean_t set_maximum,
	   vm_prot_t new_protection)
{
	if (!map || !user_range(address, size))
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	return vm_map_protect(map, trunc_page(address), round_page(address + size),
			      new_protection, set_maximum);
}

/*
 * vm_inherit: the inheritance a child made by task_create gets for the
 * pages of the range (vm_map_inherit).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT; what vm_map_inherit returns.
 */
kern_return_t
vm_inherit(vm_map_t map, vm_address_t address, vm_size_t size, vm_inherit_t new_inheritance)
{
	if (!map || !user_range(address, size))
		return KERN_INVALID_ARGUMENT;
	if (size == 0)
		return KERN_SUCCESS;
	return vm_map_inherit(map, trunc_page(address), round_page(address + size),
			      new_inheritance);
}

/* vm_read: the bytes come back out of line (a kernel buffer the reply carries). */
kern_return_t
vm_read(vm_map_t map, vm_address_t address, vm_size_t size, vm_offset_t *data,
	mach_msg_type_number_t *dataCnt)
{
	if (!map)
		return KERN_INVALID_ARGUMENT;
	kern_return_t rk = data_range(address, size);
	if (rk != KERN_SUCCESS)
		return rk;
	if (size > VM_READ_MAX)
		return KERN_RESOURCE_SHORTAGE;
	void *buf = NULL;
	if (size) {
		buf = ipc_ool_alloc(size);
		if (!buf)
			return KERN_RESOURCE_SHORTAGE;
		kern_return_t kr = vm_map_read_bytes(map, address, buf, size);
		if (kr != KERN_SUCCESS) {
			ipc_ool_free(buf, size);
			return kr == KERN_PROTECTION_FAILURE ? KERN_PROTECTION_FAILURE
							     : KERN_INVALID_ADDRESS;
		}
	}
	*data = (vm_offset_t)buf;
	*dataCnt = (mach_msg_type_number_t)size;
	return KERN_SUCCESS;
}

/*
 * vm_write: `data' is the request's out-of-line buffer.
 *   Refs:    consumes it on success; on an error ipc_kobject_server
 *            destroys it with the rest of the request.
 */
kern_return_t
vm_write(vm_map_t map, vm_address_t address, vm_offset_t data, mach_msg_type_number_t dataCnt)
{
	kern_return_t kr = map ? data_range(address, dataCnt) : KERN_INVALID_ARGUMENT;

	if (kr == KERN_SUCCESS)
		kr = dataCnt ? vm_map_write_bytes(map, address, (const void *)data, dataCnt)
			     : KERN_SUCCESS;
	if (kr == KERN_SUCCESS && dataCnt)
		ipc_ool_free((void *)data, dataCnt);
	return kr;
}

/*
 * vm_copy: copy [source_address, +size) to dest_address in the same map:
 * whole pages by copy-on-write (vm_map_copyin, vm_map_copy_overwrite),
 * falling back to copying the bytes through a 512-byte buffer when the
 * source cannot be copied virtually (shared or pager-backed); a failure
 * part-way leaves the bytes copied so far.
 *   Returns: KERN_SUCCESS; the codes of data_range above;
 *            KERN_PROTECTION_FAILURE, KERN_INVALID_ADDRESS from the map.
 */
kern_return_t
vm_copy(vm_map_t map, vm_address_t source_address, vm_size_t size, vm_address_t dest_address)
{
	if (!map)
		return KERN_INVALID_ARGUMENT;
	kern_return_t rk = data_range(source_address, size);
	if (rk == KERN_SUCCESS)
		rk = data_range(dest_address, size);
	if (rk != KERN_SUCCESS)
		return rk;
	/* Whole pages: by virtual copy, copy-on-write. */
	if (!((source_address | dest_address | size) & PAGE_MASK) && size) {
		struct vm_map_copy *copy;
		kern_return_t kr = vm_map_copyin(map, source_address, size, false, &copy);
		if (kr == KERN_SUCCESS) {
			kr = vm_map_copy_overwrite(map, dest_address, copy);
			if (kr != KERN_SUCCESS)
				vm_map_copy_discard(copy);
			return kr;
		}
		if (kr != KERN_FAILURE && kr != KERN_RESOURCE_SHORTAGE)
			return kr;
		/* Shared or pager-backed memory: copy the bytes. */
	}
	char buf[512];
	for (vm_size_t done = 0; done < size;) {
		vm_size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);
		kern_return_t kr = vm_map_read_bytes(map, source_address + done, buf, n);
		if (kr == KERN_SUCCESS)
			kr = vm_map_write_bytes(map, dest_address + done, buf, n);
		if (kr != KERN_SUCCESS)
			return kr;
		done += n;
	}
	return KERN_SUCCESS;
}

/*
 * vm_read_overwrite: copy [address, +size) of `map' into the calling
 * task's own memory at `data'.  While both sides' pages are in their
 * tables, in one copy (vm_map_move_user); from the first page that is
 * not, 512 bytes at a time through the kernel stack: read from `map'
 * under its lock (made resident as a fault would), then written with
 * copyout (the caller's translations; a page not there yet is faulted
 * in).  A copyout
 * that fails (an unmapped or read-only page, or a fault that cannot be
 * taken now) is done again through the caller's map, which says why.
 * A failure part-way leaves the bytes copied so far.
 *   Returns: KERN_SUCCESS with *outsize = size; KERN_INVALID_ARGUMENT (no
 *            map, a kernel thread); the codes of data_range; those of
 *            vm_map_read_bytes and vm_map_write_bytes.
 */
kern_return_t
vm_read_overwrite(vm_map_t map, vm_address_t address, vm_size_t size, vm_address_t data,
		  vm_size_t *outsize)
{
	task_t self = current_task();
	if (!map || !self)
		return KERN_INVALID_ARGUMENT;
	kern_return_t rk = data_range(address, size);
	if (rk == KERN_SUCCESS)
		rk = data_range(data, size);
	if (rk != KERN_SUCCESS)
		return rk;
	char buf[512];
	/* In one copy while both sides are mapped; the rest through buf. */
	for (vm_size_t done = vm_map_move_user(map, address, data, size, false); done < size;) {
		vm_size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);
		kern_return_t kr = vm_map_read_bytes(map, address + done, buf, n);
		if (kr == KERN_SUCCESS && copyout(buf, data + done, n) != 0)
			kr = vm_map_write_bytes(self->map, data + done, buf, n);
		if (kr != KERN_SUCCESS)
			return kr;
		done += n;
	}
	*outsize = size;
	return KERN_SUCCESS;
}

/*
 * vm_write_from_user: vm_write with the data still in the calling task's
 * memory at `data' (the trap's form, kern/kernelrpc.c), so that nothing
 * is copied into a message first.  As a message's send would, it fails
 * before anything is written when the caller cannot read all of [data,
 * +count): MACH_SEND_INVALID_MEMORY.  Otherwise the bytes go in one
 * copy while both sides' pages are in their tables (vm_map_move_user),
 * the rest 512 at a time through the kernel stack (copyin, then
 * vm_map_write_bytes).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no map, a kernel
 *            thread); MACH_SEND_INVALID_MEMORY; the codes of data_range
 *            and of vm_map_write_bytes (a failure part-way leaves the
 *            bytes written so far, as vm_write's does).
 */
kern_return_t
vm_write_from_user(vm_map_t map, vm_address_t address, vm_address_t data, vm_size_t count)
{
	task_t self = current_task();
	if (!map || !self)
		return KERN_INVALID_ARGUMENT;
	if (count && vm_map_check_access(self->map, data, count, VM_PROT_READ) != KERN_SUCCESS)
		return MACH_SEND_INVALID_MEMORY;
	kern_return_t kr = data_range(address, count);
	if (kr != KERN_SUCCESS)
		return kr;
	char buf[512];
	/* In one copy while both sides are mapped; the rest through buf. */
	for (vm_size_t done = vm_map_move_user(map, address, data, count, true);
	     kr == KERN_SUCCESS && done < count;) {
		vm_size_t n = count - done < sizeof(buf) ? count - done : sizeof(buf);
		if (copyin(data + done, buf, n) != 0 &&
		    vm_map_read_bytes(self->map, data + done, buf, n) != KERN_SUCCESS)
			return MACH_SEND_INVALID_MEMORY;	/* a pager that failed */
		kr = vm_map_write_bytes(map, address + done, buf, n);
		done += n;
	}
	return kr;
}

/*
 * vm_msync: does nothing, also for memory a pager backs (whose pages go
 * back to it through memory_object_lock_request or at termination).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT for a bad range.
 */
kern_return_t
vm_msync(vm_map_t map, vm_address_t address, vm_size_t size, vm_sync_t sync_flags)
{
	(void)sync_flags;
	/* Anonymous memory has no pager to write back to: nothing to do. */
	return map && user_range(address, size) ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

/*
 * vm_behavior_set: advice, and ignored.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT for a bad range.
 */
kern_return_t
vm_behavior_set(vm_map_t map, vm_address_t address, vm_size_t size, vm_behavior_t new_behavior)
{
	(void)new_behavior;
	/* Advice only: there is no paging to advise yet. */
	return map && user_range(address, size) ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

/*
 * vm_region: VM_REGION_BASIC_INFO of the first mapped region at or after
 * `*address'; *address and *size become that region's.
 *   Refs:    *object_name is always IP_NULL (no right produced).
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT (no map, another flavor,
 *            count too small); KERN_INVALID_ADDRESS (nothing mapped there
 *            or beyond).
 */
kern_return_t
vm_region(vm_map_t map, vm_address_t *address, vm_size_t *size, vm_region_flavor_t flavor,
	  vm_region_info_t info, mach_msg_type_number_t *infoCnt, ipc_port_t *object_name)
{
	if (!map)
		return KERN_INVALID_ARGUMENT;
	if (flavor != VM_REGION_BASIC_INFO || *infoCnt < VM_REGION_BASIC_INFO_COUNT)
		return KERN_INVALID_ARGUMENT;
	uintptr_t addr = *address;
	uint64_t len;
	vm_prot_t prot, max;
	vm_inherit_t inh;
	unsigned wired;
	bool shared;
	kern_return_t kr = vm_map_region(map, &addr, &len, &prot, &max, &inh, &wired, &shared);
	if (kr != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	vm_region_basic_info_data_t *bi = (vm_region_basic_info_data_t *)info;
	*bi = (vm_region_basic_info_data_t){ 0 };
	bi->protection = prot;
	bi->max_protection = max;
	bi->inheritance = inh;
	bi->user_wired_count = (unsigned short)wired;
	bi->shared = shared;
	*address = addr;
	*size = len;
	*infoCnt = VM_REGION_BASIC_INFO_COUNT;
	*object_name = IP_NULL;
	return KERN_SUCCESS;
}

/*
 * vm_machine_attribute: caches are coherent on this machine, so every
 * attribute already holds.
 *   Returns: KERN_SUCCESS; KERN_INVALID_ARGUMENT for a bad range.
 */
kern_return_t
vm_machine_attribute(vm_map_t map, vm_address_t address, vm_size_t size,
		     vm_machine_attribute_t attribute, vm_machine_attribute_val_t *value)
{
	(void)attribute, (void)value;
	/* Caches are coherent on this machine: every attribute is already so. */
	return map && user_range(address, size) ? KERN_SUCCESS : KERN_INVALID_ARGUMENT;
}

/*
 * vm_map: map `object' (a memory object: its pager serves the pages, see
 * vm/memory_object.c) from `offset', or zero-filled memory when it is
 * MACH_PORT_NULL.  With `copy' the mapping is a copy-on-write copy of the
 * object.  On success the object's send right is ours.  Remapping and
 * memory entries come later.
 */
kern_return_t
vm_map(vm_map_t map, vm_address_t *address, vm_size_t size, vm_address_t mask, int flags,
       ipc_port_t object, vm_offset_t offset, boolean_t copy, vm_prot_t cur_protection,
       vm_prot_t max_protection, vm_inherit_t inheritance)
{
	(void)mask;
	if (!map || !size || (offset & PAGE_MASK) || object == IP_DEAD)
		return KERN_INVALID_ARGUMENT;
	/* A kernel object's port serves no memory_object requests. */
	if (IP_VALID(object) && __atomic_load_n(&object->ip_receiver, __ATOMIC_RELAXED) ==
				ipc_space_kernel)
		return KERN_INVALID_ARGUMENT;
	vm_object_t vo = NULL;
	if (IP_VALID(object)) {
		vo = vm_object_for_pager(object, offset + round_page(size));
		if (!vo)
			return KERN_RESOURCE_SHORTAGE;
	}
	uintptr_t addr = trunc_page(*address);
	kern_return_t kr = vm_map_enter(map, &addr, round_page(size), flags & VM_FLAGS_ANYWHERE,
					vo, vo ? offset : 0, cur_protection, max_protection,
					inheritance);
	if (kr == KERN_SUCCESS && vo && copy)
		kr = vm_map_set_needs_copy(map, addr);
	if (kr == KERN_SUCCESS)
		*address = addr;
	return kr;
}

/*
 * vm_remap: map [src_address, src_address + size) of `src_task' (rounded
 * to pages) into `map' at *target_address (or anywhere).  Without `copy'
 * the memory is shared: both tasks' writes reach the same pages (the range
 * must lie inside one mapping of the source).  With `copy' it is a
 * copy-on-write copy, placed anywhere only.  `mask' (XNU's alignment) is
 * not supported but for 0.
 *   Returns: KERN_SUCCESS (*target_address: where; the protections of the
 *   source mapping); KERN_INVALID_ARGUMENT (no task, size 0, a mask, bad
 *   inheritance); KERN_INVALID_ADDRESS (the source range is not one
 *   mapping); KERN_NO_SPACE; KERN_NOT_SUPPORTED (a copy at a fixed
 *   address); KERN_RESOURCE_SHORTAGE.
 */
kern_return_t
vm_remap(vm_map_t map, vm_address_t *target_address, vm_size_t size, vm_address_t mask,
	 boolean_t anywhere, vm_map_t src_task, vm_address_t src_address, boolean_t copy,
	 vm_prot_t *cur_protection, vm_prot_t *max_protection, vm_inherit_t inheritance)
{
	if (!map || !src_task || !size || mask || inheritance > VM_INHERIT_LAST_VALID)
		return KERN_INVALID_ARGUMENT;
	uintptr_t start = trunc_page(src_address);
	uint64_t len = round_page(src_address + size) - start;
	if (len < size || (!anywhere && (*target_address & PAGE_MASK)))
		return KERN_INVALID_ARGUMENT;
	if (data_range(start, len) != KERN_SUCCESS)
		return KERN_INVALID_ADDRESS;
	if (copy) {
		if (!anywhere)
			return KERN_NOT_SUPPORTED;
		struct vm_map_copy *c;
		kern_return_t kr = vm_map_copyin(src_task, start, len, false, &c);
		uintptr_t addr;
		if (kr == KERN_SUCCESS && (kr = vm_map_copyout(map, c, &addr)) != KERN_SUCCESS)
			vm_map_copy_discard(c);
		if (kr == KERN_SUCCESS) {
			*target_address = addr + (src_address - start);
			*cur_protection = VM_PROT_DEFAULT;
			*max_protection = VM_PROT_ALL;
		}
		return kr;
	}
	vm_object_t object;
	uint64_t offset;
	vm_prot_t cur, max;
	kern_return_t kr = vm_map_share_range(src_task, start, len, &object, &offset, &cur, &max);
	if (kr != KERN_SUCCESS)
		return kr;
	uintptr_t addr = anywhere ? 0 : *target_address;
	kr = vm_map_enter(map, &addr, len, anywhere, object, offset, cur, max, inheritance);
	if (kr != KERN_SUCCESS) {
		if (kr != KERN_NO_SPACE)	/* (vm_map_enter let go of it there) */
			vm_object_deallocate(object);
		return kr;
	}
	*target_address = addr + (src_address - start);
	*cur_protection = cur;
	*max_protection = max;
	return KERN_SUCCESS;
}

/*
 * mach_make_memory_entry: not there yet (no memory entries).
 *   Returns: KERN_NOT_SUPPORTED always; `parent_entry' is not kept.
 */
kern_return_t
mach_make_memory_entry(vm_map_t map, vm_size_t *size, vm_offset_t offset, vm_prot_t permission,
		       ipc_port_t *object_handle, ipc_port_t parent_entry)
{
	(void)map, (void)size, (void)offset, (void)permission, (void)object_handle;
	(void)parent_entry;
	return KERN_NOT_SUPPORTED;
}
