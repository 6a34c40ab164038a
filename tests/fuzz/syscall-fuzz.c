/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * syscall-fuzz: an in-image system-call fuzzer, built like a user's
 * program (musl). It makes random system calls with random arguments
 * drawn from a seeded PRNG, so a seed names a run exactly (in one
 * thread; with several threads, the interleaving varies).
 *
 *   syscall-fuzz [--seed N] [--calls N] [--threads N] [--bad-pointers]
 *                [--trace-from N]
 *
 *   --seed N          PRNG seed (default 1)
 *   --calls N         calls per thread (default 5000)
 *   --threads N       fuzzing threads (default 1); when pthread_create
 *                     fails (--with-sched=none) the run goes on in one
 *                     thread and says so in a TAP comment
 *   --bad-pointers    also pass hostile pointers: page 0, an unmapped
 *                     page, a PROT_NONE page, the first megabyte, the
 *                     image's text, non-canonical addresses, pointers
 *                     that run off the scratch buffer (into a PROT_NONE
 *                     page), and huge sizes and ranges to the memory
 *                     calls. The kernel answers EFAULT (or EINVAL,
 *                     ENOMEM): make check runs a few seeds of it.
 *   --trace-from N    print every call from call number N on, before it
 *                     is made (to find the call that crashed the kernel:
 *                     the image prints "# progress N" every 500 calls)
 *
 * Output is TAP: "ok 1" when every call returned, "ok 2" when the kernel
 * still answers simple calls afterwards. The last 128 calls of each
 * thread are kept in a ring buffer, printed when the fuzzer itself takes
 * a fault signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE) or a check fails. A
 * kernel crash stops the machine, so it cannot print the ring: rerun the
 * seed with --trace-from (tools/fuzz does it).
 *
 * Arguments. Each system call libuk implements has a signature (one
 * letter per argument, see gen_arg()); the others get 0 or the scratch
 * buffer and return ENOSYS. By default pointers are NULL or point into a
 * per-thread scratch buffer (zeroed before every call, with a path
 * string in it), sizes fit the scratch buffer, and memory calls work on
 * the fuzzer's own mappings: the kernel must handle all of that today.
 *
 * Exclusion list (calls that legitimately end or freeze the program, or
 * destroy the fuzzer's own state; never made):
 *   exit, exit_group      end the program
 *   rt_sigreturn          restores a random frame
 *   pause, rt_sigsuspend  wait for a signal that never comes
 *   msgrcv, msgsnd, semop, semtimedop
 *                         System V IPC: an empty (or full) queue or a
 *                         semaphore at 0 waits for another party
 *                         that never comes
 *   clone                 a thread on a random stack
 *   set_tid_address       pthread_join waits on the real address
 *   kill, tkill, tgkill   only with signal 0, SIGCHLD, SIGURG or SIGWINCH
 *                         (default action: ignore), never fatal ones
 *   read, readv, pread64  never on fds 0-2 (a blocking read of stdin)
 *   write, writev, pwrite64, close, dup, dup2, dup3, fcntl
 *                         never on fds 0-2 (the TAP output goes there)
 *   rt_sigtimedwait, futex  the timeout is never NULL (no endless wait)
 *   pipe2, eventfd2, socket, socketpair, accept4
 *                         always O_NONBLOCK (fcntl F_SETFL and FIONBIO
 *                         never clear it): a read or an accept would
 *                         wait for a writer that never comes
 *   ppoll, pselect6, epoll_pwait  a timeout of at most 20 ms
 *   pipe, eventfd, accept, poll, select, epoll_wait  (x86_64's older
 *                         forms of those) never made
 *   mmap, munmap, mprotect, madvise, mremap
 *                         only inside the fuzzer's own pool (no
 *                         MAP_FIXED/MREMAP_FIXED elsewhere), so the
 *                         fuzzer's code, stack, data and ring stay
 *   brk                   0 or growth only (musl's heap stays)
 *   arch_prctl            never ARCH_SET_FS/ARCH_SET_GS (the TLS)
 *   setrlimit, prlimit64  the new limit is never applied (NULL / the
 *                         current value), or printing would fail
 *   rt_sigaction          SIGSEGV, SIGBUS, SIGILL, SIGFPE keep the
 *                         fuzzer's handler (the act pointer is NULL),
 *                         SIGPIPE stays ignored (writes to a pipe or
 *                         socket whose reader is gone)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/ioctl.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SCRATCH_SIZE	(64 * 1024)
#define POOL_PAGES	64
#define PAGE		4096UL
#define RING_SIZE	128
#define MAX_THREADS	8
#define NR_MAX		460

struct call {
	unsigned long seq;
	long nr;
	long args[6];
	long ret;
	int done;
};

struct fuzzer {
	uint64_t rng;
	unsigned long id;
	unsigned long calls;
	unsigned long made;
	unsigned char *scratch;
	unsigned char *pool;		/* POOL_PAGES, its memory calls' own */
	struct call ring[RING_SIZE];
};

/* A signature: one letter per argument, see gen_arg(). */
struct sig {
	long nr;
	const char *name;
	const char *args;
};

#define S(n, a) { SYS_##n, #n, a }
#define X(n) { SYS_##n, #n, NULL }
static const struct sig sigs[] = {
	X(exit), X(exit_group), X(rt_sigreturn), X(rt_sigsuspend), X(clone),
#ifdef SYS_pause
	X(pause),
#endif
	X(msgrcv), X(msgsnd), X(semop), X(semtimedop),
	S(read, "rps"), S(readv, "rpv"), S(pread64, "rpsi"),
	S(write, "wps"), S(writev, "wpv"), S(pwrite64, "wpsi"),
	S(close, "w"), S(dup, "w"), S(dup3, "wwi"),
#ifdef SYS_dup2
	S(dup2, "ww"),
#endif
	S(fcntl, "wip"), S(ioctl, "fip"), S(lseek, "fii"),
#ifdef SYS_open
	S(open, "nii"), S(stat, "np"), S(lstat, "np"), S(access, "ni"),
#endif
	S(openat, "fnii"), S(newfstatat, "fnpi"), S(fstat, "fp"),
	S(faccessat, "fni"),
#ifdef SYS_faccessat2
	S(faccessat2, "fnii"),
#endif
	S(getdents64, "fps"), S(getcwd, "ps"), S(chdir, "n"),
	S(fchdir, "f"),
	S(mmap, "alimfi"), S(munmap, "al"), S(mprotect, "ali"),
	S(madvise, "ali"), S(mremap, "allia"), S(brk, "b"),
	S(clock_gettime, "ip"), S(clock_getres, "ip"),
	S(gettimeofday, "pp"), S(clock_nanosleep, "iiPp"),
	S(nanosleep, "Pp"),
#ifdef SYS_time
	S(time, "p"),
#endif
	S(times, "p"),
	S(futex, "pii" "Ppi"), S(set_robust_list, "ps"),
	X(set_tid_address), S(membarrier, "iii"),
	S(rt_sigaction, "gppi"), S(rt_sigprocmask, "ippi"),
	S(rt_sigpending, "pi"), S(rt_sigtimedwait, "ppPi"),
	S(sigaltstack, "pp"), S(kill, "ik"), S(tkill, "ik"),
	S(tgkill, "iik"),
	S(getpid, ""), S(getppid, ""), S(gettid, ""), S(getuid, ""),
	S(geteuid, ""), S(getgid, ""), S(getegid, ""), S(getpgid, "i"),
	S(getsid, "i"),
	S(getrlimit, "ip"), S(setrlimit, "iN"), S(prlimit64, "iiNp"),
	S(getrusage, "ip"), S(sysinfo, "p"), S(uname, "p"),
	S(getrandom, "psi"), S(sched_yield, ""),
	S(sched_getaffinity, "isp"), S(sched_setaffinity, "isp"),
	S(sched_rr_get_interval, "ip"),
#ifdef SYS_arch_prctl
	S(arch_prctl, "cp"),
#endif
	/* descriptors that never block: made O_NONBLOCK, kept so by
	 * fix_args; waits with short timeouts */
	S(pipe2, "po"), S(eventfd2, "io"), S(socket, "iio"),
	S(socketpair, "iiop"), S(accept4, "fppo"), S(epoll_create1, "i"),
	S(epoll_ctl, "fiwp"), S(epoll_pwait, "fpiTpi"),
	S(ppoll, "piPpi"), S(pselect6, "ipppPp"),
#ifdef SYS_pipe
	X(pipe), X(eventfd), X(select), X(poll), X(epoll_wait),
#endif
	X(accept),
};

static int bad_pointers;
static unsigned long trace_from = ~0UL;
static unsigned char *bad_pages;	/* [0] unmapped, [1] PROT_NONE */
static struct fuzzer fuzzers[MAX_THREADS];
static int nfuzzers;

static const char *const paths[] = {
	"/", ".", "..", "/dev/null", "/dev/zero", "/dev/urandom",
	"/dev/full", "/tmp/fuzz", "/fuzz-file", "", "/nonexistent/x",
	"/dev", "/proc/self/maps", "//./dev/../dev/null",
};

/* xorshift64*: small, deterministic, good enough to pick arguments. */
static uint64_t rnd(struct fuzzer *f)
{
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 0x2545f4914f6cdd1dULL;
}

static unsigned long below(struct fuzzer *f, unsigned long n)
{
	return n ? rnd(f) % n : 0;
}

static const char *name_of(long nr)
{
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigs[i].nr == nr)
			return sigs[i].name;
	return "?";
}

