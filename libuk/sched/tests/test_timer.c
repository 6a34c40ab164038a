/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform's interrupt and timer contract that the schedulers rely
 * on (uk/plat/irq.h, uk/plat/timer.h): a deadline wakes a halted CPU,
 * its handler never runs early, runs once, with interrupts disabled; a
 * past deadline fires at once; a stopped timer stays silent; the
 * interrupt flag saves and restores.
 *
 * The image is built like every test image, so a scheduler runs too:
 * its own handler shares the timer line. The cases arm the timer
 * directly and halt; nothing here sleeps through the scheduler.
 */
#include <uk/test.h>
#include <uk/errno.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/plat/timer.h>

#define MS		1000000ULL
/* only reached when an interrupt never comes: not a latency bound */
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

/* Halts (interrupts disabled around it) until the handler ran. */
static void halt_until_fired(uint64_t t0)
{
	unsigned long flags = ukplat_irq_save();

	while (!fired && ukplat_monotonic_clock() - t0 < GIVE_UP)
		ukplat_halt();
	ukplat_irq_restore(flags);
}

/* Spins with interrupts enabled for @ns. */
static void spin_enabled(uint64_t ns)
{
	uint64_t t0 = ukplat_monotonic_clock();
	unsigned long flags = ukplat_irq_save();

	ukplat_irq_enable();
	while (ukplat_monotonic_clock() - t0 < ns)
		;
	ukplat_irq_restore(flags);
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
	count0 = ukplat_irq_count(ukplat_timer_irq());
	t0 = ukplat_monotonic_clock();
	deadline = t0 + 20 * MS;
	ukplat_timer_set(deadline);
	halt_until_fired(t0);
	UK_TEST_EXPECT_EQ(fired, 1);
	UK_TEST_EXPECT_GE(fired_at, deadline);
	UK_TEST_EXPECT_GE(ukplat_monotonic_clock() - t0, 20 * MS);
	UK_TEST_EXPECT_GE(ukplat_irq_count(ukplat_timer_irq()), count0 + 1);
	UK_TEST_EXPECT(irqs_off_in_handler);
}

UK_TESTCASE(timer, far_deadline_is_not_early)
{
	uint64_t t0, deadline;

	setup();
	UK_TEST_ASSERT(registered);
	t0 = ukplat_monotonic_clock();
	deadline = t0 + 300 * MS;
	ukplat_timer_set(deadline);
	halt_until_fired(t0);
	UK_TEST_EXPECT_EQ(fired, 1);
	UK_TEST_EXPECT_GE(fired_at, deadline);
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
	ukplat_timer_set(t0 > MS ? t0 - MS : 1);
	halt_until_fired(t0);
	/*
	 * No bound on the latency (a loaded host delivers late): a past
	 * deadline mistaken for a far one (a wrapped subtraction) never
	 * fires, and fired stays 0 after GIVE_UP.
	 */
	UK_TEST_EXPECT_EQ(fired, 1);
}

UK_TESTCASE(timer, stop_cancels)
{
	unsigned long flags;

	setup();
	UK_TEST_ASSERT(registered);
	flags = ukplat_irq_save();
	ukplat_timer_set(ukplat_monotonic_clock() + 5 * MS);
	ukplat_timer_stop();
	ukplat_irq_restore(flags);
	spin_enabled(30 * MS);
	UK_TEST_EXPECT_EQ(fired, 0);
}

UK_TESTCASE(timer, a_later_deadline_replaces_an_earlier_one)
{
	unsigned long flags;
	uint64_t t0;

	setup();
	UK_TEST_ASSERT(registered);
	/* no interrupt in between, even where the application has them */
	flags = ukplat_irq_save();
	t0 = ukplat_monotonic_clock();
	ukplat_timer_set(t0 + 5 * MS);
	ukplat_timer_set(t0 + 40 * MS);
	ukplat_irq_restore(flags);
	halt_until_fired(t0);
	UK_TEST_EXPECT_EQ(fired, 1);
	UK_TEST_EXPECT_GE(fired_at, t0 + 40 * MS);
}

UK_TESTCASE(irq, save_restore)
{
	unsigned long flags, outer = ukplat_irq_save();

	ukplat_irq_enable();
	flags = ukplat_irq_save();
	UK_TEST_EXPECT(!ukplat_irq_enabled());
	ukplat_irq_restore(flags);
	UK_TEST_EXPECT(ukplat_irq_enabled());
	ukplat_irq_disable();
	flags = ukplat_irq_save();
	ukplat_irq_restore(flags);
	UK_TEST_EXPECT(!ukplat_irq_enabled());
	ukplat_irq_restore(outer);
}

UK_TESTCASE(irq, halt_returns_with_interrupts_disabled)
{
	unsigned long flags = ukplat_irq_save();
	uint64_t t0 = ukplat_monotonic_clock();

	setup();
	ukplat_timer_set(t0 + MS);
	ukplat_halt();
	UK_TEST_EXPECT(!ukplat_irq_enabled());
	ukplat_irq_restore(flags);
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

UK_TEST_MAIN();
