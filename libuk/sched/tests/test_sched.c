/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scheduler API (uk/sched.h, uk/thread.h, uk/wait.h, uk/mutex.h,
 * uk/semaphore.h, uk/condvar.h), for whichever scheduler the image was
 * built with. Under `none` the thread cases check that there are no
 * threads; sleeping and waiting with deadlines work everywhere.
 */
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/thread.h>
#include <uk/wait.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/condvar.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/plat/timer.h>

#define MS		1000000ULL

static uint64_t now(void)
{
	return ukplat_monotonic_clock();
}

/* Under coop a new thread runs only once its creator blocks or yields. */
static bool is_coop(void)
{
	return !uk_strcmp(uk_sched_name(), "coop");
}

/* Skips the rest of a test case when the scheduler has no threads. */
#define NEED_THREADS()							\
	do {								\
		if (!UK_SCHED_THREADS) {				\
			uk_test_diag("no threads under %s\n",		\
				     uk_sched_name());			\
			return;						\
		}							\
	} while (0)

UK_TESTCASE(sched, name_matches_configuration)
{
#if defined(UK_CONFIG_SCHED_COOP)
	UK_TEST_EXPECT_STR_EQ(uk_sched_name(), "coop");
#elif defined(UK_CONFIG_SCHED_PREEMPT)
	UK_TEST_EXPECT_STR_EQ(uk_sched_name(), "preempt");
#else
	UK_TEST_EXPECT_STR_EQ(uk_sched_name(), "none");
#endif
}

UK_TESTCASE(sched, main_thread_is_tid_1)
{
	struct uk_thread *self = uk_thread_current();

	UK_TEST_ASSERT_NOT_NULL(self);
	UK_TEST_EXPECT_EQ(uk_thread_tid(self), 1);
	UK_TEST_EXPECT_STR_EQ(uk_thread_name(self), "main");
	UK_TEST_EXPECT_PTR_EQ(uk_thread_find(1), self);
	UK_TEST_EXPECT_EQ(uk_thread_join(self, NULL), -UK_EDEADLK);
}

UK_TESTCASE(sched, sleep_lasts_at_least_its_length)
{
	uint64_t t0 = now();

	uk_sched_sleep(10 * MS);
	UK_TEST_EXPECT_GE(now() - t0, 10 * MS);
	/*
	 * No upper bound: a loaded host can deliver the interrupt any time
	 * later. That sleepers wake in deadline order is checked below
	 * (thread.sleepers_wake_in_deadline_order); a sleep that never
	 * ends times the image out.
	 */
}

/*
 * How often the running thread could have waited: context switches
 * under coop and preempt (a thread that blocks switches to another or
 * to idle), timer interrupts under none (blocking halts the CPU until
 * the timer, and the application runs with interrupts disabled).
 */
static uint64_t waits(void)
{
	if (UK_SCHED_THREADS)
		return uk_sched_switch_count();
	return ukplat_irq_count(ukplat_timer_irq());
}

UK_TESTCASE(sched, sleep_until_the_past_returns_at_once)
{
	uint64_t t0 = now(), w0 = waits();

	/* "at once" is: without waiting; how it fails: a wait counts */
	uk_sched_sleep_until(t0 > MS ? t0 - MS : 1);
	uk_sched_sleep_until(0);
	UK_TEST_EXPECT_EQ(waits(), w0);
}

UK_TESTCASE(sched, sleeping_is_tickless)
{
	unsigned int irq = ukplat_timer_irq();
	uint64_t count0 = ukplat_irq_count(irq);

	uk_sched_sleep(200 * MS);
	/* one interrupt for the deadline (and a few for early wake-ups),
	 * not one per tick */
	UK_TEST_EXPECT_GE(ukplat_irq_count(irq) - count0, 1);
	UK_TEST_EXPECT_LE(ukplat_irq_count(irq) - count0, 5);
}

UK_TESTCASE(sched, application_interrupt_state)
{
	/* the test runs as the application: enabled only under preempt */
#if defined(UK_CONFIG_SCHED_PREEMPT)
	UK_TEST_EXPECT(ukplat_irq_enabled());
#else
	UK_TEST_EXPECT(!ukplat_irq_enabled());
#endif
}