static void print_call(const struct fuzzer *f, const struct call *c)
{
	fprintf(stderr, "# [t%lu #%lu] %s(%ld) (%#lx, %#lx, %#lx, %#lx, "
		"%#lx, %#lx)", f->id, c->seq, name_of(c->nr), c->nr,
		c->args[0], c->args[1], c->args[2], c->args[3], c->args[4],
		c->args[5]);
	if (c->done)
		fprintf(stderr, " = %ld\n", c->ret);
	else
		fprintf(stderr, " ...\n");	/* made, not returned yet */
}

static void print_ring(void)
{
	for (int t = 0; t < nfuzzers; t++) {
		struct fuzzer *f = &fuzzers[t];
		unsigned long first = f->made > RING_SIZE ?
			f->made - RING_SIZE : 0;

		fprintf(stderr, "# last calls of thread %d:\n", t);
		for (unsigned long s = first; s <= f->made; s++) {
			struct call *c = &f->ring[s % RING_SIZE];

			if (c->seq == s && (c->nr || c->done || s < f->made))
				print_call(f, c);
		}
	}
}

static void on_fault(int sig)
{
	fprintf(stderr, "\n# fuzzer took signal %d\n", sig);
	print_ring();
	printf("\nnot ok 1 - fuzzer took signal %d\n", sig);
	fflush(stdout);
	_exit(1);
}

