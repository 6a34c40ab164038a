/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Faults of the application's own code as signals, as on Linux: a
 * handler installed for SIGSEGV, SIGILL or SIGFPE runs with the fault's
 * siginfo (si_code, si_addr) and the ucontext of the faulting
 * instruction; it may siglongjmp out or change the ucontext and return;
 * without a handler (or with the signal blocked or ignored) the program
 * dies by the signal (status 128 + signal). Compared with the host's
 * static musl build by tests/apps-compare.test.
 *
 *   faults segv         a store through NULL: SEGV_MAPERR, si_addr 0,
 *                       the ucontext's pc at the store; siglongjmp out
 *   faults readonly     a store to a PROT_READ page: SEGV_ACCERR
 *   faults skip         the handler moves the ucontext's pc past the
 *                       store and returns: the program goes on there
 *   faults ill [nocode] an undefined instruction: SIGILL at its address
 *                       (nocode: without its si_code, which QEMU's user
 *                       mode gives as ILL_ILLOPN on aarch64, where Linux
 *                       says ILL_ILLOPC)
 *   faults fpe          an integer division by zero (SIGFPE on x86_64;
 *                       aarch64 divides to 0 without a trap)
 *   faults loop N       N faults, each left by siglongjmp: the mask is
 *                       restored and the stack does not creep
 *   faults overflow     unbounded recursion, the handler on sigaltstack
 *   faults default      no handler: status 139
 *   faults blocked      SIGSEGV blocked: the fault kills anyway (139)
 *   faults ignored      SIGSEGV ignored: the fault kills anyway (139)
 *   faults thread       a fault in a second thread runs the handler
 *                       there
 *   faults bus          a read of a file mapping past the file's end:
 *                       SIGBUS, BUS_ADRERR
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include "compare.h"

/* The faulting instructions, each with a label before and after it. */
void store_insn(void), store_end(void), ill_insn(void), ill_end(void);
void div_insn(void);

static __attribute__((noinline, noclone)) void store(volatile int *p)
{
#if defined(__x86_64__)
	__asm__ __volatile__(".globl store_insn, store_end\n"
			     "store_insn: movl $1, (%0)\n"
			     "store_end:" : : "r"(p) : "memory");
#else
	__asm__ __volatile__(".globl store_insn, store_end\n"
			     "store_insn: str wzr, [%0]\n"
			     "store_end:" : : "r"(p) : "memory");
#endif
}

static __attribute__((noinline, noclone)) void illegal(void)
{
#if defined(__x86_64__)
	__asm__ __volatile__(".globl ill_insn, ill_end\n"
			     "ill_insn: ud2\n"
			     "ill_end:");
#else
	__asm__ __volatile__(".globl ill_insn, ill_end\n"
			     "ill_insn: .inst 0x00000000\n"
			     "ill_end:");
#endif
}

static __attribute__((noinline, noclone)) long divide(long a, long b)
{
	long q;

#if defined(__x86_64__)
	__asm__ __volatile__(".globl div_insn\n"
			     "cqto\n"
			     "div_insn: idivq %2"
			     : "=a"(q) : "a"(a), "r"(b) : "rdx");
#else
	__asm__ __volatile__(".globl div_insn\n"
			     "div_insn: sdiv %0, %1, %2"
			     : "=r"(q) : "r"(a), "r"(b));
#endif
	return q;
}

static uintptr_t uc_pc(const ucontext_t *uc)
{
#if defined(__x86_64__)
	return uc->uc_mcontext.gregs[REG_RIP];
#else
	return uc->uc_mcontext.pc;
#endif
}

static void set_uc_pc(ucontext_t *uc, uintptr_t pc)
{
#if defined(__x86_64__)
	uc->uc_mcontext.gregs[REG_RIP] = pc;
#else
	uc->uc_mcontext.pc = pc;
#endif
}

/* What the handler saw, printed by main */
static sigjmp_buf env;
static volatile int got_sig, got_code, jump_out;
static volatile uintptr_t got_addr, got_pc, got_sp;
static volatile long got_err = -1, got_trapno = -1, got_cr2 = -1;
static volatile uintptr_t resume_pc;

