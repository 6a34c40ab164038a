/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Termination on the Raspberry Pi 3. Under QEMU with semihosting (as
 * uk-run runs raspi3b) QEMU exits with the status, 125 for a crash. On
 * the board there is nobody to tell: the status is printed and the
 * power-management watchdog resets the SoC (the firmware then boots
 * the SD card again).
 */
#include <arm64/cpu.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/time.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/param.h>
#include "rpi3.h"

#define PM_RSTC			(RPI3_PM_BASE + 0x1c)
#define PM_WDOG			(RPI3_PM_BASE + 0x24)
#define PM_PASSWORD		0x5a000000
#define PM_RSTC_WRCFG_CLR	0xffffffcf
#define PM_RSTC_WRCFG_FULL	0x00000020
#define WDOG_TICKS		10	/* ~150 us */

#define STATUS_CRASH		125

void ukplat_terminate(int status)
{
	int code = status == UK_STATUS_CRASH ? STATUS_CRASH : status & 0xff;
	uint32_t rstc;

	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
	arm64_semihost_exit(code);
	uk_pr_info("exit status %d: resetting the board\n", code);
	rstc = mmio_read32(PM_RSTC);
	mmio_write32(PM_WDOG, PM_PASSWORD | WDOG_TICKS);
	mmio_write32(PM_RSTC, PM_PASSWORD | (rstc & PM_RSTC_WRCFG_CLR) |
		     PM_RSTC_WRCFG_FULL);
	for (;;)
		__asm__ __volatile__("wfi");
}

/*
 * No RTC on the board: the wall clock starts at the epoch, or at the
 * kernel argument rpi3.epoch=SECONDS (uk-run passes the host's time, as
 * NTP would set it on a real board).
 */
static uint64_t epoch;
UK_PARAM(rpi3, epoch, UK_PARAM_U64, epoch,
	 "wall-clock time at boot, in seconds since 1970 (no RTC)");

uint64_t ukplat_wall_clock(void)
{
	return epoch * UKPLAT_NSEC_PER_SEC + ukplat_monotonic_clock();
}
