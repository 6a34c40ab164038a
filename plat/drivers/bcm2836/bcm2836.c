/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The BCM2836 per-core interrupt controller ("ARM local", at 0x40000000,
 * kept by the BCM2837; the board's fixed "brcm,bcm2836-l1-intc"): for
 * core 0, sources 0..3 are the generic timer's four timers (CNTPS, CNTPNS, CNTHP, CNTV), 4..7 the core mailboxes,
 * 8 the GPU (BCM2835 controller), 9 the PMU, 11 the local timer. Only
 * the timer sources are unmasked here; a line stays asserted until its
 * device is quiet, so there is nothing to acknowledge.
 */
#include <arm64/cpu.h>
#include <uk/plat/driver.h>
#include <uk/errno.h>
#include <plat/common.h>

#define LOCAL_TIMER_INT_CTL0	0x40
#define LOCAL_IRQ_SOURCE0	0x60
/* sources 0..3: CNTPS, CNTPNS, CNTHP, CNTV */
#define LAST_TIMER		3

static uint64_t base;
static uint32_t enabled;

static unsigned int ack(void)
{
	uint32_t pending = mmio_read32(base + LOCAL_IRQ_SOURCE0) & enabled;

	return pending ? (unsigned int)__builtin_ctz(pending)
		       : ARM64_IRQ_NONE;
}

static void eoi(unsigned int irq)
{
}

static void unmask(unsigned int irq)
{
	if (irq > LAST_TIMER)
		return;	/* only the timers can be routed here */
	enabled |= 1U << irq;
	mmio_write32(base + LOCAL_TIMER_INT_CTL0, enabled & 0xf);
}

static void mask(unsigned int irq)
{
	enabled &= ~(1U << irq);
	mmio_write32(base + LOCAL_TIMER_INT_CTL0, enabled & 0xf);
}

static const struct arm64_irqchip bcm2836 = {
	.name = "BCM2836 local", .nr_irqs = LAST_TIMER + 1,
	.ack = ack, .eoi = eoi, .unmask = unmask, .mask = mask,
};

static int probe(void)
{
	const struct plat_fixed_dev *d =
		plat_fixed_dev("brcm,bcm2836-l1-intc");

	if (!d)
		return -UK_ENODEV;
	base = d->base;
	enabled = 0;
	mmio_write32(base + LOCAL_TIMER_INT_CTL0, 0);
	return 0;
}

UKPLAT_DRIVER(bcm2836, UKPLAT_DRIVER_IRQCHIP, UKPLAT_DRIVER_PRIO_HW, probe,
	      &bcm2836);
