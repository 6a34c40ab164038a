/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bad user pointers: every system call below gets EFAULT, as on Linux,
 * for a pointer to page 0, to an unmapped page, to a PROT_NONE page, and
 * (where it writes) to a read-only page and to the image's own text;
 * none crashes the kernel. Calls go through syscall(), never through the
 * C library's wrappers or the vDSO (which run application code).
 */
#define _GNU_SOURCE
#include <uk/test.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/resource.h>
#define FUTEX_WAIT_PRIVATE 128	/* FUTEX_WAIT | FUTEX_PRIVATE_FLAG */
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#define PAGE 4096UL

enum { PAGE0, UNMAPPED, PROTNONE, NBAD };
static const char *const bad_name[NBAD] = {
	"page 0", "an unmapped page", "a PROT_NONE page",
};
static char *pages;	/* [0] unmapped, [1] PROT_NONE, [2] read-only */

static void *bad(int i)
{
	if (!pages) {
		pages = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		UK_TEST_ASSERT(pages != MAP_FAILED);
		UK_TEST_ASSERT(!munmap(pages, PAGE));
		UK_TEST_ASSERT(!mprotect(pages + PAGE, PAGE, PROT_NONE));
		UK_TEST_ASSERT(!mprotect(pages + 2 * PAGE, PAGE, PROT_READ));
	}
	switch (i) {
	case PAGE0:
		return (void *)16;
	case UNMAPPED:
		return pages + 8;
	default:
		return pages + PAGE + 8;
	}
}

static char *readonly(void)
{
	bad(0);
	return pages + 2 * PAGE;
}

/* syscall() of @r gave -1 with EFAULT; @what names the call. */
#define EXPECT_EFAULT(what, i, r)					\
	UK_TEST_EXPECT_(((r) == -1 && errno == EFAULT),			\
			"%s with %s: %ld, errno %d", what, bad_name[i],	\
			(long)(r), errno)

UK_TESTCASE(efault, read_write)
{
	int fd = open("/dev/zero", O_RDONLY);
	int out = open("/dev/null", O_WRONLY);

	UK_TEST_ASSERT(fd >= 0 && out >= 0);
	for (int i = 0; i < NBAD; i++) {
		EXPECT_EFAULT("read", i, syscall(SYS_read, fd, bad(i), 16));
		EXPECT_EFAULT("pread64", i,
			      syscall(SYS_pread64, fd, bad(i), 16, 0));
		EXPECT_EFAULT("write", i, syscall(SYS_write, out, bad(i), 16));
		EXPECT_EFAULT("pwrite64", i,
			      syscall(SYS_pwrite64, out, bad(i), 16, 0));
	}
	/* a read-only buffer is not written */
	EXPECT_EFAULT("read", 0, syscall(SYS_read, fd, readonly(), 16));
	/* ... and may be written from */
	UK_TEST_EXPECT_EQ(syscall(SYS_write, out, readonly(), 16), 16);
	close(fd);
	close(out);
}

UK_TESTCASE(efault, readv_writev)
{
	int fd = open("/dev/zero", O_RDWR);
	char ok[8];

	UK_TEST_ASSERT(fd >= 0);
	for (int i = 0; i < NBAD; i++) {
		struct iovec iov[2] = { { ok, sizeof(ok) }, { bad(i), 8 } };

		EXPECT_EFAULT("readv (array)", i,
			      syscall(SYS_readv, fd, bad(i), 1));
		EXPECT_EFAULT("writev (array)", i,
			      syscall(SYS_writev, fd, bad(i), 1));
		/* the first buffer is read, the second faults: its bytes */
		UK_TEST_EXPECT_EQ(syscall(SYS_readv, fd, iov, 2), 8);
		iov[0] = iov[1];
		EXPECT_EFAULT("readv (buffer)", i,
			      syscall(SYS_readv, fd, iov, 1));
	}
	close(fd);
}

UK_TESTCASE(efault, clocks)
{
	for (int i = 0; i < NBAD; i++) {
		EXPECT_EFAULT("clock_gettime", i,
			      syscall(SYS_clock_gettime, CLOCK_MONOTONIC,
				      bad(i)));
		EXPECT_EFAULT("clock_getres", i,
			      syscall(SYS_clock_getres, CLOCK_MONOTONIC,
				      bad(i)));
		EXPECT_EFAULT("gettimeofday", i,
			      syscall(SYS_gettimeofday, bad(i), NULL));
		EXPECT_EFAULT("nanosleep", i,
			      syscall(SYS_nanosleep, bad(i), NULL));
		EXPECT_EFAULT("clock_nanosleep", i,
			      syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0,
				      bad(i), NULL));
		EXPECT_EFAULT("times", i, syscall(SYS_times, bad(i)));
		EXPECT_EFAULT("getrusage", i,
			      syscall(SYS_getrusage, 0, bad(i)));
	}
	EXPECT_EFAULT("clock_gettime", 0,
		      syscall(SYS_clock_gettime, CLOCK_MONOTONIC, readonly()));
}

