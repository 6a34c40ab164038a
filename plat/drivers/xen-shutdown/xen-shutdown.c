/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination (uk/plat/bootstrap.h). On Xen: SCHEDOP_shutdown, reason
 * poweroff for an application's exit (Xen's shutdown has no place for
 * a status, so a non-zero one is also written on the console, where
 * `xl console` and the domain's log show it) and crash for a kernel
 * crash, which xl's on_crash then handles. Without Xen the probe
 * fails, and isa-debug-exit binds.
 *
 * Idle (ukplat_halt) is the CPU's "sti; hlt" on Xen too: for a
 * PVH vCPU, hlt is Xen's SCHEDOP_block taken atomically with enabling
 * interrupts, where a SCHEDOP_block hypercall issued by the guest could
 * sleep through an event that arrived just before it.
 */
#include <uk/plat/driver.h>
#include <uk/assert.h>
#include <uk/errno.h>
#include <uk/print.h>
#include "../../xen/x86_64/xen.h"

static int probe(void)
{
	return xen_present ? 0 : -UK_ENODEV;
}

/* Returns only when Xen refused. */
static void terminate(int status)
{
	if (status == UK_STATUS_CRASH || status == UK_STATUS_NOMEM) {
		xen_shutdown(XEN_SHUTDOWN_CRASH);
	} else {
		if (status)
			uk_pr_warn("exit status %d\n", status & 0xff);
		xen_shutdown(XEN_SHUTDOWN_POWEROFF);
	}
}

static const struct ukplat_exit_ops ops = {
	.terminate = terminate,
};

UKPLAT_DRIVER(xen_shutdown, UKPLAT_DRIVER_EXIT, UKPLAT_DRIVER_PRIO_PV, probe,
	      &ops);
