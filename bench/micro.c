/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * micro: the cost of the basic operations of threads, time and system
 * calls, in nanoseconds, the same program everywhere it runs: as a libuk
 * image (pkg-config uk-kvm), as a static musl program on the host
 * (musl-gcc -static), and as /init of a Linux VM.
 *
 *     micro [-n ROUNDS] [TEST...]        (no TEST: all of them)
 *
 * Output contract (bench/threads and bench/run parse it): one line per
 * test,
 *
 *     result NAME VALUE UNIT
 *
 * VALUE being the median over ROUNDS batches (default 31) of the
 * nanoseconds per operation (UNIT "ns"), or, for a test that cannot run
 * here, "result NAME NA REASON" with REASON one word (e.g.
 * "pthread_create:EAGAIN" under --with-sched=none). Every other line
 * starts with "#" and is commentary, which the generic parsers ignore;
 * bench/threads also reads, for each batched test, the line
 *
 *     # NAME: X calls, Y call_saved (medians of the per-round ratios)
 *
 * X and Y being the median over the rounds of the test's batch divided
 * by a batch of `call` (`call_saved`) run right after it (no call_saved
 * part on an architecture without one).
 *
 * Tests (NAME: one operation):
 *   call           an empty function through a volatile function pointer
 *   call_saved     the same, to a function that saves and restores the
 *                  registers the ABI makes callee-saved (x86_64: rbx, rbp,
 *                  r12-r15, MXCSR, x87 control word; aarch64: x19-x30,
 *                  d8-d15): the register save a cooperative switch needs
 *   getppid        syscall(SYS_getppid)
 *   getppid_libc   getppid(): the C library's own call, with a constant
 *                  number (a direct call under --with-libc=musl-direct)
 *   write_null     a 1-byte write to /dev/null
 *   clock_gettime  clock_gettime(CLOCK_MONOTONIC)
 *   mutex          pthread_mutex_lock + unlock, uncontended
 *   yield          one switch of a sched_yield ping-pong of two threads
 *   yield_direct   the same through uk_sched_yield(), no trap (libuk only)
 *   create_join    pthread_create + pthread_join of a thread that returns
 *   condvar        one wake-up of a mutex + condition variable ping-pong
 *   sleep_1ms, sleep_10ms, sleep_100ms
 *                  the time a nanosleep of that request actually takes
 *
 * Time comes from clock_gettime(CLOCK_MONOTONIC). Short operations run in
 * batches sized at start-up to last about BATCH_NS each, so that reading
 * the clock does not weigh; the batches of the single-thread tests are
 * interleaved so that a slow phase of the machine hits them alike. The
 * thread tests run one after the other, each with its partner thread
 * alive only for its own batches. The sleeps run ROUNDS, ROUNDS / 2 and
 * ROUNDS / 4 times (at least 3), each after one untimed 1 ms sleep.
 *
 * Where the process may use several CPUs (the host), it pins itself to
 * one first: a unikernel has one, and a yield or a wake-up between two
 * CPUs is not a switch.
 *
 * As process 1 of Linux (an initramfs's /init) it powers the VM off when
 * done, for init must not exit.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<uk/sched.h>)
#include <uk/sched.h>
#define HAVE_UK_SCHED 1
#endif
#endif

#define DEFAULT_ROUNDS	31
#define MAX_ROUNDS	100000
#define BATCH_NS	200000	/* aimed-at length of one batch */
#define MAX_BATCH	(1L << 24)

static inline uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

/* A failed batch sets this (one word) and returns a negative time. */
static const char *fail_reason;
static char fail_buf[48];

static const char *errname(int e)
{
	switch (e) {
	case EAGAIN: return "EAGAIN";
	case ENOSYS: return "ENOSYS";
	case ENOMEM: return "ENOMEM";
	case EPERM: return "EPERM";
	case EINVAL: return "EINVAL";
	default: return NULL;
	}
}

