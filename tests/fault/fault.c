/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Allocation failures injected into system calls, one family per test
 * case (mm, fd, vfs, signals, threads, time, pipes, epoll). Not the
 * socket calls: they link lwIP, whose thread's own allocations (its
 * timers) would take the failure and stop the kernel in an lwIP
 * assertion. For every N from 1 on,
 * the N-th kernel allocation of one call fails (uk_alloc_fault_set);
 * the call must then succeed anyway or fail with its documented error,
 * and leave no half state: the kernel heap holds as many live blocks as
 * before the call (once undone), the descriptor table as many open
 * descriptors, and the same call without a failure then succeeds. The
 * loop ends at the first N the call does not reach (it made fewer
 * allocations). Needs an image built with --enable-alloc-debug;
 * elsewhere every case says so and passes.
 */
/* the C library's first: its struct stat has a member uk names a macro */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include <uk/test.h>
#include <uk/alloc.h>
#include <uk/config.h>

#define N_MAX	64

static uint64_t live_blocks(void)
{
	struct uk_alloc_stats st;

	uk_alloc_stats_get(uk_alloc_get_default(), &st);
	return st.nb_allocs - st.nb_frees;
}

static int open_fds(void)
{
	int n = 0;

	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

/*
 * One operation: do() returns 0 or an errno value and keeps what it
 * made in *state; undo() releases it. @errs: the errors allowed.
 */
struct op {
	const char *name;
	int (*do_)(long *state);
	void (*undo)(long *state);
	int errs[4];
	bool no_heap_check;	/* the heap may keep a cache (threads) */
};

static bool allowed(const struct op *o, int e)
{
	for (unsigned int i = 0; i < 4 && o->errs[i]; i++)
		if (o->errs[i] == e)
			return true;
	return false;
}

static void run_op(const struct op *o)
{
	long st = 0;
	int n, r, failed = 0;

	if (uk_alloc_fault_set(1) < 0) {
		uk_test_diag("%s: not a --enable-alloc-debug image, not checked\n",
			     o->name);
		return;
	}
	uk_alloc_fault_set(0);
	/* once without a failure: first-use caches are made */
	UK_TEST_ASSERT_EQ(o->do_(&st), 0);
	o->undo(&st);
	for (n = 1; n <= N_MAX; n++) {
		uint64_t blocks = live_blocks();
		int fds = open_fds();
		bool hit;

		uk_alloc_fault_set(n);
		r = o->do_(&st);
		hit = uk_alloc_fault_count() >= (unsigned long)n;
		uk_alloc_fault_set(0);
		if (r == 0)
			o->undo(&st);
		else
			failed++;
		if (r && !allowed(o, r))
			UK_TEST_EXPECT_(0, "%s, allocation %d failed: error %d (%s)",
					o->name, n, r, strerror(r));
		if (!o->no_heap_check)
			UK_TEST_EXPECT_(live_blocks() == blocks,
					"%s, allocation %d failed: %lld live blocks, %lld before",
					o->name, n, (long long)live_blocks(),
					(long long)blocks);
		UK_TEST_EXPECT_(open_fds() == fds,
				"%s, allocation %d failed: %d open fds, %d before",
				o->name, n, open_fds(), fds);
		/* the same call again, without a failure */
		r = o->do_(&st);
		UK_TEST_EXPECT_(r == 0, "%s after allocation %d failed: error %d",
				o->name, n, r);
		if (r == 0)
			o->undo(&st);
		if (!hit)
			break;
	}
	uk_test_diag("%s: %d allocation(s) made, %d failure(s) reported\n",
		     o->name, n - 1, failed);
}

/* For boot.test: how far the boot went since alloc.fail_at was applied */
UK_TESTCASE(fault, boot_count)
{
	uk_test_diag("allocations since alloc.fail_at: %lu\n",
		     uk_alloc_fault_count());
}

#define RET(x)	((x) < 0 ? errno : 0)

/* ---- mm ---- */
static int do_mmap(long *s)
{
	void *p = mmap(NULL, 64 * 1024, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	*s = (long)p;
	return p == MAP_FAILED ? errno : 0;
}

static void undo_mmap(long *s)
{
	munmap((void *)*s, 64 * 1024);
}

/* splits a mapping in three */
static int do_mprotect(long *s)
{
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int r;

	if (p == MAP_FAILED)
		return errno;
	r = mprotect(p + 4096, 4096, PROT_READ);
	if (r < 0) {
		r = errno;
		munmap(p, 3 * 4096);
		return r;
	}
	*s = (long)p;
	return 0;
}

static void undo_mprotect(long *s)
{
	munmap((void *)*s, 3 * 4096);
}

UK_TESTCASE(fault, mm)
{
	static const struct op ops[] = {
		{ "mmap", do_mmap, undo_mmap, { ENOMEM } },
		{ "mprotect split", do_mprotect, undo_mprotect, { ENOMEM } },
	};

	for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i]);
}

