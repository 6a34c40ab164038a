/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System calls given awkward arguments, as an attacker would pass them:
 * an iovec array that the read overwrites, inputs that are also the
 * outputs, short signal sets, timeouts at the end of time. Compared
 * with the host's static musl build by tests/apps-compare.test; the
 * calls are made with syscall() where musl would copy or check the
 * arguments itself.
 *
 *   args SECTION...   iov rw alias sigset timeout (default: all)
 *   args altstack-wrap  a handler on an alternate stack whose end wraps
 *                       around the address space: SIGSEGV (status 139)
 *
 * The timeout section needs threads: a helper thread interrupts each
 * huge timeout with a signal after half a second, so nothing sleeps
 * for long; a timeout that wrapped ends earlier, by itself.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>

#define FUTEX_WAIT	0
#include <unistd.h>

#include "compare.h"

static void iov(void)
{
	int zero = open("/dev/zero", O_RDONLY), null = open("/dev/null", O_WRONLY);
	struct iovec v[3];
	static char buf[64], many[20][4];
	struct iovec w[20];

	/* the first buffer is the array itself: the read zeroes it, the
	 * call must go on with the iovecs it was given */
	memset(buf, 'x', sizeof(buf));
	v[0] = (struct iovec){ v, sizeof(v) };
	v[1] = (struct iovec){ buf, 10 };
	v[2] = (struct iovec){ buf + 20, 5 };
	result("readv into its own iovec array", readv(zero, v, 3));
	printf("buffer: %.30s\n", buf[0] ? buf : "(zeroed at 0)");
	for (int i = 0; i < 30; i++)
		buf[i] = buf[i] ? buf[i] : '0';
	printf("buffer: %.30s\n", buf);

	for (int i = 0; i < 20; i++)
		w[i] = (struct iovec){ many[i], sizeof(many[i]) };
	memset(many, 'y', sizeof(many));
	result("readv of 20 buffers", readv(zero, w, 20));
	printf("last buffer zeroed: %s\n", many[19][3] ? "no" : "yes");
	result("writev of 20 buffers", writev(null, w, 20));

	v[0] = (struct iovec){ buf, SSIZE_MAX };
	v[1] = (struct iovec){ buf, 10 };
	result("writev, lengths summing past SSIZE_MAX", writev(null, v, 2));
	result("readv, lengths summing past SSIZE_MAX", readv(zero, v, 2));
	v[0] = (struct iovec){ buf, (size_t)SSIZE_MAX + 1 };
	result("writev, one length past SSIZE_MAX", writev(null, v, 1));
	v[0] = (struct iovec){ buf, SIZE_MAX };
	result("readv, length SIZE_MAX", readv(zero, v, 1));
	result("readv, count 1025", syscall(SYS_readv, zero, w, 1025));
	result("readv, count -1", syscall(SYS_readv, zero, w, -1));
	result("writev, count 0", writev(null, w, 0));
	close(zero);
	close(null);
}

static void rw(void)
{
	int zero = open("/dev/zero", O_RDONLY), null = open("/dev/null", O_WRONLY);
	static char buf[64];

	result("read(/dev/zero, buf, SIZE_MAX)",
	       syscall(SYS_read, zero, buf, SIZE_MAX));
	result("read(/dev/zero, buf, SSIZE_MAX + 1)",
	       syscall(SYS_read, zero, buf, (size_t)SSIZE_MAX + 1));
	result("write(/dev/null, buf, SIZE_MAX)",
	       syscall(SYS_write, null, buf, SIZE_MAX));
	result("read(/dev/zero, 0xfffffffffffff000, 16)",
	       syscall(SYS_read, zero, 0xfffffffffffff000UL, 16));
	result("pread64(/dev/zero, buf, 10, LONG_MAX - 5)",
	       syscall(SYS_pread64, zero, buf, 10, LONG_MAX - 5));
	result("pwrite64(/dev/null, buf, 10, LONG_MAX - 5)",
	       syscall(SYS_pwrite64, null, buf, 10, LONG_MAX - 5));
	result("pread64(/dev/zero, buf, 10, LONG_MAX - 10)",
	       syscall(SYS_pread64, zero, buf, 10, LONG_MAX - 10));
	result("pread64(/dev/zero, buf, SIZE_MAX, 0)",
	       syscall(SYS_pread64, zero, buf, SIZE_MAX, 0));
	result("pread64(/dev/zero, buf, 10, -1)",
	       syscall(SYS_pread64, zero, buf, 10, -1L));
	close(zero);
	close(null);
}

/* The kernel's struct sigaction (x86_64 and the generic layout). */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

static void handler(int sig)
{
	(void)sig;
}

