/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination (uk/plat/bootstrap.h) through the bound exit driver. A
 * board that has not probed its exit class yet (a crash early in the
 * boot) has it probed here. When no driver binds, or the bound one
 * cannot stop the machine, the CPU stops with interrupts masked.
 */
#include <uk/plat/bootstrap.h>
#include <uk/plat/driver.h>
#include <plat/common.h>

void ukplat_terminate(int status)
{
	static bool probing;
	const struct ukplat_exit_ops *e;

	ukarch_irq_mask_all();
	if (!ukplat_driver_bound(UKPLAT_DRIVER_EXIT) && !probing) {
		probing = true;		/* a probe that crashes ends here */
		ukplat_driver_probe(UKPLAT_DRIVER_EXIT);
	}
	e = ukplat_driver_ops(UKPLAT_DRIVER_EXIT);
	if (e)
		e->terminate(status);
	ukarch_stop();
}