UK_TESTCASE(wait, timeout_with_nobody_to_wake)
{
	struct uk_waitq wq = UK_WAITQ_INITIALIZER;
	uint64_t t0 = now();

	UK_TEST_EXPECT_EQ(uk_waitq_wait(&wq, t0 + 20 * MS), -UK_ETIMEDOUT);
	UK_TEST_EXPECT_GE(now() - t0, 20 * MS);
	UK_TEST_EXPECT(uk_waitq_empty(&wq));
	UK_TEST_EXPECT_EQ(uk_waitq_wait_event(&wq, 1 == 1, now() + MS), 0);
	UK_TEST_EXPECT_EQ(uk_waitq_wake(&wq, -1), 0);
}

/*
 * Wakes the waiters of @arg from the timer interrupt that comes at or
 * after wake_at. Earlier timer interrupts are possible (the scheduler
 * keeps an earlier-armed timer rather than reprogramming it) and wake
 * nobody.
 */
static uint64_t wake_at;
static volatile char woken_by;

static int woke_from_timer(void *arg)
{
	if (wake_at && now() >= wake_at) {
		wake_at = 0;
		if (!woken_by)
			woken_by = 'i';
		uk_waitq_wake(arg, -1);
	}
	return 0;	/* the scheduler's own handler takes the timer */
}

static struct uk_waitq irq_wq = UK_WAITQ_INITIALIZER;

/*
 * Sleeps until wake_at, then wakes the waiter itself if the interrupt
 * handler has not: the interrupt that woke this thread ran the handler
 * already (it came at or after wake_at), so this thread can only be
 * first when the handler failed.
 */
static void *nap_then_wake(void *arg)
{
	uk_sched_sleep_until((uintptr_t)arg);
	if (!woken_by)
		woken_by = 't';
	uk_waitq_wake(&irq_wq, -1);
	return NULL;
}

/*
 * An order, not a latency: the waiter has no timeout and must be woken
 * by the interrupt handler, before the thread whose deadline brings
 * that interrupt gets to run. How it fails: a handler that cannot wake
 * a waiter leaves woken_by 't'. The thread sleeps 10 ms past wake_at:
 * the handler and the scheduler read the clock at different moments of
 * the same interrupt, and with the same deadline for both, a slow host
 * could let the scheduler see it passed while the handler, which read
 * the clock first, did not.
 */
UK_TESTCASE(wait, an_interrupt_handler_wakes_a_waiter)
{
	static bool registered;
	struct uk_thread *t;
	uint64_t t0 = now();

	NEED_THREADS();
	if (!registered)
		registered = ukplat_irq_register(ukplat_timer_irq(),
						 woke_from_timer, &irq_wq) == 0;
	UK_TEST_ASSERT(registered);
	woken_by = 0;
	wake_at = t0 + 20 * MS;
	t = uk_thread_create("nap", nap_then_wake,
			     (void *)(uintptr_t)(wake_at + 10 * MS), NULL);
	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_EQ(uk_waitq_wait(&irq_wq, 0), 0);
	UK_TEST_EXPECT_EQ(woken_by, 'i');
	UK_TEST_EXPECT_GE(now() - t0, 20 * MS);
	UK_TEST_EXPECT_EQ(uk_thread_join(t, NULL), 0);
}

UK_TESTCASE(mutex, uncontended)
{
	struct uk_mutex m = UK_MUTEX_INITIALIZER;
	struct uk_mutex r;

	uk_mutex_lock(&m);
	UK_TEST_EXPECT(uk_mutex_is_locked(&m));
	UK_TEST_EXPECT_EQ(uk_mutex_trylock(&m), -UK_EBUSY);
	uk_mutex_unlock(&m);
	UK_TEST_EXPECT(!uk_mutex_is_locked(&m));
	UK_TEST_EXPECT_EQ(uk_mutex_trylock(&m), 0);
	uk_mutex_unlock(&m);

	uk_mutex_init_recursive(&r);
	uk_mutex_lock(&r);
	uk_mutex_lock(&r);
	UK_TEST_EXPECT_EQ(uk_mutex_trylock(&r), 0);
	uk_mutex_unlock(&r);
	uk_mutex_unlock(&r);
	UK_TEST_EXPECT(uk_mutex_is_locked(&r));
	uk_mutex_unlock(&r);
	UK_TEST_EXPECT(!uk_mutex_is_locked(&r));
}

