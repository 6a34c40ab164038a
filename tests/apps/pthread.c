/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX threads, as an application sees them: creation and joining with
 * return values, mutexes, condition variables, pthread_once,
 * thread-specific data with destructors, detached threads, semaphores,
 * thread ids, sleeping, futex errors, pthread_exit from main,
 * cancellation and signals between threads.
 * Only results that hold on any machine are printed (no timings, no ids).
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   pthread create N        N threads, each returns i * i; joined
 *   pthread mutex T N       T threads add 1 N times under a mutex
 *   pthread condvar N       two threads ping-pong N times
 *   pthread once            pthread_once from 8 threads
 *   pthread tsd             two keys with destructors in 4 threads
 *   pthread detached N      N detached threads signal a semaphore
 *   pthread tid             gettid: the main thread's is the pid
 *   pthread sleep           nanosleep and clock_nanosleep bounds
 *   pthread futex           futex ETIMEDOUT and EAGAIN
 *   pthread exit-main       main calls pthread_exit; the last thread
 *                           ends the process with status 0
 *   pthread cancel          pthread_cancel of threads in nanosleep, in
 *                           pthread_cond_wait, at pthread_testcancel and
 *                           with cancellation disabled; cleanup handlers
 *   pthread kill            pthread_kill interrupts nanosleep (EINTR,
 *                           rem) and a futex wait (restarted with
 *                           SA_RESTART, EINTR without)
 *   pthread malloc T N      T threads malloc, fill, check and free N
 *                           blocks of random sizes
 *   pthread async           pthread_kill and asynchronous pthread_cancel
 *                           of a thread that computes without system
 *                           calls (a preemptive scheduler delivers)
 *   pthread sigwait         kill() to the process while every thread
 *                           blocks the signal wakes the thread asleep in
 *                           sigwait / sigtimedwait for it
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#define FUTEX_WAIT	0
#define FUTEX_WAKE	1

