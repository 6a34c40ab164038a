/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64-kvm early C: reads the PVH start info into the platform's own
 * copies (command line, memory regions) and hands over to the kernel.
 * Nothing the loader left in low memory is used after this, so all of
 * it can go to the allocator.
 */
#include <uk/plat/bootstrap.h>
#include <uk/plat/memory.h>
#include <uk/print.h>
#include <uk/string.h>
#include <x86/cpu.h>
#include <x86/irq.h>
#include <acpi/acpi.h>
#include "pvh.h"
#include "kvm.h"

#define FOUR_GIB	(4ULL << 30)

#define MAX_REGIONS	32
#define CMDLINE_MAX	(1024 * 1024)	/* a sanity bound, not a buffer */

extern char __uk_image_start[], __uk_image_end[];

static struct ukplat_memregion regions[MAX_REGIONS];
static int nregions;
/* The loader's copy, kept out of the free memory (see parse_start_info). */
static const char *cmdline = "";

void _ukplat_kvm_entry(uint32_t start_info_paddr) __noreturn;

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
	regions[nregions++] = (struct ukplat_memregion){ base, len, type,
							 name };
}

/*
 * Adds RAM [base, base + len) as free memory, minus the parts that
 * overlap the image or a boot module, which are recorded as such.
 */
static void ram_add(uint64_t base, uint64_t len,
		    const uint64_t (*holes)[2], int nholes)
{
	uint64_t end = base + len;

	for (int i = 0; i < nholes; i++) {
		uint64_t hb = holes[i][0], he = holes[i][1];

		if (he <= base || hb >= end)
			continue;
		if (hb > base)
			ram_add(base, hb - base, holes + i + 1,
				nholes - i - 1);
		if (he < end)
			ram_add(he, end - he, holes + i + 1, nholes - i - 1);
		return;
	}
	/* keep page 0 unused: NULL dereferences must not hit live data */
	if (base < UK_PAGE_SIZE) {
		if (end <= UK_PAGE_SIZE)
			return;
		base = UK_PAGE_SIZE;
	}
	region_add(base, end - base, UKPLAT_MEMRT_FREE, "ram");
}

static void parse_start_info(const struct pvh_start_info *si)
{
	uint64_t holes[2 + 8][2];	/* cmdline, image, modules */
	int nholes = 0;
	size_t len;

	if (si->magic != PVH_START_MAGIC) {
		uk_pr_crit("PVH start info at %p has a bad magic 0x%x\n",
			   si, si->magic);
		ukplat_terminate(UK_STATUS_CRASH_BOOT);
	}
	acpi_rsdp_set(si->rsdp_paddr);
	if (si->cmdline_paddr) {
		cmdline = (const char *)si->cmdline_paddr;
		len = uk_strnlen(cmdline, CMDLINE_MAX);
		if (len == CMDLINE_MAX) {
			uk_pr_err("command line not terminated within %d bytes; ignored\n",
				  CMDLINE_MAX);
			cmdline = "";
		} else {
			/* the boot reads it later: keep its pages out of the heap */
			holes[nholes][0] = UK_ALIGN_DOWN(si->cmdline_paddr,
							 UK_PAGE_SIZE);
			holes[nholes][1] = UK_ALIGN_UP(si->cmdline_paddr +
						       len + 1, UK_PAGE_SIZE);
			region_add(holes[nholes][0],
				   holes[nholes][1] - holes[nholes][0],
				   UKPLAT_MEMRT_RESERVED, "cmdline");
			nholes++;
		}
	}

	holes[nholes][0] = (uint64_t)__uk_image_start;
	holes[nholes][1] = UK_ALIGN_UP((uint64_t)__uk_image_end,
				       UK_PAGE_SIZE);
	region_add(holes[nholes][0], holes[nholes][1] - holes[nholes][0],
		   UKPLAT_MEMRT_KERNEL, "image");
	nholes++;
	for (uint32_t i = 0; i < si->nr_modules && i < 8; i++) {
		const struct pvh_module *m =
			(const struct pvh_module *)si->modlist_paddr + i;

		holes[nholes][0] = UK_ALIGN_DOWN(m->paddr, UK_PAGE_SIZE);
		holes[nholes++][1] = UK_ALIGN_UP(m->paddr + m->size,
						 UK_PAGE_SIZE);
		region_add(m->paddr, m->size, UKPLAT_MEMRT_INITRD, "initrd");
	}

	if (si->version < 1 || !si->memmap_paddr) {
		uk_pr_crit("PVH start info has no memory map (version %u)\n",
			   si->version);
		ukplat_terminate(UK_STATUS_CRASH_BOOT);
	}
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		const struct pvh_memmap_entry *e =
			(const struct pvh_memmap_entry *)si->memmap_paddr + i;
		uint64_t base = UK_ALIGN_UP(e->addr, UK_PAGE_SIZE);
		uint64_t end = UK_ALIGN_DOWN(e->addr + e->size, UK_PAGE_SIZE);

		if (e->type != PVH_MEMMAP_RAM || end <= base)
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
		ram_add(base, end - base, (const uint64_t (*)[2])holes,
			nholes);
	}
}

/* Masks the legacy 8259 PICs: firmware may have left them enabled. */
static void pic_disable(void)
{
	outb(0xa1, 0xff);
	outb(0x21, 0xff);
}

void _ukplat_kvm_entry(uint32_t start_info_paddr)
{
	pic_disable();
	kvm_serial_init();
	x86_cpu_init();
	x86_apic_init();
	parse_start_info((const struct pvh_start_info *)(uintptr_t)
			 start_info_paddr);
	kvm_time_init();
	if ((uintptr_t)cmdline >= UK_PAGE_SIZE)
		x86_mmu_guard_page0();
	else
		uk_pr_warn("command line in page 0: NULL is not trapped\n");
	uk_boot_entry();
}
