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

extern char __uk_image_start[], __uk_image_end[];

void _ukplat_kvm_entry(uint32_t start_info_paddr) __noreturn;

/*
 * The boot page tables identity-map the first 4 GiB, page 0 included
 * (QEMU's pc puts the start info there); address 0 itself is "none".
 */
const void *pvh_phys(uint64_t paddr, uint64_t len)
{
	if (!paddr || paddr > FOUR_GIB || len > FOUR_GIB - paddr)
		return NULL;
	return (const void *)(uintptr_t)paddr;
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
	if (pvh_parse(start_info_paddr, (uint64_t)__uk_image_start,
		      (uint64_t)__uk_image_end) < 0)
		ukplat_terminate(UK_STATUS_CRASH);
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
