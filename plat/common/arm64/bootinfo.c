/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the platform learnt at boot, in the shape the kernel asks for:
 * the memory regions, the command line, the platform's name. Both
 * aarch64 platforms fill it from their boot protocol (device tree,
 * VideoCore mailbox).
 */
#include <arm64/bootinfo.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/memory.h>
#include <uk/print.h>
#include <uk/string.h>

#define MAX_REGIONS	32
#define CMDLINE_MAX	4096

static struct ukplat_memregion regions[MAX_REGIONS];
static int nregions;
static char cmdline[CMDLINE_MAX];

const char *ukplat_cmdline(void)
{
	return cmdline;
}

const char *ukplat_name(void)
{
	return UK_PLAT_NAME;
}

const char *ukplat_arch(void)
{
	return UK_ARCH_NAME;
}

int ukplat_memregion_count(void)
{
	return nregions;
}

const struct ukplat_memregion *ukplat_memregion_get(int i)
{
	return (i >= 0 && i < nregions) ? &regions[i] : NULL;
}

static const struct uk_fdt *board_fdt;

void arm64_fdt_set(const struct uk_fdt *fdt)
{
	board_fdt = fdt;
}

const struct uk_fdt *arm64_fdt(void)
{
	return board_fdt;
}

void arm64_cmdline_set(const char *s, size_t len)
{
	if (len >= sizeof(cmdline)) {
		uk_pr_warn("command line longer than %d bytes, truncated\n",
			   CMDLINE_MAX - 1);
		len = sizeof(cmdline) - 1;
	}
	uk_memcpy(cmdline, s, len);
	cmdline[len] = '\0';
}

static void region_add(uint64_t base, uint64_t len, int type,
		       const char *name)
{
	if (!len)
		return;
	if (nregions == MAX_REGIONS) {
		uk_pr_warn("memory map: too many regions, %s at 0x%lx dropped\n",
			   name, base);
		return;
	}
	regions[nregions].base = base;
	regions[nregions].len = len;
	regions[nregions].type = type;
	regions[nregions].name = name;
	nregions++;
}

void arm64_mem_reserve(uint64_t base, uint64_t len, int type,
		       const char *name)
{
	uint64_t end = UK_ALIGN_UP(base + len, UK_PAGE_SIZE);

	base = UK_ALIGN_DOWN(base, UK_PAGE_SIZE);
	region_add(base, end - base, type, name);
}

/* Adds [base, end) minus the reserved regions from index @from on. */
static void ram_add(uint64_t base, uint64_t end, int from, int nreserved)
{
	for (int i = from; i < nreserved; i++) {
		const struct ukplat_memregion *r = &regions[i];
		uint64_t hb = r->base, he = r->base + r->len;

		if (he <= base || hb >= end)
			continue;
		if (hb > base)
			ram_add(base, hb, i + 1, nreserved);
		if (he < end)
			ram_add(he, end, i + 1, nreserved);
		return;
	}
	region_add(base, end - base, UKPLAT_MEMRT_FREE, "ram");
}

void arm64_mem_add_ram(uint64_t base, uint64_t len)
{
	uint64_t end = UK_ALIGN_DOWN(base + len, UK_PAGE_SIZE);
	int nreserved = 0;

	base = UK_ALIGN_UP(base, UK_PAGE_SIZE);
	/* keep page 0 unused: NULL dereferences must not hit live data */
	if (base < UK_PAGE_SIZE)
		base = UK_PAGE_SIZE;
	if (end <= base)
		return;
	for (int i = 0; i < nregions; i++)
		if (regions[i].type != UKPLAT_MEMRT_FREE)
			nreserved = i + 1;
	ram_add(base, end, 0, nreserved);
}
