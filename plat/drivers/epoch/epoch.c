/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wall clock for a board without an RTC: the kernel argument
 * rpi3.epoch=SECONDS (uk-run passes the host's time, as NTP would set it
 * on a real board) is the wall-clock time at boot; without it the wall
 * clock starts at the epoch. It always binds, after any real RTC.
 */
#include <uk/plat/driver.h>
#include <uk/plat/time.h>
#include <uk/param.h>

static uint64_t epoch;
UK_PARAM(rpi3, epoch, UK_PARAM_U64, epoch,
	 "wall-clock time at boot, in seconds since 1970 (no RTC)");

static int probe(void)
{
	return 0;
}

static uint64_t boot_time(void)
{
	return epoch * UKPLAT_NSEC_PER_SEC;
}

static const struct ukplat_wallclock_ops ops = {
	.boot_time = boot_time,
};

UKPLAT_DRIVER(epoch, UKPLAT_DRIVER_WALLCLOCK, UKPLAT_DRIVER_PRIO_FALLBACK,
	      probe, &ops);
