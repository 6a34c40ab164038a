/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Timers on CPU time, compared with Linux (tests/apps-compare.test):
 *
 *   itimers virtual   ITIMER_VIRTUAL: time asleep does not count, time
 *                     computing does; SIGVTALRM with SI_KERNEL
 *   itimers prof      ITIMER_PROF periodic: several SIGPROF while a loop
 *                     computes without system calls (needs a scheduler
 *                     that interrupts it)
 *   itimers posix     timer_create on CLOCK_PROCESS_CPUTIME_ID and
 *                     CLOCK_THREAD_CPUTIME_ID (relative, TIMER_ABSTIME),
 *                     timer_gettime, SI_TIMER; a thread's clock
 *   itimers errors    bad which, bad times, bad clocks
 *
 * A loop computes until its CPU clock has advanced, then sleeps 1 ms:
 * a scheduler that lets it keep the CPU (libuk's coop) delivers the
 * signal there, Linux during the loop; the output is the same.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include "compare.h"

static volatile sig_atomic_t count, last_code, last_signo;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	count++;
	last_signo = sig;
	last_code = si->si_code;
}

static void handle(int sig)
{
	struct sigaction sa = { .sa_sigaction = on_signal,
				.sa_flags = SA_SIGINFO | SA_RESTART };

	sigaction(sig, &sa, NULL);
}

static long ms_of(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Computes for @ms of @clk's time. Reading a CPU clock is a system call
 * on Linux (system time, which ITIMER_VIRTUAL does not count): it is
 * read between runs of 100000 additions.
 */
static void compute(clockid_t clk, long ms)
{
	long start = ms_of(clk);
	volatile unsigned long sum = 0;

	while (ms_of(clk) - start < ms)
		for (int i = 0; i < 100000; i++)
			sum += i;
}

static const char *code_name(int code)
{
	return code == SI_KERNEL ? "SI_KERNEL" : code == SI_TIMER ? "SI_TIMER"
		: "other";
}

static void test_virtual(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 500000 } }, old;

	handle(SIGVTALRM);
	printf("setitimer(ITIMER_VIRTUAL, 500 ms): %d\n",
	       setitimer(ITIMER_VIRTUAL, &it, NULL));
	getitimer(ITIMER_VIRTUAL, &old);
	printf("armed: %d\n", old.it_value.tv_sec == 0 &&
	       old.it_value.tv_usec > 0 && old.it_value.tv_usec <= 600000);
	msleep(300);
	getitimer(ITIMER_VIRTUAL, &old);
	printf("after 300 ms asleep: %d signals, more than 250 ms left: %d\n",
	       (int)count, old.it_value.tv_usec > 250000);
	compute(CLOCK_PROCESS_CPUTIME_ID, 700);
	msleep(1);
	printf("after 700 ms computing: %d signal (%s, %s)\n", (int)count,
	       last_signo == SIGVTALRM ? "SIGVTALRM" : "other",
	       code_name(last_code));
	getitimer(ITIMER_VIRTUAL, &old);
	printf("disarmed: %d\n", !old.it_value.tv_sec && !old.it_value.tv_usec);

	/* periodic, stopped by setting it to zero; the old value back */
	it.it_interval.tv_usec = 100000;
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_VIRTUAL, &it, &old);
	printf("old interval %ld us, value set: %d\n",
	       (long)old.it_interval.tv_usec, old.it_value.tv_usec > 0);
	count = 0;
	compute(CLOCK_PROCESS_CPUTIME_ID, 200);
	msleep(1);
	printf("stopped: %d signals\n", (int)count);
}

static void test_prof(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } };

	handle(SIGPROF);
	setitimer(ITIMER_PROF, &it, NULL);
	compute(CLOCK_PROCESS_CPUTIME_ID, 500);
	it = (struct itimerval){ { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_PROF, &it, NULL);
	printf("SIGPROF while computing 500 ms every 20 ms: at least 10: %d "
	       "(%s)\n", count >= 10, code_name(last_code));
}

static void *thread_main(void *arg)
{
	clockid_t clk;

	(void)arg;
	pthread_getcpuclockid(pthread_self(), &clk);
	compute(clk, 300);
	msleep(1);
	return NULL;
}

