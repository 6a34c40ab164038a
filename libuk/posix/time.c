/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and sleeping. CLOCK_REALTIME is the RTC read at boot plus the
 * monotonic clock; every other clock is the monotonic clock (one CPU, one
 * process). Sleeping goes through the scheduler (uk_thread_block with a
 * deadline): other threads run meanwhile, an idle CPU halts until the
 * deadline, and a signal ends the sleep early with EINTR.
 * musl's clock_gettime reads the clocks of uk_posix_clock_read through
 * the vDSO (vdso.c) without a system call.
 */
#include <uk/syscall.h>
#include <uk/sched.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/errno.h>
#include "posix.h"

#define NSEC	UKPLAT_NSEC_PER_SEC

int uk_posix_clock_read(int clk, uint64_t *ns)
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
		*ns = ukplat_monotonic_clock();
		return 0;
	default:
		return -UK_EINVAL;
	}
}

/* Every clock of the system calls: the CPU-time clocks as well. */
static int clock_read(int clk, uint64_t *ns)
{
	switch (clk) {
	case L_CLOCK_PROCESS_CPUTIME_ID:
	case L_CLOCK_THREAD_CPUTIME_ID:
		*ns = ukplat_monotonic_clock();
		return 0;
	default:
		return uk_posix_clock_read(clk, ns);
	}
}

void uk_posix_to_timespec(uint64_t ns, struct l_timespec *ts)
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
	uk_posix_to_timespec(ns, ts);
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
		uk_posix_to_timespec(ukplat_clock_resolution(), res);
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

bool uk_posix_timespec_bad(const struct l_timespec *ts)
{
	return ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long)NSEC;
}

uint64_t uk_posix_timespec_ns(const struct l_timespec *ts)
{
	if ((uint64_t)ts->tv_sec >= UK_POSIX_KTIME_MAX / NSEC)
		return UK_POSIX_KTIME_MAX;
	return (uint64_t)ts->tv_sec * NSEC + ts->tv_nsec;
}

uint64_t uk_posix_deadline_in(uint64_t ns)
{
	return ukplat_monotonic_clock() + UK_MIN(ns, UK_POSIX_TIMEOUT_MAX);
}

/*
 * Sleeps until monotonic time @deadline, or until a signal would be
 * delivered (signal.c): then returns -EINTR, else 0.
 */
static int sleep_until(uint64_t deadline)
{
	unsigned long flags = ukplat_irq_save();
	int rc = 0;

	for (;;) {
		if (uk_posix_signal_pending()) {
			rc = -UK_EINTR;
			break;
		}
		if (uk_thread_block(deadline) == -UK_ETIMEDOUT)
			break;
	}
	ukplat_irq_restore(flags);
	return rc;
}

static long uk_sys_clock_nanosleep(int clk, int flags,
				   const struct l_timespec *req,
				   struct l_timespec *rem)
{
	uint64_t now, start, ns, deadline;
	int rc;

	if (clk == L_CLOCK_THREAD_CPUTIME_ID)
		return -UK_EINVAL;
	rc = clock_read(clk, &now);
	if (rc)
		return rc;
	if (!req)
		return -UK_EFAULT;
	if (uk_posix_timespec_bad(req))
		return -UK_EINVAL;
	ns = uk_posix_timespec_ns(req);
	/* a CLOCK_REALTIME deadline becomes a monotonic one (the wall
	 * clock is the monotonic clock plus a constant) */
	if (flags & 1 /* TIMER_ABSTIME */)
		ns = ns > now ? ns - now : 0;
	if (!ns)
		return 0;
	start = ukplat_monotonic_clock();
	deadline = uk_posix_deadline_in(ns);
	rc = sleep_until(deadline);
	if (rc && rem && !(flags & 1)) {
		/* a signal ended it: what is left of the request */
		now = ukplat_monotonic_clock() - start;
		uk_posix_to_timespec(ns > now ? ns - now : 0, rem);
	}
	return rc;
}
UK_SYSCALL_REGISTER(clock_nanosleep, uk_sys_clock_nanosleep);

static long uk_sys_nanosleep(const struct l_timespec *req,
			     struct l_timespec *rem)
{
	return uk_sys_clock_nanosleep(L_CLOCK_MONOTONIC, 0, req, rem);
}
UK_SYSCALL_REGISTER(nanosleep, uk_sys_nanosleep);
