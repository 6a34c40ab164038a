/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads through musl, as the system calls see them: clone (and
 * pthread_create's EAGAIN when there are no threads), futex and its
 * errors, requeueing, thread ids, CPU affinity, sleeping. The behaviour
 * an application observes is also compared with Linux by
 * tests/apps/pthread.c.
 */
#define _GNU_SOURCE
#include <uk/test.h>
#include <uk/sched.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE		128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_WAKE_OP		5

#define MS			1000000LL

static long futex(volatile int *addr, int op, int val, const void *ts,
		  volatile int *addr2, int val3)
{
	return syscall(SYS_futex, addr, op, val, ts, addr2, val3);
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *echo(void *arg)
{
	return arg;
}

UK_TESTCASE(posix, pthread_create)
{
	pthread_t t;
	void *ret = NULL;
	int rc = pthread_create(&t, NULL, echo, (void *)42);

	if (!UK_SCHED_THREADS) {
		UK_TEST_EXPECT_EQ(rc, EAGAIN);
		return;
	}
	UK_TEST_ASSERT_EQ(rc, 0);
	UK_TEST_EXPECT_EQ(pthread_join(t, &ret), 0);
	UK_TEST_EXPECT_PTR_EQ(ret, (void *)42);
}

UK_TESTCASE(posix, clone_that_is_not_a_thread)
{
	/* fork-like (no CLONE_VM): libuk has one address space */
	errno = 0;
	UK_TEST_EXPECT_EQ(syscall(SYS_clone, 17 /* SIGCHLD */, 0, 0, 0, 0), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
}

UK_TESTCASE(posix, futex_value_mismatch_is_eagain)
{
	volatile int word = 1;

	errno = 0;
	UK_TEST_EXPECT_EQ(futex(&word, FUTEX_WAIT | FUTEX_PRIVATE, 2, NULL,
				NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, EAGAIN);
}

UK_TESTCASE(posix, futex_relative_timeout)
{
	volatile int word = 0;
	struct timespec ts = { 0, 10 * MS };
	long long t0 = mono_ns();

	errno = 0;
	UK_TEST_EXPECT_EQ(futex(&word, FUTEX_WAIT, 0, &ts, NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, ETIMEDOUT);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 10 * MS);
}

UK_TESTCASE(posix, futex_absolute_timeouts)
{
	volatile int word = 0;
	struct timespec ts;
	long long t0;

	/* CLOCK_MONOTONIC, 10 ms ahead */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = mono_ns();
	ts.tv_nsec += 10 * MS;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(&word, FUTEX_WAIT_BITSET, 0, &ts, NULL, -1),
			  -1);
	UK_TEST_EXPECT_EQ(errno, ETIMEDOUT);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 10 * MS);

	/* CLOCK_REALTIME, in the past: at once */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec -= 1;
	t0 = mono_ns();
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME,
				0, &ts, NULL, -1), -1);
	UK_TEST_EXPECT_EQ(errno, ETIMEDOUT);
	UK_TEST_EXPECT_LT(mono_ns() - t0, 100 * MS);
}

UK_TESTCASE(posix, futex_bad_arguments)
{
	volatile int word[2] = { 0, 0 };
	struct timespec bad = { 0, 1000000000 };

	errno = 0;
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_WAIT, 0, &bad, NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(futex((volatile int *)((char *)word + 1), FUTEX_WAKE,
				1, NULL, NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_WAKE_OP, 1, NULL, word + 1, 0), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_CMP_REQUEUE, 1, (void *)1,
				word + 1, 5), -1);
	UK_TEST_EXPECT_EQ(errno, EAGAIN);
}

static volatile int fword, fword2, fwoken;
static pthread_mutex_t fwoken_lock = PTHREAD_MUTEX_INITIALIZER;

static void count_woken(void)
{
	pthread_mutex_lock(&fwoken_lock);
	fwoken++;
	pthread_mutex_unlock(&fwoken_lock);
}

