/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64-xen boot: Xen or not, decided once from CPUID. The kvm setup
 * code (plat/kvm/x86_64/setup.c, renamed calls: see native.h) calls
 * xen_x86_early_init first and xen_x86_late_init once the CPU, the local
 * APIC and the memory map are set up.
 */
#include <uk/plat/bootstrap.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <x86/cpu.h>
#include "xen.h"
#include "native.h"

bool xen_present;
static uint32_t xen_version;

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

void xen_x86_early_init(void)
{
	uint32_t base = cpuid_base(), a, b, c, d;

	if (base) {
		cpuid(base + 1, 0, &xen_version, &b, &c, &d);
		cpuid(base + 2, 0, &a, &b, &c, &d);
		if (a >= 1 && xen_hypercall_page_init(b) == 0) {
			xen_present = true;
			xen_memmap_fixup();
			return;
		}
	}
	kvm_serial_init();
	if (base)
		uk_pr_warn("Xen's CPUID leaves, but no hypercall page: running on the kvm devices\n");
}

/* A Xen device that the platform cannot do without is missing. */
static void __noreturn boot_fail(const char *what, long rc)
{
	uk_pr_crit("Xen: %s failed (%ld)\n", what, rc);
	ukplat_terminate(UK_STATUS_CRASH);
}

void xen_x86_late_init(void)
{
	int rc;

	if (!xen_present) {
		kvm_time_init();
		return;
	}
	rc = xen_evtchn_init();
	if (rc < 0)
		boot_fail("shared info and event channels", rc);
	rc = xen_time_init();
	if (rc < 0)
		boot_fail("pvclock and timer", rc);
	xen_console_init();
	uk_pr_info("Xen %u.%u: PVH guest, console %s, pvclock, timer on VIRQ_TIMER\n",
		   xen_version >> 16, xen_version & 0xffff,
		   xen_console_ring() ? "ring" : "console_io");
}
