/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads through musl, as the system calls see them: clone (and
 * pthread_create's EAGAIN when there are no threads), futex and its
 * errors, requeueing, thread ids, CPU affinity, sleeping. The behaviour
 * an application observes is also compared with Linux by
 * tests/apps/pthread.c.
 */
#define _GNU_SOURCE
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/plat/irq.h>
#include <uk/plat/timer.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE		128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_WAKE_OP		5

#define MS			1000000LL

static long futex(volatile int *addr, int op, int val, const void *ts,
		  volatile int *addr2, int val3)
{
	return syscall(SYS_futex, addr, op, val, ts, addr2, val3);
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * How often the caller could have waited: context switches with threads
 * (blocking switches to another thread or to idle), timer interrupts
 * under --with-sched=none (blocking halts until the timer; the
 * application runs with interrupts disabled). "Returns at once" is
 * asserted as "did not wait", never as a time: a loaded host can stall
 * the guest anywhere.
 */
static uint64_t waits(void)
{
	if (UK_SCHED_THREADS)
		return uk_sched_switch_count();
	return ukplat_irq_count(ukplat_timer_irq());
}

static void *echo(void *arg)
{
	return arg;
}

UK_TESTCASE(posix, pthread_create)
{
	pthread_t t;
	void *ret = NULL;
	int rc = pthread_create(&t, NULL, echo, (void *)42);

	if (!UK_SCHED_THREADS) {
		UK_TEST_EXPECT_EQ(rc, EAGAIN);
		return;
	}
	UK_TEST_ASSERT_EQ(rc, 0);
	UK_TEST_EXPECT_EQ(pthread_join(t, &ret), 0);
	UK_TEST_EXPECT_PTR_EQ(ret, (void *)42);
}

UK_TESTCASE(posix, clone_that_is_not_a_thread)
{
	/* fork-like (no CLONE_VM): libuk has one address space */
	errno = 0;
	UK_TEST_EXPECT_EQ(syscall(SYS_clone, 17 /* SIGCHLD */, 0, 0, 0, 0), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
}

UK_TESTCASE(posix, futex_value_mismatch_is_eagain)
{
	volatile int word = 1;

	errno = 0;
	UK_TEST_EXPECT_EQ(futex(&word, FUTEX_WAIT | FUTEX_PRIVATE, 2, NULL,
				NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, EAGAIN);
}

UK_TESTCASE(posix, futex_relative_timeout)
{
	volatile int word = 0;
	struct timespec ts = { 0, 10 * MS };
	long long t0 = mono_ns();

	errno = 0;
	UK_TEST_EXPECT_EQ(futex(&word, FUTEX_WAIT, 0, &ts, NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, ETIMEDOUT);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 10 * MS);
}

UK_TESTCASE(posix, futex_absolute_timeouts)
{
	volatile int word = 0;
	struct timespec ts;
	long long t0;
	uint64_t w0;

	/* CLOCK_MONOTONIC, 10 ms ahead */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = mono_ns();
	ts.tv_nsec += 10 * MS;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(&word, FUTEX_WAIT_BITSET, 0, &ts, NULL, -1),
			  -1);
	UK_TEST_EXPECT_EQ(errno, ETIMEDOUT);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 10 * MS);

	/* CLOCK_REALTIME, in the past: at once */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec -= 1;
	w0 = waits();
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(&word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME,
				0, &ts, NULL, -1), -1);
	UK_TEST_EXPECT_EQ(errno, ETIMEDOUT);
	UK_TEST_EXPECT_EQ(waits(), w0);
}

UK_TESTCASE(posix, futex_bad_arguments)
{
	volatile int word[2] = { 0, 0 };
	struct timespec bad = { 0, 1000000000 };

	errno = 0;
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_WAIT, 0, &bad, NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(futex((volatile int *)((char *)word + 1), FUTEX_WAKE,
				1, NULL, NULL, 0), -1);
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_WAKE_OP, 1, NULL, word + 1, 0), -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	errno = 0;
	UK_TEST_EXPECT_EQ(futex(word, FUTEX_CMP_REQUEUE, 1, (void *)1,
				word + 1, 5), -1);
	UK_TEST_EXPECT_EQ(errno, EAGAIN);
}

static volatile int fword, fword2, fwoken;
static pthread_mutex_t fwoken_lock = PTHREAD_MUTEX_INITIALIZER;

