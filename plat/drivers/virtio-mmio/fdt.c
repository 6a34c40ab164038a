/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-mmio devices from the device tree (aarch64 virt): every
 * "virtio,mmio" node with a reg and a GIC interrupt (three cells: type,
 * number, flags). QEMU lists 32 slots; the empty ones have device ID 0
 * and are skipped by virtio_mmio_add().
 */
#include <virtio/mmio.h>
#include <arm64/bootinfo.h>
#include <uk/fdt.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/errno.h>

#define GIC_SPI		0
#define GIC_PPI		1

/* The GIC interrupt ID of @node, or -1. */
static int node_irq(const struct uk_fdt *fdt, int node)
{
	const uint8_t *p;
	uint32_t type, num;
	int len;

	p = uk_fdt_getprop(fdt, node, "interrupts", &len);
	if (!p || len < 12)
		return -1;
	type = uk_fdt_be32(p);
	num = uk_fdt_be32(p + 4);
	if (type == GIC_SPI && num < 988)
		return 32 + (int)num;
	if (type == GIC_PPI && num < 16)
		return 16 + (int)num;
	return -1;
}

#define SLOTS_MAX	64

/*
 * QEMU virt gives the first -device the highest free slot address, so
 * the slots are added from the highest address down: the devices are
 * then numbered in command-line order.
 */
static int virtio_mmio_fdt_probe(void)
{
	const struct uk_fdt *fdt = arm64_fdt();
	struct { uint64_t base, size; int irq; } s[SLOTS_MAX], t;
	unsigned int n = 0;
	int node = -1;

	if (!fdt)
		return 0;
	while ((node = uk_fdt_node_by_compatible(fdt, node,
						 "virtio,mmio")) >= 0 &&
	       n < SLOTS_MAX) {
		if (uk_fdt_reg(fdt, node, 0, &s[n].base, &s[n].size) < 0) {
			uk_pr_warn("virtio,mmio node without a usable reg\n");
			continue;
		}
		s[n++].irq = node_irq(fdt, node);
	}
	for (unsigned int i = 1; i < n; i++)	/* insertion sort, down */
		for (unsigned int j = i; j > 0 && s[j].base > s[j - 1].base;
		     j--) {
			t = s[j];
			s[j] = s[j - 1];
			s[j - 1] = t;
		}
	for (unsigned int i = 0; i < n; i++)
		virtio_mmio_add(s[i].base, s[i].size, s[i].irq);
	return 0;
}
uk_initcall_prio(virtio_mmio_fdt_probe, 2, 8);
