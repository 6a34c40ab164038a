/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device-tree reader: lookups on a well-formed blob, and truncated
 * or corrupted blobs (header fields, structure tokens, every byte
 * flipped) that must give errors, never pointers outside the blob.
 */
#include <uk/test.h>
#include <uk/fdt.h>
#include <uk/errno.h>
#include <uk/string.h>

#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_END		9

/* ---- a small blob builder ---- */

static uint8_t st[1024], strs[256], blob[2048];
static uint32_t st_len, strs_len, blob_len;

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void tok(uint32_t v)
{
	put32(st + st_len, v);
	st_len += 4;
}

static void bytes(const void *p, uint32_t n)
{
	uk_memcpy(st + st_len, p, n);
	st_len += n;
	while (st_len % 4)
		st[st_len++] = 0;
}

static void begin(const char *name)
{
	tok(FDT_BEGIN_NODE);
	bytes(name, uk_strlen(name) + 1);
}

static uint32_t string_off(const char *name)
{
	uint32_t off = 0;

	while (off < strs_len) {
		if (!uk_strcmp((char *)strs + off, name))
			return off;
		off += uk_strlen((char *)strs + off) + 1;
	}
	uk_memcpy(strs + strs_len, name, uk_strlen(name) + 1);
	strs_len += uk_strlen(name) + 1;
	return off;
}

static void prop(const char *name, const void *val, uint32_t len)
{
	tok(FDT_PROP);
	tok(len);
	tok(string_off(name));
	bytes(val, len);
}

static void prop_str(const char *name, const char *s)
{
	prop(name, s, uk_strlen(s) + 1);
}

static void prop_cells(const char *name, const uint32_t *c, int n)
{
	uint8_t v[64];

	for (int i = 0; i < n; i++)
		put32(v + 4 * i, c[i]);
	prop(name, v, 4 * n);
}

/* Offsets of the finished blob's blocks. */
#define OFF_RSV		40
#define OFF_STRUCT	(OFF_RSV + 32)

static void finish(void)
{
	uint32_t off_strings = OFF_STRUCT + st_len;

	uk_memset(blob, 0, sizeof(blob));
	blob_len = off_strings + strs_len;
	put32(blob + 0, UK_FDT_MAGIC);
	put32(blob + 4, blob_len);
	put32(blob + 8, OFF_STRUCT);
	put32(blob + 12, off_strings);
	put32(blob + 16, OFF_RSV);
	put32(blob + 20, 17);
	put32(blob + 24, 16);
	put32(blob + 32, strs_len);
	put32(blob + 36, st_len);
	/* one reservation, then the terminator */
	put32(blob + OFF_RSV + 4, 0x1000);
	put32(blob + OFF_RSV + 12, 0x2000);
	uk_memcpy(blob + OFF_STRUCT, st, st_len);
	uk_memcpy(blob + off_strings, strs, strs_len);
}

/*
 * / { #address-cells = <2>; #size-cells = <2>;
 *     chosen { bootargs = "a -- b"; };
 *     aliases { serial0 = "/soc/uart@1000"; };
 *     memory@40000000 { device_type = "memory";
 *                       reg = <0 0x40000000 0 0x8000000  1 0 0 0x1000000>; };
 *     soc { #address-cells = <1>; #size-cells = <1>;
 *           uart@1000 { compatible = "x,other", "arm,pl011"; reg = <0x1000 0x100>; };
 *           uart@2000 { compatible = "arm,pl011"; reg = <0x2000 0x100>; }; }; };
 */
