/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Robust and priority-inheritance mutexes, as on Linux. Compared with
 * the host's static musl build by tests/apps-compare.test.
 *
 *   mutex robust    a robust mutex whose owner ended (pthread_exit,
 *                   or the exit system call itself, where only the
 *                   kernel's walk of the robust list helps): EOWNERDEAD,
 *                   pthread_mutex_consistent, then usable again; one
 *                   left inconsistent: ENOTRECOVERABLE; get_robust_list
 *   mutex pi N      PTHREAD_PRIO_INHERIT mutexes (FUTEX_LOCK_PI and
 *                   co.): trylock EBUSY, a waiter handed the lock,
 *                   EDEADLK and EPERM of an error-checking one, and N
 *                   increments from 4 threads
 *   mutex boost     priority inheritance (SCHED_FIFO, one CPU's worth
 *                   of strict priorities): a high-priority waiter
 *                   boosts the low-priority owner past a medium one
 *                   that computes; without it the owner would starve
 *                   and the program never end. Not run by
 *                   apps-compare yet: under libuk the boosted owner
 *                   is switched to, then leaves the CPU to the medium
 *                   thread again (open)
 *   mutex policies  sched_get_priority_*, and the sched_setscheduler
 *                   family's SCHED_OTHER answers and errors
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "compare.h"

static pthread_mutex_t m;

static void say(const char *what, int rc)
{
	printf("%s: %s\n", what, errname(rc));
}

static volatile int owner_locked;

static void *lock_and_exit(void *arg)
{
	say("thread: lock", pthread_mutex_lock(&m));
	owner_locked = 1;
	if (arg)	/* the exit system call: musl's list walk skipped */
		syscall(SYS_exit, 0);
	pthread_exit(NULL);
}

/*
 * musl recovers a private robust mutex in pthread_exit itself, and
 * gives the kernel its robust list only for process-shared ones.
 */
static void robust_init(int pshared)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setpshared(&a, pshared);
	pthread_mutex_init(&m, &a);
	pthread_mutexattr_destroy(&a);
}

static void owner_dies(void *how)
{
	pthread_t t;

	owner_locked = 0;
	pthread_create(&t, NULL, lock_and_exit, how);
	/* it locks first (no join after the exit system call: musl's
	 * record of the thread is not released then) */
	for (int i = 0; i < 1000000 && !owner_locked; i++)
		sched_yield();
	if (!how)
		pthread_join(t, NULL);
}

static int do_robust(char **argv)
{
	void *head = NULL;
	size_t len = 0;

	robust_init(PTHREAD_PROCESS_PRIVATE);
	owner_dies(NULL);
	say("lock after the owner's pthread_exit", pthread_mutex_lock(&m));
	say("pthread_mutex_consistent", pthread_mutex_consistent(&m));
	say("unlock", pthread_mutex_unlock(&m));
	say("lock again", pthread_mutex_lock(&m));
	say("unlock", pthread_mutex_unlock(&m));

	robust_init(PTHREAD_PROCESS_SHARED);
	say("lock a process-shared one", pthread_mutex_lock(&m));
	result("get_robust_list(0)",
	       syscall(SYS_get_robust_list, 0, &head, &len));
	printf("the list is registered: %s, length %zu\n",
	       head ? "yes" : "no", len);
	result("get_robust_list(99999)",
	       syscall(SYS_get_robust_list, 99999, &head, &len));
	result("set_robust_list(len 5)",
	       syscall(SYS_set_robust_list, head, (size_t)5));
	say("unlock", pthread_mutex_unlock(&m));

	owner_dies((void *)1);
	say("lock after the owner's exit system call",
	    pthread_mutex_lock(&m));
	/* unlocked without pthread_mutex_consistent: not recoverable */
	say("unlock", pthread_mutex_unlock(&m));
	say("lock once inconsistent", pthread_mutex_lock(&m));
	return 0;
}

static pthread_mutex_t pm;
static long counter;
static int rounds;

static int w_try, w_lock, w_after, w_unlock;
static volatile int w_tried;

/* Its results are printed by main, after the join. */
static void *pi_waiter(void *arg)
{
	w_try = pthread_mutex_trylock(&pm);
	w_tried = 1;
	w_lock = pthread_mutex_lock(&pm);
	w_after = counter == 1;
	w_unlock = pthread_mutex_unlock(&pm);
	return arg;
}

static void *pi_adder(void *arg)
{
	for (int i = 0; i < rounds; i++) {
		pthread_mutex_lock(&pm);
		counter++;
		if (i % 64 == 0)
			sched_yield();	/* hold it while others run */
		pthread_mutex_unlock(&pm);
	}
	return arg;
}

