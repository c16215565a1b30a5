/* SPDX-License-Identifier: BSD-2-Clause */
/* Loading the device trees QEMU dumped at build time (tests/host/CMakeLists.txt). */
#ifndef _TESTS_HOST_DTB_FILE_H_
#define _TESTS_HOST_DTB_FILE_H_
#include <stdio.h>
#include <stdlib.h>

/* Read $MACHRV_DTB_DIR/name into malloc'd memory; NULL (and a message) on error. */
static inline void *
load_dtb(const char *name, long *size)
{
	const char *dir = getenv("MACHRV_DTB_DIR");
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : ".", name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		printf("  cannot open %s\n", path);
		return NULL;
	}
	fseek(f, 0, SEEK_END);
	*size = ftell(f);
	rewind(f);
	void *buf = malloc((size_t)*size);
	if (fread(buf, 1, (size_t)*size, f) != (size_t)*size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}
#endif