/* W^X: the image's text and read-only data are not writable. */
UK_TESTCASE(efault, kernel_text)
{
	static const struct timespec ro = { 1, 2 };

	EXPECT_EFAULT("clock_gettime into text", 0,
		      syscall(SYS_clock_gettime, CLOCK_MONOTONIC,
			      (void *)(uintptr_t)&uk_test_main));
	EXPECT_EFAULT("clock_gettime into rodata", 0,
		      syscall(SYS_clock_gettime, CLOCK_MONOTONIC,
			      (void *)&ro));
	UK_TEST_EXPECT_EQ(ro.tv_sec, 1);
	/* reading from text is fine */
	UK_TEST_EXPECT_EQ(syscall(SYS_write, 1, (void *)&uk_test_main, 0), 0);
}

/* W^X: memory mapped or made PROT_EXEC runs; the heap's pages do not. */
UK_TESTCASE(wx, mmap_exec_runs)
{
#if defined(__x86_64__)
	static const unsigned char ret[] = { 0xb8, 42, 0, 0, 0, 0xc3 };
#else
	static const unsigned int ret[] = { 0xd2800540, 0xd65f03c0 };
#endif
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	UK_TEST_ASSERT(p != MAP_FAILED);
	memcpy(p, ret, sizeof(ret));
	UK_TEST_EXPECT_EQ(mprotect(p, PAGE, PROT_READ | PROT_EXEC), 0);
	__builtin___clear_cache(p, p + sizeof(ret));
	UK_TEST_EXPECT_EQ(((int (*)(void))(uintptr_t)p)(), 42);
	/* read-only now: a system call may not write there */
	EXPECT_EFAULT("clock_gettime into PROT_READ|PROT_EXEC", 0,
		      syscall(SYS_clock_gettime, CLOCK_MONOTONIC, p));
	munmap(p, PAGE);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UK_TEST_ASSERT(p != MAP_FAILED);
	memcpy(p, ret, sizeof(ret));
	__builtin___clear_cache(p, p + sizeof(ret));
	UK_TEST_EXPECT_EQ(((int (*)(void))(uintptr_t)p)(), 42);
	munmap(p, PAGE);
}

UK_TESTCASE(efault, signals)
{
	for (int i = 0; i < NBAD; i++) {
		EXPECT_EFAULT("rt_sigaction (new)", i,
			      syscall(SYS_rt_sigaction, SIGUSR1, bad(i), NULL,
				      8));
		EXPECT_EFAULT("rt_sigaction (old)", i,
			      syscall(SYS_rt_sigaction, SIGUSR1, NULL, bad(i),
				      8));
		EXPECT_EFAULT("rt_sigprocmask", i,
			      syscall(SYS_rt_sigprocmask, SIG_BLOCK, bad(i),
				      NULL, 8));
		EXPECT_EFAULT("rt_sigpending", i,
			      syscall(SYS_rt_sigpending, bad(i), 8));
		EXPECT_EFAULT("sigaltstack", i,
			      syscall(SYS_sigaltstack, bad(i), NULL));
		EXPECT_EFAULT("rt_sigtimedwait", i,
			      syscall(SYS_rt_sigtimedwait, bad(i), NULL,
				      NULL, 8));
	}
}

UK_TESTCASE(efault, futex)
{
	struct timespec ts = { 0, 1000 };
	static unsigned int word;

	for (int i = 0; i < NBAD; i++) {
		EXPECT_EFAULT("futex wait (word)", i,
			      syscall(SYS_futex, bad(i), FUTEX_WAIT_PRIVATE, 0,
				      &ts));
		EXPECT_EFAULT("futex wait (timeout)", i,
			      syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0,
				      bad(i)));
	}
}

UK_TESTCASE(efault, system)
{
	for (int i = 0; i < NBAD; i++) {
		EXPECT_EFAULT("uname", i, syscall(SYS_uname, bad(i)));
		EXPECT_EFAULT("sysinfo", i, syscall(SYS_sysinfo, bad(i)));
		EXPECT_EFAULT("getrandom", i,
			      syscall(SYS_getrandom, bad(i), 16, 0));
		EXPECT_EFAULT("getrlimit", i,
			      syscall(SYS_getrlimit, RLIMIT_NOFILE, bad(i)));
		EXPECT_EFAULT("prlimit64", i,
			      syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, bad(i),
				      NULL));
		EXPECT_EFAULT("sched_getaffinity", i,
			      syscall(SYS_sched_getaffinity, 0, 8, bad(i)));
		EXPECT_EFAULT("sched_rr_get_interval", i,
			      syscall(SYS_sched_rr_get_interval, 0, bad(i)));
		EXPECT_EFAULT("getcpu", i,
			      syscall(SYS_getcpu, bad(i), NULL, NULL));
		EXPECT_EFAULT("getcpu node", i,
			      syscall(SYS_getcpu, NULL, bad(i), NULL));
	}
	EXPECT_EFAULT("getrandom", 0, syscall(SYS_getrandom, readonly(), 16, 0));
}

