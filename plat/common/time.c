/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The clocks (uk/plat/time.h) and the one-shot timer (uk/plat/timer.h)
 * on the bound clock, wall-clock and timer drivers. Before a clock is
 * bound the monotonic clock reads 0; without a wall-clock driver (no
 * RTC) the wall clock starts at the epoch; without a timer, setting it
 * does nothing.
 */
#include <uk/plat/time.h>
#include <uk/plat/timer.h>
#include <uk/plat/driver.h>

static const struct ukplat_clock_ops *clock(void)
{
	return ukplat_driver_ops(UKPLAT_DRIVER_CLOCK);
}

static const struct ukplat_timer_ops *timer(void)
{
	return ukplat_driver_ops(UKPLAT_DRIVER_TIMER);
}

uint64_t ukplat_monotonic_clock(void)
{
	const struct ukplat_clock_ops *c = clock();

	return c ? c->monotonic() : 0;
}

uint64_t ukplat_clock_raw(void)
{
	const struct ukplat_clock_ops *c = clock();

	return c ? c->raw() : 0;
}

uint64_t ukplat_clock_raw_to_ns(uint64_t raw)
{
	const struct ukplat_clock_ops *c = clock();

	return c ? c->raw_to_ns(raw) : 0;
}

uint64_t ukplat_clock_resolution(void)
{
	const struct ukplat_clock_ops *c = clock();

	return c ? c->resolution() : 1;
}

uint64_t ukplat_wall_clock(void)
{
	const struct ukplat_wallclock_ops *w =
		ukplat_driver_ops(UKPLAT_DRIVER_WALLCLOCK);

	return (w ? w->boot_time() : 0) + ukplat_monotonic_clock();
}

unsigned int ukplat_timer_irq(void)
{
	const struct ukplat_timer_ops *t = timer();

	return t ? t->irq() : ~0U;
}

void ukplat_timer_set(uint64_t deadline_ns)
{
	const struct ukplat_timer_ops *t = timer();

	if (t)
		t->set(deadline_ns);
}

void ukplat_timer_stop(void)
{
	const struct ukplat_timer_ops *t = timer();

	if (t)
		t->stop();
}
