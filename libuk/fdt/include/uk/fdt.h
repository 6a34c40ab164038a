/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small, bounds-checked reader of flattened device trees (the DTB a
 * boot loader or QEMU hands to the kernel; devicetree specification
 * v0.4, chapter 5).
 *
 * Contract:
 * - uk_fdt_init() validates the header against the number of bytes the
 *   caller knows to be readable; every later access stays inside the
 *   structure and strings blocks it accepted. A malformed blob makes a
 *   call return -EINVAL (never a read outside the blob, never a crash).
 * - Node offsets are byte offsets of a FDT_BEGIN_NODE token from the
 *   start of the structure block, as in libfdt; they are >= 0.
 *   Errors are negative errno values: -ENOENT (no such node or
 *   property), -EINVAL (malformed blob).
 * - Returned pointers point into the blob; property values are
 *   big-endian, use uk_fdt_be32/uk_fdt_be64 or uk_fdt_cells().
 * - Nothing is allocated and nothing is written; no locking is needed.
 */
#ifndef UK_FDT_H
#define UK_FDT_H

#include <uk/essentials.h>

#define UK_FDT_MAGIC		0xd00dfeed
/* Deepest node nesting accepted (the root is depth 0). */
#define UK_FDT_MAX_DEPTH	32

struct uk_fdt {
	const uint8_t *blob;
	uint32_t size;		/* totalsize from the header */
	uint32_t off_struct, size_struct;
	uint32_t off_strings, size_strings;
	uint32_t off_rsvmap;
};

/* Reads a big-endian value at @p (any alignment). */
static inline uint32_t uk_fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return ((uint32_t)b[0] << 24) | ((uint32_t)b[1] << 16) |
	       ((uint32_t)b[2] << 8) | b[3];
}

static inline uint64_t uk_fdt_be64(const void *p)
{
	return ((uint64_t)uk_fdt_be32(p) << 32) |
	       uk_fdt_be32((const uint8_t *)p + 4);
}

/*
 * Checks the header of the blob at @blob, of which @maxlen bytes are
 * readable (the caller vouches for that; @blob may be address 0, where
 * some boot loaders put it), and fills @fdt. Returns 0, or -EINVAL
 * when the magic, the version (16 or later) or any block's bounds are
 * wrong.
 */
int uk_fdt_init(struct uk_fdt *fdt, const void *blob, size_t maxlen);

/* Bytes the blob really uses (header, reservations, both blocks). */
uint32_t uk_fdt_used_size(const struct uk_fdt *fdt);

/*
 * Memory reservation @i (from the blob's reservation block): 0 and
 * *base, *size; -ENOENT past the last one.
 */
int uk_fdt_rsvmap_get(const struct uk_fdt *fdt, int i, uint64_t *base,
		      uint64_t *size);

/*
 * The node after @off in document order; @off < 0 gives the root and
 * sets *@depth to 0. Otherwise *@depth (may be NULL) changes by the
 * nesting difference: +1 for a child, 0 for a sibling, -1 for a sibling
 * of the parent... Returns the offset, -ENOENT at the end of the tree,
 * -EINVAL on a malformed structure block.
 */
int uk_fdt_next_node(const struct uk_fdt *fdt, int off, int *depth);

/* First child / next sibling of @off: offset, -ENOENT or -EINVAL. */
int uk_fdt_first_child(const struct uk_fdt *fdt, int off);
int uk_fdt_next_sibling(const struct uk_fdt *fdt, int off);

/* Parent of @off (walks from the root): offset, -ENOENT for the root. */
int uk_fdt_parent(const struct uk_fdt *fdt, int off);

/* Name of node @off ("" for the root, "memory@40000000" ...) or NULL. */
const char *uk_fdt_node_name(const struct uk_fdt *fdt, int off);

/*
 * Node at @path ("/", "/chosen", "/soc/serial@7e201000"); a component
 * without a unit address also matches "name@unit". A path not starting
 * with '/' is looked up in /aliases first. Offset, -ENOENT or -EINVAL.
 */
int uk_fdt_path_offset(const struct uk_fdt *fdt, const char *path);

/*
 * Property @name of node @off: its value (pointer into the blob) and
 * its length in *@len (may be NULL); NULL when absent or malformed, with
 * the error in *@len when @len is not NULL.
 */
const void *uk_fdt_getprop(const struct uk_fdt *fdt, int off,
			   const char *name, int *len);

/* A string property, checked to be NUL-terminated; NULL otherwise. */
const char *uk_fdt_getprop_str(const struct uk_fdt *fdt, int off,
			       const char *name);

/* A 32-bit cell property; @dflt when absent or not 4 bytes long. */
uint32_t uk_fdt_getprop_u32(const struct uk_fdt *fdt, int off,
			    const char *name, uint32_t dflt);

/* True when the string-list property @name of @off contains @str. */
bool uk_fdt_prop_has_string(const struct uk_fdt *fdt, int off,
			    const char *name, const char *str);

/*
 * The next node after @start (< 0: from the root) whose "compatible"
 * list contains @compat: offset, -ENOENT or -EINVAL.
 */
int uk_fdt_node_by_compatible(const struct uk_fdt *fdt, int start,
			      const char *compat);

/*
 * Entry @i of node @off's "reg" property, decoded with the parent's
 * #address-cells and #size-cells (default 2 and 1; at most 2 each):
 * 0, -ENOENT past the last entry, -EINVAL when malformed.
 */
int uk_fdt_reg(const struct uk_fdt *fdt, int off, int i, uint64_t *base,
	       uint64_t *size);

/* Reads @n (1 or 2) big-endian cells at @p as one number. */
uint64_t uk_fdt_cells(const void *p, int n);

#endif /* UK_FDT_H */
