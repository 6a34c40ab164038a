/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timers that send signals, and real-time signals queued with their
 * values, as on Linux. Only what holds on any machine is printed: no
 * times, only orders and bounds. Compared with the host's static musl
 * build by tests/apps-compare.test.
 *
 *   timers alarm       alarm(): its remaining time, SIGALRM ends pause,
 *                      alarm(0) cancels; no handler: status 142
 *   timers itimer      setitimer(ITIMER_REAL) periodic: three SIGALRMs,
 *                      getitimer, cancel; errors
 *   timers posix       timer_create (SIGEV_SIGNAL with si_value,
 *                      SIGEV_NONE, SIGEV_THREAD_ID), settime relative
 *                      and absolute, gettime, getoverrun, delete; errors
 *   timers spin        a SIGALRM reaches a thread that computes
 *   timers queue N     SIGRTMIN sent N times while blocked (sigqueue,
 *                      with values): N handler runs, in order; a
 *                      standard signal is pending once
 *   timers sigpending  RLIMIT_SIGPENDING: sigqueue fails with EAGAIN
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "compare.h"

static const char *yes(int cond)
{
	return cond ? "yes" : "no";
}

static volatile sig_atomic_t alarms;
static volatile int last_code, last_value, last_timerid, last_overrun;

static void on_alarm(int sig, siginfo_t *si, void *ctx)
{
	alarms++;
	last_code = si->si_code;
	last_value = si->si_value.sival_int;
	if (si->si_code == SI_TIMER) {
		last_timerid = si->si_timerid;
		last_overrun = si->si_overrun;
	}
}

