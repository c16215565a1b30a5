/* SPDX-License-Identifier: BSD-2-Clause */
/* The C types and return codes of the bootstrap interface
 * (<servers/bootstrap.defs>), with the numbers XNU's bootstrap uses. */
#ifndef _SERVERS_BOOTSTRAP_TYPES_H_
#define _SERVERS_BOOTSTRAP_TYPES_H_

#define BOOTSTRAP_MAX_NAME_LEN		128	/* with the NUL */

typedef char name_t[BOOTSTRAP_MAX_NAME_LEN];	/* a name the server gets, or out */
typedef const char *const_name_t;		/* a name a caller passes in */

#define BOOTSTRAP_SUCCESS		0
#define BOOTSTRAP_NOT_PRIVILEGED	1100	/* the name belongs to another task */
#define BOOTSTRAP_NAME_IN_USE		1101	/* register: the name is taken */
#define BOOTSTRAP_UNKNOWN_SERVICE	1102	/* look_up: no such name */
#define BOOTSTRAP_SERVICE_ACTIVE	1103	/* check_in: already checked in */
#define BOOTSTRAP_BAD_COUNT		1104
#define BOOTSTRAP_NO_MEMORY		1105	/* the name table is full */

#endif /* _SERVERS_BOOTSTRAP_TYPES_H_ */