/* A timer of @clk, 500 ms from now (absolute with @abs): its signal. */
static void cpu_timer(const char *what, clockid_t clk, int abs)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = SIGUSR1 };
	struct itimerspec its = { { 0, 0 }, { 0, 500000000 } }, cur;
	timer_t t;
	int r;

	count = 0;
	r = timer_create(clk, &ev, &t);
	printf("%s: timer_create %d\n", what, r < 0 ? -errno : r);
	if (r < 0)
		return;
	if (abs) {
		struct timespec now;

		clock_gettime(clk, &now);
		its.it_value.tv_sec = now.tv_sec;
		its.it_value.tv_nsec = now.tv_nsec + 500000000;
		if (its.it_value.tv_nsec >= 1000000000) {
			its.it_value.tv_sec++;
			its.it_value.tv_nsec -= 1000000000;
		}
	}
	printf("%s: timer_settime %d\n", what,
	       timer_settime(t, abs ? TIMER_ABSTIME : 0, &its, NULL));
	msleep(300);
	timer_gettime(t, &cur);
	printf("%s: after 300 ms asleep: %d signals, more than 250 ms left: "
	       "%d\n", what, (int)count, cur.it_value.tv_nsec > 250000000);
	compute(clk, 700);
	msleep(1);
	timer_gettime(t, &cur);
	printf("%s: after 700 ms computing: %d signal (%s), disarmed %d\n",
	       what, (int)count, code_name(last_code),
	       !cur.it_value.tv_sec && !cur.it_value.tv_nsec);
	timer_delete(t);
}

static void test_posix(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = SIGUSR1 };
	struct itimerspec its = { { 0, 0 }, { 0, 100000000 } };
	clockid_t clk;
	pthread_t th;
	timer_t t;

	handle(SIGUSR1);
	cpu_timer("CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID, 0);
	cpu_timer("CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME",
		  CLOCK_PROCESS_CPUTIME_ID, 1);
	cpu_timer("CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID, 0);
	clock_getcpuclockid(0, &clk);
	cpu_timer("clock_getcpuclockid(0)", clk, 0);

	/* another thread's clock: its computing counts, not ours */
	count = 0;
	pthread_create(&th, NULL, thread_main, NULL);
	pthread_getcpuclockid(th, &clk);
	printf("timer_create(another thread's clock): %d\n",
	       timer_create(clk, &ev, &t));
	timer_settime(t, 0, &its, NULL);
	pthread_join(th, NULL);
	msleep(1);
	printf("after the thread computed 300 ms: %d signal\n", (int)count);
	timer_delete(t);
}

static void test_errors(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 1000000 } }, old;
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL,
			       .sigev_signo = SIGUSR1 };
	timer_t t;

	result("setitimer(3)", setitimer(3, &it, NULL));
	result("setitimer(ITIMER_VIRTUAL, usec 1000000)",
	       setitimer(ITIMER_VIRTUAL, &it, NULL));
	result("getitimer(-1)", getitimer(-1, &old));
	result("getitimer(ITIMER_PROF) unarmed", getitimer(ITIMER_PROF, &old));
	printf("zero: %d\n", !old.it_value.tv_sec && !old.it_value.tv_usec &&
	       !old.it_interval.tv_sec && !old.it_interval.tv_usec);
	/* CPUCLOCK_WHICH 3: a descriptor's clock (CLOCKFD), no timers */
	result("timer_create(clock -5)", timer_create(-5, &ev, &t));
	result("timer_create(clock 99)", timer_create(99, &ev, &t));
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} modes[] = {
		{ "virtual", test_virtual }, { "prof", test_prof },
		{ "posix", test_posix }, { "errors", test_errors },
	};

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 1; i < argc; i++) {
		size_t j;

		for (j = 0; j < sizeof(modes) / sizeof(modes[0]); j++)
			if (!strcmp(argv[i], modes[j].name))
				break;
		if (j == sizeof(modes) / sizeof(modes[0])) {
			fprintf(stderr, "itimers: unknown mode %s\n", argv[i]);
			return 2;
		}
		printf("== %s\n", argv[i]);
		modes[j].fn();
	}
	return 0;
}