static long small_int(struct fuzzer *f)
{
	static const long interesting[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255,
		256, 4095, 4096, 4097, 65535, 65536, -1, -2, -4096,
		0x7fffffff, 0x80000000L, (long)0xffffffffL, LONG_MAX,
		LONG_MIN, 0x1000, 0x1001, 0x1002, 0x1003, 0x1004,
	};

	switch (below(f, 4)) {
	case 0:
		return interesting[below(f, sizeof(interesting) /
					    sizeof(interesting[0]))];
	case 1:
		return (long)below(f, 64);
	case 2:
		return 1L << below(f, 64);	/* a flag */
	default:
		return (long)rnd(f);
	}
}

int main(int argc, char **argv);

/*
 * A hostile pointer. @readable_ok: it may also point into readable
 * memory the call may not write (the image's text): not for timeouts,
 * whose garbage could be a valid, endless one.
 */
static long bad_pointer_of(struct fuzzer *f, int readable_ok)
{
	switch (below(f, 7)) {
	case 0:
		return (long)below(f, 64);		/* page 0 */
	case 1:
		return (long)bad_pages;			/* unmapped */
	case 2:
		return (long)(bad_pages + PAGE);	/* PROT_NONE */
	case 3:
#if defined(__x86_64__)
		/* the first megabyte: never mapped after boot (x86_64) */
		if (below(f, 2) || !readable_ok)
			return 0x1000 + (long)below(f, 0xff000);
#endif
		if (!readable_ok)
			return (long)below(f, 4096);	/* page 0 */
		return (long)(uintptr_t)&main + (long)below(f, 4096); /* text */
	case 4:
		return (long)0x8000000000000000UL;	/* non-canonical */
	case 5:
		return (long)(f->scratch + SCRATCH_SIZE - 8); /* runs off */
	default:
		return -1L;
	}
}