static void alias(void)
{
	struct ksigaction ka = { (void *)handler, SA_SIGINFO | SA_RESTART,
				 NULL, 1ULL << (SIGUSR2 - 1) };
	char stack1[16384], stack2[16384];
	stack_t ss;
	struct rlimit before, l;

	result("rt_sigaction(SIGUSR1, handler)",
	       syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8));
	ka = (struct ksigaction){ SIG_IGN, 0, NULL, 0 };
	result("rt_sigaction(SIGUSR1, &a, &a)",
	       syscall(SYS_rt_sigaction, SIGUSR1, &ka, &ka, 8));
	printf("old: %s, flags %#lx, mask %#llx\n",
	       ka.handler == (void *)handler ? "the handler" : "not it",
	       ka.flags & (SA_SIGINFO | SA_RESTART),
	       (unsigned long long)ka.mask);
	syscall(SYS_rt_sigaction, SIGUSR1, NULL, &ka, 8);
	printf("now: %s\n", ka.handler == SIG_IGN ? "SIG_IGN" : "not SIG_IGN");
	signal(SIGUSR1, SIG_DFL);

	ss = (stack_t){ .ss_sp = stack1, .ss_size = sizeof(stack1) };
	result("sigaltstack(stack 1)", syscall(SYS_sigaltstack, &ss, NULL));
	ss = (stack_t){ .ss_sp = stack2, .ss_size = sizeof(stack2) };
	result("sigaltstack(&s, &s)", syscall(SYS_sigaltstack, &ss, &ss));
	printf("old: %s\n", ss.ss_sp == stack1 ? "stack 1" : "not stack 1");
	syscall(SYS_sigaltstack, NULL, &ss);
	printf("now: %s\n", ss.ss_sp == stack2 ? "stack 2" : "not stack 2");
	ss = (stack_t){ .ss_sp = stack1, .ss_size = sizeof(stack1),
			.ss_flags = 0x55 };
	result("sigaltstack(&s, &s) with bad flags",
	       syscall(SYS_sigaltstack, &ss, &ss));
	printf("s untouched: %s\n", ss.ss_sp == stack1 && ss.ss_flags == 0x55
	       ? "yes" : "no");
	ss = (stack_t){ .ss_sp = stack1, .ss_size = 100 };
	result("sigaltstack(&s, &s), too small",
	       syscall(SYS_sigaltstack, &ss, &ss));
	printf("s untouched: %s\n", ss.ss_sp == stack1 && ss.ss_size == 100
	       ? "yes" : "no");
	ss = (stack_t){ .ss_flags = SS_DISABLE };
	syscall(SYS_sigaltstack, &ss, NULL);

	getrlimit(RLIMIT_NOFILE, &before);
	l = (struct rlimit){ 100, before.rlim_max };
	result("prlimit64(RLIMIT_NOFILE, &l, &l)",
	       syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &l, &l));
	printf("old: %s\n", l.rlim_cur == before.rlim_cur &&
	       l.rlim_max == before.rlim_max ? "the limit before" : "not it");
	getrlimit(RLIMIT_NOFILE, &l);
	printf("now: %ld\n", (long)l.rlim_cur);
	l = (struct rlimit){ 200, 100 };
	result("prlimit64(cur > max, &l, &l)",
	       syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, &l, &l));
	printf("l untouched: %s\n", l.rlim_cur == 200 && l.rlim_max == 100 ?
	       "yes" : "no");
	setrlimit(RLIMIT_NOFILE, &before);
}

static void sigsets(void)
{
	uint64_t set, block = (1ULL << (SIGUSR1 - 1)) | (1ULL << (40 - 1));
	unsigned char bytes[16];

	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &block, NULL, 8);
	kill(getpid(), SIGUSR1);
	kill(getpid(), 40);
	memset(bytes, 0xee, sizeof(bytes));
	result("rt_sigpending(set, 8)",
	       syscall(SYS_rt_sigpending, bytes, 8));
	memcpy(&set, bytes, 8);
	printf("pending: %#llx, byte 8: %#x\n", (unsigned long long)set,
	       bytes[8]);
	memset(bytes, 0xee, sizeof(bytes));
	result("rt_sigpending(set, 4)",
	       syscall(SYS_rt_sigpending, bytes, 4));
	printf("bytes 0-7: %02x %02x %02x %02x %02x %02x %02x %02x\n",
	       bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5],
	       bytes[6], bytes[7]);
	memset(bytes, 0xee, sizeof(bytes));
	result("rt_sigpending(set, 0)",
	       syscall(SYS_rt_sigpending, bytes, 0));
	printf("byte 0: %#x\n", bytes[0]);
	result("rt_sigpending(set, 16)",
	       syscall(SYS_rt_sigpending, bytes, 16));
	result("rt_sigpending(set, SIZE_MAX)",
	       syscall(SYS_rt_sigpending, bytes, SIZE_MAX));
	result("rt_sigprocmask(size 4)",
	       syscall(SYS_rt_sigprocmask, SIG_BLOCK, &block, NULL, 4));
	result("rt_sigprocmask(size 16)",
	       syscall(SYS_rt_sigprocmask, SIG_BLOCK, &block, NULL, 16));
	result("rt_sigaction(size 4)",
	       syscall(SYS_rt_sigaction, SIGUSR2, NULL, bytes, 4));
	result("rt_sigsuspend(size 4)",
	       syscall(SYS_rt_sigsuspend, &block, 4));
	result("rt_sigtimedwait(size 4)",
	       syscall(SYS_rt_sigtimedwait, &block, NULL, NULL, 4));
	result("rt_sigtimedwait(size SIZE_MAX)",
	       syscall(SYS_rt_sigtimedwait, &block, NULL, NULL, SIZE_MAX));
	/* the two pending signals go */
	signal(SIGUSR1, SIG_IGN);
	signal(40, SIG_IGN);
}