static double fail(const char *what, int e)
{
	const char *n = errname(e);

	if (n)
		snprintf(fail_buf, sizeof(fail_buf), "%s:%s", what, n);
	else
		snprintf(fail_buf, sizeof(fail_buf), "%s:errno-%d", what, e);
	fail_reason = fail_buf;
	return -1;
}

/* --- calls ---------------------------------------------------------------- */

static __attribute__((noinline)) void empty(void)
{
	__asm__ volatile("" ::: "memory");
}

static void (*volatile empty_ptr)(void) = empty;

/*
 * Saves and restores the callee-saved state of the ABI, as a cooperative
 * context switch must, and nothing else. In assembly so that the compiler
 * cannot drop any of it.
 */
void micro_call_saved(void);
#if defined(__x86_64__)
__asm__(".text\n"
	".globl micro_call_saved\n"
	".type micro_call_saved, @function\n"
	"micro_call_saved:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	sub $8, %rsp\n"
	"	stmxcsr (%rsp)\n"
	"	fnstcw 4(%rsp)\n"
	"	ldmxcsr (%rsp)\n"
	"	fldcw 4(%rsp)\n"
	"	add $8, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size micro_call_saved, . - micro_call_saved\n");
#define HAVE_CALL_SAVED 1
#elif defined(__aarch64__)
__asm__(".text\n"
	".globl micro_call_saved\n"
	".type micro_call_saved, %function\n"
	"micro_call_saved:\n"
	"	sub sp, sp, #160\n"
	"	stp x19, x20, [sp, #0]\n"
	"	stp x21, x22, [sp, #16]\n"
	"	stp x23, x24, [sp, #32]\n"
	"	stp x25, x26, [sp, #48]\n"
	"	stp x27, x28, [sp, #64]\n"
	"	stp x29, x30, [sp, #80]\n"
	"	stp d8, d9, [sp, #96]\n"
	"	stp d10, d11, [sp, #112]\n"
	"	stp d12, d13, [sp, #128]\n"
	"	stp d14, d15, [sp, #144]\n"
	"	ldp d14, d15, [sp, #144]\n"
	"	ldp d12, d13, [sp, #128]\n"
	"	ldp d10, d11, [sp, #112]\n"
	"	ldp d8, d9, [sp, #96]\n"
	"	ldp x29, x30, [sp, #80]\n"
	"	ldp x27, x28, [sp, #64]\n"
	"	ldp x25, x26, [sp, #48]\n"
	"	ldp x23, x24, [sp, #32]\n"
	"	ldp x21, x22, [sp, #16]\n"
	"	ldp x19, x20, [sp, #0]\n"
	"	add sp, sp, #160\n"
	"	ret\n"
	".size micro_call_saved, . - micro_call_saved\n");
#define HAVE_CALL_SAVED 1
#endif

static double batch_call(long n)
{
	uint64_t t0 = now_ns();

	for (long i = 0; i < n; i++)
		empty_ptr();
	return (double)(now_ns() - t0) / n;
}

#ifdef HAVE_CALL_SAVED
static void (*volatile saved_ptr)(void) = micro_call_saved;

static double batch_call_saved(long n)
{
	uint64_t t0 = now_ns();

	for (long i = 0; i < n; i++)
		saved_ptr();
	return (double)(now_ns() - t0) / n;
}
#endif

static double batch_getppid(long n)
{
	uint64_t t0 = now_ns();

	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return (double)(now_ns() - t0) / n;
}

static double batch_getppid_libc(long n)
{
	uint64_t t0 = now_ns();

	for (long i = 0; i < n; i++)
		getppid();
	return (double)(now_ns() - t0) / n;
}

static int null_fd = -1;

static double batch_write_null(long n)
{
	static const char byte = 'x';
	uint64_t t0;

	if (null_fd < 0)
		null_fd = open("/dev/null", O_WRONLY);
	t0 = now_ns();
	for (long i = 0; i < n; i++)
		write(null_fd, &byte, 1);
	return (double)(now_ns() - t0) / n;
}