UK_TESTCASE(semaphore, counts_and_times_out)
{
	struct uk_semaphore s = UK_SEMAPHORE_INITIALIZER(2);

	UK_TEST_EXPECT_EQ(uk_semaphore_trydown(&s), 0);
	uk_semaphore_down(&s);
	UK_TEST_EXPECT_EQ(uk_semaphore_trydown(&s), -UK_EAGAIN);
	UK_TEST_EXPECT_EQ(uk_semaphore_down_until(&s, now() + 10 * MS),
			  -UK_ETIMEDOUT);
	uk_semaphore_up(&s);
	UK_TEST_EXPECT_EQ(uk_semaphore_down_until(&s, now() + 10 * MS), 0);
}

UK_TESTCASE(condvar, timeout)
{
	struct uk_mutex m = UK_MUTEX_INITIALIZER;
	struct uk_condvar c = UK_CONDVAR_INITIALIZER;
	uint64_t t0 = now();

	uk_mutex_lock(&m);
	UK_TEST_EXPECT_EQ(uk_condvar_wait_until(&c, &m, t0 + 10 * MS),
			  -UK_ETIMEDOUT);
	UK_TEST_EXPECT_GE(now() - t0, 10 * MS);
	/* the mutex is held again */
	UK_TEST_EXPECT_PTR_EQ(m.owner, uk_thread_current());
	uk_mutex_unlock(&m);
}

/* ---- threads ---- */

static void *twice(void *arg)
{
	return (void *)((uintptr_t)arg * 2);
}

UK_TESTCASE(thread, none_has_no_threads)
{
	if (UK_SCHED_THREADS)
		return;
	UK_TEST_EXPECT_NULL(uk_thread_create("t", twice, NULL, NULL));
	UK_TEST_EXPECT_EQ(uk_sched_thread_count(), 1);
}

UK_TESTCASE(thread, create_join_100_with_values)
{
	struct uk_thread *t[100];
	unsigned int n0 = uk_sched_thread_count();
	void *ret;
	int i;

	NEED_THREADS();
	for (i = 0; i < 100; i++) {
		t[i] = uk_thread_create(NULL, twice, (void *)(uintptr_t)i,
					NULL);
		UK_TEST_ASSERT_NOT_NULL(t[i]);
	}
	/* under coop none ran yet; under preempt some may be done */
	if (is_coop())
		UK_TEST_EXPECT_EQ(uk_sched_thread_count(), n0 + 100);
	for (i = 0; i < 100; i++) {
		UK_TEST_EXPECT_EQ(uk_thread_join(t[i], &ret), 0);
		UK_TEST_EXPECT_EQ((uintptr_t)ret, 2 * i);
	}
	UK_TEST_EXPECT_EQ(uk_sched_thread_count(), n0);
}

static void *report_tid(void *arg)
{
	*(int *)arg = uk_thread_tid(uk_thread_current());
	return NULL;
}

UK_TESTCASE(thread, names_and_ids)
{
	struct uk_thread *a, *b;
	int ta = 0, tb = 0;

	NEED_THREADS();
	a = uk_thread_create("alpha", report_tid, &ta, NULL);
	b = uk_thread_create(NULL, report_tid, &tb, NULL);
	UK_TEST_ASSERT(a && b);
	UK_TEST_EXPECT_STR_EQ(uk_thread_name(a), "alpha");
	UK_TEST_EXPECT_PTR_EQ(uk_thread_find(uk_thread_tid(b)), b);
	UK_TEST_EXPECT_EQ(uk_thread_join(a, NULL), 0);
	UK_TEST_EXPECT_EQ(uk_thread_join(b, NULL), 0);
	UK_TEST_EXPECT_GT(ta, 1);
	UK_TEST_EXPECT_GT(tb, 1);
	UK_TEST_EXPECT_NE(ta, tb);
	UK_TEST_EXPECT_NULL(uk_thread_find(ta));
}

