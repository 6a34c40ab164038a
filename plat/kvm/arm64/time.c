/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks on QEMU virt: the generic timer (plat/common/arm64/timer.c)
 * with the virtual timer's interrupt from the /timer node, and the wall
 * clock from the PL031 RTC (seconds since the epoch) read once at boot,
 * plus the monotonic clock since. Without an RTC it starts at the epoch.
 */
#include <arm64/cpu.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include "kvm.h"

#define PL031_DR		0x00
#define PPI_BASE		16
#define SPI_BASE		32
/* the virtual timer's PPI when the device tree does not say */
#define VTIMER_PPI_DEFAULT	11
/* the architecture's suggestion when CNTFRQ_EL0 was not set */
#define TIMER_HZ_FALLBACK	62500000

static uint64_t boot_wall_ns;

/* The virtual timer is the third of the /timer node's four interrupts. */
static unsigned int vtimer_irq(const struct uk_fdt *fdt)
{
	int len, off = uk_fdt_node_by_compatible(fdt, -1, "arm,armv8-timer");
	const uint8_t *v;

	if (off < 0)
		off = uk_fdt_node_by_compatible(fdt, -1, "arm,armv7-timer");
	v = off >= 0 ? uk_fdt_getprop(fdt, off, "interrupts", &len) : NULL;
	if (!v || len < 3 * 12)
		return PPI_BASE + VTIMER_PPI_DEFAULT;
	v += 2 * 12;
	/* <type number flags>: type 1 is a PPI, 0 an SPI */
	return (uk_fdt_be32(v) == 1 ? PPI_BASE : SPI_BASE) +
	       uk_fdt_be32(v + 4);
}

void kvm_time_init(const struct uk_fdt *fdt)
{
	uint64_t base, size;
	int off;

	arm64_timer_init(TIMER_HZ_FALLBACK, vtimer_irq(fdt));
	off = uk_fdt_node_by_compatible(fdt, -1, "arm,pl031");
	if (off < 0 || uk_fdt_reg(fdt, off, 0, &base, &size) < 0) {
		uk_pr_warn("no RTC: the wall clock starts at the epoch\n");
		return;
	}
	boot_wall_ns = mmio_read32(base + PL031_DR) * UKPLAT_NSEC_PER_SEC -
		       ukplat_monotonic_clock();
}

uint64_t ukplat_wall_clock(void)
{
	return boot_wall_ns + ukplat_monotonic_clock();
}
