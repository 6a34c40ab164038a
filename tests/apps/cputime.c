/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPU-time clocks, times() and getrusage(), and sched_rr_get_interval:
 * properties that hold on any machine, never times. A CPU clock grows
 * while its thread spins (until it has grown by 100 ms, within 20 s of
 * real time) and hardly while it sleeps (less than 50 ms in one of
 * three sleeps of 300 ms); it never goes back;
 * the clock ids of clock_getcpuclockid and pthread_getcpuclockid work;
 * bad ids are EINVAL. Compared with the host's static musl build by
 * tests/apps-compare.test.
 *
 *   cputime clocks     one thread
 *   cputime threads    a second thread's clock, read while it waits
 *   cputime rr         sched_rr_get_interval
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "compare.h"

#define MS	1000000LL

static long long ns_of(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts))
		return -1;
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A result and the errno it left, in that order. */
static void show(const char *what, long long r)
{
	printf("%s: %lld, %s\n", what, r, r < 0 ? errname(errno) : "ok");
}

static const char *yes(int cond)
{
	return cond ? "yes" : "no";
}

/* Spins until @clk has grown by @ns; false after 20 s of real time. */
static int spin(clockid_t clk, long long ns)
{
	long long start = ns_of(clk), t0 = ns_of(CLOCK_MONOTONIC);
	volatile unsigned long n = 0;

	while (ns_of(clk) - start < ns) {
		for (int i = 0; i < 1000; i++)
			n++;
		if (ns_of(CLOCK_MONOTONIC) - t0 > 20000 * MS)
			return 0;
	}
	return 1;
}

