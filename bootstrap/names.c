// SPDX-License-Identifier: BSD-2-Clause
// The name service (bootstrap.defs 5000..5002): a table from service
// names to ports, as Mach's bootstrap and netname servers kept.
//
// A service is
//   DECLARED  by the configuration (--service=NAME): bootstrap made the
//             port and holds its receive right until the owner checks in;
//             look-ups already get send rights, and messages wait;
//   ACTIVE    checked in (the receive right went to the caller) or
//             registered (the caller gave a send right);
// and is forgotten when its port dies (a dead-name notification): the
// name is free again.  Bootstrap holds one send right (one user
// reference) per service for the port, and one dead-name request per
// port name.
#include <stdio.h>
#include <string.h>
#include <servers/bootstrap_types.h>
#include "bootstrap_private.h"

#define MAX_SERVICES 64

struct service {
	bool		used;
	bool		active;
	char		name[BOOTSTRAP_MAX_NAME_LEN];
	mach_port_t	port;		/* bootstrap's send right (and receive right while DECLARED) */
	const struct started_task *owner; /* DECLARED: who may check in; NULL: anyone */
};

static struct service services[MAX_SERVICES];

static struct service *service_find(const char *name)
{
	for (int i = 0; i < MAX_SERVICES; i++)
		if (services[i].used && strcmp(services[i].name, name) == 0)
			return &services[i];
	return NULL;
}

/* Ask for the notification that says the port named `port' died. */
static void watch_port(mach_port_t port)
{
	mach_port_t previous = MACH_PORT_NULL;

	if (mach_port_request_notification(mach_task_self(), port, MACH_NOTIFY_DEAD_NAME, 0,
					   bootstrap_notify_port, MACH_MSG_TYPE_MAKE_SEND_ONCE,
					   &previous) == KERN_SUCCESS &&
	    MACH_PORT_VALID(previous))
		(void)mach_port_deallocate(mach_task_self(), previous);	/* already asked */
}

/* A free slot named `name', or NULL when the table is full. */
static struct service *service_new(const char *name)
{
	for (int i = 0; i < MAX_SERVICES; i++) {
		struct service *s = &services[i];
		if (!s->used) {
			memset(s, 0, sizeof(*s));
			s->used = true;
			strncpy(s->name, name, sizeof(s->name) - 1);
			return s;
		}
	}
	return NULL;
}

/* A port with a receive right and one send right. */
static kern_return_t new_service_port(mach_port_t *port)
{
	kern_return_t kr = mach_port_allocate(mach_task_self(), MACH_PORT_RIGHT_RECEIVE, port);
	if (kr == KERN_SUCCESS)
		kr = mach_port_insert_right(mach_task_self(), *port, *port, MACH_MSG_TYPE_MAKE_SEND);
	return kr;
}

bool names_declare(const char *name, const struct started_task *owner)
{
	struct service *s = service_new(name);
	if (!s || new_service_port(&s->port) != KERN_SUCCESS) {
		if (s)
			s->used = false;
		printf("bootstrap: no room to declare service %s\n", name);
		return false;
	}
	s->owner = owner;
	return true;
}

bool names_port_died(mach_port_t port)
{
	bool any = false;

	for (int i = 0; i < MAX_SERVICES; i++) {
		struct service *s = &services[i];
		if (s->used && s->port == port) {
			(void)mach_port_deallocate(mach_task_self(), port);	/* its reference */
			s->used = false;
			any = true;
		}
	}
	return any;
}

kern_return_t do_bootstrap_check_in(mach_port_t bp, name_t service_name, mach_port_t *service_port)
{
	const struct started_task *caller = started_by_port(bp);
	struct service *s = service_find(service_name);

	if (service_name[0] == '\0')
		return KERN_INVALID_ARGUMENT;
	if (s && s->owner && s->owner != caller)
		return BOOTSTRAP_NOT_PRIVILEGED;
	if (s && s->active)
		return BOOTSTRAP_SERVICE_ACTIVE;
	if (!s) {
		s = service_new(service_name);
		if (!s)
			return BOOTSTRAP_NO_MEMORY;
		if (new_service_port(&s->port) != KERN_SUCCESS) {
			s->used = false;
			return BOOTSTRAP_NO_MEMORY;
		}
	}
	// The receive right leaves with the reply (MOVE_RECEIVE); our send
	// right stays, and dies with the port when the server ends.
	s->active = true;
	watch_port(s->port);
	*service_port = s->port;
	return KERN_SUCCESS;
}

kern_return_t do_bootstrap_register(mach_port_t bp, name_t service_name, mach_port_t service_port)
{
	(void)bp;
	if (service_name[0] == '\0' || !MACH_PORT_VALID(service_port))
		return KERN_INVALID_ARGUMENT;	/* the server loop destroys the right */
	if (service_find(service_name))
		return BOOTSTRAP_NAME_IN_USE;
	struct service *s = service_new(service_name);
	if (!s)
		return BOOTSTRAP_NO_MEMORY;
	s->port = service_port;			/* the send right the request brought */
	s->active = true;
	watch_port(service_port);
	return KERN_SUCCESS;
}

kern_return_t do_bootstrap_look_up(mach_port_t bp, name_t service_name, mach_port_t *service_port)
{
	(void)bp;
	struct service *s = service_find(service_name);
	if (!s)
		return BOOTSTRAP_UNKNOWN_SERVICE;
	*service_port = s->port;		/* COPY_SEND: ours stays */
	return KERN_SUCCESS;
}

/* bootstrap_service_name (5004): the index-th service in use, in table order. */
kern_return_t do_bootstrap_service_name(mach_port_t bp, int index, name_t service_name)
{
	(void)bp;
	for (int i = 0; i < MAX_SERVICES; i++) {
		if (!services[i].used)
			continue;
		if (index-- == 0) {
			strncpy(service_name, services[i].name, BOOTSTRAP_MAX_NAME_LEN - 1);
			service_name[BOOTSTRAP_MAX_NAME_LEN - 1] = 0;
			return KERN_SUCCESS;
		}
	}
	return BOOTSTRAP_UNKNOWN_SERVICE;
}