static int usage(void)
{
	printf("usage: pthread MODE [ARGS]\n");
	return 2;
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static const char *yes(int cond)
{
	return cond ? "yes" : "no";
}

/* ---- create ---- */

static void *square(void *arg)
{
	long i = (long)arg;

	return (void *)(i * i);
}

static int do_create(int n)
{
	pthread_t *t = calloc(n, sizeof(*t));
	long sum = 0, bad = 0;
	int failed = 0;

	for (long i = 0; i < n; i++)
		if (pthread_create(&t[i], NULL, square, (void *)i)) {
			failed++;
			t[i] = 0;
		}
	for (long i = 0; i < n; i++) {
		void *ret;

		if (!t[i])
			continue;
		if (pthread_join(t[i], &ret))
			bad++;
		else if ((long)ret != i * i)
			bad++;
		else
			sum += (long)ret;
	}
	printf("created %d threads, %d failed, %ld bad joins, sum %ld\n",
	       n - failed, failed, bad, sum);
	free(t);
	return failed || bad;
}

/* ---- mutex ---- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static int rounds;

static void *add(void *arg)
{
	for (int i = 0; i < rounds; i++) {
		pthread_mutex_lock(&lock);
		long v = counter;

		if (i % 10 == 0)
			sched_yield();	/* others run with the lock held */
		counter = v + 1;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static int do_mutex(int threads, int n)
{
	pthread_t t[64];

	if (threads > 64)
		return usage();
	rounds = n;
	for (int i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, add, NULL);
	for (int i = 0; i < threads; i++)
		pthread_join(t[i], NULL);
	printf("%d threads x %d: counter %ld (expected %ld)\n", threads, n,
	       counter, (long)threads * n);
	return counter != (long)threads * n;
}

/* ---- condvar ---- */

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int turn, trips;

static void *ponger(void *arg)
{
	pthread_mutex_lock(&lock);
	for (int i = 0; i < trips; i++) {
		while (turn != 1)
			pthread_cond_wait(&cond, &lock);
		turn = 0;
		pthread_cond_signal(&cond);
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

static int do_condvar(int n)
{
	pthread_t t;
	int done = 0;

	trips = n;
	pthread_create(&t, NULL, ponger, NULL);
	pthread_mutex_lock(&lock);
	for (int i = 0; i < n; i++) {
		turn = 1;
		pthread_cond_signal(&cond);
		while (turn != 0)
			pthread_cond_wait(&cond, &lock);
		done++;
	}
	pthread_mutex_unlock(&lock);
	pthread_join(t, NULL);
	printf("%d round trips\n", done);
	return done != n;
}

/* ---- once ---- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int inits;

static void init_once(void)
{
	inits++;
	sched_yield();	/* the others arrive while it runs */
}

static void *call_once(void *arg)
{
	pthread_once(&once, init_once);
	return (void *)(long)inits;
}

static int do_once(void)
{
	pthread_t t[8];
	int saw_one = 0;

	for (int i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, call_once, NULL);
	for (int i = 0; i < 8; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		saw_one += (long)ret == 1;
	}
	printf("init ran %d time(s); %d of 8 threads saw it done\n", inits,
	       saw_one);
	return inits != 1;
}

/* ---- tsd ---- */

static pthread_key_t key_a, key_b;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int destroyed[2][4];

static void destroy_a(void *p)
{
	pthread_mutex_lock(&log_lock);
	destroyed[0][(long)p - 100]++;
	pthread_mutex_unlock(&log_lock);
}

static void destroy_b(void *p)
{
	pthread_mutex_lock(&log_lock);
	destroyed[1][(long)p - 200]++;
	pthread_mutex_unlock(&log_lock);
}

static void *use_keys(void *arg)
{
	long i = (long)arg;

	pthread_setspecific(key_a, (void *)(100 + i));
	if (i % 2 == 0)
		pthread_setspecific(key_b, (void *)(200 + i));
	sched_yield();
	return (void *)(long)((long)pthread_getspecific(key_a) == 100 + i);
}

static int do_tsd(void)
{
	pthread_t t[4];
	int own = 0;

	pthread_key_create(&key_a, destroy_a);
	pthread_key_create(&key_b, destroy_b);
	pthread_setspecific(key_a, (void *)1);
	for (long i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, use_keys, (void *)i);
	for (int i = 0; i < 4; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		own += (long)ret;
	}
	printf("%d of 4 threads saw their own value\n", own);
	for (int k = 0; k < 2; k++) {
		printf("key %c destructors:", 'a' + k);
		for (int i = 0; i < 4; i++)
			printf(" %d", destroyed[k][i]);
		printf("\n");
	}
	printf("main still sees %ld\n", (long)pthread_getspecific(key_a));
	return own != 4;
}

/* ---- detached ---- */

static sem_t done_sem;
static int finished;

static void *detached(void *arg)
{
	pthread_mutex_lock(&log_lock);
	finished++;
	pthread_mutex_unlock(&log_lock);
	sem_post(&done_sem);
	return NULL;
}

static int do_detached(int n)
{
	pthread_attr_t attr;
	pthread_t t;
	int ok = 0;

	sem_init(&done_sem, 0, 0);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (int i = 0; i < n; i++)
		ok += pthread_create(&t, &attr, detached, NULL) == 0;
	for (int i = 0; i < n; i++)
		sem_wait(&done_sem);
	printf("%d created, %d finished\n", ok, finished);
	/* their resources come back: many more fit */
	for (int i = 0; i < 4 * n; i++) {
		if (pthread_create(&t, &attr, detached, NULL))
			break;
		sem_wait(&done_sem);
	}
	printf("then %d more, one at a time\n", finished - n);
	return finished != 5 * n;
}

static void *detach_self(void *arg)
{
	pthread_detach(pthread_self());
	return detached(arg);
}

/* ---- tid ---- */

static void *get_tid(void *arg)
{
	*(long *)arg = syscall(SYS_gettid);
	return NULL;
}

static int do_tid(void)
{
	long tid[3];
	pthread_t t[3];
	pid_t pid = getpid();

	printf("main thread's tid is the pid: %s\n",
	       yes(syscall(SYS_gettid) == pid));
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, get_tid, &tid[i]);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("threads' tids differ from the pid and each other: %s\n",
	       yes(tid[0] != pid && tid[1] != pid && tid[2] != pid &&
		   tid[0] != tid[1] && tid[1] != tid[2] &&
		   tid[0] != tid[2]));
	printf("getpid is the same in threads: %s\n",
	       yes(getpid() == pid));
	return 0;
}

/* ---- sleep ---- */

static int do_sleep(void)
{
	struct timespec ts = { 0, 10000000 }, rem = { 7, 7 };
	long long t0 = mono_ns(), dt;

	printf("nanosleep(10 ms): %d\n", nanosleep(&ts, &rem));
	dt = mono_ns() - t0;
	/*
	 * Lower bounds only: a loaded host can stall either side for any
	 * time, so no upper bound on elapsed time is a contract. Whether a
	 * past deadline returns without waiting is checked in the image
	 * by counting context switches (libuk/sched/tests/test_posix.c).
	 */
	printf("slept at least 10 ms: %s\n", yes(dt >= 10000000));

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec = 0;
	ts.tv_nsec = 1;		/* just after boot: long past */
	printf("clock_nanosleep to the past: %d\n",
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL));

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += 20000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	t0 = mono_ns();
	printf("clock_nanosleep 20 ms ahead: %d\n",
	       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL));
	printf("slept at least 20 ms: %s\n", yes(mono_ns() - t0 >= 19000000));
	ts.tv_nsec = 1000000000;
	printf("bad timespec: %s\n",
	       strerror(clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL)));
	return 0;
}