/* ---- fd ---- */
static int do_dup(long *s)
{
	*s = dup(1);
	return RET(*s);
}

static void undo_close(long *s)
{
	close(*s);
}

static int do_open(long *s)
{
	*s = open("/tmp/fault-fd", O_RDWR);
	return RET(*s);
}

static int do_opendir(long *s)
{
	*s = open("/tmp", O_RDONLY | O_DIRECTORY);
	return RET(*s);
}

UK_TESTCASE(fault, fd)
{
	static const struct op ops[] = {
		{ "dup", do_dup, undo_close, { ENOMEM, EMFILE } },
		{ "open", do_open, undo_close, { ENOMEM, EMFILE } },
		{ "open a directory", do_opendir, undo_close,
		  { ENOMEM, EMFILE } },
	};

	mkdir("/tmp", 0777);
	close(open("/tmp/fault-fd", O_CREAT | O_RDWR, 0644));
	for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i]);
}

/* ---- vfs ---- */
static int do_create(long *s)
{
	*s = open("/tmp/fault-file", O_CREAT | O_EXCL | O_RDWR, 0644);
	return RET(*s);
}

static void undo_create(long *s)
{
	close(*s);
	unlink("/tmp/fault-file");
}

static int do_mkdir(long *s)
{
	return RET(mkdir("/tmp/fault-dir", 0755));
}

static void undo_mkdir(long *s)
{
	rmdir("/tmp/fault-dir");
}

/* a write that grows a file: on failure, the size says what was kept */
static int do_write(long *s)
{
	static char buf[20000];
	int fd = open("/tmp/fault-w", O_CREAT | O_TRUNC | O_RDWR, 0644);
	struct stat st;
	ssize_t n;
	int r = 0;

	if (fd < 0)
		return errno;
	memset(buf, 'x', sizeof(buf));
	n = write(fd, buf, sizeof(buf));
	if (n < 0)
		r = errno;
	fstat(fd, &st);
	UK_TEST_EXPECT_EQ(st.st_size, n < 0 ? 0 : n);
	close(fd);
	if (r == 0 && n != sizeof(buf))
		r = ENOSPC;
	if (r)
		unlink("/tmp/fault-w");
	return r;
}

static void undo_write(long *s)
{
	unlink("/tmp/fault-w");
}

static int do_rename(long *s)
{
	int fd = open("/tmp/fault-a", O_CREAT | O_RDWR, 0644);
	int r;

	if (fd < 0)
		return errno;
	close(fd);
	r = RET(rename("/tmp/fault-a", "/tmp/fault-b"));
	if (r) {
		/* the old name stays, the new one does not appear */
		UK_TEST_EXPECT_EQ(access("/tmp/fault-a", F_OK), 0);
		UK_TEST_EXPECT_NE(access("/tmp/fault-b", F_OK), 0);
		unlink("/tmp/fault-a");
	}
	return r;
}

static void undo_rename(long *s)
{
	unlink("/tmp/fault-b");
}

UK_TESTCASE(fault, vfs)
{
	static const struct op ops[] = {
		{ "open O_CREAT", do_create, undo_create, { ENOMEM, ENOSPC } },
		{ "mkdir", do_mkdir, undo_mkdir, { ENOMEM, ENOSPC } },
		{ "write 20000 bytes", do_write, undo_write, { ENOMEM, ENOSPC } },
		{ "rename", do_rename, undo_rename, { ENOMEM, ENOSPC } },
	};

	mkdir("/tmp", 0777);
	for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i]);
}

/* ---- signals ---- */
static volatile int got;

static void on_usr1(int sig)
{
	got++;
}

static int do_sigaction(long *s)
{
	struct sigaction sa = { .sa_handler = on_usr1 };

	return RET(sigaction(SIGUSR1, &sa, NULL));
}

static void undo_sigaction(long *s)
{
	signal(SIGUSR1, SIG_DFL);
}

static int do_kill(long *s)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	int before = got, r;

	sigaction(SIGUSR1, &sa, NULL);
	r = RET(kill(getpid(), SIGUSR1));
	if (r == 0)
		UK_TEST_EXPECT_EQ(got, before + 1);
	return r;
}

static int do_altstack(long *s)
{
	static char stack[16384];
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof(stack) };

	return RET(sigaltstack(&ss, NULL));
}

