/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The secondary CPUs (uk/plat/smp.h), in an image built --enable-smp and
 * booted by smp.test with several -smp values. Arguments: the CPUs the
 * firmware should list, and the CPUs that should be online.
 * Every wait polls for its condition, bounded by WAIT_NS.
 */
#include <stdlib.h>
#include <string.h>
#include <uk/test.h>
#include <uk/plat/smp.h>
#include <uk/plat/time.h>
#include <uk/spinlock.h>
#include <uk/print.h>

#define WAIT_NS		(60 * UKPLAT_NSEC_PER_SEC)
#define ROUNDS		20000

static unsigned int want_found = 1, want_online = 1;

/* Polls until no CPU runs a function of ukplat_cpu_run; false on time-out. */
static bool wait_idle(void)
{
	uint64_t end = ukplat_monotonic_clock() + WAIT_NS;

	do {
		bool busy = false;

		for (unsigned int i = 0; i < ukplat_cpu_found(); i++)
			busy |= ukplat_cpu_busy(i);
		if (!busy)
			return true;
		uk_cpu_relax();
	} while (ukplat_monotonic_clock() < end);
	return false;
}

UK_TESTCASE(smp, count)
{
	unsigned int n = 0;

	UK_TEST_EXPECT_EQ(ukplat_cpu_found(), want_found);
	UK_TEST_EXPECT_EQ(ukplat_cpu_count(), want_online);
	UK_TEST_EXPECT_EQ(ukplat_cpu_id(), 0);
	for (unsigned int i = 0; i < ukplat_cpu_found(); i++)
		n += ukplat_cpu_online(i);
	UK_TEST_EXPECT_EQ(n, want_online);
	UK_TEST_EXPECT(ukplat_cpu_online(0));
	UK_TEST_EXPECT(!ukplat_cpu_online(UKPLAT_CPU_MAX));
}

struct where {
	unsigned int id;
	uintptr_t stack;
};
static struct where where[UKPLAT_CPU_MAX];

static uintptr_t distance(uintptr_t a, uintptr_t b)
{
	return a > b ? a - b : b - a;
}

static void report(void *arg)
{
	struct where *w = arg;
	char here;

	w->id = ukplat_cpu_id();
	w->stack = (uintptr_t)&here;
}

/* Every other online CPU runs a function: it knows its own number. */
UK_TESTCASE(smp, run_where)
{
	char here;

	for (unsigned int i = 1; i < ukplat_cpu_found(); i++) {
		where[i].id = ~0U;
		if (ukplat_cpu_online(i))
			UK_TEST_EXPECT_EQ(ukplat_cpu_run(i, report, &where[i]),
					  0);
	}
	UK_TEST_ASSERT(wait_idle());
	for (unsigned int i = 1; i < ukplat_cpu_found(); i++) {
		if (!ukplat_cpu_online(i)) {
			UK_TEST_EXPECT_EQ(where[i].id, ~0U);
			continue;
		}
		UK_TEST_EXPECT_EQ(where[i].id, i);
		/* on a stack of its own, not the caller's */
		UK_TEST_EXPECT(distance(where[i].stack, (uintptr_t)&here) >
			       64 * 1024);
		for (unsigned int j = 1; j < i; j++)
			if (ukplat_cpu_online(j))
				UK_TEST_EXPECT_NE(where[i].stack >> 14,
						  where[j].stack >> 14);
	}
}

static void nop(void *arg __unused)
{
}

