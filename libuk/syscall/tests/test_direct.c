/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * musl's system calls with --with-libc=musl-direct (uk/syscall.h): the
 * hot paths (getpid, clock_gettime, read and write of /dev/null, futex
 * wake-ups, a pthread mutex and a semaphore) enter the kernel without a
 * trap, so uk_syscall_count() does not move; with the unmodified musl
 * every one of them but clock_gettime (the vDSO) and the uncontended
 * mutex is one trap. A raw syscall() works in both modes, a trap issued
 * by inline assembly still works (and is counted), a signal sent to
 * oneself runs its handler before the call that sent it returns, and a
 * number nobody implements is ENOSYS.
 */
#include <uk/test.h>
#include <uk/syscall.h>
#include <uk/config.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS	100
#define FUTEX_WAKE_	1

/* traps that one musl system call makes: none when it is a direct call */
#define TRAPS	(UK_CONFIG_MUSL_DIRECT ? 0 : 1)

UK_TESTCASE(syscall_direct, hot_paths)
{
	static const char byte = 'x';
	struct timespec ts;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	int futex_word = 0;
	uint64_t n0, n1;
	long rc, woken = 0;
	char c;
	int fd, i, bad = 0;
	sem_t sem;

	fd = open("/dev/null", O_RDWR);
	UK_TEST_ASSERT(UK_TEST_EXPECT_GE(fd, 0));
	UK_TEST_ASSERT(UK_TEST_EXPECT_EQ(sem_init(&sem, 0, 0), 0));
	n0 = uk_syscall_count();
	for (i = 0; i < ROUNDS; i++) {
		bad += getpid() != 1;
		bad += clock_gettime(CLOCK_MONOTONIC, &ts) != 0;
		bad += write(fd, &byte, 1) != 1;
		bad += read(fd, &c, 1) != 0;
		rc = syscall(SYS_futex, &futex_word, FUTEX_WAKE_, 1, 0, 0, 0);
		bad += rc < 0;
		woken += rc;
		bad += pthread_mutex_lock(&m) != 0;
		bad += pthread_mutex_unlock(&m) != 0;
		bad += sem_post(&sem) != 0;
		bad += sem_wait(&sem) != 0;
	}
	n1 = uk_syscall_count();
	close(fd);
	UK_TEST_EXPECT_EQ(bad, 0);
	UK_TEST_EXPECT_EQ(woken, 0);
	/* getpid, write, read and the futex wake; the rest enter nothing */
	UK_TEST_EXPECT_UEQ(n1 - n0, (uint64_t)ROUNDS * 4 * TRAPS);
}

UK_TESTCASE(syscall_direct, raw_syscall)
{
	long rc;

	UK_TEST_EXPECT_EQ(syscall(SYS_getpid), (long)getpid());
	UK_TEST_EXPECT_EQ(syscall(SYS_getppid), (long)getppid());
	errno = 0;
	rc = syscall(100000);
	UK_TEST_EXPECT_EQ(rc, -1);
	UK_TEST_EXPECT_EQ(errno, ENOSYS);
}

/* getpid through the architecture's trap instruction */
static long trap_getpid(void)
{
#if defined(__x86_64__)
	long ret;

	__asm__ __volatile__("syscall" : "=a"(ret) : "a"((long)SYS_getpid)
			     : "rcx", "r11", "memory");
	return ret;
#else
	register long x8 __asm__("x8") = SYS_getpid;
	register long x0 __asm__("x0");

	__asm__ __volatile__("svc #0" : "=r"(x0) : "r"(x8) : "memory");
	return x0;
#endif
}

UK_TESTCASE(syscall_direct, inline_trap)
{
	uint64_t n0, n1;
	long pid;

	n0 = uk_syscall_count();
	pid = trap_getpid();
	n1 = uk_syscall_count();
	UK_TEST_EXPECT_EQ(pid, (long)getpid());
	UK_TEST_EXPECT_UEQ(n1 - n0, 1);
}

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
	handled = sig;
}

UK_TESTCASE(syscall_direct, signal_to_self_before_return)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int rc;

	UK_TEST_ASSERT(UK_TEST_EXPECT_EQ(sigaction(SIGUSR1, &sa, NULL), 0));
	handled = 0;
	rc = raise(SIGUSR1);
	UK_TEST_EXPECT_EQ(rc, 0);
	UK_TEST_EXPECT_EQ(handled, SIGUSR1);
	/* and once more: the hook was left in a usable state */
	handled = 0;
	rc = kill(getpid(), SIGUSR1);
	UK_TEST_EXPECT_EQ(rc, 0);
	UK_TEST_EXPECT_EQ(handled, SIGUSR1);
	signal(SIGUSR1, SIG_DFL);
}

UK_TEST_MAIN()
