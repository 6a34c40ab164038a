/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Flattened device tree reader. Every read goes through tag_at(), which
 * checks the token against the structure block's bounds; strings go
 * through string_at(), which checks the strings block's. Offsets only
 * grow during a walk, so every loop ends.
 */
#include <uk/fdt.h>
#include <uk/string.h>
#include <uk/errno.h>

#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

#define HDR_V16_SIZE	36
#define HDR_V17_SIZE	40
#define RSV_ENTRY_SIZE	16

static uint32_t hdr(const uint8_t *b, int field)
{
	return uk_fdt_be32(b + 4 * field);
}

/* True when [off, off + len) lies inside [0, size). */
static bool in_bounds(uint32_t off, uint32_t len, uint32_t size)
{
	return off <= size && len <= size - off;
}

int uk_fdt_init(struct uk_fdt *fdt, const void *blob, size_t maxlen)
{
	const uint8_t *b = blob;
	uint32_t total, version, hsize;

	/* @blob may be at address 0 (a Raspberry Pi boot under QEMU) */
	if (maxlen < HDR_V16_SIZE || hdr(b, 0) != UK_FDT_MAGIC)
		return -UK_EINVAL;
	total = hdr(b, 1);
	version = hdr(b, 5);
	/* readers of version 16 and 17 blobs understand both */
	if (version < 16 || hdr(b, 6) > 17)
		return -UK_EINVAL;
	hsize = version >= 17 ? HDR_V17_SIZE : HDR_V16_SIZE;
	/* offsets are ints: refuse blobs of 2 GiB or more */
	if (total < hsize || total > maxlen || total > INT32_MAX)
		return -UK_EINVAL;
	fdt->blob = b;
	fdt->size = total;
	fdt->off_struct = hdr(b, 2);
	fdt->off_strings = hdr(b, 3);
	fdt->off_rsvmap = hdr(b, 4);
	fdt->size_strings = hdr(b, 8);
	fdt->size_struct = version >= 17 ? hdr(b, 9)
		: (fdt->off_struct <= total ? total - fdt->off_struct : 0);
	if (fdt->off_struct % 4 || fdt->off_rsvmap % 8 ||
	    fdt->off_struct < hsize || fdt->off_rsvmap < hsize ||
	    !in_bounds(fdt->off_struct, fdt->size_struct, total) ||
	    !in_bounds(fdt->off_strings, fdt->size_strings, total) ||
	    !in_bounds(fdt->off_rsvmap, RSV_ENTRY_SIZE, total))
		return -UK_EINVAL;
	return 0;
}

uint32_t uk_fdt_used_size(const struct uk_fdt *fdt)
{
	uint32_t end = HDR_V17_SIZE, off = fdt->off_rsvmap;

	while (in_bounds(off, RSV_ENTRY_SIZE, fdt->size)) {
		off += RSV_ENTRY_SIZE;
		if (!uk_fdt_be64(fdt->blob + off - 16) &&
		    !uk_fdt_be64(fdt->blob + off - 8))
			break;
	}
	end = UK_MAX(end, off);
	end = UK_MAX(end, fdt->off_struct + fdt->size_struct);
	end = UK_MAX(end, fdt->off_strings + fdt->size_strings);
	return end;
}

int uk_fdt_rsvmap_get(const struct uk_fdt *fdt, int i, uint64_t *base,
		      uint64_t *size)
{
	uint32_t off = fdt->off_rsvmap;

	if (i < 0)
		return -UK_ENOENT;
	for (int n = 0;; n++, off += RSV_ENTRY_SIZE) {
		const uint8_t *e = fdt->blob + off;

		if (!in_bounds(off, RSV_ENTRY_SIZE, fdt->size))
			return -UK_EINVAL;	/* no terminating entry */
		if (!uk_fdt_be64(e) && !uk_fdt_be64(e + 8))
			return -UK_ENOENT;
		if (n == i) {
			*base = uk_fdt_be64(e);
			*size = uk_fdt_be64(e + 8);
			return 0;
		}
	}
}

static const uint8_t *sblock(const struct uk_fdt *fdt)
{
	return fdt->blob + fdt->off_struct;
}

/*
 * The token at structure offset @off: returns it and the offset of the
 * next one in *@next, or -EINVAL when it does not fit in the block.
 */
static int tag_at(const struct uk_fdt *fdt, int off, int *next)
{
	const uint8_t *s = sblock(fdt);
	uint32_t size = fdt->size_struct, tag, len, end;

	if (off < 0 || off % 4 || !in_bounds(off, 4, size))
		return -UK_EINVAL;
	tag = uk_fdt_be32(s + off);
	switch (tag) {
	case FDT_BEGIN_NODE:
		/* the name is NUL-terminated inside the block */
		for (end = off + 4; end < size && s[end]; end++)
			;
		if (end >= size)
			return -UK_EINVAL;
		end++;
		break;
	case FDT_PROP:
		if (!in_bounds(off, 12, size))
			return -UK_EINVAL;
		len = uk_fdt_be32(s + off + 4);
		if (!in_bounds(off + 12, len, size))
			return -UK_EINVAL;
		end = off + 12 + len;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		end = off + 4;
		break;
	default:
		return -UK_EINVAL;
	}
	*next = (int)UK_ALIGN_UP(end, 4U);
	return tag;
}