static void count_woken(void)
{
	pthread_mutex_lock(&fwoken_lock);
	fwoken++;
	pthread_mutex_unlock(&fwoken_lock);
}

static void *futex_waiter(void *arg)
{
	while (fword == 0)
		futex(&fword, FUTEX_WAIT | FUTEX_PRIVATE, 0, NULL, NULL, 0);
	count_woken();
	return NULL;
}

static void *requeued_waiter(void *arg)
{
	/* woken only through fword2, after a requeue */
	futex(&fword, FUTEX_WAIT, 0, NULL, NULL, 0);
	count_woken();
	return NULL;
}

UK_TESTCASE(posix, futex_wake_counts)
{
	pthread_t t[3];

	if (!UK_SCHED_THREADS)
		return;
	fword = 0;
	fwoken = 0;
	for (int i = 0; i < 3; i++)
		UK_TEST_ASSERT_EQ(pthread_create(&t[i], NULL, futex_waiter,
						 NULL), 0);
	sched_yield();	/* they all wait now */
	fword = 1;
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_WAKE | FUTEX_PRIVATE, 1, NULL,
				NULL, 0), 1);
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_WAKE_BITSET, 10, NULL, NULL,
				-1), 2);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_EQ(fwoken, 3);
}

UK_TESTCASE(posix, futex_requeue)
{
	pthread_t t[3];

	if (!UK_SCHED_THREADS)
		return;
	fword = 0;
	fword2 = 0;
	fwoken = 0;
	for (int i = 0; i < 3; i++)
		UK_TEST_ASSERT_EQ(pthread_create(&t[i], NULL, requeued_waiter,
						 NULL), 0);
	sched_yield();
	/* wake none, move all three to fword2 */
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_CMP_REQUEUE, 0, (void *)10,
				&fword2, 0), 3);
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_WAKE, 10, NULL, NULL, 0), 0);
	sched_yield();
	UK_TEST_EXPECT_EQ(fwoken, 0);
	/* REQUEUE counts only the woken: one woken, the rest stay */
	UK_TEST_EXPECT_EQ(futex(&fword2, FUTEX_REQUEUE, 1, (void *)10,
				&fword, 0), 1);
	UK_TEST_EXPECT_EQ(futex(&fword, FUTEX_WAKE, 10, NULL, NULL, 0), 2);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_EQ(fwoken, 3);
}

static void *report_tid(void *arg)
{
	*(long *)arg = syscall(SYS_gettid);
	return NULL;
}

UK_TESTCASE(posix, thread_ids)
{
	long tid[2] = { 0, 0 };
	pthread_t t[2];

	UK_TEST_EXPECT_EQ(syscall(SYS_gettid), getpid());
	if (!UK_SCHED_THREADS)
		return;
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, report_tid, &tid[i]);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	UK_TEST_EXPECT_GT(tid[0], 1);
	UK_TEST_EXPECT_GT(tid[1], 1);
	UK_TEST_EXPECT_NE(tid[0], tid[1]);
}

UK_TESTCASE(posix, affinity_is_one_cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	UK_TEST_EXPECT_EQ(sched_getaffinity(0, sizeof(set), &set), 0);
	UK_TEST_EXPECT_EQ(CPU_COUNT(&set), 1);
	UK_TEST_EXPECT(CPU_ISSET(0, &set));
	UK_TEST_EXPECT_EQ(sysconf(_SC_NPROCESSORS_ONLN), 1);
	UK_TEST_EXPECT_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
}

static void *report_cpu(void *arg)
{
	*(int *)arg = sched_getcpu();
	return NULL;
}

/* Threads, the main one included, run on the CPU the mask names. */
UK_TESTCASE(posix, getcpu_is_cpu_0)
{
	unsigned int cpu = 7, node = 7;
	int other = -1;
	pthread_t t;

	UK_TEST_EXPECT_EQ(sched_getcpu(), 0);
	UK_TEST_EXPECT_EQ(syscall(SYS_getcpu, &cpu, &node, NULL), 0);
	UK_TEST_EXPECT_EQ(cpu, 0);
	UK_TEST_EXPECT_EQ(node, 0);
	UK_TEST_EXPECT_EQ(syscall(SYS_getcpu, NULL, NULL, NULL), 0);
	if (pthread_create(&t, NULL, report_cpu, &other) == 0) {
		UK_TEST_EXPECT_EQ(pthread_join(t, NULL), 0);
		UK_TEST_EXPECT_EQ(other, 0);
	}
}