static int do_pi(char **argv)
{
	int n = argv[1] ? atoi(argv[1]) : 1000;
	pthread_mutexattr_t a;
	pthread_t t[4];

	pthread_mutexattr_init(&a);
	say("setprotocol(PTHREAD_PRIO_INHERIT)",
	    pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT));
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&pm, &a);
	say("lock", pthread_mutex_lock(&pm));
	say("lock again (error-checking)", pthread_mutex_lock(&pm));
	pthread_create(&t[0], NULL, pi_waiter, NULL);
	for (int i = 0; i < 1000000 && !w_tried; i++)
		sched_yield();
	usleep(20000);	/* most likely waiting by now; either way works */
	counter = 1;
	say("unlock", pthread_mutex_unlock(&pm));
	pthread_join(t[0], NULL);
	say("thread: trylock while held", w_try);
	say("thread: lock", w_lock);
	printf("thread: got it after main's unlock: %s\n",
	       w_after ? "yes" : "no");
	say("thread: unlock", w_unlock);
	say("unlock when not the owner", pthread_mutex_unlock(&pm));

	counter = 0;
	rounds = n;
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, pi_adder, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("4 threads x %d: counter %ld\n", n, counter);
	return 0;
}

/* ---- boost ---- */

static pthread_mutex_t bm;
static volatile int l_locked, stop_m, m_running, h_got;
static volatile unsigned long l_work, m_spins;

static int set_fifo(int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	return pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
}

static void *low(void *arg)
{
	set_fifo(10);
	pthread_mutex_lock(&bm);
	l_locked = 1;
	sched_yield();	/* main (higher) runs on */
	for (l_work = 0; l_work < 20000000; l_work++)
		;	/* starved while M spins, unless boosted */
	pthread_mutex_unlock(&bm);
	return arg;
}

static void *medium(void *arg)
{
	set_fifo(20);
	m_running = 1;
	while (!stop_m)
		m_spins++;
	return arg;
}

static void *high(void *arg)
{
	set_fifo(30);
	pthread_mutex_lock(&bm);	/* L holds it: boosts L */
	h_got = l_work == 20000000;
	stop_m = 1;
	pthread_mutex_unlock(&bm);
	return arg;
}

static int do_boost(char **argv)
{
	pthread_mutexattr_t a;
	struct sched_param sp;
	pthread_t l, m, h;
	int policy;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	pthread_mutex_init(&bm, &a);
	say("main: SCHED_FIFO 40", set_fifo(40));
	pthread_getschedparam(pthread_self(), &policy, &sp);
	printf("main: policy %s, priority %d\n",
	       policy == SCHED_FIFO ? "SCHED_FIFO" : "other",
	       sp.sched_priority);
	pthread_create(&l, NULL, low, NULL);
	for (int i = 0; i < 1000000 && !l_locked; i++)
		usleep(1000);	/* main blocks: L runs and locks */
	pthread_create(&m, NULL, medium, NULL);
	for (int i = 0; i < 1000000 && !m_running; i++)
		usleep(1000);
	pthread_create(&h, NULL, high, NULL);
	pthread_join(h, NULL);
	pthread_join(l, NULL);
	pthread_join(m, NULL);
	printf("H got the lock once L had finished its work: %s\n",
	       h_got ? "yes" : "no");
	printf("M stopped: %s\n", stop_m ? "yes" : "no");
	return 0;
}

/* The system calls themselves: musl's sched_setscheduler is ENOSYS. */
static int do_policies(char **argv)
{
	struct sched_param sp = { .sched_priority = 0 };

	result("sched_get_priority_max(SCHED_FIFO)",
	       sched_get_priority_max(SCHED_FIFO));
	result("sched_get_priority_min(SCHED_RR)",
	       sched_get_priority_min(SCHED_RR));
	result("sched_get_priority_max(SCHED_OTHER)",
	       sched_get_priority_max(SCHED_OTHER));
	result("sched_get_priority_max(77)", sched_get_priority_max(77));
	result("sched_getscheduler(0)", syscall(SYS_sched_getscheduler, 0));
	result("sched_setscheduler(0, SCHED_FIFO, 0)",
	       syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &sp));
	result("sched_setscheduler(0, SCHED_OTHER, 0)",
	       syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp));
	sp.sched_priority = 5;
	result("sched_setscheduler(0, SCHED_OTHER, 5)",
	       syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, &sp));
	result("sched_setscheduler(0, 77, 5)",
	       syscall(SYS_sched_setscheduler, 0, 77, &sp));
	result("sched_setscheduler(99999, SCHED_OTHER, 0)",
	       syscall(SYS_sched_setscheduler, 99999, SCHED_OTHER,
		       &(struct sched_param){ 0 }));
	result("sched_getparam(0)", syscall(SYS_sched_getparam, 0, &sp));
	printf("priority %d\n", sp.sched_priority);
	result("sched_getscheduler(-1)", syscall(SYS_sched_getscheduler, -1));
	return 0;
}

static const struct compare_mode modes[] = {
	{ "robust", do_robust },
	{ "boost", do_boost },
	{ "policies", do_policies },
	{ "pi", do_pi },
	{ NULL },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return compare_main(argc, argv, "mutex", modes);
}