static void install(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_alarm;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

static const char *codename(int code)
{
	return code == SI_TIMER ? "SI_TIMER" : code == SI_KERNEL ? "SI_KERNEL"
	       : code == SI_QUEUE ? "SI_QUEUE" : code == SI_USER ? "SI_USER"
	       : "other";
}

/* Waits (pause, bounded) until @n alarms arrived. */
static void wait_alarms(int n)
{
	for (int i = 0; i < 100 && alarms < n; i++)
		pause();
}

static int do_alarm(char **argv)
{
	unsigned int left;

	install(SIGALRM, 0);
	printf("alarm(10) with none pending: %u\n", alarm(10));
	left = alarm(1);
	printf("alarm(1) after alarm(10): %s\n",
	       yes(left >= 9 && left <= 10));
	wait_alarms(1);
	printf("SIGALRM arrived: %d, si_code %s\n", (int)alarms,
	       codename(last_code));
	printf("alarm(0) after it: %u\n", alarm(0));
	alarm(5);
	printf("alarm(0) cancels a pending one: %s\n", yes(alarm(0) >= 4));
	signal(SIGALRM, SIG_DFL);
	alarm(1);
	for (;;)
		pause();	/* killed by SIGALRM: status 142 */
}

static int do_itimer(char **argv)
{
	struct itimerval v = { .it_interval = { 0, 20000 },
			       .it_value = { 0, 20000 } }, cur;

	install(SIGALRM, 0);
	result("setitimer(ITIMER_REAL, 20 ms periodic)",
	       setitimer(ITIMER_REAL, &v, NULL));
	wait_alarms(3);
	printf("three SIGALRMs: %s\n", yes(alarms >= 3));
	getitimer(ITIMER_REAL, &cur);
	printf("getitimer: interval %ld.%06ld, value at most it: %s\n",
	       (long)cur.it_interval.tv_sec, (long)cur.it_interval.tv_usec,
	       yes(cur.it_value.tv_sec == 0 &&
		   cur.it_value.tv_usec <= 20000));
	memset(&v, 0, sizeof(v));
	result("setitimer(0) cancels", setitimer(ITIMER_REAL, &v, &cur));
	printf("the old interval: %ld us\n", (long)cur.it_interval.tv_usec);
	getitimer(ITIMER_REAL, &cur);
	printf("after the cancel: %ld.%06ld\n", (long)cur.it_value.tv_sec,
	       (long)cur.it_value.tv_usec);
	v.it_value.tv_usec = 1000000;
	result("setitimer with 1000000 us", setitimer(ITIMER_REAL, &v, NULL));
	result("setitimer(99)", setitimer(99, &v, NULL));
	result("getitimer(99)", getitimer(99, &cur));
	return 0;
}

static int do_posix(char **argv)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = SIGUSR1,
			       .sigev_value.sival_int = 4242 };
	struct itimerspec its = { .it_value = { 0, 10000000 } }, cur;
	struct timespec now;
	timer_t t1, t2, t3;
	int before;

	install(SIGUSR1, 0);
	result("timer_create(CLOCK_MONOTONIC, SIGUSR1)",
	       timer_create(CLOCK_MONOTONIC, &ev, &t1));
	result("timer_settime(10 ms)", timer_settime(t1, 0, &its, NULL));
	wait_alarms(1);
	printf("SIGUSR1: %d, %s, si_value %d, si_timerid is the timer: %s, overrun %d\n",
	       (int)alarms, codename(last_code), last_value,
	       yes(last_timerid == (int)(long)t1), last_overrun);
	timer_gettime(t1, &cur);
	printf("disarmed after it: %s\n",
	       yes(!cur.it_value.tv_sec && !cur.it_value.tv_nsec));

	/* absolute on CLOCK_REALTIME, 20 ms ahead */
	clock_gettime(CLOCK_REALTIME, &now);
	its.it_value = now;
	its.it_value.tv_nsec += 20000000;
	if (its.it_value.tv_nsec >= 1000000000) {
		its.it_value.tv_sec++;
		its.it_value.tv_nsec -= 1000000000;
	}
	result("timer_create(CLOCK_REALTIME, NULL sigevent)",
	       timer_create(CLOCK_REALTIME, NULL, &t2));
	install(SIGALRM, 0);
	before = alarms;
	result("timer_settime(TIMER_ABSTIME)",
	       timer_settime(t2, TIMER_ABSTIME, &its, NULL));
	wait_alarms(before + 1);
	printf("SIGALRM from the NULL sigevent: si_value is the timer id: %s\n",
	       yes(last_value == (int)(long)t2));

	/* SIGEV_NONE: counts down, sends nothing */
	ev.sigev_notify = SIGEV_NONE;
	result("timer_create(SIGEV_NONE)",
	       timer_create(CLOCK_MONOTONIC, &ev, &t3));
	its = (struct itimerspec){ .it_value = { 100, 0 },
				   .it_interval = { 1, 500 } };
	timer_settime(t3, 0, &its, NULL);
	timer_gettime(t3, &cur);
	printf("SIGEV_NONE armed for 100 s: %s, interval %ld.%09ld\n",
	       yes(cur.it_value.tv_sec >= 98 && cur.it_value.tv_sec <= 100),
	       (long)cur.it_interval.tv_sec, (long)cur.it_interval.tv_nsec);
	result("timer_getoverrun", timer_getoverrun(t3));
	result("timer_delete", timer_delete(t3));

	/* errors (not timer_delete's: musl returns -EINVAL itself) */
	result("timer_gettime of a deleted timer", timer_gettime(t3, &cur));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 0;
	result("timer_create(signal 0)", timer_create(CLOCK_MONOTONIC, &ev, &t3));
	ev.sigev_signo = SIGUSR1;
	ev.sigev_notify = 77;
	result("timer_create(notify 77)",
	       timer_create(CLOCK_MONOTONIC, &ev, &t3));
	result("timer_create(clock 99)", timer_create(99, NULL, &t3));
	its.it_value.tv_nsec = 1000000000;
	result("timer_settime(tv_nsec 1e9)", timer_settime(t1, 0, &its, NULL));
	timer_delete(t1);
	timer_delete(t2);
	return 0;
}

static volatile int spin_done;

static void on_spin(int sig)
{
	spin_done = 1;
}