UK_TESTCASE(posix, sleeping)
{
	struct timespec ts = { 0, 10 * MS };
	long long t0 = mono_ns();
	uint64_t w0;

	UK_TEST_EXPECT_EQ(nanosleep(&ts, NULL), 0);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 10 * MS);

	/* 1 ns after boot: long past */
	ts.tv_sec = 0;
	ts.tv_nsec = 1;
	w0 = waits();
	UK_TEST_EXPECT_EQ(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					  NULL), 0);
	UK_TEST_EXPECT_EQ(waits(), w0);

	clock_gettime(CLOCK_REALTIME, &ts);
	t0 = mono_ns();
	ts.tv_nsec += 20 * MS;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	UK_TEST_EXPECT_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts,
					  NULL), 0);
	UK_TEST_EXPECT_GE(mono_ns() - t0, 19 * MS);
	UK_TEST_EXPECT_EQ(sched_yield(), 0);
}

/*
 * A system call preserves the vector registers, also when it blocks and
 * other threads run meanwhile (Linux's ABI, which musl's syscall
 * wrappers rely on: they clobber no vector register). Two threads keep
 * every vector register live across sched_yield() system calls that
 * switch between them. aarch64 only so far: on x86_64 the SYSCALL entry
 * and the switch keep no xmm register, and the same check (xmm0..15
 * across `syscall` sched_yield) fails.
 */
#define SVC_ROUNDS	200

#if defined(__aarch64__)
#define VREGS		32
#define VREG_LANES	2
static void vregs_across_yield(const double *in, double *out)
{
	__asm__ __volatile__(
		".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
		"ldr q\\n, [%[in], #\\n * 16]\n"
		".endr\n"
		"mov x9, %[rounds]\n"
		"1: mov x8, %[nr]\n"
		"svc #0\n"
		"subs x9, x9, #1\n"
		"b.ne 1b\n"
		".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
		"str q\\n, [%[out], #\\n * 16]\n"
		".endr\n"
		: : [in] "r"(in), [out] "r"(out), [rounds] "i"(SVC_ROUNDS),
		    [nr] "i"(SYS_sched_yield)
		: "x0", "x8", "x9", "memory", "cc",
		  "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9",
		  "v10", "v11", "v12", "v13", "v14", "v15", "v16", "v17",
		  "v18", "v19", "v20", "v21", "v22", "v23", "v24", "v25",
		  "v26", "v27", "v28", "v29", "v30", "v31");
}
#else
#define VREGS		0
#define VREG_LANES	2
#endif

struct vregs_run {
	double base;
	double out[VREGS ? VREGS : 1][VREG_LANES];
};

static void *vregs_thread(void *arg)
{
	struct vregs_run *r = arg;
	double in[VREGS ? VREGS : 1][VREG_LANES] __attribute__((aligned(16)));

	for (int i = 0; i < VREGS; i++)
		for (int l = 0; l < VREG_LANES; l++)
			in[i][l] = r->base + i + 0.5 * l;
#if VREGS
	vregs_across_yield(&in[0][0], &r->out[0][0]);
#endif
	return NULL;
}

UK_TESTCASE(posix, vector_registers_survive_a_blocking_syscall)
{
	struct vregs_run a = { .base = 100.0 }, b = { .base = 900.0 };
	uint64_t switches = uk_sched_switch_count();
	pthread_t ta, tb;

	if (!UK_SCHED_THREADS || !VREGS) {
		uk_test_diag("no threads or no check for this architecture\n");
		return;
	}
	UK_TEST_ASSERT_EQ(pthread_create(&ta, NULL, vregs_thread, &a), 0);
	UK_TEST_ASSERT_EQ(pthread_create(&tb, NULL, vregs_thread, &b), 0);
	UK_TEST_EXPECT_EQ(pthread_join(ta, NULL), 0);
	UK_TEST_EXPECT_EQ(pthread_join(tb, NULL), 0);
	/* the two took turns inside their system calls */
	UK_TEST_EXPECT_GE(uk_sched_switch_count() - switches, SVC_ROUNDS);
	for (int i = 0; i < VREGS; i++)
		for (int l = 0; l < VREG_LANES; l++) {
			UK_TEST_EXPECT(a.out[i][l] == a.base + i + 0.5 * l);
			UK_TEST_EXPECT(b.out[i][l] == b.base + i + 0.5 * l);
		}
}

UK_TEST_MAIN();
