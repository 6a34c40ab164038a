/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and sleeping. CLOCK_REALTIME is the RTC read at boot plus the
 * monotonic clock; the CPU-time clocks (CLOCK_PROCESS_CPUTIME_ID,
 * CLOCK_THREAD_CPUTIME_ID and the ids of clock_getcpuclockid and
 * pthread_getcpuclockid) are the scheduler's per-thread accounting
 * (uk_thread_cpu_time), as are times() and getrusage() (all of it user
 * time); every other clock is the monotonic clock (one CPU, one
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
#include <uk/string.h>
#include <uk/uaccess.h>
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

/*
 * The CPU-time clocks as Linux encodes them (include/linux/posix-timers.h):
 * a negative id is ~pid << 3 | perthread << 2 | which (PROF, VIRT,
 * SCHED; 3 is not a CPU clock), pid 0 meaning the caller; musl's
 * clock_getcpuclockid and pthread_getcpuclockid make them.
 * CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID are the caller's
 * SCHED clocks. All three kinds read the same time here: there is no
 * user/system split.
 */
#define CPUCLOCK_PERTHREAD	4
#define CPUCLOCK_WHICH		3

static int cpu_clock_read(int clk, uint64_t *ns)
{
	int pid = ~(clk >> 3);
	struct uk_thread *t;

	if ((clk & CPUCLOCK_WHICH) == CPUCLOCK_WHICH)
		return -UK_EINVAL;
	if (!(clk & CPUCLOCK_PERTHREAD)) {
		/* a process clock: ours alone */
		if (pid && !uk_posix_is_self(pid))
			return -UK_EINVAL;
		*ns = uk_sched_cpu_time();
		return 0;
	}
	t = pid ? uk_thread_find(pid) : uk_thread_current();
	if (!t)
		return -UK_EINVAL;
	*ns = uk_thread_cpu_time(t);
	return 0;
}

int uk_posix_cpu_clock(int clk, int *tid)
{
	struct uk_thread *t;
	int pid = ~(clk >> 3);

	*tid = 0;
	if (clk == L_CLOCK_PROCESS_CPUTIME_ID)
		return 0;
	if (clk == L_CLOCK_THREAD_CPUTIME_ID) {
		*tid = uk_thread_tid(uk_thread_current());
		return 0;
	}
	if (clk >= 0 || (clk & CPUCLOCK_WHICH) == CPUCLOCK_WHICH)
		return -UK_EINVAL;
	if (!(clk & CPUCLOCK_PERTHREAD))
		return !pid || uk_posix_is_self(pid) ? 0 : -UK_EINVAL;
	t = pid ? uk_thread_find(pid) : uk_thread_current();
	if (!t)
		return -UK_EINVAL;
	*tid = uk_thread_tid(t);
	return 0;
}

/* Every clock of the system calls: the CPU-time clocks as well. */
static int clock_read(int clk, uint64_t *ns)
{
	switch (clk) {
	case L_CLOCK_PROCESS_CPUTIME_ID:
		*ns = uk_sched_cpu_time();
		return 0;
	case L_CLOCK_THREAD_CPUTIME_ID:
		*ns = uk_thread_cpu_time(uk_thread_current());
		return 0;
	default:
		if (clk < 0)
			return cpu_clock_read(clk, ns);
		return uk_posix_clock_read(clk, ns);
	}
}

static bool is_cpu_clock(int clk)
{
	return clk < 0 || clk == L_CLOCK_PROCESS_CPUTIME_ID ||
	       clk == L_CLOCK_THREAD_CPUTIME_ID;
}

void uk_posix_to_timespec(uint64_t ns, struct l_timespec *ts)
{
	ts->tv_sec = ns / NSEC;
	ts->tv_nsec = ns % NSEC;
}

int uk_posix_put_timespec(uint64_t ns, struct l_timespec *uts)
{
	struct l_timespec ts;

	uk_posix_to_timespec(ns, &ts);
	return uk_copy_to_user(uts, &ts, sizeof(ts));
}

int uk_posix_get_timespec(const struct l_timespec *uts,
			  struct l_timespec *ts)
{
	return uk_copy_from_user(ts, uts, sizeof(*ts));
}

static long uk_sys_clock_gettime(int clk, struct l_timespec *ts)
{
	uint64_t ns;
	int rc = clock_read(clk, &ns);

	if (rc)
		return rc;
	return uk_posix_put_timespec(ns, ts);
}
UK_SYSCALL_REGISTER(clock_gettime, uk_sys_clock_gettime);

static long uk_sys_clock_getres(int clk, struct l_timespec *res)
{
	uint64_t ns;
	int rc = clock_read(clk, &ns);

	if (rc)
		return rc;
	/* the CPU-time clocks count in ns, as Linux's SCHED clocks do */
	if (res)
		return uk_posix_put_timespec(is_cpu_clock(clk) ? 1 :
					     ukplat_clock_resolution(), res);
	return 0;
}
UK_SYSCALL_REGISTER(clock_getres, uk_sys_clock_getres);

static long uk_sys_gettimeofday(struct l_timeval *tv, int *tz)
{
	uint64_t ns = ukplat_wall_clock();
	struct l_timeval k = { ns / NSEC, (ns % NSEC) / 1000 };
	int z[2] = { 0, 0 };	/* minutes west of Greenwich, no DST */

	if (tv && uk_copy_to_user(tv, &k, sizeof(k)))
		return -UK_EFAULT;
	if (tz && uk_copy_to_user(tz, z, sizeof(z)))
		return -UK_EFAULT;
	return 0;
}
UK_SYSCALL_REGISTER(gettimeofday, uk_sys_gettimeofday);

#ifdef UK_NR_time
static long uk_sys_time(long *t)
{
	long now = ukplat_wall_clock() / NSEC;

	if (t && uk_copy_to_user(t, &now, sizeof(now)))
		return -UK_EFAULT;
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
				   const struct l_timespec *ureq,
				   struct l_timespec *rem)
{
	uint64_t now, start, ns, deadline;
	struct l_timespec k, *req = &k;
	int rc;

	/* a thread's CPU clock cannot be slept on (Linux: EINVAL) */
	if (clk == L_CLOCK_THREAD_CPUTIME_ID ||
	    (clk < 0 && (clk & CPUCLOCK_PERTHREAD)))
		return -UK_EINVAL;
	rc = clock_read(clk, &now);
	if (rc)
		return rc;
	if (uk_posix_get_timespec(ureq, req))
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
		if (uk_posix_put_timespec(ns > now ? ns - now : 0, rem))
			return -UK_EFAULT;
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

/* CPU time as the process's, the caller's thread's: no system time. */
static long uk_sys_times(struct l_tms *buf)
{
	uint64_t tick = NSEC / L_USER_HZ;
	/* no system time, no children */
	struct l_tms k = { .utime = uk_sched_cpu_time() / tick };

	if (buf && uk_copy_to_user(buf, &k, sizeof(k)))
		return -UK_EFAULT;
	return ukplat_monotonic_clock() / tick;
}
UK_SYSCALL_REGISTER(times, uk_sys_times);

static long uk_sys_getrusage(int who, struct l_rusage *ru)
{
	uint64_t ns;

	switch (who) {
	case L_RUSAGE_SELF:
		ns = uk_sched_cpu_time();
		break;
	case L_RUSAGE_THREAD:
		ns = uk_thread_cpu_time(uk_thread_current());
		break;
	case L_RUSAGE_CHILDREN:
		ns = 0;		/* there are none */
		break;
	default:
		return -UK_EINVAL;
	}
	struct l_rusage k;

	uk_memset(&k, 0, sizeof(k));
	k.utime.tv_sec = ns / NSEC;
	k.utime.tv_usec = ns % NSEC / 1000;
	return uk_copy_to_user(ru, &k, sizeof(k));
}
UK_SYSCALL_REGISTER(getrusage, uk_sys_getrusage);
