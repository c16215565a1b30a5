/* SPDX-License-Identifier: BSD-2-Clause */
/* The flattened device tree reader (see lib/fdt.h). */
#include "lib/fdt.h"
#include "lib/string.h"

#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

#define ALIGN4(x)	(((x) + 3u) & ~3u)

uint32_t
fdt_header_size(const void *blob)
{
	if (!blob || fdt32(blob) != FDT_MAGIC)
		return 0;
	return fdt32((const uint8_t *)blob + 4);
}

int
fdt_init(struct fdt *fdt, const void *blob)
{
	const uint8_t *h = blob;

	if (!blob || fdt32(h) != FDT_MAGIC)
		return -1;
	fdt->blob = h;
	fdt->size = fdt32(h + 4);
	fdt->off_struct = fdt32(h + 8);
	fdt->off_strings = fdt32(h + 12);
	fdt->off_rsvmap = fdt32(h + 16);
	fdt->size_strings = fdt32(h + 32);
	fdt->size_struct = fdt32(h + 36);
	if (fdt32(h + 20) < 17 || fdt->size < 40 ||
	    fdt->off_struct > fdt->size || fdt->size_struct > fdt->size - fdt->off_struct ||
	    fdt->off_strings > fdt->size || fdt->size_strings > fdt->size - fdt->off_strings ||
	    fdt->off_rsvmap > fdt->size)
		return -1;
	return 0;
}

/* The token at structure offset `off', or FDT_END if out of bounds. */
static uint32_t
token(const struct fdt *fdt, int off)
{
	if (off < 0 || (uint32_t)off + 4 > fdt->size_struct || (off & 3))
		return FDT_END;
	return fdt32(fdt->blob + fdt->off_struct + off);
}

/*
 * Offset just past the token at `off' (and its payload), or -1 when the
 * payload runs past the structure block.
 */
static int
skip_token(const struct fdt *fdt, int off)
{
	const uint8_t *s = fdt->blob + fdt->off_struct;
	uint32_t left;

	switch (token(fdt, off)) {
	case FDT_BEGIN_NODE: {
		left = fdt->size_struct - (uint32_t)off - 4;
		size_t len = strnlen((const char *)s + off + 4, left);
		if (len == left)
			return -1;
		return (int)ALIGN4((uint32_t)off + 4 + (uint32_t)len + 1);
	}
	case FDT_PROP: {
		if ((uint32_t)off + 12 > fdt->size_struct)
			return -1;
		uint32_t len = fdt32(s + off + 4);
		left = fdt->size_struct - (uint32_t)off - 12;
		if (len > left)
			return -1;
		return (int)ALIGN4((uint32_t)off + 12 + len);
	}
	case FDT_END_NODE:
	case FDT_NOP:
		return off + 4;
	default:
		return -1;
	}
}

const char *
fdt_name(const struct fdt *fdt, int node)
{
	if (token(fdt, node) != FDT_BEGIN_NODE || skip_token(fdt, node) < 0)
		return "";
	return (const char *)fdt->blob + fdt->off_struct + node + 4;
}

int
fdt_root(const struct fdt *fdt)
{
	int off = 0;

	while (token(fdt, off) == FDT_NOP)
		off += 4;
	return token(fdt, off) == FDT_BEGIN_NODE ? off : -1;
}

/* Offset after the node starting at `node', including all its children. */
static int
skip_node(const struct fdt *fdt, int node)
{
	int depth = 0, off = node;

	do {
		uint32_t t = token(fdt, off);
		if (t == FDT_BEGIN_NODE)
			depth++;
		else if (t == FDT_END_NODE)
			depth--;
		off = skip_token(fdt, off);
		if (off < 0)
			return -1;
	} while (depth > 0);
	return off;
}

/* The first BEGIN_NODE at or after `off' at this level, or -1 at END_NODE. */
static int
node_at(const struct fdt *fdt, int off)
{
	while (off >= 0) {
		uint32_t t = token(fdt, off);
		if (t == FDT_BEGIN_NODE)
			return off;
		if (t != FDT_PROP && t != FDT_NOP)
			return -1;
		off = skip_token(fdt, off);
	}
	return -1;
}

int
fdt_first_child(const struct fdt *fdt, int node)
{
	if (token(fdt, node) != FDT_BEGIN_NODE)
		return -1;
	return node_at(fdt, skip_token(fdt, node));
}

int
fdt_next_sibling(const struct fdt *fdt, int node)
{
	if (token(fdt, node) != FDT_BEGIN_NODE)
		return -1;
	return node_at(fdt, skip_node(fdt, node));
}

int
fdt_next_node(const struct fdt *fdt, int node)
{
	int off = skip_token(fdt, node);

	while (off >= 0) {
		uint32_t t = token(fdt, off);
		if (t == FDT_BEGIN_NODE)
			return off;
		if (t == FDT_END)
			return -1;
		off = skip_token(fdt, off);
	}
	return -1;
}

int
fdt_parent(const struct fdt *fdt, int node)
{
	int stack[32], depth = 0;

	for (int off = 0; off >= 0 && off < node;) {
		uint32_t t = token(fdt, off);
		if (t == FDT_BEGIN_NODE) {
			if (depth == 32)
				return -1;
			stack[depth++] = off;
		} else if (t == FDT_END_NODE) {
			if (depth == 0)
				return -1;
			depth--;
		} else if (t == FDT_END) {
			return -1;
		}
		off = skip_token(fdt, off);
	}
	return depth ? stack[depth - 1] : -1;
}