static void build(void)
{
	static const uint32_t two = 2, one = 1;
	static const uint32_t memreg[] = { 0, 0x40000000, 0, 0x8000000,
					   1, 0, 0, 0x1000000 };
	static const uint32_t reg1[] = { 0x1000, 0x100 }, reg2[] = { 0x2000,
								     0x100 };
	static const char compat1[] = "x,other\0arm,pl011";

	st_len = strs_len = 0;
	begin("");
	prop_cells("#address-cells", &two, 1);
	prop_cells("#size-cells", &two, 1);
	begin("chosen");
	prop_str("bootargs", "a -- b");
	tok(FDT_END_NODE);
	begin("aliases");
	prop_str("serial0", "/soc/uart@1000");
	tok(FDT_END_NODE);
	begin("memory@40000000");
	prop_str("device_type", "memory");
	prop_cells("reg", memreg, 8);
	tok(FDT_END_NODE);
	begin("soc");
	prop_cells("#address-cells", &one, 1);
	prop_cells("#size-cells", &one, 1);
	begin("uart@1000");
	prop("compatible", compat1, sizeof(compat1));
	prop_cells("reg", reg1, 2);
	tok(FDT_END_NODE);
	begin("uart@2000");
	prop_str("compatible", "arm,pl011");
	prop_cells("reg", reg2, 2);
	tok(FDT_END_NODE);
	tok(FDT_END_NODE);
	tok(FDT_END_NODE);
	tok(FDT_END);
	finish();
}

static const char *name_of(const struct uk_fdt *f, int off)
{
	const char *n = uk_fdt_node_name(f, off);

	return n ? n : "(none)";
}

/* ---- a well-formed blob ---- */

UK_TESTCASE(fdt, header_is_accepted)
{
	struct uk_fdt f;

	build();
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	UK_TEST_EXPECT_EQ(uk_fdt_used_size(&f), blob_len);
	/* more readable bytes than the blob needs are fine */
	UK_TEST_EXPECT_EQ(uk_fdt_init(&f, blob, sizeof(blob)), 0);
}

UK_TESTCASE(fdt, paths_and_properties)
{
	struct uk_fdt f;
	int off, len;
	const char *s;

	build();
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	UK_TEST_EXPECT_EQ(uk_fdt_path_offset(&f, "/"), 0);
	off = uk_fdt_path_offset(&f, "/chosen");
	UK_TEST_ASSERT(off > 0);
	UK_TEST_EXPECT_STR_EQ(name_of(&f, off), "chosen");
	s = uk_fdt_getprop(&f, off, "bootargs", &len);
	UK_TEST_EXPECT_STR_EQ(s, "a -- b");
	UK_TEST_EXPECT_EQ(len, 7);
	UK_TEST_EXPECT_NULL(uk_fdt_getprop(&f, off, "nothing", &len));
	UK_TEST_EXPECT_EQ(len, -UK_ENOENT);
	UK_TEST_EXPECT_EQ(uk_fdt_getprop_u32(&f, off, "nothing", 77), 77);
	/* a name without unit address matches name@unit */
	off = uk_fdt_path_offset(&f, "/memory");
	UK_TEST_EXPECT_STR_EQ(name_of(&f, off), "memory@40000000");
	off = uk_fdt_path_offset(&f, "/soc/uart@2000");
	UK_TEST_EXPECT_STR_EQ(name_of(&f, off), "uart@2000");
	UK_TEST_EXPECT_EQ(uk_fdt_path_offset(&f, "/soc/uart@3000"),
			  -UK_ENOENT);
	UK_TEST_EXPECT_EQ(uk_fdt_path_offset(&f, "/nope"), -UK_ENOENT);
	/* an alias */
	off = uk_fdt_path_offset(&f, "serial0");
	UK_TEST_EXPECT_EQ(off, uk_fdt_path_offset(&f, "/soc/uart@1000"));
	UK_TEST_EXPECT_EQ(uk_fdt_path_offset(&f, "serial9"), -UK_ENOENT);
}