static long bad_pointer(struct fuzzer *f)
{
	return bad_pointer_of(f, 1);
}

static long scratch_ptr(struct fuzzer *f, int never_null)
{
	if (bad_pointers && below(f, 4) == 0)
		return bad_pointer_of(f, !never_null);
	if (!never_null && below(f, 8) == 0)
		return 0;
	return (long)(f->scratch + below(f, 64) * 8);
}

static long mm_addr(struct fuzzer *f)
{
	if (bad_pointers && below(f, 4) == 0)
		return below(f, 2) ? (long)rnd(f) : bad_pointer(f);
	if (below(f, 6) == 0)
		return 0;
	return (long)(f->pool + below(f, POOL_PAGES) * PAGE +
		      (below(f, 8) == 0 ? below(f, PAGE) : 0));
}

static long mm_len(struct fuzzer *f)
{
	if (bad_pointers && below(f, 4) == 0)
		return below(f, 2) ? (long)rnd(f) : -1L - (long)below(f, PAGE);
	if (below(f, 8) == 0)
		return (long)below(f, 3 * PAGE);
	return (long)((below(f, POOL_PAGES / 4) + 1) * PAGE);
}

static long fd_of(struct fuzzer *f, int no_console)
{
	long fd;

	if (below(f, 16) == 0)
		fd = below(f, 2) ? -1 : small_int(f) & 0x7fffffff;
	else
		fd = (long)below(f, 11);
	if (no_console && fd >= 0 && fd < 3)
		fd += 3;
	return fd;
}

/*
 * One argument of kind k:
 *   i  any integer (small, flags, limits, random)
 *   f  a file descriptor: 0-10, sometimes -1 or large
 *   r  w  a file descriptor that is not the console (0-2)
 *   p  NULL or a pointer into the scratch buffer
 *   P  a pointer into the scratch buffer, never NULL (timeouts)
 *   N  NULL (a new limit, never applied)
 *   g  a signal number whose action may change (not the fault signals)
 *   s  a size that fits the scratch buffer
 *   v  an iovec count (0-8)
 *   n  a path: the scratch buffer holds one of paths[]
 *   a  l  m  an address / length / protection for the memory calls
 *   b  brk: 0 or a little above the current break
 *   c  arch_prctl code: never ARCH_SET_FS / ARCH_SET_GS
 *   k  kill signal: 0, SIGCHLD, SIGURG, SIGWINCH
 *   o  flags with O_NONBLOCK (SOCK_NONBLOCK) set
 *   T  a timeout in ms, 0-20
 * With --bad-pointers, p P n s a l also take hostile values.
 */
