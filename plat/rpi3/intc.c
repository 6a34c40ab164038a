/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The BCM2836 per-core interrupt controller ("ARM local", at 0x40000000,
 * kept by the BCM2837): for core 0, sources 0..3 are the generic timer's
 * four timers (CNTPS, CNTPNS, CNTHP, CNTV), 4..7 the core mailboxes,
 * 8 the GPU (BCM2835 controller), 9 the PMU, 11 the local timer. Only
 * the timer sources are unmasked here; a line stays asserted until its
 * device is quiet, so there is nothing to acknowledge.
 */
#include <arm64/cpu.h>
#include "rpi3.h"

#define LOCAL_TIMER_INT_CTL0	(RPI3_LOCAL_BASE + 0x40)
#define LOCAL_IRQ_SOURCE0	(RPI3_LOCAL_BASE + 0x60)
#define NR_SOURCES		12

static uint32_t enabled;

static unsigned int ack(void)
{
	uint32_t pending = mmio_read32(LOCAL_IRQ_SOURCE0) & enabled;

	return pending ? (unsigned int)__builtin_ctz(pending)
		       : ARM64_IRQ_NONE;
}

static void eoi(unsigned int irq)
{
}

static void unmask(unsigned int irq)
{
	if (irq > RPI3_IRQ_CNTV)
		return;	/* only the timers can be routed here */
	enabled |= 1U << irq;
	mmio_write32(LOCAL_TIMER_INT_CTL0, enabled & 0xf);
}

static void mask(unsigned int irq)
{
	enabled &= ~(1U << irq);
	mmio_write32(LOCAL_TIMER_INT_CTL0, enabled & 0xf);
}

static const struct arm64_irqchip bcm2836 = {
	.name = "BCM2836 local", .nr_irqs = RPI3_IRQ_CNTV + 1,
	.ack = ack, .eoi = eoi, .unmask = unmask, .mask = mask,
};

void rpi3_intc_init(void)
{
	enabled = 0;
	mmio_write32(LOCAL_TIMER_INT_CTL0, 0);
	arm64_irqchip_set(&bcm2836);
}
