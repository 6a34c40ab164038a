/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Driver binding (uk/plat/driver.h): the drivers a board links are in
 * the .uk_drivertab.N sections, sorted by priority N by the link
 * script, then in link order.
 */
#include <uk/plat/driver.h>
#include <uk/plat/bootstrap.h>
#include <uk/errno.h>
#include <uk/print.h>

extern const struct ukplat_driver __uk_drivertab_start[],
	__uk_drivertab_end[];

const struct ukplat_driver *ukplat_driver_bound_[UKPLAT_DRIVER_CLASSES];

int ukplat_driver_probe(enum ukplat_driver_class cls)
{
	const struct ukplat_driver *d;
	int rc;

	if ((unsigned int)cls >= UKPLAT_DRIVER_CLASSES)
		return -UK_EINVAL;
	for (d = __uk_drivertab_start; d < __uk_drivertab_end; d++) {
		if (d == ukplat_driver_bound_[cls])
			return 0;	/* nothing preferred to it binds */
		if (d->cls != cls)
			continue;
		rc = d->probe();
		if (rc == 0) {
			ukplat_driver_bound_[cls] = d;
			ukplat_boot_mark(d->name);
			return 0;
		}
		if (rc != -UK_ENODEV)
			uk_pr_warn("%s: probe failed (%d)\n", d->name, rc);
	}
	return ukplat_driver_bound_[cls] ? 0 : -UK_ENODEV;
}