static double batch_clock(long n)
{
	struct timespec ts;
	uint64_t t0 = now_ns();

	for (long i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		__asm__ volatile("" :: "r"(&ts) : "memory");
	}
	return (double)(now_ns() - t0) / n;
}

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;

static double batch_mutex(long n)
{
	uint64_t t0 = now_ns();

	for (long i = 0; i < n; i++) {
		pthread_mutex_lock(&mtx);
		pthread_mutex_unlock(&mtx);
	}
	return (double)(now_ns() - t0) / n;
}

/* --- threads -------------------------------------------------------------- */

static pthread_t partner;

static int start_partner(void *(*fn)(void *), void *arg)
{
	int e = pthread_create(&partner, NULL, fn, arg);

	if (e)
		fail("pthread_create", e);
	return e;
}

/*
 * yield: two threads call yield in turn. Every yield of either hands the
 * CPU to the other, so the time per switch is the batch's time over the
 * yields of both threads in it.
 */
enum { YIELD_TRAP, YIELD_DIRECT };
static volatile int yield_stop;
static volatile unsigned long partner_yields;
static int yield_how;

static inline void do_yield(int how)
{
#ifdef HAVE_UK_SCHED
	if (how == YIELD_DIRECT) {
		uk_sched_yield();
		return;
	}
#endif
	(void)how;
	sched_yield();
}

static void *yield_partner(void *arg)
{
	int how = yield_how;

	(void)arg;
	while (!yield_stop) {
		do_yield(how);
		partner_yields++;
	}
	return NULL;
}

static int yield_setup(int how)
{
	yield_stop = 0;
	yield_how = how;
	partner_yields = 0;
	return start_partner(yield_partner, NULL);
}

static int setup_yield(void)
{
	return yield_setup(YIELD_TRAP);
}

static void yield_teardown(void)
{
	yield_stop = 1;
	pthread_join(partner, NULL);
}

static double yield_batch(long n, int how)
{
	unsigned long p0 = partner_yields;
	uint64_t t0 = now_ns(), t1;

	for (long i = 0; i < n; i++)
		do_yield(how);
	t1 = now_ns();
	return (double)(t1 - t0) / (double)(n + (partner_yields - p0));
}

static double batch_yield(long n)
{
	return yield_batch(n, YIELD_TRAP);
}

#ifdef HAVE_UK_SCHED
static int setup_yield_direct(void)
{
	return yield_setup(YIELD_DIRECT);
}

static double batch_yield_direct(long n)
{
	return yield_batch(n, YIELD_DIRECT);
}
#endif

static void *return_at_once(void *arg)
{
	return arg;
}

static int setup_create_join(void)
{
	pthread_t t;
	int e = pthread_create(&t, NULL, return_at_once, NULL);

	if (e) {
		fail("pthread_create", e);
		return e;
	}
	pthread_join(t, NULL);
	return 0;
}

static double batch_create_join(long n)
{
	uint64_t t0 = now_ns();
	pthread_t t;
	void *r;

	for (long i = 0; i < n; i++) {
		int e = pthread_create(&t, NULL, return_at_once, (void *)i);

		if (e)
			return fail("pthread_create", e);
		pthread_join(t, &r);
		if (r != (void *)i)
			return fail("pthread_join", EINVAL);
	}
	return (double)(now_ns() - t0) / n;
}

/*
 * condvar: the turn passes from main to the partner and back under one
 * mutex, each waking the other through one condition variable (only one
 * of them waits at any time). Two wake-ups per round trip.
 */
static pthread_mutex_t cv_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int cv_turn;		/* 0: main's, 1: partner's, 2: stop */

static void *cv_partner(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&cv_mtx);
	for (;;) {
		while (cv_turn == 0)
			pthread_cond_wait(&cv, &cv_mtx);
		if (cv_turn == 2)
			break;
		cv_turn = 0;
		pthread_cond_signal(&cv);
	}
	pthread_mutex_unlock(&cv_mtx);
	return NULL;
}

