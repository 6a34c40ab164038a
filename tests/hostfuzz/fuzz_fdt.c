/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the device-tree reader (libuk/fdt/fdt.c) on any
 * bytes. The blob is walked the way the boards and drivers walk it
 * (every node, its name, parent, properties, reg entries, the reserved
 * map, paths and aliases). Besides the sanitizers' checks: offsets of a
 * walk grow, and every pointer returned lies inside the blob.
 */
#include <uk/fdt.h>
#include <uk/string.h>
#include "shim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *lo, *hi;

static void inside(const void *p, size_t len, const char *what)
{
	const uint8_t *b = p;

	if (b < lo || b > hi || len > (size_t)(hi - b))
		shim_fail("%s: %zu bytes at %p outside the blob [%p, %p)\n",
			  what, len, p, lo, hi);
}

static void props(const struct uk_fdt *fdt, int node)
{
	static const char *const names[] = {
		"compatible", "reg", "#address-cells", "#size-cells",
		"bootargs", "linux,initrd-start", "linux,initrd-end",
		"interrupts", "status", "device_type", "stdout-path",
	};
	uint64_t base, size;
	const char *s;
	int len;

	for (unsigned int i = 0; i < UK_ARRAY_SIZE(names); i++) {
		const void *v = uk_fdt_getprop(fdt, node, names[i], &len);

		if (v)
			inside(v, len < 0 ? 0 : (size_t)len, names[i]);
		s = uk_fdt_getprop_str(fdt, node, names[i]);
		if (s)
			inside(s, uk_strlen(s) + 1, "string property");
		uk_fdt_getprop_u32(fdt, node, names[i], 0);
	}
	uk_fdt_prop_has_string(fdt, node, "compatible", "virtio,mmio");
	for (int i = 0; i < 4; i++)
		if (uk_fdt_reg(fdt, node, i, &base, &size) < 0)
			break;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
		"/", "/chosen", "/memory", "/memory@40000000", "serial0",
		"/soc/serial@7e201000", "ttyS0/x", "/a/b/c/d",
	};
	struct uk_fdt fdt;
	uint64_t rb, rs;
	int off, prev = -1, depth = 0, n = 0;
	const char *name;

	lo = data;
	hi = data + size;
	if (uk_fdt_init(&fdt, data, size) < 0)
		return 0;
	if (uk_fdt_used_size(&fdt) > size)
		shim_fail("used size %u > blob size %zu\n",
			  uk_fdt_used_size(&fdt), size);
	for (int i = 0; i < 64; i++)
		if (uk_fdt_rsvmap_get(&fdt, i, &rb, &rs) < 0)
			break;
	for (off = uk_fdt_next_node(&fdt, -1, &depth); off >= 0;
	     off = uk_fdt_next_node(&fdt, off, &depth)) {
		if (off <= prev)
			shim_fail("walk went back: %d after %d\n", off, prev);
		prev = off;
		name = uk_fdt_node_name(&fdt, off);
		if (name)
			inside(name, uk_strlen(name) + 1, "node name");
		uk_fdt_parent(&fdt, off);
		uk_fdt_first_child(&fdt, off);
		uk_fdt_next_sibling(&fdt, off);
		props(&fdt, off);
		if (++n > 4096)
			break;
	}
	for (unsigned int i = 0; i < UK_ARRAY_SIZE(paths); i++) {
		off = uk_fdt_path_offset(&fdt, paths[i]);
		if (off >= 0)
			props(&fdt, off);
	}
	for (off = -1, n = 0; n < 64; n++) {
		off = uk_fdt_node_by_compatible(&fdt, off, "arm,pl011");
		if (off < 0)
			break;
	}
	return 0;
}
