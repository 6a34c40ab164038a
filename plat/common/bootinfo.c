/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the board learnt at boot, in the shape the kernel asks for
 * (uk/plat/memory.h, uk/plat/bootstrap.h): the memory regions, the
 * command line, the platform's name; and, for the drivers, the device
 * tree or the board's fixed devices. Every board fills it from its boot
 * protocol (PVH start info, device tree, VideoCore mailbox) through
 * plat/common.h.
 */
#include <uk/plat/bootstrap.h>
#include <uk/plat/memory.h>
#include <uk/print.h>
#include <uk/string.h>
#include <plat/common.h>

#define MAX_REGIONS	32
#define CMDLINE_MAX	4096

static struct ukplat_memregion regions[MAX_REGIONS];
static int nregions;
static const char *cmdline = "";
static char cmdline_buf[CMDLINE_MAX];
static const struct uk_fdt *fdt;
static const struct plat_fixed_dev *fixed;
static int nfixed;

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

void plat_cmdline_set(const char *s)
{
	cmdline = s;
}

void plat_cmdline_copy(const char *s, size_t len)
{
	if (len >= sizeof(cmdline_buf)) {
		uk_pr_warn("command line longer than %d bytes, truncated\n",
			   CMDLINE_MAX - 1);
		len = sizeof(cmdline_buf) - 1;
	}
	uk_memcpy(cmdline_buf, s, len);
	cmdline_buf[len] = '\0';
	cmdline = cmdline_buf;
}

void plat_fdt_set(const struct uk_fdt *f)
{
	fdt = f;
}

const struct uk_fdt *plat_fdt(void)
{
	return fdt;
}

void plat_fixed_devs_set(const struct plat_fixed_dev *devs, int n)
{
	fixed = devs;
	nfixed = n;
}

const struct plat_fixed_dev *plat_fixed_dev(const char *compatible)
{
	for (int i = 0; i < nfixed; i++)
		if (!uk_strcmp(fixed[i].compatible, compatible))
			return &fixed[i];
	return NULL;
}

void plat_memregion_add(uint64_t base, uint64_t len, int type,
			const char *name)
{
	if (!len)
		return;
	if (nregions == MAX_REGIONS) {
		uk_pr_warn("memory map: too many regions, %s at 0x%lx dropped\n",
			   name, base);
		return;
	}
	regions[nregions++] = (struct ukplat_memregion){ base, len, type,
							 name };
}

void plat_mem_reserve(uint64_t base, uint64_t len, int type,
		      const char *name)
{
	uint64_t end = UK_ALIGN_UP(base + len, UK_PAGE_SIZE);

	base = UK_ALIGN_DOWN(base, UK_PAGE_SIZE);
	plat_memregion_add(base, end - base, type, name);
}

/* Adds [base, end) minus the reserved regions from index @from on. */
static void ram_add(uint64_t base, uint64_t end, int from, int nreserved)
{
	for (int i = from; i < nreserved; i++) {
		const struct ukplat_memregion *r = &regions[i];
		uint64_t hb = UK_ALIGN_DOWN(r->base, UK_PAGE_SIZE);
		uint64_t he = UK_ALIGN_UP(r->base + r->len, UK_PAGE_SIZE);

		if (r->type == UKPLAT_MEMRT_FREE || he <= base || hb >= end)
			continue;
		if (hb > base)
			ram_add(base, hb, i + 1, nreserved);
		if (he < end)
			ram_add(he, end, i + 1, nreserved);
		return;
	}
	plat_memregion_add(base, end - base, UKPLAT_MEMRT_FREE, "ram");
}

void plat_mem_add_ram(uint64_t base, uint64_t len)
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