UK_TESTCASE(fdt, walk_and_compatible)
{
	static const char *const order[] = { "", "chosen", "aliases",
		"memory@40000000", "soc", "uart@1000", "uart@2000" };
	static const int depths[] = { 0, 1, 1, 1, 1, 2, 2 };
	struct uk_fdt f;
	int off, depth = 0, n = 0, soc;

	build();
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	for (off = uk_fdt_next_node(&f, -1, &depth); off >= 0;
	     off = uk_fdt_next_node(&f, off, &depth), n++) {
		UK_TEST_ASSERT(n < 7);
		UK_TEST_EXPECT_STR_EQ(name_of(&f, off), order[n]);
		UK_TEST_EXPECT_EQ(depth, depths[n]);
	}
	UK_TEST_EXPECT_EQ(off, -UK_ENOENT);
	UK_TEST_EXPECT_EQ(n, 7);

	soc = uk_fdt_path_offset(&f, "/soc");
	off = uk_fdt_first_child(&f, soc);
	UK_TEST_EXPECT_STR_EQ(name_of(&f, off), "uart@1000");
	UK_TEST_EXPECT_EQ(uk_fdt_parent(&f, off), soc);
	off = uk_fdt_next_sibling(&f, off);
	UK_TEST_EXPECT_STR_EQ(name_of(&f, off), "uart@2000");
	UK_TEST_EXPECT_EQ(uk_fdt_next_sibling(&f, off), -UK_ENOENT);
	UK_TEST_EXPECT_EQ(uk_fdt_parent(&f, 0), -UK_ENOENT);

	/* the second string of a list counts */
	off = uk_fdt_node_by_compatible(&f, -1, "arm,pl011");
	UK_TEST_EXPECT_STR_EQ(name_of(&f, off), "uart@1000");
	off = uk_fdt_node_by_compatible(&f, off, "arm,pl011");
	UK_TEST_EXPECT_STR_EQ(name_of(&f, off), "uart@2000");
	UK_TEST_EXPECT_EQ(uk_fdt_node_by_compatible(&f, off, "arm,pl011"),
			  -UK_ENOENT);
	UK_TEST_EXPECT(!uk_fdt_prop_has_string(&f, off, "compatible", "arm"));
}

UK_TESTCASE(fdt, reg_and_reservations)
{
	struct uk_fdt f;
	uint64_t base, size;
	int off;

	build();
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	off = uk_fdt_path_offset(&f, "/memory");
	UK_TEST_ASSERT_EQ(uk_fdt_reg(&f, off, 0, &base, &size), 0);
	UK_TEST_EXPECT_UEQ(base, 0x40000000);
	UK_TEST_EXPECT_UEQ(size, 0x8000000);
	UK_TEST_ASSERT_EQ(uk_fdt_reg(&f, off, 1, &base, &size), 0);
	UK_TEST_EXPECT_UEQ(base, 0x100000000ULL);
	UK_TEST_EXPECT_UEQ(size, 0x1000000);
	UK_TEST_EXPECT_EQ(uk_fdt_reg(&f, off, 2, &base, &size), -UK_ENOENT);
	/* one cell each under /soc */
	off = uk_fdt_path_offset(&f, "/soc/uart@2000");
	UK_TEST_ASSERT_EQ(uk_fdt_reg(&f, off, 0, &base, &size), 0);
	UK_TEST_EXPECT_UEQ(base, 0x2000);
	UK_TEST_EXPECT_UEQ(size, 0x100);

	UK_TEST_ASSERT_EQ(uk_fdt_rsvmap_get(&f, 0, &base, &size), 0);
	UK_TEST_EXPECT_UEQ(base, 0x1000);
	UK_TEST_EXPECT_UEQ(size, 0x2000);
	UK_TEST_EXPECT_EQ(uk_fdt_rsvmap_get(&f, 1, &base, &size), -UK_ENOENT);
}

/* ---- truncated and corrupted blobs ---- */

UK_TESTCASE(fdt, truncated_blobs_are_refused)
{
	struct uk_fdt f;
	int accepted = 0;

	build();
	/* fewer readable bytes than totalsize: always refused */
	for (uint32_t len = 0; len < blob_len; len++)
		if (uk_fdt_init(&f, blob, len) == 0)
			accepted++;
	UK_TEST_EXPECT_EQ(accepted, 0);
	/* a totalsize that cuts the strings block */
	put32(blob + 4, blob_len - 1);
	UK_TEST_EXPECT_EQ(uk_fdt_init(&f, blob, blob_len), -UK_EINVAL);
}

/* Sets header word @field to @v and expects uk_fdt_init to refuse it. */
static void expect_bad_header(int field, uint32_t v)
{
	struct uk_fdt f;

	build();
	put32(blob + 4 * field, v);
	if (uk_fdt_init(&f, blob, blob_len) != -UK_EINVAL)
		uk_test_fail(__FILE__, __LINE__,
			     "header word %d = 0x%x was accepted", field, v);
}