UK_TESTCASE(efault, files)
{
	char buf[64];

	for (int i = 0; i < NBAD; i++) {
		EXPECT_EFAULT("open (path)", i,
			      syscall(SYS_openat, AT_FDCWD, bad(i), O_RDONLY));
		EXPECT_EFAULT("stat (path)", i,
			      syscall(SYS_newfstatat, AT_FDCWD, bad(i), buf,
				      0));
		EXPECT_EFAULT("stat (buffer)", i,
			      syscall(SYS_newfstatat, AT_FDCWD, "/", bad(i),
				      0));
		EXPECT_EFAULT("fstat", i, syscall(SYS_fstat, 1, bad(i)));
		EXPECT_EFAULT("mkdir", i,
			      syscall(SYS_mkdirat, AT_FDCWD, bad(i), 0777));
		EXPECT_EFAULT("unlink", i,
			      syscall(SYS_unlinkat, AT_FDCWD, bad(i), 0));
		EXPECT_EFAULT("chdir", i, syscall(SYS_chdir, bad(i)));
		EXPECT_EFAULT("getcwd", i, syscall(SYS_getcwd, bad(i), 64));
		EXPECT_EFAULT("statfs", i, syscall(SYS_statfs, "/", bad(i)));
		EXPECT_EFAULT("symlink (target)", i,
			      syscall(SYS_symlinkat, bad(i), AT_FDCWD,
				      "/tmp/efault-link"));
		EXPECT_EFAULT("readlink", i,
			      syscall(SYS_readlinkat, AT_FDCWD, bad(i), buf,
				      sizeof(buf)));
	}
}

/* Sockets (when libuk has a network stack): addresses, buffers, lengths. */
UK_TESTCASE(efault, sockets)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(9),
				   .sin_addr.s_addr = htonl(0x7f000001) };
	struct timespec zero = { 0, 0 };
	struct epoll_event ev = { .events = EPOLLIN };
	socklen_t len = sizeof(sin);
	int s = socket(AF_INET, SOCK_DGRAM, 0), ep;

	if (s < 0) {
		uk_test_diag("no sockets (errno %d): nothing to check", errno);
		return;
	}
	/* a call of ppoll() links it into the image (uk/link.h): the raw
	 * calls below alone would find it unlinked (ENOSYS) */
	UK_TEST_ASSERT_EQ(ppoll(NULL, 0, &zero, NULL), 0);
	ep = epoll_create1(0);
	UK_TEST_ASSERT(ep >= 0);
	UK_TEST_ASSERT(!epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev));
	for (int i = 0; i < NBAD; i++) {
		EXPECT_EFAULT("bind", i, syscall(SYS_bind, s, bad(i), 16));
		EXPECT_EFAULT("sendto (buffer)", i,
			      syscall(SYS_sendto, s, bad(i), 8, 0, &sin,
				      sizeof(sin)));
		EXPECT_EFAULT("sendto (address)", i,
			      syscall(SYS_sendto, s, "x", 1, 0, bad(i), 16));
		EXPECT_EFAULT("getsockname (address)", i,
			      syscall(SYS_getsockname, s, bad(i), &len));
		EXPECT_EFAULT("getsockname (length)", i,
			      syscall(SYS_getsockname, s, &sin, bad(i)));
		EXPECT_EFAULT("setsockopt", i,
			      syscall(SYS_setsockopt, s, SOL_SOCKET,
				      SO_REUSEADDR, bad(i), 4));
		EXPECT_EFAULT("getsockopt (length)", i,
			      syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE,
				      &len, bad(i)));
		EXPECT_EFAULT("sendmsg", i, syscall(SYS_sendmsg, s, bad(i), 0));
		EXPECT_EFAULT("recvmsg", i,
			      syscall(SYS_recvmsg, s, bad(i), MSG_DONTWAIT));
		EXPECT_EFAULT("ppoll (fds)", i,
			      syscall(SYS_ppoll, bad(i), 1, &zero, NULL, 8));
		EXPECT_EFAULT("ppoll (timeout)", i,
			      syscall(SYS_ppoll, NULL, 0, bad(i), NULL, 8));
		EXPECT_EFAULT("epoll_ctl", i,
			      syscall(SYS_epoll_ctl, ep, EPOLL_CTL_MOD, s,
				      bad(i)));
		EXPECT_EFAULT("epoll_pwait", i,
			      syscall(SYS_epoll_pwait, ep, bad(i), 4, 0, NULL,
				      8));
	}
	close(ep);
	close(s);
}

UK_TEST_MAIN();