/* Refused: the caller's own CPU, a CPU that is not online, no function */
UK_TESTCASE(smp, run_refused)
{
	UK_TEST_EXPECT_EQ(ukplat_cpu_run(0, nop, NULL), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(ukplat_cpu_run(ukplat_cpu_found(), nop, NULL),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(ukplat_cpu_run(~0U, nop, NULL), -UK_EINVAL);
	for (unsigned int i = 1; i < ukplat_cpu_found(); i++)
		UK_TEST_EXPECT_EQ(ukplat_cpu_run(i, ukplat_cpu_online(i) ?
						 NULL : nop, NULL),
				  -UK_EINVAL);
}

static int release;

static void hold(void *arg __unused)
{
	while (!__atomic_load_n(&release, __ATOMIC_ACQUIRE))
		uk_cpu_relax();
}

/* A CPU that still runs a function refuses the next one. */
UK_TESTCASE(smp, run_busy)
{
	if (ukplat_cpu_count() < 2 || !ukplat_cpu_online(1)) {
		uk_pr_info("CPU 1 is not online: nothing to test\n");
		return;
	}
	__atomic_store_n(&release, 0, __ATOMIC_RELEASE);
	UK_TEST_ASSERT_EQ(ukplat_cpu_run(1, hold, NULL), 0);
	UK_TEST_EXPECT(ukplat_cpu_busy(1));
	UK_TEST_EXPECT_EQ(ukplat_cpu_run(1, nop, NULL), -UK_EBUSY);
	__atomic_store_n(&release, 1, __ATOMIC_RELEASE);
	UK_TEST_ASSERT(wait_idle());
	UK_TEST_EXPECT(!ukplat_cpu_busy(1));
	UK_TEST_EXPECT_EQ(ukplat_cpu_run(1, nop, NULL), 0);
	UK_TEST_EXPECT(wait_idle());
}

static int go;
static unsigned long atomic_count;
static unsigned long locked_count;
static struct uk_spinlock lock = UK_SPINLOCK_INITIALIZER;

static void count(void *arg __unused)
{
	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
		uk_cpu_relax();
	for (int i = 0; i < ROUNDS; i++) {
		__atomic_add_fetch(&atomic_count, 1, __ATOMIC_RELAXED);
		uk_spin_lock(&lock);
		locked_count++;
		uk_spin_unlock(&lock);
	}
}

/* Every online CPU adds ROUNDS to two counters at once: none is lost. */
UK_TESTCASE(smp, counters)
{
	unsigned int n = 1;

	for (unsigned int i = 1; i < ukplat_cpu_found(); i++)
		if (ukplat_cpu_online(i)) {
			UK_TEST_EXPECT_EQ(ukplat_cpu_run(i, count, NULL), 0);
			n++;
		}
	__atomic_store_n(&go, 1, __ATOMIC_RELEASE);
	count(NULL);
	UK_TEST_ASSERT(wait_idle());
	UK_TEST_EXPECT_EQ(atomic_count, (unsigned long)n * ROUNDS);
	UK_TEST_EXPECT_EQ(locked_count, (unsigned long)n * ROUNDS);
	UK_TEST_EXPECT_EQ(n, ukplat_cpu_count());
}

static volatile double fp_out[UKPLAT_CPU_MAX];

/* Floating point and SIMD registers work there (CR4.OSFXSR, CPACR). */
static void fp_sum(void *arg)
{
	volatile double x = 0;

	for (int i = 1; i <= 1000; i++)
		x += 1.0 / i;
	fp_out[(uintptr_t)arg] = x;
}

UK_TESTCASE(smp, fpu)
{
	for (unsigned int i = 1; i < ukplat_cpu_found(); i++)
		if (ukplat_cpu_online(i))
			UK_TEST_EXPECT_EQ(ukplat_cpu_run(i, fp_sum,
							 (void *)(uintptr_t)i),
					  0);
	fp_sum(0);
	UK_TEST_ASSERT(wait_idle());
	for (unsigned int i = 1; i < ukplat_cpu_found(); i++)
		if (ukplat_cpu_online(i))
			UK_TEST_EXPECT(fp_out[i] == fp_out[0]);
}

static void fault(void *arg __unused)
{
	*(volatile int *)8 = 1;
}

/*
 * "crash": CPU 1 faults; its trap entry (its own IST stacks or vector
 * table) reports the crash and the image ends with the crash status.
 * Returns 0 only when it did not.
 */
static int crash_on_cpu1(void)
{
	if (!ukplat_cpu_online(1) || ukplat_cpu_run(1, fault, NULL))
		return 2;
	wait_idle();
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "crash"))
		return crash_on_cpu1();
	if (argc > 2) {
		want_found = (unsigned int)atoi(argv[1]);
		want_online = (unsigned int)atoi(argv[2]);
	}
	return uk_test_main(argc, argv);
}