/* ---- futex ---- */

static int do_futex(void)
{
	int word = 5;
	struct timespec ts = { 0, 20000000 };
	long long t0 = mono_ns();
	long rc;

	rc = syscall(SYS_futex, &word, FUTEX_WAIT, 6, NULL, NULL, 0);
	printf("futex wait on a changed value: %ld %s\n", rc,
	       rc ? strerror(errno) : "");
	rc = syscall(SYS_futex, &word, FUTEX_WAIT, 5, &ts, NULL, 0);
	printf("futex wait with a 20 ms timeout: %ld %s\n", rc,
	       rc ? strerror(errno) : "");
	printf("waited at least 20 ms: %s\n", yes(mono_ns() - t0 >= 20000000));
	return 0;
}

/* ---- exit-main ---- */

static void *outlive(void *arg)
{
	usleep(20000);
	printf("the other thread finishes after main exited\n");
	fflush(stdout);
	return NULL;
}

static int do_exit_main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, outlive, NULL);
	printf("main calls pthread_exit\n");
	fflush(stdout);
	pthread_exit(NULL);
}

/* ---- cancel ---- */

static int cleanups;
static sem_t ready;

static void cleanup(void *arg)
{
	cleanups += (int)(long)arg;
}

static void *sleeper(void *arg)
{
	struct timespec ts = { 10, 0 };

	pthread_cleanup_push(cleanup, (void *)1);
	sem_post(&ready);
	nanosleep(&ts, NULL);
	pthread_cleanup_pop(0);
	return (void *)1;
}

static pthread_mutex_t cancel_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static void unlock(void *arg)
{
	cleanups += 10;
	pthread_mutex_unlock(arg);
}

static void *cond_waiter(void *arg)
{
	pthread_mutex_lock(&cancel_lock);
	pthread_cleanup_push(unlock, &cancel_lock);
	sem_post(&ready);
	for (;;)
		pthread_cond_wait(&never, &cancel_lock);
	pthread_cleanup_pop(1);
	return (void *)1;
}

static volatile int spins;

static void *tester(void *arg)
{
	pthread_cleanup_push(cleanup, (void *)100);
	sem_post(&ready);
	for (;;) {
		spins++;
		pthread_testcancel();
		sched_yield();
	}
	pthread_cleanup_pop(0);
	return (void *)1;
}

static void *disabled(void *arg)
{
	struct timespec ts = { 0, 50000000 };
	int old;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	sem_post(&ready);
	nanosleep(&ts, NULL);	/* not a cancellation point now */
	pthread_setcancelstate(old, NULL);
	pthread_testcancel();
	return (void *)2;
}

/* Cancels a thread running @fn once it is ready; prints the outcome. */
static int cancel_one(const char *what, void *(*fn)(void *))
{
	struct timespec at;
	pthread_t t;
	void *ret = NULL;
	int rc;

	cleanups = 0;
	pthread_create(&t, NULL, fn, NULL);
	sem_wait(&ready);
	usleep(20000);		/* let it block */
	pthread_cancel(t);
	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_sec += 5;
	rc = pthread_timedjoin_np(t, &ret, &at);
	/* the 5 s only keep a failed cancellation from hanging the test */
	printf("%s: join %s, PTHREAD_CANCELED: %s, cleanup %d\n", what,
	       rc ? strerror(rc) : "0", yes(ret == PTHREAD_CANCELED),
	       cleanups);
	return rc != 0 || ret != PTHREAD_CANCELED;
}