static int setup_condvar(void)
{
	cv_turn = 0;
	return start_partner(cv_partner, NULL);
}

static void teardown_condvar(void)
{
	pthread_mutex_lock(&cv_mtx);
	cv_turn = 2;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&cv_mtx);
	pthread_join(partner, NULL);
}

static double batch_condvar(long n)
{
	uint64_t t0, t1;

	pthread_mutex_lock(&cv_mtx);
	t0 = now_ns();
	for (long i = 0; i < n; i++) {
		cv_turn = 1;
		pthread_cond_signal(&cv);
		while (cv_turn == 1)
			pthread_cond_wait(&cv, &cv_mtx);
	}
	t1 = now_ns();
	pthread_mutex_unlock(&cv_mtx);
	return (double)(t1 - t0) / (2.0 * n);
}

/* --- sleeps --------------------------------------------------------------- */

static double sleep_for(long ms)
{
	struct timespec req = { ms / 1000, (ms % 1000) * 1000000L };
	uint64_t t0 = now_ns();

	if (nanosleep(&req, NULL))
		return fail("nanosleep", errno);
	return (double)(now_ns() - t0);
}

static double batch_sleep_1ms(long n) { (void)n; return sleep_for(1); }
static double batch_sleep_10ms(long n) { (void)n; return sleep_for(10); }
static double batch_sleep_100ms(long n) { (void)n; return sleep_for(100); }

/* --- the driver ----------------------------------------------------------- */

enum kind {
	SHORT,		/* batched, interleaved with the other SHORT tests */
	THREAD,		/* batched, alone, with a partner set up around it */
	SLEEP,		/* one operation a round, rounds / div of them */
};

struct test {
	const char *name;
	enum kind kind;
	double (*batch)(long n);	/* ns per operation, < 0: failed */
	int (*setup)(void);		/* 0 or an error (fail() called) */
	void (*teardown)(void);
	int div;			/* SLEEP: rounds / div rounds */
	int selected;
	long n;				/* operations per batch */
	int rounds;
	double *v;
	double *in_call, *in_saved;	/* per round: v / a reference batch */
	const char *na;			/* why it cannot run, or NULL */
};

#define T(nm, k, fn, ...) \
	{ .name = nm, .kind = k, .batch = fn, __VA_ARGS__ }

static struct test tests[] = {
	T("call", SHORT, batch_call),
#ifdef HAVE_CALL_SAVED
	T("call_saved", SHORT, batch_call_saved),
#endif
	T("getppid", SHORT, batch_getppid),
	T("getppid_libc", SHORT, batch_getppid_libc),
	T("write_null", SHORT, batch_write_null),
	T("clock_gettime", SHORT, batch_clock),
	T("mutex", SHORT, batch_mutex),
	T("yield", THREAD, batch_yield, .setup = setup_yield,
	  .teardown = yield_teardown),
#ifdef HAVE_UK_SCHED
	T("yield_direct", THREAD, batch_yield_direct,
	  .setup = setup_yield_direct, .teardown = yield_teardown),
#endif
	T("create_join", THREAD, batch_create_join,
	  .setup = setup_create_join),
	T("condvar", THREAD, batch_condvar, .setup = setup_condvar,
	  .teardown = teardown_condvar),
	T("sleep_1ms", SLEEP, batch_sleep_1ms, .div = 1),
	T("sleep_10ms", SLEEP, batch_sleep_10ms, .div = 2),
	T("sleep_100ms", SLEEP, batch_sleep_100ms, .div = 4),
};

#define NTESTS	(sizeof(tests) / sizeof(tests[0]))

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Finds the batch size: doubles it until one batch takes BATCH_NS. A
 * first batch of one warms the code up (under QEMU TCG: gets it
 * translated), and each size is timed twice, the faster counting, so
 * that one slow moment of the machine does not stop the search early.
 * Returns 0 or -1 when a batch failed.
 */
