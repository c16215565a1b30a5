// SPDX-License-Identifier: BSD-2-Clause
// Credentials: real, effective and saved ids and groups, with BSD's rules.
#include <sys/types.h>
#include "bt.h"

BTEST(processes_start_as_root)
{
	CHECK(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0, "ids");
	return 0;
}

BTEST(root_setuid_sets_the_real_effective_and_saved_uid)
{
	CHECK(setuid(1000) == 0, "setuid");
	CHECK(getuid() == 1000 && geteuid() == 1000, "uid %d euid %d", getuid(), geteuid());
	CHECK(seteuid(0) == -1 && errno == EPERM, "the saved uid went too");
	return 0;
}

BTEST(an_ordinary_user_may_not_setuid_to_another_user)
{
	CHECK(setuid(1000) == 0, "setuid");
	CHECK(setuid(1001) == -1 && errno == EPERM, "to another");
	CHECK(setuid(0) == -1 && errno == EPERM, "to root");
	CHECK(setuid(1000) == 0, "to itself");
	return 0;
}

BTEST(seteuid_moves_between_the_real_and_saved_uid)
{
	CHECK(setreuid(1000, 1001) == 0, "setreuid as root");
	/* real 1000, effective 1001, saved 1001 */
	CHECK(getuid() == 1000 && geteuid() == 1001, "uid %d euid %d", getuid(), geteuid());
	CHECK(seteuid(1000) == 0 && geteuid() == 1000, "to the real uid");
	CHECK(seteuid(1001) == 0 && geteuid() == 1001, "back to the saved uid");
	CHECK(seteuid(1002) == -1 && errno == EPERM, "to neither");
	return 0;
}

BTEST(setgid_and_setegid_follow_the_same_rules)
{
	CHECK(setgid(50) == 0 && getgid() == 50 && getegid() == 50, "root setgid");
	CHECK(setuid(1000) == 0, "drop root");
	CHECK(setgid(51) == -1 && errno == EPERM, "setgid to another");
	CHECK(setegid(51) == -1 && errno == EPERM, "setegid to another");
	CHECK(setegid(50) == 0, "to its own");
	return 0;
}

BTEST(setgroups_needs_root_and_getgroups_returns_them)
{
	gid_t set[3] = { 5, 6, 7 }, got[8];
	CHECK(setgroups(3, set) == 0, "setgroups");
	CHECK(getgroups(0, NULL) == 3, "count");
	CHECK(getgroups(8, got) == 3 && got[0] == 5 && got[2] == 7, "groups");
	CHECK(getgroups(2, got) == -1 && errno == EINVAL, "too small a buffer");
	CHECK(setuid(1000) == 0, "drop root");
	CHECK(setgroups(1, set) == -1 && errno == EPERM, "not root");
	return 0;
}

BTEST(credentials_are_inherited_across_fork)
{
	CHECK(setgid(60) == 0 && setuid(1000) == 0, "drop root");
	pid_t pid = fork();
	if (pid == 0)
		_exit(getuid() == 1000 && geteuid() == 1000 && getgid() == 60 ? 0 : 1);
	CHECK(bt_wait(pid) == 0, "the child's ids");
	return 0;
}
