/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Early C of the PVH boards (x86_64-kvm, x86_64-xen): reads the PVH start
 * info into the boot information (plat/common: memory regions, command
 * line), probes the drivers of the board's list class by class, and
 * hands over to the kernel. Nothing the loader left in low memory but
 * the command line is used after this, so the rest of it can go to the
 * allocator.
 */
#include <uk/plat/bootstrap.h>
#include <uk/plat/memory.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/string.h>
#include <x86/cpu.h>
#include <x86/irq.h>
#include <uk/plat/driver.h>
#include <plat/common.h>
#include <acpi/acpi.h>
#include "pvh.h"

#define FOUR_GIB	(4ULL << 30)

#define CMDLINE_MAX	(1024 * 1024)	/* a sanity bound, not a buffer */

extern char __uk_image_start[], __uk_image_end[];

void _ukplat_kvm_entry(uint32_t start_info_paddr) __noreturn;

static void parse_start_info(const struct pvh_start_info *si)
{
	const char *cmdline;
	size_t len;

	if (si->magic != PVH_START_MAGIC) {
		uk_pr_crit("PVH start info at %p has a bad magic 0x%x\n",
			   si, si->magic);
		ukplat_terminate(UK_STATUS_CRASH);
	}
	acpi_rsdp_set(si->rsdp_paddr);
	if (si->cmdline_paddr) {
		cmdline = (const char *)si->cmdline_paddr;
		len = uk_strnlen(cmdline, CMDLINE_MAX);
		if (len == CMDLINE_MAX) {
			uk_pr_err("command line not terminated within %d bytes; ignored\n",
				  CMDLINE_MAX);
		} else {
			/* the boot reads it later: keep its pages out of the heap */
			plat_cmdline_set(cmdline);
			plat_mem_reserve(si->cmdline_paddr, len + 1,
					 UKPLAT_MEMRT_RESERVED, "cmdline");
		}
	}

	plat_mem_reserve((uint64_t)__uk_image_start,
			 __uk_image_end - __uk_image_start,
			 UKPLAT_MEMRT_KERNEL, "image");
	/* an unmapped gap between the image and the heap (mmu.c) */
	plat_mem_reserve(UK_ALIGN_UP((uint64_t)__uk_image_end, UK_PAGE_SIZE),
			 X86_HEAP_GAP, UKPLAT_MEMRT_RESERVED, "gap");
	for (uint32_t i = 0; i < si->nr_modules && i < 8; i++) {
		const struct pvh_module *m =
			(const struct pvh_module *)si->modlist_paddr + i;

		plat_memregion_add(m->paddr, m->size, UKPLAT_MEMRT_INITRD,
				   "initrd");
	}

	if (si->version < 1 || !si->memmap_paddr) {
		uk_pr_crit("PVH start info has no memory map (version %u)\n",
			   si->version);
		ukplat_terminate(UK_STATUS_CRASH);
	}
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		const struct pvh_memmap_entry *e =
			(const struct pvh_memmap_entry *)si->memmap_paddr + i;
		uint64_t base = UK_ALIGN_UP(e->addr, UK_PAGE_SIZE);
		uint64_t end = UK_ALIGN_DOWN(e->addr + e->size, UK_PAGE_SIZE);

		/* the first megabyte is unmapped after boot (mmu.c) */
		if (base < X86_LOW_END)
			base = X86_LOW_END;
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
		plat_mem_add_ram(base, end - base);
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
	/* a hypervisor interface first: the console may be the hypervisor's */
	ukplat_driver_probe(UKPLAT_DRIVER_HYPERVISOR);
	ukplat_driver_probe(UKPLAT_DRIVER_CONSOLE);
	ukplat_driver_probe(UKPLAT_DRIVER_EXIT);
	x86_cpu_init();
	x86_apic_init();
	parse_start_info((const struct pvh_start_info *)(uintptr_t)
			 start_info_paddr);
	/* Xen's event channels, and the console that needs them */
	ukplat_driver_probe(UKPLAT_DRIVER_IRQCHIP);
	ukplat_driver_probe(UKPLAT_DRIVER_CONSOLE);
	ukplat_driver_probe(UKPLAT_DRIVER_CLOCK);
	ukplat_driver_probe(UKPLAT_DRIVER_TIMER);
	if (ukplat_driver_probe(UKPLAT_DRIVER_WALLCLOCK) < 0)
		uk_pr_warn("no RTC: the wall clock starts at the epoch\n");
	if ((uintptr_t)ukplat_cmdline() >= UK_PAGE_SIZE)
		x86_mmu_guard_page0();
	else
		uk_pr_warn("command line in page 0: NULL is not trapped\n");
	uk_boot_entry();
}
