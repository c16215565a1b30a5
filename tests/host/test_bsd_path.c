/* SPDX-License-Identifier: BSD-2-Clause */
/* bsd_server's paths made absolute from the working directory (bsd_server/path.c). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "path.h"

static const char *res(const char *cwd, const char *in)
{
	static char out[BSD_PATH_MAX];
	int e = bsd_path_resolve(cwd, in, out);
	return e == ENOENT ? "ENOENT" : e == ENAMETOOLONG ? "ENAMETOOLONG" : out;
}

TEST(absolute_paths_are_normalized)
{
	CHECK(strcmp(res("/x", "/a/b"), "/a/b") == 0);
	CHECK(strcmp(res("/x", "//a///b"), "/a/b") == 0);
	CHECK(strcmp(res("/x", "/a/./b/."), "/a/b") == 0);
	CHECK(strcmp(res("/x", "/"), "/") == 0);
	return 0;
}

TEST(relative_paths_start_at_the_working_directory)
{
	CHECK(strcmp(res("/w/x", "f"), "/w/x/f") == 0);
	CHECK(strcmp(res("/", "f"), "/f") == 0);
	CHECK(strcmp(res("/w/x", "."), "/w/x") == 0);
	return 0;
}

TEST(dot_dot_takes_one_component_back_and_stops_at_the_root)
{
	CHECK(strcmp(res("/w/x", ".."), "/w") == 0);
	CHECK(strcmp(res("/w/x", "../.."), "/") == 0);
	CHECK(strcmp(res("/w/x", "../../../.."), "/") == 0);
	CHECK(strcmp(res("/w/x", "../x/./rel.txt"), "/w/x/rel.txt") == 0);
	CHECK(strcmp(res("/", "/a/../b"), "/b") == 0);
	return 0;
}

TEST(a_final_slash_is_kept)
{
	CHECK(strcmp(res("/", "d/"), "/d/") == 0);
	CHECK(strcmp(res("/", "/a/b//"), "/a/b/") == 0);
	CHECK(strcmp(res("/", "//"), "/") == 0);
	return 0;
}

TEST(empty_and_too_long_paths_are_refused)
{
	CHECK(strcmp(res("/", ""), "ENOENT") == 0);
	static char big[BSD_PATH_MAX + 10];
	memset(big, 'a', sizeof(big) - 1);
	big[0] = '/';
	big[sizeof(big) - 1] = 0;
	CHECK(strcmp(res("/", big), "ENAMETOOLONG") == 0);
	return 0;
}

static const char *split(const char *path)
{
	static char out[BSD_PATH_MAX + BSD_NAME_MAX + 8];
	char parent[BSD_PATH_MAX], name[BSD_NAME_MAX + 1];
	int e = bsd_path_split(path, parent, name);
	if (e)
		return e == EINVAL ? "EINVAL" : e == ENOENT ? "ENOENT" : "ENAMETOOLONG";
	snprintf(out, sizeof(out), "%s|%s", parent, name);
	return out;
}

TEST(last_tells_a_name_from_dot_dot_dot_and_the_root)
{
	CHECK(bsd_path_last("a") == BSD_LAST_NAME);
	CHECK(bsd_path_last("/a/b/") == BSD_LAST_NAME);
	CHECK(bsd_path_last("") == BSD_LAST_NAME);
	CHECK(bsd_path_last("...") == BSD_LAST_NAME);
	CHECK(bsd_path_last(".x") == BSD_LAST_NAME);
	CHECK(bsd_path_last(".") == BSD_LAST_DOT);
	CHECK(bsd_path_last("./") == BSD_LAST_DOT);
	CHECK(bsd_path_last("/a/.") == BSD_LAST_DOT);
	CHECK(bsd_path_last("..") == BSD_LAST_DOTDOT);
	CHECK(bsd_path_last("a/..//") == BSD_LAST_DOTDOT);
	CHECK(bsd_path_last("/") == BSD_LAST_ROOT);
	CHECK(bsd_path_last("///") == BSD_LAST_ROOT);
	return 0;
}

TEST(split_gives_the_directory_and_the_last_name)
{
	CHECK(strcmp(split("/a/b/c"), "/a/b/|c") == 0);
	CHECK(strcmp(split("/a"), "/|a") == 0);
	CHECK(strcmp(split("/a/b/"), "/a/|b") == 0);
	CHECK(strcmp(split("a"), "/|a") == 0);
	return 0;
}

TEST(split_refuses_the_root_an_empty_path_and_long_names)
{
	CHECK(strcmp(split("/"), "EINVAL") == 0);
	CHECK(strcmp(split(""), "ENOENT") == 0);
	static char big[300];
	memset(big, 'n', sizeof(big) - 1);
	big[0] = '/';
	big[sizeof(big) - 1] = 0;
	CHECK(strcmp(split(big), "ENAMETOOLONG") == 0);
	return 0;
}
