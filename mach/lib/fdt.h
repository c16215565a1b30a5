/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A reader for flattened device trees (Devicetree Specification v0.4, ch. 5).
 * Nodes are named by their offset in the structure block; every function
 * checks its input against the blob's bounds, so a corrupt tree gives errors,
 * never wild reads.  Pure code: it is unit-tested on the host.
 */
#ifndef _LIB_FDT_H_
#define _LIB_FDT_H_
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

#define FDT_MAGIC	0xd00dfeed

struct fdt {
	const uint8_t	*blob;
	uint32_t	size;		/* totalsize */
	uint32_t	off_struct, size_struct;
	uint32_t	off_strings, size_strings;
	uint32_t	off_rsvmap;
};

/* fdt_init: check the header.  Returns 0, or -1 if this is no valid FDT. */
int fdt_init(struct fdt *fdt, const void *blob);
/* The total size a blob claims, from its header alone (0 if no FDT). */
uint32_t fdt_header_size(const void *blob);

/*
 * Nodes are offsets in the structure block; each of these returns -1 when
 * there is no such node (or the blob is corrupt there).
 */
/* fdt_root: the root node. */
int fdt_root(const struct fdt *fdt);
/* fdt_first_child, fdt_next_sibling: walk the children of a node. */
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
/* fdt_parent: the node containing `node' (found by a walk from the start; 32 levels at most). */
int fdt_parent(const struct fdt *fdt, int node);
/*
 * fdt_path: the node at `path' ("/cpus", "/soc/uart@10000000"); a
 * component without a unit address matches "name@unit" too (the first
 * such child).  "/" is the root.
 */
int fdt_path(const struct fdt *fdt, const char *path);
/* fdt_next_node: every node in document order after `node' (-1 at the end). */
int fdt_next_node(const struct fdt *fdt, int node);
/* fdt_find_compatible: the first node after `after' (-1: from the root) compatible with `compat'. */
int fdt_find_compatible(const struct fdt *fdt, int after, const char *compat);
/* fdt_find_phandle: the node whose "phandle" is `phandle'. */
int fdt_find_phandle(const struct fdt *fdt, uint32_t phandle);
/* fdt_name: a node's name with its unit address ("uart@10000000"; "" for the root or a bad node). */
const char *fdt_name(const struct fdt *fdt, int node);

/*
 * fdt_getprop: property `name' of `node' (its value, and its length in
 * *len if `len' is not NULL), or NULL if the node has none.
 */
const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, int *len);
/* fdt_prop_u32: the first cell of a property of at least 4 bytes; false if none. */
bool fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out);
/* A u32 or u64 (by the property's length). */
bool fdt_prop_u64(const struct fdt *fdt, int node, const char *name, uint64_t *out);
/* fdt_is_compatible: `compat' is one of the strings of the node's "compatible" list. */
bool fdt_is_compatible(const struct fdt *fdt, int node, const char *compat);
/* fdt_prop_string: a property that is a NUL-terminated string, or NULL. */
const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name);

/* fdt_reg: the index'th (address, size) of "reg", with the parent's cell sizes. */
bool fdt_reg(const struct fdt *fdt, int node, int index, uint64_t *addr, uint64_t *size);

/* The memory reservation block: entry `index', false past the end. */
bool fdt_rsv(const struct fdt *fdt, int index, uint64_t *addr, uint64_t *size);

static inline uint32_t fdt32(const void *p)
{
	const uint8_t *b = p;
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static inline uint64_t fdt64(const void *p)
{
	return (uint64_t)fdt32(p) << 32 | fdt32((const uint8_t *)p + 4);
}

#endif /* _LIB_FDT_H_ */