static char order[64];
static int norder;

static void *yielder(void *arg)
{
	for (int i = 0; i < 3; i++) {
		order[norder++] = *(const char *)arg;
		uk_sched_yield();
	}
	return NULL;
}

UK_TESTCASE(thread, yield_is_round_robin)
{
	struct uk_thread *t[3];

	NEED_THREADS();
	norder = 0;
	uk_memset(order, 0, sizeof(order));
	t[0] = uk_thread_create("a", yielder, "a", NULL);
	t[1] = uk_thread_create("b", yielder, "b", NULL);
	t[2] = uk_thread_create("c", yielder, "c", NULL);
	for (int i = 0; i < 3; i++)
		UK_TEST_EXPECT_EQ(uk_thread_join(t[i], NULL), 0);
	UK_TEST_EXPECT_STR_EQ(order, "abcabcabc");
}

static struct uk_mutex counter_lock = UK_MUTEX_INITIALIZER;
static long counter;

static void *count_up(void *arg)
{
	for (int i = 0; i < 1000; i++) {
		uk_mutex_lock(&counter_lock);
		long v = counter;

		/* give the others a chance to get in the way */
		if (i % 7 == 0)
			uk_sched_yield();
		counter = v + 1;
		uk_mutex_unlock(&counter_lock);
	}
	return NULL;
}

UK_TESTCASE(mutex, counter_from_8_threads)
{
	struct uk_thread *t[8];

	NEED_THREADS();
	counter = 0;
	for (int i = 0; i < 8; i++)
		t[i] = uk_thread_create(NULL, count_up, NULL, NULL);
	for (int i = 0; i < 8; i++)
		UK_TEST_EXPECT_EQ(uk_thread_join(t[i], NULL), 0);
	UK_TEST_EXPECT_EQ(counter, 8000);
}

static struct uk_mutex pp_lock = UK_MUTEX_INITIALIZER;
static struct uk_condvar pp_cond = UK_CONDVAR_INITIALIZER;
static int pp_turn, pp_rounds;

static void *pong(void *arg)
{
	uk_mutex_lock(&pp_lock);
	for (int i = 0; i < pp_rounds; i++) {
		while (pp_turn != 1)
			uk_condvar_wait(&pp_cond, &pp_lock);
		pp_turn = 0;
		uk_condvar_signal(&pp_cond);
	}
	uk_mutex_unlock(&pp_lock);
	return NULL;
}

UK_TESTCASE(condvar, ping_pong_10000)
{
	struct uk_thread *t;
	uint64_t switches = uk_sched_switch_count();

	NEED_THREADS();
	pp_turn = 0;
	pp_rounds = 10000;
	t = uk_thread_create("pong", pong, NULL, NULL);
	UK_TEST_ASSERT_NOT_NULL(t);
	uk_mutex_lock(&pp_lock);
	for (int i = 0; i < pp_rounds; i++) {
		pp_turn = 1;
		uk_condvar_signal(&pp_cond);
		while (pp_turn != 0)
			uk_condvar_wait(&pp_cond, &pp_lock);
	}
	uk_mutex_unlock(&pp_lock);
	UK_TEST_EXPECT_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT_GE(uk_sched_switch_count() - switches, 2 * 10000);
}

static struct uk_semaphore items = UK_SEMAPHORE_INITIALIZER(0);
static int produced;

static void *producer(void *arg)
{
	for (int i = 0; i < 50; i++) {
		produced++;
		uk_semaphore_up(&items);
		if (i % 3 == 0)
			uk_sched_sleep(MS / 10);
	}
	return NULL;
}

UK_TESTCASE(semaphore, producer_consumer)
{
	struct uk_thread *t;

	NEED_THREADS();
	produced = 0;
	t = uk_thread_create("producer", producer, NULL, NULL);
	for (int i = 0; i < 50; i++)
		UK_TEST_EXPECT_EQ(uk_semaphore_down_until(&items,
							  now() + 5000 * MS),
				  0);
	UK_TEST_EXPECT_EQ(produced, 50);
	UK_TEST_EXPECT_EQ(uk_thread_join(t, NULL), 0);
}