UK_TESTCASE(fdt, corrupted_headers_are_refused)
{
	expect_bad_header(0, 0xd00dfeee);	/* magic */
	expect_bad_header(1, 0xffffffff);	/* totalsize past the buffer */
	expect_bad_header(2, 0xfffffff0);	/* struct offset */
	expect_bad_header(2, OFF_STRUCT + 2);	/* misaligned */
	expect_bad_header(3, 0x7ffffff0);	/* strings offset */
	expect_bad_header(4, 0xfffffff8);	/* reservation map */
	expect_bad_header(5, 15);		/* version */
	expect_bad_header(6, 18);		/* last compatible version */
	expect_bad_header(8, 0xffffffff);	/* strings size: wraps */
	expect_bad_header(9, 0xffffffc0);	/* struct size: wraps */
}

/* The structure-block offset of the first property named @name. */
static uint32_t prop_offset(const char *name)
{
	uint32_t nameoff = string_off(name);

	for (uint32_t o = 0; o + 12 <= st_len; o += 4)
		if (uk_fdt_be32(st + o) == FDT_PROP &&
		    uk_fdt_be32(st + o + 8) == nameoff)
			return o;
	return 0;
}

UK_TESTCASE(fdt, corrupted_structures_give_errors)
{
	struct uk_fdt f;
	int len, chosen, off;
	uint32_t p;

	/* a property longer than the structure block */
	build();
	p = OFF_STRUCT + prop_offset("bootargs");
	put32(blob + p + 4, 0x7fffffff);
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	chosen = uk_fdt_path_offset(&f, "/chosen");
	UK_TEST_EXPECT_GT(chosen, 0);
	UK_TEST_EXPECT_NULL(uk_fdt_getprop(&f, chosen, "bootargs", &len));
	UK_TEST_EXPECT_EQ(len, -UK_EINVAL);
	/* nothing after it can be reached */
	UK_TEST_EXPECT_EQ(uk_fdt_path_offset(&f, "/soc"), -UK_EINVAL);

	/* a property name outside the strings block */
	build();
	p = OFF_STRUCT + prop_offset("bootargs");
	put32(blob + p + 8, strs_len + 100);
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	chosen = uk_fdt_path_offset(&f, "/chosen");
	UK_TEST_EXPECT_NULL(uk_fdt_getprop(&f, chosen, "bootargs", &len));
	UK_TEST_EXPECT_EQ(len, -UK_EINVAL);

	/* an unknown token */
	build();
	p = OFF_STRUCT + prop_offset("bootargs");
	put32(blob + p, 0x77);
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	chosen = uk_fdt_path_offset(&f, "/chosen");
	UK_TEST_EXPECT_NULL(uk_fdt_getprop(&f, chosen, "bootargs", &len));
	UK_TEST_EXPECT_EQ(len, -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_fdt_path_offset(&f, "/soc"), -UK_EINVAL);

	/* the structure block ends inside a node name (no NUL) */
	build();
	put32(blob + 36, 6);
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	UK_TEST_EXPECT_EQ(uk_fdt_next_node(&f, -1, NULL), 0);
	UK_TEST_EXPECT_NULL(uk_fdt_node_name(&f, 4));
	put32(blob + 36, 4);
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	UK_TEST_EXPECT_EQ(uk_fdt_next_node(&f, -1, NULL), -UK_EINVAL);

	/* no FDT_END: the walk stops at the block's end with an error */
	build();
	put32(blob + 36, st_len - 4);
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	UK_TEST_EXPECT_EQ(uk_fdt_node_by_compatible(&f, -1, "none"),
			  -UK_EINVAL);

	/* the strings block's last string has no NUL */
	build();
	put32(blob + 32, strs_len - 1);
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	off = uk_fdt_path_offset(&f, "/soc/uart@2000");
	UK_TEST_EXPECT(!uk_fdt_prop_has_string(&f, off, "compatible",
					       "arm,pl011"));

	/* an offset that is not a node */
	build();
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	UK_TEST_EXPECT_NULL(uk_fdt_node_name(&f, 8));
	UK_TEST_EXPECT_EQ(uk_fdt_next_node(&f, 1 << 20, NULL), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_fdt_first_child(&f, 2), -UK_EINVAL);
}