static long gen_arg(struct fuzzer *f, char k, long nr, long *args, int i)
{
	static const int quiet[] = { 0, SIGCHLD, SIGURG, SIGWINCH };
	long v;

	switch (k) {
	case 'f':
		return fd_of(f, 0);
	case 'r':
	case 'w':
		return fd_of(f, 1);
	case 'p':
		/* a handler or a signal stack read from the image's text
		 * would be garbage the next signal jumps to: no readable
		 * hostile pointers for those */
		if (nr == SYS_rt_sigaction || nr == SYS_sigaltstack)
			return bad_pointers && below(f, 4) == 0 ?
			       bad_pointer_of(f, 0) : scratch_ptr(f, 0);
		return scratch_ptr(f, 0);
	case 'P':
		/* a hostile page-0 pointer may be 0 itself: NULL is an
		 * endless timeout (seed 215, --bad-pointers: pselect6) */
		v = scratch_ptr(f, 1);
		return v ? v : 8;
	case 'N':
		return 0;
	case 'g':
		do
			v = (long)below(f, 66);
		while (v == SIGSEGV || v == SIGBUS || v == SIGILL ||
		       v == SIGFPE || v == SIGPIPE);
		return v;
	case 's':
		if (bad_pointers && below(f, 8) == 0)
			return small_int(f);
		return (long)below(f, below(f, 2) ? 256 : SCRATCH_SIZE / 2);
	case 'v':
		return (long)below(f, 9);
	case 'n': {
		const char *p = paths[below(f, sizeof(paths) /
					    sizeof(paths[0]))];

		if (bad_pointers && below(f, 8) == 0)
			return bad_pointer(f);
		strcpy((char *)f->scratch + 2048, p);
		return (long)(f->scratch + 2048);
	}
	case 'a':
		return mm_addr(f);
	case 'l':
		return mm_len(f);
	case 'm':
		return (long)below(f, 16) & 7;
	case 'b':
		/* hostile: far above the break, never below (musl's heap) */
		if (bad_pointers && below(f, 4) == 0)
			return below(f, 2) ? -1L : syscall(SYS_brk, 0) +
			       (long)(rnd(f) >> 16);
		if (below(f, 2))
			return 0;
		return syscall(SYS_brk, 0) + (long)below(f, 16) * (long)PAGE;
	case 'c':
		do
			v = small_int(f);
		while (v == 0x1001 || v == 0x1002);
		return v;
	case 'k':
		return quiet[below(f, 4)];
	case 'o':
		return small_int(f) | O_NONBLOCK;
	case 'T':
		return (long)below(f, 21);
	default:
		(void)nr;
		(void)args;
		(void)i;
		return small_int(f);
	}
}

/*
 * With --bad-pointers, a range that a memory call could really act on
 * (page-aligned, below 2^47, neither wrapping nor huge) stays in the
 * pool, so that the fuzzer's own memory (scratch buffers, thread stacks,
 * musl's heap) stays; the hostile ones (unaligned, non-canonical, huge,
 * wrapping) go to the kernel as they are, and must fail - except a huge
 * one from a low address, which madvise and mprotect may apply to the
 * mappings in it: those get a harmless advice or protection.
 */
static void fix_bad_range(struct fuzzer *f, long nr, long *a)
{
	unsigned long addr = (unsigned long)a[0], len = (unsigned long)a[1];
	unsigned long pool = (unsigned long)f->pool;
	unsigned long end = pool + POOL_PAGES * PAGE;
	const unsigned long huge = 1UL << 47;

	if (nr != SYS_munmap && nr != SYS_mprotect && nr != SYS_madvise &&
	    nr != SYS_mremap)
		return;
	if (nr == SYS_mremap)
		a[3] &= ~(long)(MREMAP_FIXED | 4 /* MREMAP_DONTUNMAP */);
	if ((addr & (PAGE - 1)) || addr >= huge)
		return;
	if (len >= huge && addr + len >= addr) {
		/* a huge range that does not wrap: the kernel may act on
		 * every mapping in it, as Linux does, the fuzzer's stacks
		 * and thread control blocks included; the length stays
		 * hostile, the action is made harmless (MADV_DONTNEED
		 * zeroed a TCB: seed 32, 3 threads) */
		if (nr == SYS_madvise)
			a[2] = MADV_NORMAL;
		else if (nr == SYS_mprotect)
			a[2] = PROT_READ | PROT_WRITE;
		return;
	}
	if (!pool) {
		a[0] = (long)huge;	/* no pool: a range that maps nothing */
		return;
	}
	if (addr < pool || addr >= end)
		a[0] = (long)(addr = pool);
	if (len < huge && addr + len > end)
		a[1] = (long)PAGE;
}

