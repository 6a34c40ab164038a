/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PVH start info, read into the boot information (plat/common):
 * memory map, modules (the initrd), command line, ACPI RSDP. Everything
 * in it comes from the loader: every structure it points at is read
 * through pvh_phys(), which refuses what the kernel cannot read, and
 * every address computation is checked for wrap-around; structures are
 * copied out, as the loader may not have aligned them. Also built on
 * the host, as a libFuzzer target (tests/hostfuzz/fuzz_pvh.c).
 */
#include <uk/plat/memory.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <x86/cpu.h>
#include <plat/common.h>
#include <acpi/acpi.h>
#include "pvh.h"

#define FOUR_GIB	(4ULL << 30)
#define CMDLINE_MAX	(1024 * 1024)	/* a sanity bound, not a buffer */
#define MODULES_MAX	8
/* E820 maps have at most 128 entries (what Linux's boot ABI holds) */
#define MEMMAP_MAX	128

/* The command line at @paddr: kept (not copied) and reserved. */
static void cmdline_get(uint64_t paddr)
{
	uint64_t room = paddr < FOUR_GIB ? FOUR_GIB - paddr : 0;
	size_t max = UK_MIN(room, (uint64_t)CMDLINE_MAX), len;
	const char *cmdline = pvh_phys(paddr, max);

	if (!cmdline) {
		uk_pr_err("command line at 0x%lx cannot be read; ignored\n",
			  (unsigned long)paddr);
		return;
	}
	len = uk_strnlen(cmdline, max);
	if (len == max) {
		uk_pr_err("command line not terminated within %lu bytes; ignored\n",
			  (unsigned long)max);
		return;
	}
	/* the boot reads it later: keep its pages out of the heap */
	plat_cmdline_set(cmdline);
	plat_mem_reserve(paddr, len + 1, UKPLAT_MEMRT_RESERVED, "cmdline");
}

/* The modules; the first one is the initrd (libuk/vfs reads it). */
static void modules_get(const struct pvh_start_info *si)
{
	uint32_t n = UK_MIN(si->nr_modules, (uint32_t)MODULES_MAX);
	const struct pvh_module *list;
	struct pvh_module m;

	if (!n)
		return;
	list = pvh_phys(si->modlist_paddr, (uint64_t)n * sizeof(m));
	if (!list) {
		uk_pr_err("PVH module list at 0x%lx cannot be read; ignored\n",
			  (unsigned long)si->modlist_paddr);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		uk_memcpy(&m, list + i, sizeof(m));
		if (!m.size)
			continue;
		if (!pvh_phys(m.paddr, m.size)) {
			uk_pr_err("PVH module %u at 0x%lx (%lu bytes) cannot be read; ignored\n",
				  i, (unsigned long)m.paddr,
				  (unsigned long)m.size);
			continue;
		}
		plat_memregion_add(m.paddr, m.size, UKPLAT_MEMRT_INITRD,
				   "initrd");
	}
}

/* The RAM entries of the memory map; 0 or -EINVAL when there is none. */
static int memmap_get(const struct pvh_start_info *si)
{
	uint32_t n = si->memmap_entries;
	const struct pvh_memmap_entry *map;
	struct pvh_memmap_entry e;

	if (si->version < 1 || !si->memmap_paddr || !n)
		return -UK_EINVAL;
	if (n > MEMMAP_MAX) {
		uk_pr_warn("PVH memory map: %u entries, the first %u used\n",
			   n, MEMMAP_MAX);
		n = MEMMAP_MAX;
	}
	map = pvh_phys(si->memmap_paddr, (uint64_t)n * sizeof(e));
	if (!map)
		return -UK_EINVAL;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t base, end;

		uk_memcpy(&e, map + i, sizeof(e));
		/* an entry reaching past 2^64 is malformed: dropped */
		if (e.type != PVH_MEMMAP_RAM ||
		    e.addr > UINT64_MAX - e.size ||
		    e.addr > UINT64_MAX - (UK_PAGE_SIZE - 1))
			continue;
		base = UK_ALIGN_UP(e.addr, UK_PAGE_SIZE);
		end = UK_ALIGN_DOWN(e.addr + e.size, UK_PAGE_SIZE);
		/* the first megabyte is unmapped after boot (mmu.c) */
		if (base < X86_LOW_END)
			base = X86_LOW_END;
		if (end <= base)
			continue;
		/* the boot page tables map the first 4 GiB; the rest here */
		if (end > FOUR_GIB) {
			uint64_t low = base > FOUR_GIB ? base : FOUR_GIB;
			uint64_t top = x86_mmu_map_ram(low, end);

			if (top < end)
				uk_pr_warn("RAM 0x%lx-0x%lx is not used: %s\n",
					   top, end, top == low ?
					   "the CPU has no 1 GiB pages" :
					   "beyond 512 GiB");
			end = top;
			if (end <= base)
				continue;
		}
		plat_mem_add_ram(base, end - base);
	}
	return 0;
}

int pvh_parse(uint64_t si_paddr, uint64_t image_start, uint64_t image_end)
{
	const void *p = pvh_phys(si_paddr, sizeof(struct pvh_start_info));
	struct pvh_start_info s, *si = &s;

	if (p)
		uk_memcpy(&s, p, sizeof(s));
	if (!p || si->magic != PVH_START_MAGIC) {
		uk_pr_crit("PVH start info at 0x%lx: %s\n",
			   (unsigned long)si_paddr,
			   p ? "bad magic" : "cannot be read");
		return -UK_EINVAL;
	}
	acpi_rsdp_set(si->rsdp_paddr);
	if (si->cmdline_paddr)
		cmdline_get(si->cmdline_paddr);
	plat_mem_reserve(image_start, image_end - image_start,
			 UKPLAT_MEMRT_KERNEL, "image");
	/* an unmapped gap between the image and the heap (mmu.c) */
	plat_mem_reserve(UK_ALIGN_UP(image_end, UK_PAGE_SIZE), X86_HEAP_GAP,
			 UKPLAT_MEMRT_RESERVED, "gap");
	modules_get(si);
	if (memmap_get(si) < 0) {
		uk_pr_crit("PVH start info has no usable memory map (version %u, %u entries at 0x%lx)\n",
			   si->version, si->memmap_entries,
			   (unsigned long)si->memmap_paddr);
		return -UK_EINVAL;
	}
	return 0;
}