static void handler(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	char here;

	got_sig = sig;
	got_code = si->si_code;
	got_addr = (uintptr_t)si->si_addr;
	got_pc = uc_pc(uc);
	got_sp = (uintptr_t)&here;
#if defined(__x86_64__)
	got_err = uc->uc_mcontext.gregs[REG_ERR];
	got_trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
	got_cr2 = uc->uc_mcontext.gregs[REG_CR2];
#endif
	if (resume_pc) {
		set_uc_pc(uc, resume_pc);
		return;
	}
	if (jump_out)
		siglongjmp(env, 1);
	_exit(3);	/* returning would fault again */
}

static void install(int sig, int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL))
		perror("sigaction");
}

static const char *signame(int sig)
{
	switch (sig) {
	case SIGSEGV:	return "SIGSEGV";
	case SIGBUS:	return "SIGBUS";
	case SIGILL:	return "SIGILL";
	case SIGFPE:	return "SIGFPE";
	case 0:		return "none";
	default:	return "other";
	}
}

static const char *codename(int sig, int code)
{
	if (sig == SIGSEGV && code == SEGV_MAPERR)
		return "SEGV_MAPERR";
	if (sig == SIGSEGV && code == SEGV_ACCERR)
		return "SEGV_ACCERR";
	if (sig == SIGBUS && code == BUS_ADRERR)
		return "BUS_ADRERR";
	if (sig == SIGFPE && code == FPE_INTDIV)
		return "FPE_INTDIV";
	if (sig == SIGILL && code == ILL_ILLOPN)
		return "ILL_ILLOPN";
	if (sig == SIGILL && code == ILL_ILLOPC)
		return "ILL_ILLOPC";
	return "other";
}

static const char *yes(int cond)
{
	return cond ? "yes" : "no";
}

static int segv_blocked(void)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, SIGSEGV);
}

/* Prints what the handler saw of a fault at @addr by the code at @pc. */
static void show(uintptr_t addr, uintptr_t pc)
{
	printf("signal %s, si_code %s\n", signame(got_sig),
	       codename(got_sig, got_code));
	printf("si_addr is the address: %s\n", yes(got_addr == addr));
	printf("ucontext pc is the instruction: %s\n", yes(got_pc == pc));
#if defined(__x86_64__)
	/* Linux's page fault error code for a user access, its vector */
	printf("trapno %ld, err %ld\n", got_trapno, got_err);
	if (got_trapno == 14)
		printf("cr2 is the address: %s\n",
		       yes((uintptr_t)got_cr2 == addr));
#endif
	printf("SIGSEGV blocked after siglongjmp: %s\n", yes(segv_blocked()));
}

static int do_segv(char **argv)
{
	install(SIGSEGV, 0);
	jump_out = 1;
	if (!sigsetjmp(env, 1)) {
		store(NULL);
		printf("no fault\n");
		return 1;
	}
	show(0, (uintptr_t)store_insn);
	return 0;
}

static int do_readonly(char **argv)
{
	int *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		      -1, 0);

	if (p == MAP_FAILED)
		return 1;
	/* read first: Linux then maps the page (error code 7, not 6) */
	if (((volatile int *)p)[4])
		return 1;
	install(SIGSEGV, 0);
	jump_out = 1;
	if (!sigsetjmp(env, 1)) {
		store(p + 4);
		printf("no fault\n");
		return 1;
	}
	show((uintptr_t)(p + 4), (uintptr_t)store_insn);
	printf("the page still reads 0: %s\n", yes(p[4] == 0));
	return 0;
}

static int do_skip(char **argv)
{
	install(SIGSEGV, 0);
	resume_pc = (uintptr_t)store_end;
	store((volatile int *)16);
	printf("resumed after the store\n");
	show(16, (uintptr_t)store_insn);
	/* again: the handler's frame was undone by its return */
	got_sig = 0;
	store((volatile int *)32);
	printf("second fault: %s, si_addr 32: %s\n", signame(got_sig),
	       yes(got_addr == 32));
	return 0;
}

static int do_ill(char **argv)
{
	int nocode = argv[1] && !strcmp(argv[1], "nocode");

	install(SIGILL, 0);
	jump_out = 1;
	if (!sigsetjmp(env, 1)) {
		illegal();
		printf("no fault\n");
		return 1;
	}
	if (nocode)
		got_code = 0;
	show((uintptr_t)ill_insn, (uintptr_t)ill_insn);
	return 0;
}