/* Fix the arguments that combine: flags that would leave the pool. */
static void fix_args(struct fuzzer *f, long nr, long *a)
{
	unsigned char *pool = f->pool;

	if (nr == SYS_fcntl && a[1] == F_SETFL)
		a[2] |= O_NONBLOCK;	/* no blocking pipe or socket */
	if (nr == SYS_ioctl && a[1] == FIONBIO)
		a[1] = FIOCLEX;
	if (bad_pointers) {
		fix_bad_range(f, nr, a);
		return;
	}
	if (nr == SYS_mmap) {
		/* Never MAP_FIXED outside the pool; a valid type. */
		unsigned long addr = (unsigned long)a[0];
		int in_pool = addr >= (unsigned long)pool &&
			addr < (unsigned long)pool + POOL_PAGES * PAGE;

		if (!in_pool)
			a[3] &= ~(long)(MAP_FIXED | MAP_FIXED_NOREPLACE);
		if ((unsigned long)a[0] + (unsigned long)a[1] >
		    (unsigned long)pool + POOL_PAGES * PAGE && in_pool)
			a[1] = (long)PAGE;
	} else if (nr == SYS_munmap || nr == SYS_mprotect ||
		   nr == SYS_madvise) {
		if (!a[0])
			a[0] = (long)pool;
		if ((unsigned long)a[0] + (unsigned long)a[1] >
		    (unsigned long)pool + POOL_PAGES * PAGE)
			a[1] = (long)PAGE;
	} else if (nr == SYS_mremap) {
		/* mremap may move: never to a fixed place outside. */
		if (!a[0])
			a[0] = (long)pool;
		if ((unsigned long)a[0] + (unsigned long)a[1] >
		    (unsigned long)pool + POOL_PAGES * PAGE)
			a[1] = (long)PAGE;
		a[3] &= ~(long)(MREMAP_FIXED | 4 /* MREMAP_DONTUNMAP */);
	}
}

/*
 * A fresh pool for @f's memory calls, whatever they did to the old one
 * (libuk has no MAP_FIXED: the new pool is elsewhere). 0 or -errno.
 */