static char woke[8];
static int nwoke;

static void *sleep_ms(void *arg)
{
	uk_sched_sleep((uintptr_t)arg * MS);
	woke[nwoke++] = '0' + (uintptr_t)arg / 10;
	return NULL;
}

UK_TESTCASE(thread, sleepers_wake_in_deadline_order)
{
	static const int ms[] = { 30, 10, 40, 20 };
	struct uk_thread *t[4];
	uint64_t t0 = now();

	NEED_THREADS();
	nwoke = 0;
	uk_memset(woke, 0, sizeof(woke));
	for (int i = 0; i < 4; i++)
		t[i] = uk_thread_create(NULL, sleep_ms,
					(void *)(uintptr_t)ms[i], NULL);
	for (int i = 0; i < 4; i++)
		UK_TEST_EXPECT_EQ(uk_thread_join(t[i], NULL), 0);
	UK_TEST_EXPECT_STR_EQ(woke, "1234");
	UK_TEST_EXPECT_GE(now() - t0, 40 * MS);
}

static struct uk_waitq flag_wq = UK_WAITQ_INITIALIZER;
static volatile int flag;

static void *set_flag(void *arg)
{
	uk_sched_sleep(5 * MS);
	flag = 1;
	uk_waitq_wake(&flag_wq, -1);
	return NULL;
}

UK_TESTCASE(wait, event_set_by_another_thread)
{
	struct uk_thread *t;

	NEED_THREADS();
	flag = 0;
	t = uk_thread_create(NULL, set_flag, NULL, NULL);
	UK_TEST_EXPECT_EQ(uk_waitq_wait_event(&flag_wq, flag,
					      now() + 5000 * MS), 0);
	UK_TEST_EXPECT_EQ(flag, 1);
	UK_TEST_EXPECT_EQ(uk_thread_join(t, NULL), 0);
}

static void *noop(void *arg)
{
	return NULL;
}

UK_TESTCASE(thread, detached_threads_go_away)
{
	struct uk_thread_attr attr = { .detached = true };
	unsigned int n0 = uk_sched_thread_count();
	struct uk_thread *t;

	NEED_THREADS();
	for (int i = 0; i < 20; i++)
		UK_TEST_ASSERT_NOT_NULL(uk_thread_create(NULL, noop, NULL,
							 &attr));
	if (is_coop())
		UK_TEST_EXPECT_EQ(uk_sched_thread_count(), n0 + 20);
	uk_sched_sleep(MS);
	UK_TEST_EXPECT_EQ(uk_sched_thread_count(), n0);

	t = uk_thread_create(NULL, noop, NULL, NULL);
	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_EQ(uk_thread_detach(t), 0);
	UK_TEST_EXPECT_EQ(uk_thread_detach(t), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_thread_join(t, NULL), -UK_EINVAL);
	uk_sched_yield();
	UK_TEST_EXPECT_EQ(uk_sched_thread_count(), n0);
}

UK_TESTCASE(thread, bad_attributes_are_refused)
{
	struct uk_thread_attr attr = { .prio = UK_THREAD_PRIO_MAX + 1 };

	NEED_THREADS();
	UK_TEST_EXPECT_NULL(uk_thread_create(NULL, noop, NULL, &attr));
	UK_TEST_EXPECT_NULL(uk_thread_create(NULL, NULL, NULL, NULL));
}

static void *deep(void *arg)
{
	volatile char buf[2048];

	buf[0] = 1;
	if ((uintptr_t)arg)
		deep((void *)((uintptr_t)arg - 1));
	return (void *)(uintptr_t)buf[0];
}

UK_TESTCASE(thread, stack_size_is_honoured)
{
	/* 100 frames of over 2 KiB: more than the 64 KiB default */
	struct uk_thread_attr attr = { .stack_size = 256 * UK_KiB };
	struct uk_thread *t;

	NEED_THREADS();
	t = uk_thread_create("deep", deep, (void *)100, &attr);
	UK_TEST_ASSERT_NOT_NULL(t);
	UK_TEST_EXPECT_EQ(uk_thread_join(t, NULL), 0);
}

UK_TEST_MAIN();
