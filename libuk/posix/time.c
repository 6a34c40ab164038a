/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and sleeping. CLOCK_REALTIME is the RTC read at boot plus the
 * monotonic clock; every other clock is the monotonic clock (one CPU, one
 * process). Sleeping goes through the scheduler (uk_sched_sleep_until):
 * other threads run meanwhile, and an idle CPU halts until the deadline.
 */
#include <uk/syscall.h>
#include <uk/sched.h>
#include <uk/plat/time.h>
#include <uk/errno.h>
#include "posix.h"

#define NSEC	UKPLAT_NSEC_PER_SEC

static int clock_read(int clk, uint64_t *ns)
{
	switch (clk) {
	case L_CLOCK_REALTIME:
	case L_CLOCK_REALTIME_COARSE:
		*ns = ukplat_wall_clock();
		return 0;
	case L_CLOCK_MONOTONIC:
	case L_CLOCK_MONOTONIC_RAW:
	case L_CLOCK_MONOTONIC_COARSE:
	case L_CLOCK_BOOTTIME:
	case L_CLOCK_PROCESS_CPUTIME_ID:
	case L_CLOCK_THREAD_CPUTIME_ID:
		*ns = ukplat_monotonic_clock();
		return 0;
	default:
		return -UK_EINVAL;
	}
}

static void to_timespec(uint64_t ns, struct l_timespec *ts)
{
	ts->tv_sec = ns / NSEC;
	ts->tv_nsec = ns % NSEC;
}

static long uk_sys_clock_gettime(int clk, struct l_timespec *ts)
{
	uint64_t ns;
	int rc = clock_read(clk, &ns);

	if (rc)
		return rc;
	if (!ts)
		return -UK_EFAULT;
	to_timespec(ns, ts);
	return 0;
}
UK_SYSCALL_REGISTER(clock_gettime, uk_sys_clock_gettime);

static long uk_sys_clock_getres(int clk, struct l_timespec *res)
{
	uint64_t ns;
	int rc = clock_read(clk, &ns);

	if (rc)
		return rc;
	if (res)
		to_timespec(ukplat_clock_resolution(), res);
	return 0;
}
UK_SYSCALL_REGISTER(clock_getres, uk_sys_clock_getres);

static long uk_sys_gettimeofday(struct l_timeval *tv, int *tz)
{
	uint64_t ns = ukplat_wall_clock();

	if (tv) {
		tv->tv_sec = ns / NSEC;
		tv->tv_usec = (ns % NSEC) / 1000;
	}
	if (tz) {
		tz[0] = 0;	/* minutes west of Greenwich */
		tz[1] = 0;	/* no DST */
	}
	return 0;
}
UK_SYSCALL_REGISTER(gettimeofday, uk_sys_gettimeofday);

#ifdef UK_NR_time
static long uk_sys_time(long *t)
{
	long now = ukplat_wall_clock() / NSEC;

	if (t)
		*t = now;
	return now;
}
UK_SYSCALL_REGISTER(time, uk_sys_time);
#endif

static bool bad_timespec(const struct l_timespec *ts)
{
	return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long)NSEC;
}

/*
 * Sleeps until clock @clk reaches @deadline (ns). A CLOCK_REALTIME
 * deadline is turned into a monotonic one (the wall clock is the
 * monotonic clock plus a constant).
 */
static void wait_until(int clk, uint64_t deadline)
{
	uint64_t now, mono = ukplat_monotonic_clock();

	if (clock_read(clk, &now) < 0 || now >= deadline)
		return;
	uk_sched_sleep_until(mono + (deadline - now));
}

static long uk_sys_clock_nanosleep(int clk, int flags,
				   const struct l_timespec *req,
				   struct l_timespec *rem)
{
	uint64_t now, ns;
	int rc;

	if (clk == L_CLOCK_THREAD_CPUTIME_ID)
		return -UK_EINVAL;
	rc = clock_read(clk, &now);
	if (rc)
		return rc;
	if (!req)
		return -UK_EFAULT;
	if (bad_timespec(req))
		return -UK_EINVAL;
	ns = (uint64_t)req->tv_sec * NSEC + req->tv_nsec;
	wait_until(clk, (flags & 1 /* TIMER_ABSTIME */) ? ns : now + ns);
	if (rem && !(flags & 1))
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}
UK_SYSCALL_REGISTER(clock_nanosleep, uk_sys_clock_nanosleep);

static long uk_sys_nanosleep(const struct l_timespec *req,
			     struct l_timespec *rem)
{
	return uk_sys_clock_nanosleep(L_CLOCK_MONOTONIC, 0, req, rem);
}
UK_SYSCALL_REGISTER(nanosleep, uk_sys_nanosleep);
