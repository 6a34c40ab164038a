/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64-xen: Xen or not, decided once from CPUID by the hypervisor
 * driver, which the PVH boot code (plat/kvm/x86_64/setup.c) probes
 * first of all. On Xen it installs the hypercall page and completes the
 * start info's memory map; then the Xen drivers of the board's list
 * bind before the kvm ones (COM1, isa-debug-exit, TSC, local APIC
 * timer, RTC), whose probes run only when Xen's failed: without Xen.
 */
#include <uk/plat/driver.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <x86/cpu.h>
#include "xen.h"

bool xen_present;
static uint32_t xen_version;
static bool no_hypercall_page;

/* The first hypervisor leaf with Xen's signature, or 0. */
static uint32_t cpuid_base(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(c & (1u << 31)))		/* no hypervisor at all */
		return 0;
	for (uint32_t base = XEN_CPUID_FIRST; base < XEN_CPUID_LAST;
	     base += XEN_CPUID_STEP) {
		cpuid(base, 0, &a, &b, &c, &d);
		if (b == XEN_CPUID_SIG_EBX && c == XEN_CPUID_SIG_ECX &&
		    d == XEN_CPUID_SIG_EDX && a >= base + 2)
			return base;
	}
	return 0;
}

static int probe(void)
{
	uint32_t base = cpuid_base(), a, b, c, d;

	if (!base)
		return -UK_ENODEV;
	cpuid(base + 1, 0, &xen_version, &b, &c, &d);
	cpuid(base + 2, 0, &a, &b, &c, &d);
	if (a < 1 || xen_hypercall_page_init(b) < 0) {
		/* the console is not bound yet: said at the first chance */
		no_hypercall_page = true;
		return -UK_ENODEV;
	}
	xen_present = true;
	xen_memmap_fixup();
	return 0;
}

void xen_report(void)
{
	if (no_hypercall_page)
		uk_pr_warn("Xen's CPUID leaves, but no hypercall page: running on the kvm devices\n");
	if (!xen_present)
		return;
	uk_pr_info("Xen %u.%u: PVH guest, console %s, pvclock, timer on VIRQ_TIMER\n",
		   xen_version >> 16, xen_version & 0xffff,
		   xen_console_ring() ? "ring" : "console_io");
}

UKPLAT_DRIVER(xen, UKPLAT_DRIVER_HYPERVISOR, UKPLAT_DRIVER_PRIO_PV, probe,
	      NULL);