static bool has_char(const char *s, char c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == c)
			return true;
	return false;
}

/* The NUL-terminated string at @nameoff in the strings block, or NULL. */
static const char *string_at(const struct uk_fdt *fdt, uint32_t nameoff)
{
	const char *s = (const char *)fdt->blob + fdt->off_strings;

	if (nameoff >= fdt->size_strings ||
	    !has_char(s + nameoff, '\0', fdt->size_strings - nameoff))
		return NULL;
	return s + nameoff;
}

/* Offset of the first token after node @off's name, or -EINVAL. */
static int node_body(const struct uk_fdt *fdt, int off)
{
	int next;

	if (tag_at(fdt, off, &next) != FDT_BEGIN_NODE)
		return -UK_EINVAL;
	return next;
}

int uk_fdt_next_node(const struct uk_fdt *fdt, int off, int *depth)
{
	bool from_root = off < 0;
	int next, tag, d = 0;

	if (from_root) {
		next = 0;
	} else {
		next = node_body(fdt, off);
		if (next < 0)
			return next;
	}
	for (;;) {
		off = next;
		tag = tag_at(fdt, off, &next);
		if (from_root && tag != FDT_NOP && tag != FDT_BEGIN_NODE)
			return -UK_EINVAL;
		switch (tag) {
		case FDT_PROP:
		case FDT_NOP:
			break;
		case FDT_BEGIN_NODE:
			if (depth)
				*depth = from_root ? 0 : *depth + d + 1;
			return off;
		case FDT_END_NODE:
			if (--d < -UK_FDT_MAX_DEPTH - 1)
				return -UK_EINVAL;
			break;
		case FDT_END:
			return -UK_ENOENT;
		default:
			return -UK_EINVAL;
		}
	}
}

int uk_fdt_first_child(const struct uk_fdt *fdt, int off)
{
	int depth = 0, n = uk_fdt_next_node(fdt, off, &depth);

	if (n < 0)
		return n;
	return depth == 1 ? n : -UK_ENOENT;
}

int uk_fdt_next_sibling(const struct uk_fdt *fdt, int off)
{
	int depth = 0;

	for (;;) {
		off = uk_fdt_next_node(fdt, off, &depth);
		if (off < 0)
			return off;
		if (depth == 0)
			return off;
		if (depth < 0)
			return -UK_ENOENT;
	}
}

int uk_fdt_parent(const struct uk_fdt *fdt, int off)
{
	int stack[UK_FDT_MAX_DEPTH + 1];
	int depth = 0, n;

	for (n = uk_fdt_next_node(fdt, -1, &depth); n >= 0;
	     n = uk_fdt_next_node(fdt, n, &depth)) {
		if (depth < 0 || depth > UK_FDT_MAX_DEPTH)
			return -UK_EINVAL;
		stack[depth] = n;
		if (n == off)
			return depth > 0 ? stack[depth - 1] : -UK_ENOENT;
		if (n > off)
			break;
	}
	return n < 0 && n != -UK_ENOENT ? n : -UK_EINVAL;
}

const char *uk_fdt_node_name(const struct uk_fdt *fdt, int off)
{
	if (node_body(fdt, off) < 0)
		return NULL;
	return (const char *)sblock(fdt) + off + 4;
}

/* Does node name @name match path component [c, c + len)? */
static bool name_matches(const char *name, const char *c, size_t len)
{
	if (uk_strncmp(name, c, len))
		return false;
	if (!name[len])
		return true;
	/* "memory" matches "memory@40000000" unless a unit was given */
	return name[len] == '@' && !has_char(c, '@', len);
}

static int path_from(const struct uk_fdt *fdt, int node, const char *p)
{
	while (*p) {
		const char *end;
		int child;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		for (end = p; *end && *end != '/'; end++)
			;
		for (child = uk_fdt_first_child(fdt, node); child >= 0;
		     child = uk_fdt_next_sibling(fdt, child)) {
			const char *name = uk_fdt_node_name(fdt, child);

			if (name && name_matches(name, p, end - p))
				break;
		}
		if (child < 0)
			return child;
		node = child;
		p = end;
	}
	return node;
}

