/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timers that send signals, with Linux's semantics for one process:
 * alarm, setitimer/getitimer (ITIMER_REAL: SIGALRM; ITIMER_VIRTUAL:
 * SIGVTALRM and ITIMER_PROF: SIGPROF, on the process's CPU time) and
 * the POSIX timers (timer_create, _settime, _gettime, _getoverrun,
 * _delete) on CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME and the
 * CPU-time clocks (the process's, a thread's: clock_getcpuclockid,
 * pthread_getcpuclockid), with
 * SIGEV_SIGNAL (si_code SI_TIMER, si_timerid, si_value, si_overrun),
 * SIGEV_THREAD_ID (the same to one thread; musl's SIGEV_THREAD is made
 * of it) and SIGEV_NONE.
 *
 * A kernel thread ("posix-timers", the highest priority), made when a
 * timer is first armed, sleeps until the next expiry and sends the
 * signals; under `preempt` it interrupts a thread that computes, which
 * gets its signal when it runs again (signal.c's interrupt hook). While
 * a timer's signal is pending, its expiries count as overruns, as on
 * Linux. Not here: timers under --with-sched=none, which has no
 * threads (ENOSYS; alarm warns). An absolute CLOCK_REALTIME expiry is
 * converted to the monotonic clock when armed: a later clock_settime
 * does not move it.
 *
 * CPU time: a CPU-time timer's expiry is on its clock; the timer thread
 * wakes when the clock could have reached it at the earliest (CPU time
 * grows no faster than the monotonic clock on one CPU) and looks again.
 * There is no user/system split: ITIMER_VIRTUAL counts the time of
 * system calls too, as ITIMER_PROF does. Under `coop` a thread that
 * computes keeps the CPU, so its CPU-time timer fires when it next
 * blocks or yields. A thread's timer whose thread ended stops.
 *
 * Locking: interrupts disabled (one CPU).
 */
#include <uk/syscall.h>
#include <uk/sched.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/uaccess.h>
#include <uk/errno.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include "posix.h"

#define TIMERS_MAX	64	/* POSIX timers of the process */
#define REAL		TIMERS_MAX	/* the slot of ITIMER_REAL (alarm) */
#define VIRT		(TIMERS_MAX + 1)	/* ITIMER_VIRTUAL */
#define PROF		(TIMERS_MAX + 2)	/* ITIMER_PROF */

#define L_SIGALRM	14
#define L_SIGVTALRM	26
#define L_SIGPROF	27
#define L_SIGEV_SIGNAL	0
#define L_SIGEV_NONE	1
#define L_SIGEV_THREAD	2
#define L_SIGEV_THREAD_ID 4
#define L_TIMER_ABSTIME	1
#define L_ITIMER_REAL	0
#define L_ITIMER_PROF	2

#define NSEC		1000000000ULL

struct l_sigevent {
	uint64_t value;
	int signo;
	int notify;
	int tid;
	int pad[11];
};

struct l_itimerspec {
	struct l_timespec interval, value;
};

struct l_itimerval {
	struct l_timeval interval, value;
};

struct ptimer {
	bool used;
	bool queued;		/* its signal is pending */
	int clock;
	bool cpu;		/* on a CPU-time clock: expiry is on it */
	int cpu_tid;		/* its thread; 0: the process's */
	int notify;		/* SIGEV_SIGNAL, _NONE, _THREAD_ID */
	int signo;
	int tid;		/* SIGEV_THREAD_ID's thread */
	uint64_t value;		/* si_value */
	uint64_t expiry;	/* ns on its clock; 0: disarmed */
	uint64_t interval;	/* ns; 0: one shot */
	int overrun;		/* expiries while queued */
	int overrun_last;	/* timer_getoverrun: at the last delivery */
};

static struct ptimer timers[PROF + 1];
static struct uk_thread *timer_thread;

static uint64_t now_ns(void)
{
	return ukplat_monotonic_clock();
}

/* The time on @t's clock: monotonic, or its CPU time; false when it
 * is a thread's and the thread is gone. */
static bool timer_now(const struct ptimer *t, uint64_t *now)
{
	struct uk_thread *th;

	if (!t->cpu) {
		*now = now_ns();
	} else if (!t->cpu_tid) {
		*now = uk_sched_cpu_time();
	} else {
		th = uk_thread_find(t->cpu_tid);
		if (!th)
			return false;
		*now = uk_thread_cpu_time(th);
	}
	return true;
}

/* Sends @t's signal, or counts an overrun while it is pending. */
static void fire(int id, struct ptimer *t)
{
	struct l_siginfo info;

	if (t->notify == L_SIGEV_NONE)
		return;
	if (t->queued) {
		if (t->overrun < __INT_MAX__)
			t->overrun++;
		return;
	}
	uk_memset(&info, 0, sizeof(info));
	info.signo = t->signo;
	if (id >= REAL) {
		info.code = L_SI_KERNEL;
	} else {
		info.code = L_SI_TIMER;
		info.timer.tid = id;
		info.timer.value = t->value;
		t->queued = true;
	}
	if (uk_posix_signal_send(t->notify == L_SIGEV_THREAD_ID ? t->tid : 0,
				 &info) < 0)
		t->queued = false;	/* its thread is gone */
}

/*
 * Fires the timers due at monotonic time @now; returns the monotonic
 * time of the next look (0: none).
 */
static uint64_t run_timers(uint64_t now)
{
	uint64_t next = 0, missed, at, tnow;

	for (int id = 0; id <= PROF; id++) {
		struct ptimer *t = &timers[id];

		if (!t->used || !t->expiry)
			continue;
		if (!timer_now(t, &tnow)) {
			t->expiry = 0;	/* a CPU clock's thread ended */
			continue;
		}
		if (t->expiry <= tnow) {
			if (t->interval) {
				missed = (tnow - t->expiry) / t->interval;
				t->expiry += (missed + 1) * t->interval;
				if (t->queued)
					t->overrun += (int)missed;
			} else {
				t->expiry = 0;
			}
			fire(id, t);
			if (!t->expiry)
				continue;
		}
		at = t->cpu ? now + (t->expiry - tnow) : t->expiry;
		if (!next || at < next)
			next = at;
	}
	return next;
}

static void *timer_main(void *arg)
{
	unsigned long flags = ukplat_irq_save();

	(void)arg;
	for (;;)
		uk_thread_block(run_timers(now_ns()));
	ukplat_irq_restore(flags);
	return NULL;
}

/* Makes the timer thread (before a timer is armed): 0 or -ENOSYS. */
static int timers_start(void)
{
	struct uk_thread_attr attr = { .prio = UK_THREAD_PRIO_MAX };

	if (!timer_thread)
		timer_thread = uk_thread_create("posix-timers", timer_main,
						NULL, &attr);
	return timer_thread ? 0 : -UK_ENOSYS;
}

void uk_posix_timer_delivered(struct l_siginfo *info)
{
	int id = info->timer.tid;

	if (id < 0 || id >= TIMERS_MAX || !timers[id].used)
		return;
	timers[id].queued = false;
	timers[id].overrun_last = timers[id].overrun;
	timers[id].overrun = 0;
	info->timer.overrun = timers[id].overrun_last;
}

/* ---- arming and reading, in ns ---- */

/* @t's time left and interval, in ns. */
static void timer_get(const struct ptimer *t, uint64_t *left,
		      uint64_t *interval)
{
	uint64_t now = 0;

	timer_now(t, &now);

	*interval = t->interval;
	*left = !t->expiry ? 0 : t->expiry > now ? t->expiry - now : 1;
}

/*
 * Arms @t to expire at @value (relative, or absolute on its clock with
 * @abs), then every @interval; @value 0 disarms it. The timer thread
 * must exist (timers_start).
 */
static void timer_set(struct ptimer *t, uint64_t value, uint64_t interval,
		      bool abs)
{
	uint64_t now = 0, clk;
	bool alive = timer_now(t, &now);

	clk = now;
	t->interval = interval;
	if (!value || !alive) {
		t->expiry = 0;
		return;
	}
	if (abs) {
		if (!t->cpu)
			uk_posix_clock_read(t->clock, &clk);
		/* on the timer's clock from now; a past time: at once */
		value = value > clk ? value - clk : 1;
	}
	t->expiry = now + (value < UK_POSIX_TIMEOUT_MAX ? value
						       : UK_POSIX_TIMEOUT_MAX);
	uk_thread_wake(timer_thread);
}

/* ---- setitimer, getitimer, alarm ---- */

static uint64_t tv_ns(const struct l_timeval *tv)
{
	return (uint64_t)tv->tv_sec * NSEC + (uint64_t)tv->tv_usec * 1000;
}

static void ns_tv(uint64_t ns, struct l_timeval *tv)
{
	tv->tv_sec = ns / NSEC;
	/* Linux rounds up: time left is never shown as none */
	tv->tv_usec = (ns % NSEC + 999) / 1000;
	if (tv->tv_usec == 1000000) {
		tv->tv_sec++;
		tv->tv_usec = 0;
	}
}

/* The slot of interval timer @which (ITIMER_REAL, _VIRTUAL, _PROF). */
static struct ptimer *itimer(int which)
{
	return &timers[REAL + which];
}

static void itimer_get(int which, struct l_itimerval *v)
{
	uint64_t left = 0, interval = 0;

	if (itimer(which)->used)
		timer_get(itimer(which), &left, &interval);
	ns_tv(left, &v->value);
	ns_tv(interval, &v->interval);
}

static long uk_sys_getitimer(int which, struct l_itimerval *uv)
{
	struct l_itimerval v;
	unsigned long flags;

	if (which < L_ITIMER_REAL || which > L_ITIMER_PROF)
		return -UK_EINVAL;
	flags = ukplat_irq_save();
	itimer_get(which, &v);
	ukplat_irq_restore(flags);
	return uk_copy_to_user(uv, &v, sizeof(v));
}
UK_SYSCALL_REGISTER(getitimer, uk_sys_getitimer);

static bool tv_bad(const struct l_timeval *tv)
{
	return tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000;
}

/*
 * Interval timer @which: ITIMER_REAL sends SIGALRM, ITIMER_VIRTUAL
 * SIGVTALRM, ITIMER_PROF SIGPROF, to the process, si_code SI_KERNEL;
 * the last two count the process's CPU time.
 */
static int itimer_set(int which, const struct l_itimerval *v,
		      struct l_itimerval *old)
{
	static const int signo[] = { L_SIGALRM, L_SIGVTALRM, L_SIGPROF };
	struct ptimer *t = itimer(which);
	unsigned long flags;
	int rc = timers_start();

	flags = ukplat_irq_save();
	itimer_get(which, old);
	if (!rc) {
		t->used = true;
		t->clock = which == L_ITIMER_REAL ? L_CLOCK_MONOTONIC
						  : L_CLOCK_PROCESS_CPUTIME_ID;
		t->cpu = which != L_ITIMER_REAL;
		t->notify = L_SIGEV_SIGNAL;
		t->signo = signo[which];
		timer_set(t, tv_ns(&v->value), tv_ns(&v->interval), false);
	}
	ukplat_irq_restore(flags);
	return rc;
}

static long uk_sys_setitimer(int which, const struct l_itimerval *unew,
			     struct l_itimerval *uold)
{
	struct l_itimerval v = { 0 }, old;
	int rc;

	if (unew && uk_copy_from_user(&v, unew, sizeof(v)))
		return -UK_EFAULT;
	if (which < L_ITIMER_REAL || which > L_ITIMER_PROF)
		return -UK_EINVAL;
	if (tv_bad(&v.value) || tv_bad(&v.interval))
		return -UK_EINVAL;
	rc = itimer_set(which, &v, &old);
	if (rc)
		return rc;
	if (uold)
		return uk_copy_to_user(uold, &old, sizeof(old));
	return 0;
}
UK_SYSCALL_REGISTER(setitimer, uk_sys_setitimer);

#ifdef UK_NR_alarm
static long uk_sys_alarm(unsigned int seconds)
{
	struct l_itimerval v = { .value = { .tv_sec = seconds } }, old;

	if (itimer_set(L_ITIMER_REAL, &v, &old))
		uk_pr_warn("alarm: no timers without threads (--with-sched=none)\n");
	/* Linux: rounded to the nearest second, but never 0 if pending */
	if ((!old.value.tv_sec && old.value.tv_usec) ||
	    old.value.tv_usec >= 500000)
		old.value.tv_sec++;
	return old.value.tv_sec;
}
UK_SYSCALL_REGISTER(alarm, uk_sys_alarm);
#endif

/* ---- POSIX timers ---- */

static struct ptimer *timer_of(int id)
{
	if (id < 0 || id >= TIMERS_MAX || !timers[id].used)
		return NULL;
	return &timers[id];
}

static long uk_sys_timer_create(int clock, const struct l_sigevent *uev,
				int *uid)
{
	struct l_sigevent ev = { .signo = L_SIGALRM,
				 .notify = L_SIGEV_SIGNAL };
	unsigned long flags;
	int id, cpu_tid = 0;
	bool cpu = false;
	uint64_t ns;

	if (uk_posix_clock_read(clock, &ns) < 0) {
		/* a negative id that is no CPU clock: a descriptor's
		 * (Linux's CLOCKFD), which has no timers */
		if (clock < 0 && (clock & 3) == 3)
			return -UK_EOPNOTSUPP;
		if (uk_posix_cpu_clock(clock, &cpu_tid) < 0)
			return -UK_EINVAL;
		cpu = true;
	} else if (clock != L_CLOCK_REALTIME && clock != L_CLOCK_MONOTONIC &&
		   clock != L_CLOCK_BOOTTIME) {
		return -UK_EOPNOTSUPP;	/* _RAW, _COARSE: as Linux */
	}
	if (uev && uk_copy_from_user(&ev, uev, sizeof(ev)))
		return -UK_EFAULT;
	switch (ev.notify) {
	case L_SIGEV_NONE:
		break;
	case L_SIGEV_THREAD_ID:
		if (!uk_posix_is_self_tid(ev.tid))
			return -UK_EINVAL;
		/* fall through */
	case L_SIGEV_SIGNAL:
		if (ev.signo < 1 || ev.signo >= L_NSIG)
			return -UK_EINVAL;
		break;
	default:
		return -UK_EINVAL;
	}
	flags = ukplat_irq_save();
	for (id = 0; id < TIMERS_MAX && timers[id].used; id++)
		;
	if (id == TIMERS_MAX) {
		ukplat_irq_restore(flags);
		return -UK_EAGAIN;
	}
	timers[id] = (struct ptimer){
		.used = true, .clock = clock, .cpu = cpu, .cpu_tid = cpu_tid,
		.notify = ev.notify,
		.signo = ev.signo, .tid = ev.tid,
		.value = uev ? ev.value : (uint64_t)id,
	};
	ukplat_irq_restore(flags);
	if (uk_copy_to_user(uid, &id, sizeof(id))) {
		timers[id].used = false;
		return -UK_EFAULT;
	}
	return 0;
}
UK_SYSCALL_REGISTER(timer_create, uk_sys_timer_create);

static void its_put(uint64_t left, uint64_t interval, struct l_itimerspec *v)
{
	uk_posix_to_timespec(left, &v->value);
	uk_posix_to_timespec(interval, &v->interval);
}

static long uk_sys_timer_gettime(int id, struct l_itimerspec *uv)
{
	struct l_itimerspec v;
	uint64_t left, interval;
	unsigned long flags = ukplat_irq_save();
	struct ptimer *t = timer_of(id);

	if (t)
		timer_get(t, &left, &interval);
	ukplat_irq_restore(flags);
	if (!t)
		return -UK_EINVAL;
	its_put(left, interval, &v);
	return uk_copy_to_user(uv, &v, sizeof(v));
}
UK_SYSCALL_REGISTER(timer_gettime, uk_sys_timer_gettime);

static long uk_sys_timer_settime(int id, int fl,
				 const struct l_itimerspec *unew,
				 struct l_itimerspec *uold)
{
	struct l_itimerspec v, old;
	uint64_t left, interval;
	unsigned long flags;
	struct ptimer *t;
	int rc;

	if (uk_copy_from_user(&v, unew, sizeof(v)))
		return -UK_EFAULT;
	if (uk_posix_timespec_bad(&v.value) ||
	    uk_posix_timespec_bad(&v.interval))
		return -UK_EINVAL;
	rc = timers_start();
	if (rc)
		return rc;
	flags = ukplat_irq_save();
	t = timer_of(id);
	if (!t) {
		ukplat_irq_restore(flags);
		return -UK_EINVAL;
	}
	timer_get(t, &left, &interval);
	timer_set(t, uk_posix_timespec_ns(&v.value),
		  uk_posix_timespec_ns(&v.interval), fl & L_TIMER_ABSTIME);
	ukplat_irq_restore(flags);
	its_put(left, interval, &old);
	if (uold)
		return uk_copy_to_user(uold, &old, sizeof(old));
	return 0;
}
UK_SYSCALL_REGISTER(timer_settime, uk_sys_timer_settime);

static long uk_sys_timer_getoverrun(int id)
{
	struct ptimer *t = timer_of(id);

	return t ? t->overrun_last : -UK_EINVAL;
}
UK_SYSCALL_REGISTER(timer_getoverrun, uk_sys_timer_getoverrun);

static long uk_sys_timer_delete(int id)
{
	unsigned long flags = ukplat_irq_save();
	struct ptimer *t = timer_of(id);

	if (t)
		*t = (struct ptimer){ .used = false };
	ukplat_irq_restore(flags);
	return t ? 0 : -UK_EINVAL;
}
UK_SYSCALL_REGISTER(timer_delete, uk_sys_timer_delete);