static int do_cancel(void)
{
	int bad = 0;

	sem_init(&ready, 0, 0);
	bad += cancel_one("in nanosleep(10 s)", sleeper);
	bad += cancel_one("in pthread_cond_wait", cond_waiter);
	printf("the mutex is free again: %s\n",
	       yes(pthread_mutex_trylock(&cancel_lock) == 0));
	pthread_mutex_unlock(&cancel_lock);
	bad += cancel_one("at pthread_testcancel", tester);
	bad += cancel_one("cancellation disabled while it sleeps", disabled);
	return bad;
}

/* ---- kill: a signal interrupts a sleeping or waiting thread ---- */

static volatile int word, handled;

static void on_usr1(int sig)
{
	handled++;
}

static void *nap(void *arg)
{
	struct timespec ts = { 10, 0 }, rem = { 0, 0 };
	long r;

	sem_post(&ready);
	r = nanosleep(&ts, &rem) ? errno : 0;
	/* rem is what was left: under 10 s, more than 5 s */
	return (void *)(r == EINTR && rem.tv_sec < 10 && rem.tv_sec >= 5 ?
			1L : -r);
}

static void *futex_waiter(void *arg)
{
	long r;

	sem_post(&ready);
	r = syscall(SYS_futex, &word, FUTEX_WAIT, 0, NULL, NULL, 0);
	return (void *)(r ? (long)errno : 0L);
}

static void use_handler(int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = flags;
	sigaction(SIGUSR1, &sa, NULL);
}

/* Starts @fn, sends it SIGUSR1 once it blocks; returns its value. */
static long interrupt(void *(*fn)(void *), int wake_after)
{
	pthread_t t;
	void *ret;

	word = 0;
	pthread_create(&t, NULL, fn, NULL);
	sem_wait(&ready);
	usleep(20000);
	pthread_kill(t, SIGUSR1);
	if (wake_after) {
		usleep(20000);
		word = 1;
		syscall(SYS_futex, &word, FUTEX_WAKE, 1, NULL, NULL, 0);
	}
	pthread_join(t, &ret);
	return (long)ret;
}

static int do_kill(void)
{
	long r;

	sem_init(&ready, 0, 0);
	use_handler(SA_RESTART);
	r = interrupt(nap, 0);
	printf("nanosleep with SA_RESTART: EINTR with the rest in rem: %s; "
	       "handler ran %d\n", yes(r == 1), handled);
	r = interrupt(futex_waiter, 1);
	printf("futex wait with SA_RESTART: restarted, then woken: %s; "
	       "handler ran %d\n", yes(r == 0), handled);
	use_handler(0);
	r = interrupt(futex_waiter, 0);
	printf("futex wait without SA_RESTART: %s; handler ran %d\n",
	       strerror((int)r), handled);
	return handled != 3;
}

/* ---- sigwait ---- */

static sigset_t usr2;

static void *sigwaiter(void *arg)
{
	struct timespec ts = { 20, 0 };
	int sig = 0;

	sem_post(&ready);
	if (arg)	/* sigtimedwait: a timeout long enough not to end it */
		sig = sigtimedwait(&usr2, NULL, &ts);
	else if (sigwait(&usr2, &sig))
		sig = -1;
	return (void *)(long)sig;
}

/* Every thread blocks SIGUSR2 (the mask is inherited); one waits for it,
 * already asleep when the process is sent it. */
static int do_sigwait(void)
{
	long long t0;
	void *ret;
	pthread_t t;

	sem_init(&ready, 0, 0);
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	pthread_sigmask(SIG_BLOCK, &usr2, NULL);
	for (long timed = 0; timed < 2; timed++) {
		pthread_create(&t, NULL, sigwaiter, (void *)timed);
		sem_wait(&ready);
		usleep(100000);		/* asleep in the call by now */
		t0 = mono_ns();
		kill(getpid(), SIGUSR2);
		pthread_join(t, &ret);
		printf("%s woken by kill(): %s, within 5 s: %s\n",
		       timed ? "sigtimedwait" : "sigwait",
		       (long)ret == SIGUSR2 ? "SIGUSR2" : "no",
		       yes(mono_ns() - t0 < 5000000000LL));
	}
	return 0;
}

/* ---- malloc ---- */