static int new_pool(struct fuzzer *f)
{
	void *p;

	if (f->pool)
		munmap(f->pool, POOL_PAGES * PAGE);
	p = mmap(NULL, POOL_PAGES * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	f->pool = p == MAP_FAILED ? NULL : p;
	return f->pool ? 0 : -errno;
}

static void fuzz_one(struct fuzzer *f, unsigned long seq)
{
	struct call *c = &f->ring[seq % RING_SIZE];
	const struct sig *s = NULL;
	long nr;

	memset(f->scratch, 0, 4096);
	if (below(f, 2)) {
		s = &sigs[below(f, sizeof(sigs) / sizeof(sigs[0]))];
		nr = s->nr;
	} else {
		nr = (long)below(f, NR_MAX + 1);
		for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			if (sigs[i].nr == nr)
				s = &sigs[i];
	}
	if (s && !s->args)
		return;		/* excluded */
	if (s && strchr(s->args, 'a') && !f->pool && !bad_pointers)
		return;		/* no pool to work on */

	c->seq = seq;
	c->nr = nr;
	c->done = 0;
	for (int i = 0; i < 6; i++) {
		if (s)
			c->args[i] = s->args[i] && i < (int)strlen(s->args) ?
				gen_arg(f, s->args[i], nr, c->args, i) : 0;
		else
			c->args[i] = below(f, 2) ? 0 : (long)f->scratch;
	}
	fix_args(f, nr, c->args);
	if (seq >= trace_from) {
		print_call(f, c);
		fflush(stderr);
	}
	c->ret = syscall(nr, c->args[0], c->args[1], c->args[2],
			 c->args[3], c->args[4], c->args[5]);
	if (c->ret == -1)
		c->ret = -errno;
	c->done = 1;
	if ((nr == SYS_mmap || nr == SYS_mremap) && c->ret > 0 &&
	    c->ret != c->args[0]) {
		/* A new mapping outside the pool: give it back at once. */
		unsigned long r = (unsigned long)c->ret;
		unsigned long p = (unsigned long)f->pool;

		if (r < p || r >= p + POOL_PAGES * PAGE)
			munmap((void *)r, (size_t)c->args[nr == SYS_mmap ?
							1 : 2]);
	}
}

static void *fuzz_thread(void *arg)
{
	struct fuzzer *f = arg;

	for (unsigned long i = 0; i < f->calls; i++) {
		f->made = i;
		fuzz_one(f, i);
		if (i % 500 == 499) {
			if (f->id == 0)
				fprintf(stderr, "# progress %lu\n", i + 1);
			int r = new_pool(f);

			if (r)
				fprintf(stderr, "# t%lu: no new pool: %d\n",
					f->id, r);
			if (f->id == 0)
				for (int fd = 3; fd < 64; fd++)
					close(fd);
		}
	}
	f->made = f->calls;
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long seed = 1, calls = 5000;
	int threads = 1, single = 0;
	pthread_t tids[MAX_THREADS];
	struct sigaction sa;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--calls") && i + 1 < argc)
			calls = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			threads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--trace-from") && i + 1 < argc)
			trace_from = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--bad-pointers"))
			bad_pointers = 1;
		else {
			printf("Bail out! unknown argument %s\n", argv[i]);
			return 2;
		}
	}
	if (threads < 1 || threads > MAX_THREADS) {
		printf("Bail out! --threads takes 1-%d\n", MAX_THREADS);
		return 2;
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	printf("1..2\n# seed %lu, %lu calls, %d thread(s)%s\n", seed, calls,
	       threads, bad_pointers ? ", bad pointers" : "");
	fflush(stdout);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fault;
	sigaction(SIGSEGV, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* a pipe or socket without a reader */
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);

	bad_pages = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bad_pages == MAP_FAILED) {
		printf("Bail out! mmap of the pool failed\n");
		return 2;
	}
	munmap(bad_pages, PAGE);
	mprotect(bad_pages + PAGE, PAGE, PROT_NONE);

	for (int t = 0; t < threads; t++) {
		struct fuzzer *f = &fuzzers[t];

		f->id = (unsigned long)t;
		f->rng = (seed + 1) * 0x9e3779b97f4a7c15ULL + (uint64_t)t;
		f->calls = calls;
		/* a PROT_NONE page after it: what runs off it faults */
		f->scratch = mmap(NULL, SCRATCH_SIZE + PAGE,
				  PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (f->scratch == MAP_FAILED ||
		    mprotect(f->scratch + SCRATCH_SIZE, PAGE, PROT_NONE)) {
			printf("Bail out! no memory for the scratch buffer\n");
			return 2;
		}
		memset(f->scratch, 0, SCRATCH_SIZE);
		if (new_pool(f)) {
			printf("Bail out! mmap of the pool failed\n");
			return 2;
		}
	}
	nfuzzers = threads;
	for (int t = 1; t < threads; t++) {
		if (pthread_create(&tids[t], NULL, fuzz_thread,
				   &fuzzers[t])) {
			printf("# pthread_create failed: %d thread(s)\n", t);
			nfuzzers = t;
			threads = t;
			single = 1;
			break;
		}
	}
	fuzz_thread(&fuzzers[0]);
	for (int t = 1; t < threads; t++)
		pthread_join(tids[t], NULL);
	printf("\nok 1 - seed %lu: %lu calls in each of %d thread(s)%s\n",
	       seed, calls, threads, single ? " (fewer than asked)" : "");

	/* The kernel still answers: a pid, a clock, a write, memory. */
	struct timespec ts;
	void *m = malloc(100000);
	int alive = getpid() > 0 &&
		clock_gettime(CLOCK_MONOTONIC, &ts) == 0 &&
		m != NULL && write(1, "", 0) == 0;

	free(m);
	if (!alive)
		print_ring();
	printf("%s 2 - the kernel still answers\n", alive ? "ok" : "not ok");
	return alive ? 0 : 1;
}