static void undo_altstack(long *s)
{
	stack_t ss = { .ss_flags = SS_DISABLE };

	sigaltstack(&ss, NULL);
}

UK_TESTCASE(fault, signals)
{
	static const struct op ops[] = {
		{ "sigaction", do_sigaction, undo_sigaction, { ENOMEM } },
		{ "kill self", do_kill, undo_sigaction, { ENOMEM, EAGAIN } },
		{ "sigaltstack", do_altstack, undo_altstack, { ENOMEM } },
	};

	for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i]);
}

/* ---- threads ---- */
static void *thread_fn(void *arg)
{
	return arg;
}

static int do_thread(long *s)
{
	pthread_t t;
	int r = pthread_create(&t, NULL, thread_fn, (void *)7);

	if (r)
		return r;
	*s = (long)t;
	return 0;
}

static void undo_thread(long *s)
{
	void *v = NULL;

	pthread_join((pthread_t)*s, &v);
	UK_TEST_EXPECT_EQ((long)v, 7);
}

UK_TESTCASE(fault, threads)
{
	static const struct op op = {
		"pthread_create", do_thread, undo_thread, { EAGAIN, ENOMEM },
		.no_heap_check = true,
	};

#if UK_CONFIG_SCHED_NONE
	uk_test_diag("no threads with --with-sched=none\n");
	return;
#endif
	run_op(&op);
}

/* ---- time ---- */
static int do_nanosleep(long *s)
{
	struct timespec ts = { 0, 1000000 };

	return RET(nanosleep(&ts, NULL));
}

static int do_clock(long *s)
{
	struct timespec ts;

	return RET(clock_gettime(CLOCK_MONOTONIC, &ts));
}

static void undo_nothing(long *s)
{
}

UK_TESTCASE(fault, time)
{
	static const struct op ops[] = {
		{ "nanosleep", do_nanosleep, undo_nothing, { ENOMEM } },
		{ "clock_gettime", do_clock, undo_nothing, { ENOMEM } },
	};

	for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i]);
}

/* ---- pipes and eventfds ---- */
/* two descriptors in one state word */
static int do_pipe(long *s)
{
	int p[2];

	if (pipe2(p, O_NONBLOCK) < 0)
		return errno;
	*s = (long)p[0] | (long)p[1] << 32;
	return 0;
}

static void undo_pair(long *s)
{
	close((int)(*s & 0xffffffff));
	close((int)(*s >> 32));
}

/* a pipe that holds data: a write's buffer */
static int pipe_fds[2] = { -1, -1 };

static int do_pipe_write(long *s)
{
	char b[100] = "x";

	return write(pipe_fds[1], b, sizeof(b)) == sizeof(b) ? 0 : errno;
}

static void undo_pipe_write(long *s)
{
	char b[100];

	UK_TEST_EXPECT_EQ(read(pipe_fds[0], b, sizeof(b)), 100);
}

static int do_eventfd(long *s)
{
	*s = eventfd(0, EFD_NONBLOCK);
	return RET(*s);
}

UK_TESTCASE(fault, pipes)
{
	static const struct op ops[] = {
		{ "pipe2", do_pipe, undo_pair, { ENOMEM, EMFILE, ENFILE } },
		{ "write to a pipe", do_pipe_write, undo_pipe_write,
		  { ENOMEM, EAGAIN } },
		{ "eventfd", do_eventfd, undo_close, { ENOMEM, EMFILE, ENFILE } },
	};

	UK_TEST_ASSERT(!pipe2(pipe_fds, O_NONBLOCK));
	for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i]);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}

/* ---- epoll ---- */
static int ep_fd = -1;

static int do_epoll_create(long *s)
{
	*s = epoll_create1(0);
	return RET(*s);
}

static int do_epoll_add(long *s)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 1 };

	return RET(epoll_ctl(ep_fd, EPOLL_CTL_ADD, pipe_fds[0], &ev));
}

static void undo_epoll_add(long *s)
{
	UK_TEST_EXPECT_EQ(epoll_ctl(ep_fd, EPOLL_CTL_DEL, pipe_fds[0], NULL),
			  0);
}

UK_TESTCASE(fault, epoll)
{
	static const struct op ops[] = {
		{ "epoll_create1", do_epoll_create, undo_close,
		  { ENOMEM, EMFILE, ENFILE } },
		{ "epoll_ctl add", do_epoll_add, undo_epoll_add, { ENOMEM } },
	};

	UK_TEST_ASSERT(!pipe2(pipe_fds, O_NONBLOCK));
	ep_fd = epoll_create1(0);
	UK_TEST_ASSERT(ep_fd >= 0);
	for (unsigned int i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i]);
	close(ep_fd);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}

UK_TEST_MAIN()