static long long rusage_ns(int who)
{
	struct rusage ru;

	if (getrusage(who, &ru))
		return -1;
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

static void growth(const char *what, clockid_t clk)
{
	struct timespec nap = { 0, 300 * MS };
	long long a, b, c;

	a = ns_of(clk);
	printf("%s: readable: %s\n", what, yes(a >= 0));
	printf("%s: grows by 100 ms while spinning: %s\n", what,
	       yes(spin(clk, 100 * MS)));
	/* the best of three: an emulator descheduled by a loaded host
	 * may stall while the thread runs, around the sleep */
	int ok = 0;

	for (int i = 0; i < 3 && !ok; i++) {
		b = ns_of(clk);
		nanosleep(&nap, NULL);
		c = ns_of(clk);
		ok = c - b < 50 * MS && c >= b;
	}
	printf("%s: grows by less than 50 ms in a 300 ms sleep: %s\n", what,
	       yes(ok));
}

static int clocks(char **argv)
{
	struct timespec res;
	clockid_t id;
	long long prev, now, t0;
	int back = 0;
	struct tms tm;
	clock_t ticks;

	printf("getres(CLOCK_PROCESS_CPUTIME_ID): %s\n",
	       yes(!clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) &&
		   !res.tv_sec && res.tv_nsec > 0 && res.tv_nsec <= MS));
	printf("getres(CLOCK_THREAD_CPUTIME_ID): %s\n",
	       yes(!clock_getres(CLOCK_THREAD_CPUTIME_ID, &res) &&
		   !res.tv_sec && res.tv_nsec > 0 && res.tv_nsec <= MS));
	growth("CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID);
	growth("CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID);

	printf("clock_getcpuclockid(0): %d\n", clock_getcpuclockid(0, &id));
	printf("its getres: %s\n", yes(!clock_getres(id, &res)));
	growth("clock_getcpuclockid(0)", id);
	printf("clock_getcpuclockid(getpid()): %d\n",
	       clock_getcpuclockid(getpid(), &id));
	printf("its gettime: %s\n", yes(ns_of(id) > 0));
	printf("pthread_getcpuclockid(self): %d\n",
	       pthread_getcpuclockid(pthread_self(), &id));
	printf("its getres: %s\n", yes(!clock_getres(id, &res)));
	growth("pthread_getcpuclockid(self)", id);

	/* thread <= process, and never backwards */
	printf("thread time <= process time: %s\n",
	       yes(ns_of(CLOCK_THREAD_CPUTIME_ID) <=
		   ns_of(CLOCK_PROCESS_CPUTIME_ID)));
	prev = ns_of(CLOCK_PROCESS_CPUTIME_ID);
	for (int i = 0; i < 20000; i++) {
		now = ns_of(CLOCK_PROCESS_CPUTIME_ID);
		back += now < prev;
		prev = now;
	}
	printf("20000 reads, times it went back: %d\n", back);

	/* bad ids: a file-descriptor clock (which == 3), a process or a
	 * thread that does not exist */
	show("gettime(-1)", ns_of(-1));
	show("gettime(process 100000000)",
	     ns_of((~(clockid_t)100000000 << 3) | 2));
	show("gettime(thread 100000000)",
	     ns_of((~(clockid_t)100000000 << 3) | 6));
	show("getres(thread 100000000)",
	     clock_getres((~(clockid_t)100000000 << 3) | 6, &res));
	printf("clock_nanosleep(thread clock): %s\n",
	       clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &res, NULL) ==
	       EINVAL ? "EINVAL" : "other");

	/* times() and getrusage() */
	ticks = times(&tm);
	printf("times: %s, no children: %s\n", yes(ticks != (clock_t)-1),
	       yes(!tm.tms_cutime && !tm.tms_cstime));
	t0 = tm.tms_utime + tm.tms_stime;
	spin(CLOCK_PROCESS_CPUTIME_ID, 200 * MS);
	times(&tm);
	printf("times: user + system grew by 10 ticks or more: %s\n",
	       yes(tm.tms_utime + tm.tms_stime - t0 >= 10));
	printf("times(NULL) works: %s\n", yes(times(NULL) != (clock_t)-1));
	now = rusage_ns(RUSAGE_SELF);
	printf("getrusage(RUSAGE_SELF): %s\n", yes(now >= 0));
	spin(CLOCK_PROCESS_CPUTIME_ID, 100 * MS);
	printf("getrusage: grows by 50 ms or more when spinning 100 ms: %s\n",
	       yes(rusage_ns(RUSAGE_SELF) - now >= 50 * MS));
	printf("getrusage(RUSAGE_THREAD): %s\n",
	       yes(rusage_ns(RUSAGE_THREAD) > 0));
	printf("getrusage(RUSAGE_CHILDREN): %lld\n",
	       rusage_ns(RUSAGE_CHILDREN));
	show("getrusage(5)", rusage_ns(5));
	return 0;
}

static sem_t spun, go;

static void *spinner(void *arg)
{
	spin(CLOCK_THREAD_CPUTIME_ID, 150 * MS);
	sem_post(&spun);
	sem_wait(&go);
	return NULL;
}

static int threads(char **argv)
{
	long long main0, main1, other, proc;
	clockid_t id;
	pthread_t t;

	sem_init(&spun, 0, 0);
	sem_init(&go, 0, 0);
	main0 = ns_of(CLOCK_THREAD_CPUTIME_ID);
	if (pthread_create(&t, NULL, spinner, NULL)) {
		printf("no threads\n");
		return 0;
	}
	sem_wait(&spun);
	main1 = ns_of(CLOCK_THREAD_CPUTIME_ID);
	printf("pthread_getcpuclockid(other): %d\n",
	       pthread_getcpuclockid(t, &id));
	other = ns_of(id);
	proc = ns_of(CLOCK_PROCESS_CPUTIME_ID);
	printf("the other thread's clock: 150 ms or more: %s\n",
	       yes(other >= 150 * MS));
	printf("the main thread's grew less meanwhile: %s\n",
	       yes(main1 - main0 < other));
	printf("process time >= both together: %s\n",
	       yes(proc >= main1 + other));
	sem_post(&go);
	pthread_join(t, NULL);
	printf("after it ended, the process time did not go back: %s\n",
	       yes(ns_of(CLOCK_PROCESS_CPUTIME_ID) >= proc));
	return 0;
}

static int rr(char **argv)
{
	struct timespec ts = { -1, -1 };

	printf("sched_rr_get_interval(0): %d\n", sched_rr_get_interval(0, &ts));
	printf("a valid interval under a second: %s\n",
	       yes(ts.tv_sec == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000));
	printf("sched_rr_get_interval(getpid()): %d\n",
	       sched_rr_get_interval(getpid(), &ts));
	show("sched_rr_get_interval(-1)", sched_rr_get_interval(-1, &ts));
	show("sched_rr_get_interval(100000000)",
	     sched_rr_get_interval(100000000, &ts));
	show("sched_rr_get_interval(0, NULL)",
	     syscall(SYS_sched_rr_get_interval, 0, NULL));
	return 0;
}

static const struct compare_mode modes[] = {
	{ "clocks", clocks },
	{ "threads", threads },
	{ "rr", rr },
	{ NULL },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	return compare_main(argc, argv, "cputime", modes);
}