static int calibrate(struct test *t)
{
	double a, b;

	if (t->batch(1) < 0)
		return -1;
	for (t->n = 1;; t->n *= 2) {
		a = t->batch(t->n);
		b = t->batch(t->n);
		if (a < 0 || b < 0)
			return -1;
		if ((a < b ? a : b) * t->n >= BATCH_NS || t->n >= MAX_BATCH)
			return 0;
	}
}

/*
 * The references: right after each batch of a test comes one batch of
 * `call` and, where there is one, of `call_saved`, and the test's value
 * in calls is the median of those per-round ratios. The machine's speed
 * changes from second to second when it is shared; a ratio to a batch
 * run a millisecond later, in the same phase, carries that change far
 * less than a ratio to the `call` figure measured in another phase.
 */
static struct test ref_call = { .name = "call", .batch = batch_call };
#ifdef HAVE_CALL_SAVED
static struct test ref_saved = { .name = "call_saved",
				 .batch = batch_call_saved };
#endif

/* One batch of round r; on failure the test becomes NA. */
static void run_batch(struct test *t, int r)
{
	double per, ref;

	if (t->na)
		return;
	per = t->batch(t->n);
	if (per < 0) {
		t->na = fail_reason;
		return;
	}
	t->v[r] = per;
	if (t->kind == SLEEP)
		return;
	ref = ref_call.batch(ref_call.n);
	t->in_call[r] = ref > 0 ? per / ref : 0;
#ifdef HAVE_CALL_SAVED
	ref = ref_saved.batch(ref_saved.n);
	t->in_saved[r] = ref > 0 ? per / ref : 0;
#endif
}

static void report(struct test *t)
{
	double lo, hi;

	if (t->na) {
		printf("result %s NA %s\n", t->name, t->na);
		return;
	}
	qsort(t->v, t->rounds, sizeof(double), cmp_double);
	lo = t->v[0];
	hi = t->v[t->rounds - 1];
	if (t->kind == SLEEP) {
		printf("# %s: %d sleeps, min %.1f max %.1f ns\n", t->name,
		       t->rounds, lo, hi);
	} else {
		printf("# %s: %d batches of %ld, min %.1f max %.1f ns\n",
		       t->name, t->rounds, t->n, lo, hi);
		qsort(t->in_call, t->rounds, sizeof(double), cmp_double);
		printf("# %s: %.3f calls", t->name,
		       t->in_call[t->rounds / 2]);
#ifdef HAVE_CALL_SAVED
		qsort(t->in_saved, t->rounds, sizeof(double), cmp_double);
		printf(", %.3f call_saved", t->in_saved[t->rounds / 2]);
#endif
		printf(" (medians of the per-round ratios)\n");
	}
	printf("result %s %.1f ns\n", t->name, t->v[t->rounds / 2]);
	fflush(stdout);
}

static void run_short(int rounds)
{
	struct test *t;
	int r;

	for (t = tests; t < tests + NTESTS; t++)
		if (t->selected && t->kind == SHORT && calibrate(t))
			t->na = fail_reason;
	for (r = 0; r < rounds; r++)
		for (t = tests; t < tests + NTESTS; t++)
			if (t->selected && t->kind == SHORT)
				run_batch(t, r);
	for (t = tests; t < tests + NTESTS; t++)
		if (t->selected && t->kind == SHORT)
			report(t);
}

static void run_thread(struct test *t)
{
#ifdef HAVE_UK_SCHED
	uint64_t s0 = uk_sched_switch_count();
#endif
	int r;

	if (t->setup && t->setup()) {
		t->na = fail_reason;
		report(t);
		return;
	}
	if (calibrate(t))
		t->na = fail_reason;
	for (r = 0; r < t->rounds; r++)
		run_batch(t, r);
	if (t->teardown)
		t->teardown();
#ifdef HAVE_UK_SCHED
	printf("# %s: %llu context switches in libuk's %s scheduler\n",
	       t->name, (unsigned long long)(uk_sched_switch_count() - s0),
	       uk_sched_name());
#endif
	report(t);
}