static pthread_t main_thread;

static void *send_later(void *sig)
{
	struct timespec half = { 0, 500000000 };

	nanosleep(&half, NULL);
	pthread_kill(main_thread, (int)(long)sig);
	return NULL;
}

/* Starts a thread that sends @sig to the main thread in half a second. */
static pthread_t interrupt_later(int sig)
{
	pthread_t t;

	pthread_create(&t, NULL, send_later, (void *)(long)sig);
	return t;
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void timeouts(void)
{
	struct sigaction sa = { .sa_handler = handler };
	struct timespec t0, rem, huge = { 18446744074L, 0 };
	struct timespec end = { LONG_MAX, 999999999 };
	sigset_t usr2;
	int word = 0;
	pthread_t t;
	long r;

	main_thread = pthread_self();
	sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART: EINTR */

	if (pthread_create(&t, NULL, send_later, (void *)0)) {
		printf("no threads\n");
		return;
	}
	pthread_join(t, NULL);	/* sent signal 0: nothing */
	t = interrupt_later(SIGUSR1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	result("nanosleep({18446744074, 0})", nanosleep(&huge, &rem));
	printf("ended by the signal: %s; remaining more than 30 years: %s\n",
	       since(&t0) >= 0.45 ? "yes" : "no",
	       rem.tv_sec > 1000000000L ? "yes" : "no");
	pthread_join(t, NULL);

	t = interrupt_later(SIGUSR1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &end, NULL);
	printf("clock_nanosleep(TIMER_ABSTIME, {LONG_MAX, 999999999}) = %s\n",
	       r == EINTR ? "EINTR" : r ? "another error" : "0");
	printf("ended by the signal: %s\n", since(&t0) >= 0.45 ? "yes" : "no");
	pthread_join(t, NULL);

	t = interrupt_later(SIGUSR1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	result("futex(FUTEX_WAIT, {18446744074, 0})",
	       syscall(SYS_futex, &word, FUTEX_WAIT, 0, &huge, NULL, 0));
	printf("ended by the signal: %s\n", since(&t0) >= 0.45 ? "yes" : "no");
	pthread_join(t, NULL);

	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	t = interrupt_later(SIGUSR2);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = sigtimedwait(&usr2, NULL, &huge);
	printf("sigtimedwait({18446744074, 0}) = %s\n",
	       r == SIGUSR2 ? "SIGUSR2" : r < 0 ? errname(errno) : "another signal");
	printf("ended by the signal: %s\n", since(&t0) >= 0.45 ? "yes" : "no");
	pthread_join(t, NULL);
	huge.tv_sec = LONG_MAX;
	t = interrupt_later(SIGUSR2);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = sigtimedwait(&usr2, NULL, &huge);
	printf("sigtimedwait({LONG_MAX, 0}) = %s\n",
	       r == SIGUSR2 ? "SIGUSR2" : r < 0 ? errname(errno) : "another signal");
	printf("ended by the signal: %s\n", since(&t0) >= 0.45 ? "yes" : "no");
	pthread_join(t, NULL);
	signal(SIGUSR1, SIG_DFL);
}

/* Linux cannot write the frame there: the process dies by SIGSEGV. */
static int altstack_wrap(void)
{
	stack_t ss = { .ss_sp = (void *)0xfffffffffffff000UL, .ss_size = 65536 };
	struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_ONSTACK };

	result("sigaltstack(0xfffffffffffff000, 64 KiB)",
	       syscall(SYS_sigaltstack, &ss, NULL));
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("the handler ran\n");
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} sections[] = {
		{ "iov", iov }, { "rw", rw }, { "alias", alias },
		{ "sigset", sigsets },
		{ "timeout", timeouts },
	};
	int n = sizeof(sections) / sizeof(sections[0]);

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && !strcmp(argv[1], "altstack-wrap"))
		return altstack_wrap();
	for (int i = 0; i < n; i++) {
		int run = argc < 2;

		for (int k = 1; k < argc; k++)
			run |= !strcmp(argv[k], sections[i].name);
		if (run) {
			printf("-- %s\n", sections[i].name);
			sections[i].fn();
		}
	}
	return 0;
}