static int do_spin(char **argv)
{
	struct itimerval v = { .it_value = { 0, 50000 } };
	unsigned long n = 0;

	signal(SIGALRM, on_spin);
	setitimer(ITIMER_REAL, &v, NULL);
	while (!spin_done)
		n++;	/* no system call: only an interrupt gets here */
	printf("the computing loop saw SIGALRM: %s\n", yes(n > 0));
	return 0;
}

static volatile int order[2048], norder;

static void on_rt(int sig, siginfo_t *si, void *ctx)
{
	if (norder < 2048)
		order[norder++] = si->si_value.sival_int;
}

static int do_queue(char **argv)
{
	int n = argv[1] ? atoi(argv[1]) : 5;
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO };
	sigset_t set;
	int bad = 0;

	sigaction(SIGRTMIN, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (int i = 0; i < n; i++)
		if (sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = i }))
			bad++;
	for (int i = 0; i < 3; i++)
		sigqueue(getpid(), SIGUSR2, (union sigval){ .sival_int = 100000 + i });
	printf("%d sigqueue calls failed\n", bad);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	/*
	 * Linux enters SIGUSR2's handler (the lowest) and, on top of it,
	 * the first SIGRTMIN's; each SIGRTMIN handler's return lets the
	 * next one in: SIGUSR2's handler body runs last, once
	 */
	printf("handler runs: %d; SIGUSR2's last, with its first value: %s\n",
	       norder, yes(norder > 0 && order[norder - 1] == 100000));
	for (int i = 0; i < norder - 1; i++)
		if (order[i] != i)
			bad++;
	printf("SIGRTMIN values in order: %s\n", yes(!bad && norder == n + 1));

	/* sigwaitinfo takes them one at a time, in order */
	sigprocmask(SIG_BLOCK, &set, NULL);
	raise(SIGRTMIN);
	kill(getpid(), SIGRTMIN);
	sigqueue(getpid(), SIGRTMIN, (union sigval){ .sival_int = 7 });
	for (int i = 0; i < 3; i++) {
		siginfo_t si;
		struct timespec zero = { 0, 0 };
		int sig = sigtimedwait(&set, &si, &zero);

		printf("sigtimedwait: %s, %s%s\n",
		       sig == SIGRTMIN ? "SIGRTMIN" : "other",
		       si.si_code == SI_TKILL ? "SI_TKILL" : codename(si.si_code),
		       si.si_code == SI_QUEUE ? (si.si_value.sival_int == 7
						 ? ", value 7" : ", bad value")
					      : "");
	}
	return 0;
}

/* RLIMIT_SIGPENDING 0 (a limit on all of the user's, on Linux) */
static int do_sigpending(char **argv)
{
	struct rlimit rl;
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	sigset_t set;

	getrlimit(RLIMIT_SIGPENDING, &rl);
	rl.rlim_cur = 0;
	result("setrlimit(RLIMIT_SIGPENDING, 0)",
	       setrlimit(RLIMIT_SIGPENDING, &rl));
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	result("sigqueue(SIGRTMIN + 1)", sigqueue(getpid(), SIGRTMIN + 1,
					 (union sigval){ .sival_int = 1 }));
	result("kill(SIGRTMIN + 1)", kill(getpid(), SIGRTMIN + 1));
	result("sigqueue(SIGUSR1)", sigqueue(getpid(), SIGUSR1,
				     (union sigval){ .sival_int = 2 }));
	/* pending without their siginfo: SI_USER */
	for (int i = 0; i < 3; i++) {
		int sig = sigtimedwait(&set, &si, &zero);

		printf("sigtimedwait: %s, %s\n",
		       sig == SIGUSR1 ? "SIGUSR1" : sig == SIGRTMIN + 1
		       ? "SIGRTMIN + 1" : sig < 0 ? errname(errno) : "other",
		       sig < 0 ? "-" : codename(si.si_code));
	}
	return 0;
}

static const struct compare_mode modes[] = {
	{ "alarm", do_alarm },
	{ "itimer", do_itimer },
	{ "posix", do_posix },
	{ "spin", do_spin },
	{ "queue", do_queue },
	{ "sigpending", do_sigpending },
	{ NULL },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return compare_main(argc, argv, "timers", modes);
}