static void run_sleep(struct test *t)
{
	/* the first sleep runs cold code (the halt, the timer interrupt) */
	if (sleep_for(1) < 0) {
		t->na = fail_reason;
		report(t);
		return;
	}
	for (int r = 0; r < t->rounds; r++)
		run_batch(t, r);
	report(t);
}

/* Keeps the process on one CPU when it may use several (see the top). */
static void pin_one_cpu(void)
{
	cpu_set_t set;
	int cpu, count;

	if (sched_getaffinity(0, sizeof(set), &set))
		return;
	count = CPU_COUNT(&set);
	if (count < 2)
		return;
	for (cpu = 0; !CPU_ISSET(cpu, &set); cpu++)
		;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		printf("# could not pin to one CPU: %s\n", strerror(errno));
	else
		printf("# pinned to CPU %d of %d\n", cpu, count);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: micro [-n ROUNDS] [TEST...]\ntests:");
	for (size_t i = 0; i < NTESTS; i++)
		fprintf(f, " %s", tests[i].name);
	fprintf(f, "\n");
}

static int parse_args(int argc, char **argv, int *rounds)
{
	int any = 0, i;

	for (i = 1; i < argc; i++) {
		char *end;
		size_t k;

		if (!strcmp(argv[i], "-n")) {
			long v;

			if (++i == argc) {
				fprintf(stderr, "micro: -n needs a number\n");
				return -1;
			}
			v = strtol(argv[i], &end, 10);
			if (*end || end == argv[i] || v < 1 || v > MAX_ROUNDS) {
				fprintf(stderr, "micro: -n: a number of rounds in 1..%d, not '%s'\n",
					MAX_ROUNDS, argv[i]);
				return -1;
			}
			*rounds = (int)v;
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			exit(0);
		}
		for (k = 0; k < NTESTS; k++)
			if (!strcmp(argv[i], tests[k].name))
				break;
		if (k == NTESTS) {
			fprintf(stderr, "micro: unknown test '%s'\n", argv[i]);
			usage(stderr);
			return -1;
		}
		tests[k].selected = 1;
		any = 1;
	}
	if (!any)
		for (i = 0; i < (int)NTESTS; i++)
			tests[i].selected = 1;
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = DEFAULT_ROUNDS;
	struct test *t;

	if (parse_args(argc, argv, &rounds))
		return 2;
	for (t = tests; t < tests + NTESTS; t++) {
		t->rounds = t->kind == SLEEP ? rounds / t->div : rounds;
		if (t->rounds < 3 && t->kind == SLEEP)
			t->rounds = rounds < 3 ? rounds : 3;
		t->v = calloc(t->rounds, sizeof(double));
		t->in_call = calloc(t->rounds, sizeof(double));
		t->in_saved = calloc(t->rounds, sizeof(double));
		if (!t->v || !t->in_call || !t->in_saved) {
			fprintf(stderr, "micro: out of memory\n");
			return 1;
		}
	}
	printf("# micro: %d rounds\n", rounds);
	pin_one_cpu();
	fflush(stdout);
	calibrate(&ref_call);
#ifdef HAVE_CALL_SAVED
	calibrate(&ref_saved);
#endif

	run_short(rounds);
	for (t = tests; t < tests + NTESTS; t++)
		if (t->selected && t->kind == THREAD)
			run_thread(t);
	for (t = tests; t < tests + NTESTS; t++)
		if (t->selected && t->kind == SLEEP)
			run_sleep(t);

	fflush(stdout);
#ifndef HAVE_UK_SCHED
	/* /init of a Linux VM: power off rather than exit (a panic) */
	if (getpid() == 1) {
		sync();
		reboot(RB_POWER_OFF);
	}
#endif
	return 0;
}
