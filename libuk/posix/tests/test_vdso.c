/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vDSO (libuk/posix/vdso.c) as musl uses it: the auxiliary vector
 * has AT_SYSINFO_EHDR; clock_gettime of the platform clocks enters no
 * system call (uk_syscall_count() does not move) and agrees with the
 * system call; the CPU-time clocks, an unknown clock and a NULL timespec
 * take the system call (one each; with --with-libc=musl-direct a direct
 * call, which the counter does not see) and get its answer. Under the
 * preemptive scheduler, two threads read the clock while preempting each
 * other and never see it go back.
 */
#include <uk/test.h>
#include <uk/syscall.h>
#include <uk/config.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef AT_SYSINFO_EHDR
#define AT_SYSINFO_EHDR	33
#endif

/* what one system call of musl's adds to uk_syscall_count() */
#define TRAPS	(UK_CONFIG_MUSL_DIRECT ? 0 : 1)

static int64_t ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

UK_TESTCASE(vdso, auxv_points_at_an_elf_header)
{
	const unsigned char *eh = (const void *)getauxval(AT_SYSINFO_EHDR);

	UK_TEST_ASSERT(UK_TEST_EXPECT_NOT_NULL(eh));
	UK_TEST_EXPECT_MEM_EQ(eh, "\177ELF", 4);
}

UK_TESTCASE(vdso, platform_clocks_enter_no_system_call)
{
	static const clockid_t clocks[] = {
		CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW,
		CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
	};
	struct timespec ts[sizeof(clocks) / sizeof(clocks[0])][2];
	int rc[sizeof(clocks) / sizeof(clocks[0])][2];
	uint64_t n0, n1;
	size_t i;

	n0 = uk_syscall_count();
	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		rc[i][0] = clock_gettime(clocks[i], &ts[i][0]);
		rc[i][1] = clock_gettime(clocks[i], &ts[i][1]);
	}
	n1 = uk_syscall_count();
	UK_TEST_EXPECT_UEQ(n1 - n0, 0);
	for (i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		UK_TEST_EXPECT_EQ(rc[i][0], 0);
		UK_TEST_EXPECT_EQ(rc[i][1], 0);
		UK_TEST_EXPECT_LE(ns(&ts[i][0]), ns(&ts[i][1]));
		UK_TEST_EXPECT_LT(ts[i][0].tv_nsec, 1000000000);
	}
}

/* vDSO t1 <= system call t2 <= vDSO t3, and exactly one system call. */
static void between(clockid_t clk)
{
	struct timespec t1, t2, t3;
	uint64_t n0, n1;
	long rc;

	n0 = uk_syscall_count();
	clock_gettime(clk, &t1);
	rc = syscall(SYS_clock_gettime, clk, &t2);
	clock_gettime(clk, &t3);
	n1 = uk_syscall_count();
	UK_TEST_EXPECT_EQ(rc, 0);
	UK_TEST_EXPECT_UEQ(n1 - n0, TRAPS);
	UK_TEST_EXPECT_LE(ns(&t1), ns(&t2));
	UK_TEST_EXPECT_LE(ns(&t2), ns(&t3));
	/* nothing else runs: the three are close together */
	UK_TEST_EXPECT_LT(ns(&t3) - ns(&t1), 100000000);
}

UK_TESTCASE(vdso, monotonic_agrees_with_the_system_call)
{
	between(CLOCK_MONOTONIC);
	between(CLOCK_BOOTTIME);
}

UK_TESTCASE(vdso, realtime_agrees_with_the_system_call)
{
	between(CLOCK_REALTIME);
}

/* @clk's answer comes from one system call: @want (0 or an errno). */
static void falls_back(clockid_t clk, struct timespec *ts, int want)
{
	uint64_t n0, n1;
	int rc;

	errno = 0;
	n0 = uk_syscall_count();
	rc = clock_gettime(clk, ts);
	n1 = uk_syscall_count();
	UK_TEST_EXPECT_EQ(rc, want ? -1 : 0);
	UK_TEST_EXPECT_EQ(errno, want);
	UK_TEST_EXPECT_UEQ(n1 - n0, TRAPS);
}

UK_TESTCASE(vdso, other_clocks_take_the_system_call)
{
	struct timespec ts = { -1, -1 }, mono;

	falls_back(CLOCK_PROCESS_CPUTIME_ID, &ts, 0);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	UK_TEST_EXPECT_GE(ts.tv_sec, 0);
	UK_TEST_EXPECT_LE(ns(&ts), ns(&mono));
	falls_back(CLOCK_THREAD_CPUTIME_ID, &ts, 0);
	falls_back(12345, &ts, EINVAL);
	falls_back(CLOCK_MONOTONIC, NULL, EFAULT);
}

#ifdef UK_CONFIG_SCHED_PREEMPT
static volatile int stop;

/* Reads the clock until told to stop; returns how often it went back. */
static void *reader(void *count)
{
	struct timespec prev, now;
	long back = 0;

	clock_gettime(CLOCK_MONOTONIC, &prev);
	while (!stop) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		back += ns(&now) < ns(&prev);
		prev = now;
		++*(volatile long *)count;
	}
	return (void *)back;
}

UK_TESTCASE(vdso, preempted_readers_see_no_time_go_back)
{
	long theirs = 0, mine = 0, back;
	pthread_t t;
	struct timespec start, now;
	void *their_back;

	UK_TEST_ASSERT(UK_TEST_EXPECT_EQ(
		pthread_create(&t, NULL, reader, &theirs), 0));
	clock_gettime(CLOCK_MONOTONIC, &start);
	now = start;
	back = 0;
	/* 300 ms of two threads preempting each other mid-call */
	while (ns(&now) - ns(&start) < 300000000) {
		struct timespec prev = now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		back += ns(&now) < ns(&prev);
		mine++;
	}
	stop = 1;
	pthread_join(t, &their_back);
	UK_TEST_EXPECT_EQ(back, 0);
	UK_TEST_EXPECT_EQ((long)their_back, 0);
	UK_TEST_EXPECT_GT(theirs, 0);
	UK_TEST_EXPECT_GT(mine, 0);
	uk_test_diag("%ld + %ld readings\n", mine, theirs);
}
#endif

UK_TEST_MAIN()
