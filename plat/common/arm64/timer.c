/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ARM generic timer: the monotonic clock from the virtual counter
 * (CNTVCT_EL0, zero offset at the entry point) and one-shot deadlines on
 * the virtual timer (CNTV_CVAL_EL0), whose interrupt the platform's
 * controller delivers as line @irq. Both are the CPU's: the clock and
 * timer drivers bind once the board called arm64_timer_init().
 */
#include <arm64/cpu.h>
#include <plat/common.h>
#include <uk/plat/driver.h>
#include <uk/plat/time.h>
#include <uk/plat/timer.h>
#include <uk/plat/irq.h>
#include <uk/print.h>
#include <uk/errno.h>

#define CNTV_ENABLE	(1 << 0)
#define CNTV_IMASK	(1 << 1)

uint64_t arm64_boot_cnt;
static uint64_t hz;
static unsigned int timer_irq;
/* ns = (ticks * mult) >> 32, avoiding a division per read */
static uint64_t mult;

static uint64_t counter(void)
{
	isb();
	return SYSREG_READ(cntvct_el0);
}

uint64_t arm64_timer_hz(void)
{
	return hz;
}

static int timer_fired(void *arg)
{
	/* one-shot: the line stays asserted until the timer is disarmed */
	SYSREG_WRITE(cntv_ctl_el0, CNTV_IMASK);
	return 1;
}

void arm64_timer_init(uint64_t fallback_hz, unsigned int irq)
{
	hz = SYSREG_READ(cntfrq_el0) & 0xffffffff;
	if (!hz) {
		uk_pr_warn("CNTFRQ_EL0 is 0: assuming a %lu Hz counter\n",
			   fallback_hz);
		hz = fallback_hz;
	}
	mult = (UKPLAT_NSEC_PER_SEC << 32) / hz;
	timer_irq = irq;
	SYSREG_WRITE(cntv_ctl_el0, CNTV_IMASK);
	if (ukplat_irq_register(irq, timer_fired, NULL) < 0)
		uk_pr_warn("timer interrupt %u cannot be registered\n", irq);
}

static uint64_t ticks_to_ns(uint64_t t)
{
	return (uint64_t)(((unsigned __int128)t * mult) >> 32);
}

static uint64_t resolution(void)
{
	return !hz || hz >= UKPLAT_NSEC_PER_SEC ? 1
	       : UKPLAT_NSEC_PER_SEC / hz;
}

uint64_t plat_boot_ticks(void)
{
	return counter() - arm64_boot_cnt;
}

uint64_t plat_boot_ticks_to_ns(uint64_t ticks)
{
	return hz ? ticks_to_ns(ticks) : 0;
}

static uint64_t raw(void)
{
	return counter() - arm64_boot_cnt;
}

static uint64_t raw_to_ns(uint64_t raw)
{
	return hz ? ticks_to_ns(raw) : 0;
}

static uint64_t monotonic(void)
{
	return raw_to_ns(raw());
}

static unsigned int timer_irq_get(void)
{
	return timer_irq;
}

static void timer_set(uint64_t deadline_ns)
{
	/* round up: the handler never runs before the deadline */
	uint64_t ticks = (uint64_t)(((unsigned __int128)deadline_ns * hz +
				     UKPLAT_NSEC_PER_SEC - 1) /
				    UKPLAT_NSEC_PER_SEC);

	SYSREG_WRITE(cntv_cval_el0, arm64_boot_cnt + ticks);
	SYSREG_WRITE(cntv_ctl_el0, CNTV_ENABLE);
	isb();
}

static void timer_stop(void)
{
	SYSREG_WRITE(cntv_ctl_el0, CNTV_IMASK);
	isb();
}

static int probe(void)
{
	return hz ? 0 : -UK_ENODEV;
}

static const struct ukplat_clock_ops clock_ops = {
	.monotonic = monotonic,
	.raw = raw,
	.raw_to_ns = raw_to_ns,
	.resolution = resolution,
};

static const struct ukplat_timer_ops timer_ops = {
	.irq = timer_irq_get,
	.set = timer_set,
	.stop = timer_stop,
};

UKPLAT_DRIVER(arm_generic_clock, UKPLAT_DRIVER_CLOCK, UKPLAT_DRIVER_PRIO_HW,
	      probe, &clock_ops);
UKPLAT_DRIVER(arm_generic_timer, UKPLAT_DRIVER_TIMER, UKPLAT_DRIVER_PRIO_HW,
	      probe, &timer_ops);