int uk_fdt_path_offset(const struct uk_fdt *fdt, const char *path)
{
	int root = uk_fdt_next_node(fdt, -1, NULL);
	int aliases, len;
	const char *end, *alias;

	if (root < 0 || !path)
		return root < 0 ? root : -UK_EINVAL;
	if (path[0] == '/')
		return path_from(fdt, root, path);
	/* "serial0/..." : the alias's value (a full path), then the rest */
	aliases = path_from(fdt, root, "/aliases");
	if (aliases < 0)
		return aliases;
	for (end = path; *end && *end != '/'; end++)
		;
	for (int off = node_body(fdt, aliases), next, tag;
	     off >= 0; off = next) {
		tag = tag_at(fdt, off, &next);
		if (tag != FDT_PROP && tag != FDT_NOP)
			return tag == FDT_BEGIN_NODE || tag == FDT_END_NODE
			       ? -UK_ENOENT : -UK_EINVAL;
		if (tag == FDT_NOP)
			continue;
		alias = string_at(fdt, uk_fdt_be32(sblock(fdt) + off + 8));
		if (!alias)
			return -UK_EINVAL;
		if (uk_strncmp(alias, path, end - path) || alias[end - path])
			continue;
		len = uk_fdt_be32(sblock(fdt) + off + 4);
		alias = (const char *)sblock(fdt) + off + 12;
		if (len < 2 || alias[0] != '/' || alias[len - 1])
			return -UK_EINVAL;
		root = path_from(fdt, root, alias);
		return root < 0 ? root : path_from(fdt, root, end);
	}
	return -UK_EINVAL;
}

const void *uk_fdt_getprop(const struct uk_fdt *fdt, int off,
			   const char *name, int *lenp)
{
	int next, tag, err = -UK_ENOENT;
	const char *pname;

	off = node_body(fdt, off);
	for (; off >= 0; off = next) {
		tag = tag_at(fdt, off, &next);
		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP) {
			/* properties come before the first child node */
			if (tag != FDT_BEGIN_NODE && tag != FDT_END_NODE)
				err = -UK_EINVAL;
			break;
		}
		pname = string_at(fdt, uk_fdt_be32(sblock(fdt) + off + 8));
		if (!pname) {
			err = -UK_EINVAL;
			break;
		}
		if (!uk_strcmp(pname, name)) {
			if (lenp)
				*lenp = uk_fdt_be32(sblock(fdt) + off + 4);
			return sblock(fdt) + off + 12;
		}
	}
	if (off < 0)
		err = -UK_EINVAL;
	if (lenp)
		*lenp = err;
	return NULL;
}

const char *uk_fdt_getprop_str(const struct uk_fdt *fdt, int off,
			       const char *name)
{
	int len;
	const char *v = uk_fdt_getprop(fdt, off, name, &len);

	if (!v || len < 1 || v[len - 1])
		return NULL;
	return v;
}

uint32_t uk_fdt_getprop_u32(const struct uk_fdt *fdt, int off,
			    const char *name, uint32_t dflt)
{
	int len;
	const void *v = uk_fdt_getprop(fdt, off, name, &len);

	return v && len == 4 ? uk_fdt_be32(v) : dflt;
}

bool uk_fdt_prop_has_string(const struct uk_fdt *fdt, int off,
			    const char *name, const char *str)
{
	int len, n;
	const char *v = uk_fdt_getprop(fdt, off, name, &len);

	if (!v)
		return false;
	while (len > 0) {
		for (n = 0; n < len && v[n]; n++)
			;
		if (n == len)
			return false;	/* unterminated: malformed */
		if (!uk_strcmp(v, str))
			return true;
		v += n + 1;
		len -= n + 1;
	}
	return false;
}

int uk_fdt_node_by_compatible(const struct uk_fdt *fdt, int start,
			      const char *compat)
{
	int off = start;

	for (;;) {
		off = uk_fdt_next_node(fdt, off, NULL);
		if (off < 0)
			return off;
		if (uk_fdt_prop_has_string(fdt, off, "compatible", compat))
			return off;
	}
}

uint64_t uk_fdt_cells(const void *p, int n)
{
	return n == 2 ? uk_fdt_be64(p) : uk_fdt_be32(p);
}

int uk_fdt_reg(const struct uk_fdt *fdt, int off, int i, uint64_t *base,
	       uint64_t *size)
{
	int parent = uk_fdt_parent(fdt, off);
	uint32_t ac, sc;
	const uint8_t *v;
	int len, entry;

	if (parent < 0 && parent != -UK_ENOENT)
		return parent;
	if (parent < 0)
		parent = off;	/* the root's own reg: its own cells */
	ac = uk_fdt_getprop_u32(fdt, parent, "#address-cells", 2);
	sc = uk_fdt_getprop_u32(fdt, parent, "#size-cells", 1);
	if (ac < 1 || ac > 2 || sc > 2)
		return -UK_EINVAL;
	v = uk_fdt_getprop(fdt, off, "reg", &len);
	if (!v)
		return len;
	entry = (ac + sc) * 4;
	if (i < 0 || len / entry <= i)
		return -UK_ENOENT;
	v += i * entry;
	*base = uk_fdt_cells(v, ac);
	*size = sc ? uk_fdt_cells(v + ac * 4, sc) : 0;
	return 0;
}
