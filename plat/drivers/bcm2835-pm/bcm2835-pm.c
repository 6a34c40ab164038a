/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination on the Raspberry Pi 3 board, where there is nobody to tell
 * the status: it is printed, and the power-management watchdog (the
 * board's fixed "brcm,bcm2835-pm-wdt") resets the SoC; the firmware then
 * boots the SD card again. Under QEMU uk-run enables semihosting, which
 * binds before this driver.
 */
#include <arm64/cpu.h>
#include <uk/plat/driver.h>
#include <uk/assert.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <plat/common.h>

#define PM_RSTC			0x1c
#define PM_WDOG			0x24
#define PM_PASSWORD		0x5a000000
#define PM_RSTC_WRCFG_CLR	0xffffffcf
#define PM_RSTC_WRCFG_FULL	0x00000020
#define WDOG_TICKS		10	/* ~150 us */


static uint64_t base;

static int probe(void)
{
	const struct plat_fixed_dev *d = plat_fixed_dev("brcm,bcm2835-pm-wdt");

	if (!d)
		return -UK_ENODEV;
	base = d->base;
	return 0;
}

static void terminate(int status)
{
	int code = uk_status_code(status);
	uint32_t rstc;

	uk_pr_info("exit status %d: resetting the board\n", code);
	rstc = mmio_read32(base + PM_RSTC);
	mmio_write32(base + PM_WDOG, PM_PASSWORD | WDOG_TICKS);
	mmio_write32(base + PM_RSTC, PM_PASSWORD | (rstc & PM_RSTC_WRCFG_CLR) |
		     PM_RSTC_WRCFG_FULL);
}

static const struct ukplat_exit_ops ops = {
	.terminate = terminate,
};

UKPLAT_DRIVER(bcm2835_pm, UKPLAT_DRIVER_EXIT, UKPLAT_DRIVER_PRIO_HW, probe,
	      &ops);