static void *futex_waiter(void *arg)
{
	while (fword == 0)
		futex(&fword, FUTEX_WAIT | FUTEX_PRIVATE, 0, NULL, NULL, 0);
	count_woken();
	return NULL;
}

static void *requeued_waiter(void *arg)
{
	/* woken only through fword2, after a requeue */
	futex(&fword, FUTEX_WAIT, 0, NULL, NULL, 0);
	count_woken();
	return NULL;
}

UK_TESTCASE(posix, futex_wake_counts)
{
	pthread_t t[3];

	if (!UK_SCHED_THREADS)
		return;
	fword = 0;
	fwoken = 0;
	for (int i = 0; i < 3; i++)
		UK_TEST_ASSERT_EQ(pthread_create(&t[i], NULL, futex_waiter,
						 NULL), 0);
	sched_yield();	/* they all wait now */
	fword = 1;
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_WAKE | FUTEX_PRIVATE, 1, NULL,
				NULL, 0), 1);
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_WAKE_BITSET, 10, NULL, NULL,
				-1), 2);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_EQ(fwoken, 3);
}

UK_TESTCASE(posix, futex_requeue)
{
	pthread_t t[3];

	if (!UK_SCHED_THREADS)
		return;
	fword = 0;
	fword2 = 0;
	fwoken = 0;
	for (int i = 0; i < 3; i++)
		UK_TEST_ASSERT_EQ(pthread_create(&t[i], NULL, requeued_waiter,
						 NULL), 0);
	sched_yield();
	/* wake none, move all three to fword2 */
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_CMP_REQUEUE, 0, (void *)10,
				&fword2, 0), 3);
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_WAKE, 10, NULL, NULL, 0), 0);
	sched_yield();
	UK_TEST_EXPECT_EQ(fwoken, 0);
	/* REQUEUE counts only the woken: one woken, the rest stay */
	UK_TEST_EXPECT_EQ(futex(&fword2, FUTEX_REQUEUE, 1, (void *)10,
				&fword, 0), 1);
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_WAKE, 10, NULL, NULL, 0), 2);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_EQ(fwoken, 3);
}

static void *report_tid(void *arg)
{
	*(long *)arg = syscall(SYS_gettid);
	return NULL;
}

UK_TESTCASE(posix, thread_ids)
{
	long tid[2] = { 0, 0 };
	pthread_t t[2];

	UK_TEST_EXPECT_EQ(syscall(SYS_gettid), getpid());
	if (!UK_SCHED_THREADS)
		return;
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, report_tid, &tid[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_GT(tid[0], 1);
	UK_TEST_EXPECT_GT(tid[1], 1);
	UK_TEST_EXPECT_NE(tid[0], tid[1]);
}

UK_TESTCASE(posix, affinity_is_one_cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	UK_TEST_EXPECT_EQ(sched_getaffinity(0, sizeof(set), &set), 0);
	UK_TEST_EXPECT_EQ(CPU_COUNT(&set), 1);
	UK_TEST_EXPECT(CPU_ISSET(0, &set));
	UK_TEST_EXPECT_EQ(sysconf(_SC_NPROCESSORS_ONLN), 1);
	UK_TEST_EXPECT_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
}

UK_TESTCASE(posix, sleeping)
{
	struct timespec ts = { 0, 10 * MS };
	long long t0 = mono_ns();

	UK_TEST_EXPECT_EQ(nanosleep(&ts, NULL), 0);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 10 * MS);

	/* 1 ns after boot: long past */
	ts.tv_sec = 0;
	ts.tv_nsec = 1;
	t0 = mono_ns();
	UK_TEST_EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					  NULL), 0);
	UK_TEST_EXPECT_LT(mono_ns() - t0, 50 * MS);

	clock_gettime(CLOCK_REALTIME, &ts);
	t0 = mono_ns();
	ts.tv_nsec += 20 * MS;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	UK_TEST_EXPECT_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts,
					  NULL), 0);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 19 * MS);
	UK_TEST_EXPECT_EQ(sched_yield(), 0);
}

UK_TEST_MAIN();
