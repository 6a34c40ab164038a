/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one-shot timer and interrupt delivery (aarch64): a deadline is
 * armed, the CPU halts, the timer interrupt reaches the registered
 * handler and the clock has advanced by at least the deadline.
 */
#include <uk/test.h>
#include <uk/errno.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/plat/timer.h>

#define MS		1000000ULL
#define GIVE_UP		(5000 * MS)

static volatile unsigned int fired;
static volatile uint64_t fired_at;
static volatile bool irqs_off_in_handler;

static int on_timer(void *arg)
{
	fired++;
	fired_at = ukplat_monotonic_clock();
	irqs_off_in_handler = !ukplat_irq_enabled();
	return 1;
}

static bool registered;

static void setup(void)
{
	if (!registered)
		registered = ukplat_irq_register(ukplat_timer_irq(),
						 on_timer, NULL) == 0;
	fired = 0;
	fired_at = 0;
}

/* Halts until the handler ran or GIVE_UP passed. */
static void halt_until_fired(uint64_t t0)
{
	while (!fired && ukplat_monotonic_clock() - t0 < GIVE_UP)
		ukplat_halt();
}

/* Spins with interrupts enabled for @ns. */
static void spin_enabled(uint64_t ns)
{
	uint64_t t0 = ukplat_monotonic_clock();

	ukplat_irq_enable();
	while (ukplat_monotonic_clock() - t0 < ns)
		;
	ukplat_irq_disable();
}

UK_TESTCASE(timer, handler_registers)
{
	setup();
	UK_TEST_EXPECT(registered);
}

UK_TESTCASE(timer, deadline_wakes_a_halted_cpu)
{
	uint64_t t0, deadline, count0;

	setup();
	UK_TEST_ASSERT(registered);
	UK_TEST_EXPECT(!ukplat_irq_enabled());
	count0 = ukplat_irq_count(ukplat_timer_irq());
	t0 = ukplat_monotonic_clock();
	deadline = t0 + 20 * MS;
	ukplat_timer_set(deadline);
	halt_until_fired(t0);
	UK_TEST_EXPECT_EQ(fired, 1);
	UK_TEST_EXPECT_GE(fired_at, deadline);
	UK_TEST_EXPECT_GE(ukplat_monotonic_clock() - t0, 20 * MS);
	UK_TEST_EXPECT_EQ(ukplat_irq_count(ukplat_timer_irq()), count0 + 1);
	UK_TEST_EXPECT(irqs_off_in_handler);
	/* halt returns with interrupts as they were: disabled */
	UK_TEST_EXPECT(!ukplat_irq_enabled());
}

UK_TESTCASE(timer, fires_once)
{
	uint64_t t0;

	setup();
	UK_TEST_ASSERT(registered);
	t0 = ukplat_monotonic_clock();
	ukplat_timer_set(t0 + 5 * MS);
	halt_until_fired(t0);
	spin_enabled(30 * MS);
	UK_TEST_EXPECT_EQ(fired, 1);
}

UK_TESTCASE(timer, past_deadline_fires_at_once)
{
	uint64_t t0;

	setup();
	UK_TEST_ASSERT(registered);
	t0 = ukplat_monotonic_clock();
	ukplat_timer_set(t0 > MS ? t0 - MS : 0);
	halt_until_fired(t0);
	UK_TEST_EXPECT_EQ(fired, 1);
	UK_TEST_EXPECT_LT(fired_at - t0, 1000 * MS);
}

UK_TESTCASE(timer, stop_cancels)
{
	setup();
	UK_TEST_ASSERT(registered);
	ukplat_timer_set(ukplat_monotonic_clock() + 5 * MS);
	ukplat_timer_stop();
	spin_enabled(30 * MS);
	UK_TEST_EXPECT_EQ(fired, 0);
}

UK_TESTCASE(irq, save_restore)
{
	unsigned long flags;

	ukplat_irq_enable();
	flags = ukplat_irq_save();
	UK_TEST_EXPECT(!ukplat_irq_enabled());
	ukplat_irq_restore(flags);
	UK_TEST_EXPECT(ukplat_irq_enabled());
	ukplat_irq_disable();
	flags = ukplat_irq_save();
	ukplat_irq_restore(flags);
	UK_TEST_EXPECT(!ukplat_irq_enabled());
}

static int never(void *arg)
{
	return 0;
}

UK_TESTCASE(irq, bad_registrations_are_refused)
{
	UK_TEST_EXPECT_EQ(ukplat_irq_register(1u << 20, never, NULL),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(ukplat_irq_register(ukplat_timer_irq(), NULL, NULL),
			  -UK_EINVAL);
}

UK_TESTCASE(clock, monotonic_and_resolution)
{
	uint64_t a = ukplat_monotonic_clock(), b = ukplat_monotonic_clock();

	UK_TEST_EXPECT_LE(a, b);
	UK_TEST_EXPECT_GE(ukplat_clock_resolution(), 1);
	UK_TEST_EXPECT_LE(ukplat_clock_resolution(), 1000);
	/* the wall clock is past 2020 (RTC) or at the epoch (none) */
	UK_TEST_EXPECT(ukplat_wall_clock() > 1577836800ULL * 1000000000ULL ||
		       ukplat_wall_clock() < 3600ULL * 1000000000ULL);
}

UK_TEST_MAIN()