static int do_fpe(char **argv)
{
	volatile long zero = 0;
	long q;

	install(SIGFPE, 0);
	jump_out = 1;
	if (!sigsetjmp(env, 1)) {
		q = divide(7, zero);
		/* aarch64: no trap, the quotient is 0 */
		printf("no trap, quotient %ld\n", q);
		return 0;
	}
	show((uintptr_t)div_insn, (uintptr_t)div_insn);
	return 0;
}

static int do_loop(char **argv)
{
	int n = argv[1] ? atoi(argv[1]) : 100;
	uintptr_t first_sp = 0;
	int i, creep = 0, masked = 0;

	install(SIGSEGV, 0);
	jump_out = 1;
	for (i = 0; i < n; i++) {
		if (!sigsetjmp(env, 1)) {
			store((volatile int *)(uintptr_t)(8 * (i % 512)));
			break;
		}
		if (got_addr != (uintptr_t)(8 * (i % 512)))
			break;
		if (!i)
			first_sp = got_sp;
		else if (got_sp != first_sp)
			creep++;
		masked += segv_blocked();
	}
	printf("%d faults handled; handler stack moved %d times; SIGSEGV left blocked %d times\n",
	       i, creep, masked);
	return 0;
}

static char altstack[65536] __attribute__((aligned(16)));

static __attribute__((noinline)) int recurse(volatile char *up)
{
	volatile char buf[1024];

	buf[0] = up ? up[0] + 1 : 0;
	return recurse(buf) + buf[0];
}

static int do_overflow(char **argv)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };

	if (sigaltstack(&ss, NULL))
		perror("sigaltstack");
	install(SIGSEGV, SA_ONSTACK);
	jump_out = 1;
	if (!sigsetjmp(env, 1)) {
		recurse(NULL);
		return 1;
	}
	printf("signal %s, handler on the alternate stack: %s\n",
	       signame(got_sig),
	       yes(got_sp >= (uintptr_t)altstack &&
		   got_sp < (uintptr_t)altstack + sizeof(altstack)));
	return 0;
}

static int do_default(char **argv)
{
	const char *how = argv[0];
	sigset_t set;

	if (!strcmp(how, "blocked")) {
		install(SIGSEGV, 0);
		sigemptyset(&set);
		sigaddset(&set, SIGSEGV);
		sigprocmask(SIG_BLOCK, &set, NULL);
	} else if (!strcmp(how, "ignored")) {
		signal(SIGSEGV, SIG_IGN);
	}
	printf("faulting (%s)\n", how);
	fflush(stdout);
	store(NULL);
	printf("survived\n");
	return 0;
}

static void *thread_main(void *arg)
{
	(void)arg;
	if (!sigsetjmp(env, 1)) {
		store((volatile int *)8);
		return (void *)1;
	}
	return NULL;
}

static int do_thread(char **argv)
{
	pthread_t t;
	void *ret;

	install(SIGSEGV, 0);
	jump_out = 1;
	if (pthread_create(&t, NULL, thread_main, NULL) ||
	    pthread_join(t, &ret))
		return 1;
	printf("thread returned %p\n", ret);
	show(8, (uintptr_t)store_insn);
	return 0;
}

static int do_bus(char **argv)
{
	char path[] = "/tmp/faults-XXXXXX";
	int fd = mkstemp(path);
	volatile char *p;

	if (fd < 0 || write(fd, "x", 1) != 1)
		return 1;
	p = mmap(NULL, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	unlink(path);
	if (p == MAP_FAILED)
		return 1;
	install(SIGBUS, 0);
	jump_out = 1;
	if (!sigsetjmp(env, 1)) {
		printf("first page: %c\n", p[0]);
		printf("second page: %d\n", p[4096]);
		return 0;
	}
	printf("signal %s, si_code %s, si_addr is the address: %s\n",
	       signame(got_sig), codename(got_sig, got_code),
	       yes(got_addr == (uintptr_t)(p + 4096)));
	return 0;
}

static const struct compare_mode modes[] = {
	{ "segv", do_segv },
	{ "readonly", do_readonly },
	{ "skip", do_skip },
	{ "ill", do_ill },
	{ "fpe", do_fpe },
	{ "loop", do_loop },
	{ "overflow", do_overflow },
	{ "default", do_default },
	{ "blocked", do_default },
	{ "ignored", do_default },
	{ "thread", do_thread },
	{ "bus", do_bus },
	{ NULL },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	return compare_main(argc, argv, "faults", modes);
}
