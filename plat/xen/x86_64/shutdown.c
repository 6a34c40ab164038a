/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination (uk/plat/bootstrap.h). On Xen: SCHEDOP_shutdown, reason
 * poweroff for an application's exit (Xen's shutdown has no place for
 * a status, so a non-zero one is also written on the console, where
 * `xl console` and the domain's log show it) and crash for a kernel
 * crash, which xl's on_crash then handles. Elsewhere: the kvm
 * platform's status port and isa-debug-exit.
 *
 * Idle (ukplat_halt) is the kvm platform's "sti; hlt" on Xen too: for a
 * PVH vCPU, hlt is Xen's SCHEDOP_block taken atomically with enabling
 * interrupts, where a SCHEDOP_block hypercall issued by the guest could
 * sleep through an event that arrived just before it.
 */
#include <uk/plat/bootstrap.h>
#include <uk/assert.h>
#include <uk/print.h>
#include "xen.h"
#include "native.h"

void ukplat_terminate(int status)
{
	if (!xen_present)
		kvm_terminate(status);
	__asm__ __volatile__("cli");
	if (status == UK_STATUS_CRASH) {
		xen_shutdown(XEN_SHUTDOWN_CRASH);
	} else {
		if (status)
			uk_pr_warn("exit status %d\n", status & 0xff);
		xen_shutdown(XEN_SHUTDOWN_POWEROFF);
	}
	/* Xen refused: nothing else can stop the domain */
	for (;;)
		__asm__ __volatile__("hlt");
}
