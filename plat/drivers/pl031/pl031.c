/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wall clock: the ARM PL031 RTC of the device tree (seconds since the
 * epoch), read once by the probe, which the board calls once its
 * monotonic clock is bound; the wall clock is that time plus the
 * monotonic clock since.
 */
#include <arm64/cpu.h>
#include <uk/plat/driver.h>
#include <uk/plat/time.h>
#include <uk/errno.h>
#include <uk/fdt.h>
#include <plat/common.h>

#define PL031_DR		0x00

static uint64_t boot_wall_ns;

static int probe(void)
{
	const struct uk_fdt *fdt = plat_fdt();
	uint64_t base, size;
	int off;

	if (!fdt)
		return -UK_ENODEV;
	off = uk_fdt_node_by_compatible(fdt, -1, "arm,pl031");
	if (off < 0 || uk_fdt_reg(fdt, off, 0, &base, &size) < 0)
		return -UK_ENODEV;
	boot_wall_ns = mmio_read32(base + PL031_DR) * UKPLAT_NSEC_PER_SEC -
		       ukplat_monotonic_clock();
	return 0;
}

static uint64_t boot_time(void)
{
	return boot_wall_ns;
}

static const struct ukplat_wallclock_ops ops = {
	.boot_time = boot_time,
};

UKPLAT_DRIVER(pl031, UKPLAT_DRIVER_WALLCLOCK, UKPLAT_DRIVER_PRIO_HW, probe,
	      &ops);