UK_TESTCASE(fdt, bad_cells_and_deep_nesting)
{
	static const uint32_t three = 3;
	struct uk_fdt f;
	uint64_t base, size;
	int off;

	st_len = strs_len = 0;
	begin("");
	prop_cells("#address-cells", &three, 1);
	begin("dev@0");
	prop_cells("reg", &three, 1);
	tok(FDT_END_NODE);
	for (int i = 0; i < UK_FDT_MAX_DEPTH + 2; i++)
		begin("n");
	for (int i = 0; i < UK_FDT_MAX_DEPTH + 2; i++)
		tok(FDT_END_NODE);
	tok(FDT_END_NODE);
	tok(FDT_END);
	finish();
	UK_TEST_ASSERT_EQ(uk_fdt_init(&f, blob, blob_len), 0);
	off = uk_fdt_path_offset(&f, "/dev@0");
	UK_TEST_ASSERT(off > 0);
	UK_TEST_EXPECT_EQ(uk_fdt_reg(&f, off, 0, &base, &size), -UK_EINVAL);
	/* the deepest node's parent is too deep to be tracked */
	off = uk_fdt_path_offset(&f, "/n");
	UK_TEST_ASSERT(off > 0);
	while (uk_fdt_first_child(&f, off) >= 0)
		off = uk_fdt_first_child(&f, off);
	UK_TEST_EXPECT_EQ(uk_fdt_parent(&f, off), -UK_EINVAL);
}

/* ---- every byte corrupted ---- */

static bool inside(const void *p, size_t len)
{
	const uint8_t *b = p;

	return b >= blob && len <= blob_len && b + len <= blob + blob_len;
}

/* Runs every lookup; returns false when a result points outside. */
static bool exercise(const struct uk_fdt *f)
{
	static const char *const paths[] = { "/", "/chosen", "/memory",
		"/soc/uart@1000", "serial0", "/soc/uart" };
	uint64_t base, size;
	int off, len, depth = 0;
	const char *s;

	for (off = uk_fdt_next_node(f, -1, &depth); off >= 0;
	     off = uk_fdt_next_node(f, off, &depth)) {
		s = uk_fdt_node_name(f, off);
		if (s && !inside(s, uk_strlen(s) + 1))
			return false;
		s = uk_fdt_getprop(f, off, "compatible", &len);
		if (s && (len < 0 || !inside(s, len)))
			return false;
		s = uk_fdt_getprop_str(f, off, "device_type");
		if (s && !inside(s, uk_strlen(s) + 1))
			return false;
		uk_fdt_reg(f, off, 0, &base, &size);
		uk_fdt_parent(f, off);
		uk_fdt_next_sibling(f, off);
	}
	for (unsigned int i = 0; i < UK_ARRAY_SIZE(paths); i++)
		uk_fdt_path_offset(f, paths[i]);
	uk_fdt_node_by_compatible(f, -1, "arm,pl011");
	for (int i = 0; i < 4; i++)
		uk_fdt_rsvmap_get(f, i, &base, &size);
	return uk_fdt_used_size(f) <= f->size;
}

UK_TESTCASE(fdt, every_byte_flipped)
{
	static const uint8_t flips[] = { 0x01, 0x04, 0x80, 0xff };
	struct uk_fdt f;
	uint32_t len;
	int escaped = 0, runs = 0;

	build();
	len = blob_len;
	for (uint32_t i = 0; i < len; i++) {
		for (unsigned int j = 0; j < UK_ARRAY_SIZE(flips); j++) {
			build();
			blob[i] ^= flips[j];
			if (uk_fdt_init(&f, blob, len) < 0)
				continue;
			runs++;
			if (!exercise(&f))
				escaped++;
		}
	}
	uk_test_diag("%d corrupted blobs passed the header check", runs);
	UK_TEST_EXPECT_GT(runs, 100);
	UK_TEST_EXPECT_EQ(escaped, 0);
}

UK_TEST_MAIN()