static void *churn(void *arg)
{
	unsigned int seed = (unsigned int)(long)arg * 7919 + 1;
	unsigned char *p[64] = { 0 };
	long bad = 0;

	for (int i = 0; i < rounds; i++) {
		unsigned int k;

		seed = seed * 1103515245 + 12345;
		k = (seed >> 8) % 64;
		if (p[k]) {
			bad += p[k][0] != k;
			free(p[k]);
			p[k] = NULL;
		} else {
			size_t n = 16 + (seed >> 16) % 512;

			p[k] = malloc(n);
			if (p[k])
				memset(p[k], k, n);
		}
	}
	for (int k = 0; k < 64; k++)
		free(p[k]);
	return (void *)bad;
}

static int do_malloc(int threads, int n)
{
	pthread_t t[64];
	long bad = 0;

	if (threads > 64)
		return usage();
	rounds = n;
	for (long i = 0; i < threads; i++)
		pthread_create(&t[i], NULL, churn, (void *)i);
	for (int i = 0; i < threads; i++) {
		void *ret;

		pthread_join(t[i], &ret);
		bad += (long)ret;
	}
	printf("%d threads x %d allocations: %ld corrupted\n", threads, n,
	       bad);
	return bad != 0;
}

/* ---- async: signals and cancellation reach a thread that computes ---- */

static volatile int spin_started, spin_stop;
static volatile unsigned long spin_count;
static pthread_t spinner;
static volatile int handled_in_spinner;

static void on_spin_signal(int sig)
{
	handled_in_spinner = pthread_equal(pthread_self(), spinner);
	spin_stop = 1;
}

/* No system call in the loop: only an interrupt can stop it. */
static void *spin_until_stopped(void *arg)
{
	spin_started = 1;
	while (!spin_stop)
		spin_count++;
	return arg;
}

static void *spin_async_cancel(void *arg)
{
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
	spin_started = 1;
	for (;;)
		spin_count++;
	return arg;
}

/* Waits (yielding, bounded) for the spinner to run; 0 or -1. */
static int wait_started(void)
{
	for (long i = 0; i < 1000000 && !spin_started; i++)
		sched_yield();
	if (!spin_started)
		printf("the spinning thread never ran\n");
	return spin_started ? 0 : -1;
}

static int do_async(void)
{
	struct sigaction sa = { .sa_handler = on_spin_signal };
	void *ret;

	sigaction(SIGUSR1, &sa, NULL);
	pthread_create(&spinner, NULL, spin_until_stopped, (void *)7);
	if (wait_started())
		return 1;
	printf("pthread_kill: %d\n", pthread_kill(spinner, SIGUSR1));
	pthread_join(spinner, &ret);
	printf("the spinner stopped and returned %ld; handler ran in it: %s\n",
	       (long)ret, yes(handled_in_spinner));

	spin_started = 0;
	pthread_create(&spinner, NULL, spin_async_cancel, NULL);
	if (wait_started())
		return 1;
	printf("pthread_cancel: %d\n", pthread_cancel(spinner));
	pthread_join(spinner, &ret);
	printf("asynchronously cancelled: %s\n",
	       yes(ret == PTHREAD_CANCELED));
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int a = argc > 2 ? atoi(argv[2]) : 0;
	int b = argc > 3 ? atoi(argv[3]) : 0;

	if (!strcmp(mode, "create") && a > 0)
		return do_create(a);
	if (!strcmp(mode, "mutex") && a > 0 && b > 0)
		return do_mutex(a, b);
	if (!strcmp(mode, "condvar") && a > 0)
		return do_condvar(a);
	if (!strcmp(mode, "once"))
		return do_once();
	if (!strcmp(mode, "tsd"))
		return do_tsd();
	if (!strcmp(mode, "detached") && a > 0) {
		pthread_t t;
		int rc = do_detached(a);

		/* and one that detaches itself while it runs */
		pthread_create(&t, NULL, detach_self, NULL);
		sem_wait(&done_sem);
		printf("self-detached thread finished\n");
		return rc;
	}
	if (!strcmp(mode, "tid"))
		return do_tid();
	if (!strcmp(mode, "sleep"))
		return do_sleep();
	if (!strcmp(mode, "futex"))
		return do_futex();
	if (!strcmp(mode, "exit-main"))
		return do_exit_main();
	if (!strcmp(mode, "cancel"))
		return do_cancel();
	if (!strcmp(mode, "kill"))
		return do_kill();
	if (!strcmp(mode, "malloc") && a > 0 && b > 0)
		return do_malloc(a, b);
	if (!strcmp(mode, "async"))
		return do_async();
	if (!strcmp(mode, "sigwait"))
		return do_sigwait();
	return usage();
}