int
fdt_path(const struct fdt *fdt, const char *path)
{
	int node = fdt_root(fdt);

	while (node >= 0 && *path) {
		while (*path == '/')
			path++;
		if (!*path)
			break;
		size_t len = 0;
		while (path[len] && path[len] != '/')
			len++;
		/* Match "name" exactly, or "name@unit" when no unit was given. */
		bool has_unit = false;
		for (size_t i = 0; i < len; i++)
			has_unit |= path[i] == '@';
		int child;
		for (child = fdt_first_child(fdt, node); child >= 0;
		     child = fdt_next_sibling(fdt, child)) {
			const char *n = fdt_name(fdt, child);
			if (strncmp(n, path, len) == 0 &&
			    (n[len] == '\0' || (n[len] == '@' && !has_unit)))
				break;
		}
		node = child;
		path += len;
	}
	return node;
}

const void *
fdt_getprop(const struct fdt *fdt, int node, const char *name, int *lenp)
{
	if (token(fdt, node) != FDT_BEGIN_NODE)
		return 0;
	const uint8_t *s = fdt->blob + fdt->off_struct;
	for (int off = skip_token(fdt, node); off >= 0; off = skip_token(fdt, off)) {
		uint32_t t = token(fdt, off);
		if (t == FDT_NOP)
			continue;
		if (t != FDT_PROP)
			return 0;
		if (skip_token(fdt, off) < 0)
			return 0;
		uint32_t len = fdt32(s + off + 4), nameoff = fdt32(s + off + 8);
		if (nameoff >= fdt->size_strings)
			return 0;
		const char *pname = (const char *)fdt->blob + fdt->off_strings + nameoff;
		size_t max = fdt->size_strings - nameoff;
		if (strnlen(pname, max) < max && strcmp(pname, name) == 0) {
			if (lenp)
				*lenp = (int)len;
			return s + off + 12;
		}
	}
	return 0;
}

bool
fdt_prop_u32(const struct fdt *fdt, int node, const char *name, uint32_t *out)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len < 4)
		return false;
	*out = fdt32(p);
	return true;
}

bool
fdt_prop_u64(const struct fdt *fdt, int node, const char *name, uint64_t *out)
{
	int len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p || (len != 4 && len != 8))
		return false;
	*out = len == 8 ? fdt64(p) : fdt32(p);
	return true;
}

const char *
fdt_prop_string(const struct fdt *fdt, int node, const char *name)
{
	int len;
	const char *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len <= 0 || p[len - 1] != '\0')
		return 0;
	return p;
}

bool
fdt_is_compatible(const struct fdt *fdt, int node, const char *compat)
{
	int len;
	const char *p = fdt_getprop(fdt, node, "compatible", &len);

	/* "compatible" is a list of NUL-terminated strings. */
	while (p && len > 0) {
		size_t n = strnlen(p, (size_t)len);
		if (n == (size_t)len)
			return false;
		if (strcmp(p, compat) == 0)
			return true;
		p += n + 1;
		len -= (int)n + 1;
	}
	return false;
}

int
fdt_find_compatible(const struct fdt *fdt, int after, const char *compat)
{
	int node = after < 0 ? fdt_root(fdt) : fdt_next_node(fdt, after);

	for (; node >= 0; node = fdt_next_node(fdt, node))
		if (fdt_is_compatible(fdt, node, compat))
			return node;
	return -1;
}

int
fdt_find_phandle(const struct fdt *fdt, uint32_t phandle)
{
	for (int node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node)) {
		uint32_t ph;
		if (fdt_prop_u32(fdt, node, "phandle", &ph) && ph == phandle)
			return node;
	}
	return -1;
}

static uint64_t
read_cells(const uint8_t *p, uint32_t cells)
{
	return cells == 2 ? fdt64(p) : cells == 1 ? fdt32(p) : 0;
}

bool
fdt_reg(const struct fdt *fdt, int node, int index, uint64_t *addr, uint64_t *size)
{
	uint32_t ac = 2, sc = 1;
	int parent = fdt_parent(fdt, node), len;

	if (parent >= 0) {
		fdt_prop_u32(fdt, parent, "#address-cells", &ac);
		fdt_prop_u32(fdt, parent, "#size-cells", &sc);
	}
	if (ac < 1 || ac > 2 || sc > 2)
		return false;
	const uint8_t *p = fdt_getprop(fdt, node, "reg", &len);
	uint32_t stride = (ac + sc) * 4;
	if (!p || index < 0 || len < 0 || (uint32_t)(index + 1) * stride > (uint32_t)len)
		return false;
	p += (uint32_t)index * stride;
	*addr = read_cells(p, ac);
	*size = read_cells(p + ac * 4, sc);
	return true;
}

bool
fdt_rsv(const struct fdt *fdt, int index, uint64_t *addr, uint64_t *size)
{
	uint64_t off = fdt->off_rsvmap + (uint64_t)index * 16;

	if (index < 0 || off + 16 > fdt->size)
		return false;
	*addr = fdt64(fdt->blob + off);
	*size = fdt64(fdt->blob + off + 8);
	return *addr || *size;		/* the list ends with a zero entry */
}
