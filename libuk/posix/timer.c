/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timers that send signals, with Linux's semantics for one process:
 * alarm, setitimer/getitimer (ITIMER_REAL, SIGALRM to the process) and
 * the POSIX timers (timer_create, _settime, _gettime, _getoverrun,
 * _delete) on CLOCK_REALTIME, CLOCK_MONOTONIC and CLOCK_BOOTTIME, with
 * SIGEV_SIGNAL (si_code SI_TIMER, si_timerid, si_value, si_overrun),
 * SIGEV_THREAD_ID (the same to one thread; musl's SIGEV_THREAD is made
 * of it) and SIGEV_NONE.
 *
 * A kernel thread ("posix-timers", the highest priority), made when a
 * timer is first armed, sleeps until the next expiry and sends the
 * signals; under `preempt` it interrupts a thread that computes, which
 * gets its signal when it runs again (signal.c's interrupt hook). While
 * a timer's signal is pending, its expiries count as overruns, as on
 * Linux. Not here: ITIMER_VIRTUAL and ITIMER_PROF, timers on the
 * CPU-time clocks (ENOSYS / EOPNOTSUPP), and timers under
 * --with-sched=none, which has no threads (ENOSYS; alarm warns). An
 * absolute CLOCK_REALTIME expiry is converted to the monotonic clock
 * when armed: a later clock_settime does not move it.
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

#define L_SIGALRM	14
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
	int notify;		/* SIGEV_SIGNAL, _NONE, _THREAD_ID */
	int signo;
	int tid;		/* SIGEV_THREAD_ID's thread */
	uint64_t value;		/* si_value */
	uint64_t expiry;	/* monotonic ns; 0: disarmed */
	uint64_t interval;	/* ns; 0: one shot */
	int overrun;		/* expiries while queued */
	int overrun_last;	/* timer_getoverrun: at the last delivery */
};

static struct ptimer timers[TIMERS_MAX + 1];
static struct uk_thread *timer_thread;

static uint64_t now_ns(void)
{
	return ukplat_monotonic_clock();
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
	if (id == REAL) {
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

/* Fires the timers due at @now; returns the next expiry (0: none). */
static uint64_t run_timers(uint64_t now)
{
	uint64_t next = 0, missed;

	for (int id = 0; id <= TIMERS_MAX; id++) {
		struct ptimer *t = &timers[id];

		if (!t->used || !t->expiry)
			continue;
		if (t->expiry <= now) {
			if (t->interval) {
				missed = (now - t->expiry) / t->interval;
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
		if (!next || t->expiry < next)
			next = t->expiry;
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
	uint64_t now = now_ns();

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
	uint64_t now = now_ns(), clk;

	t->interval = interval;
	if (!value) {
		t->expiry = 0;
		return;
	}
	if (abs) {
		uk_posix_clock_read(t->clock, &clk);
		/* on the monotonic clock from now; a past time: at once */
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

static void real_get(struct l_itimerval *v)
{
	uint64_t left, interval;

	timer_get(&timers[REAL], &left, &interval);
	ns_tv(left, &v->value);
	ns_tv(interval, &v->interval);
}

static long uk_sys_getitimer(int which, struct l_itimerval *uv)
{
	struct l_itimerval v;
	unsigned long flags;

	if (which < L_ITIMER_REAL || which > L_ITIMER_PROF)
		return -UK_EINVAL;
	if (which != L_ITIMER_REAL)
		return -UK_ENOSYS;
	flags = ukplat_irq_save();
	real_get(&v);
	ukplat_irq_restore(flags);
	return uk_copy_to_user(uv, &v, sizeof(v));
}
UK_SYSCALL_REGISTER(getitimer, uk_sys_getitimer);

static bool tv_bad(const struct l_timeval *tv)
{
	return tv->tv_sec < 0 || tv->tv_usec < 0 || tv->tv_usec >= 1000000;
}

/* ITIMER_REAL: SIGALRM to the process, si_code SI_KERNEL. */
static int real_set(const struct l_itimerval *v, struct l_itimerval *old)
{
	struct ptimer *t = &timers[REAL];
	unsigned long flags;
	int rc = timers_start();

	flags = ukplat_irq_save();
	real_get(old);
	if (!rc) {
		t->used = true;
		t->clock = L_CLOCK_MONOTONIC;
		t->notify = L_SIGEV_SIGNAL;
		t->signo = L_SIGALRM;
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
	if (which != L_ITIMER_REAL)
		return -UK_ENOSYS;
	if (tv_bad(&v.value) || tv_bad(&v.interval))
		return -UK_EINVAL;
	rc = real_set(&v, &old);
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

	if (real_set(&v, &old))
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
	uint64_t ns;
	int id;

	if (uk_posix_clock_read(clock, &ns) < 0)
		return clock < 0 || clock == L_CLOCK_PROCESS_CPUTIME_ID ||
		       clock == L_CLOCK_THREAD_CPUTIME_ID ? -UK_EOPNOTSUPP
							  : -UK_EINVAL;
	if (clock != L_CLOCK_REALTIME && clock != L_CLOCK_MONOTONIC &&
	    clock != L_CLOCK_BOOTTIME)
		return -UK_EOPNOTSUPP;	/* _RAW, _COARSE: as Linux */
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
		.used = true, .clock = clock, .notify = ev.notify,
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
