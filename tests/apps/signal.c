/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals in one thread, as an application sees them: handlers run by
 * raise and kill with their siginfo, masks keep signals pending until
 * they are unblocked, handlers nest and follow each other in Linux's
 * order, sa_mask, SA_NODEFER, SA_RESETHAND, SIG_IGN, sigsuspend,
 * sigwait and sigtimedwait, the alternate stack, the FPU state of the
 * interrupted code, and default actions of blocked signals.
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   signal info         SA_SIGINFO handler by raise and by kill
 *   signal mask         blocked: pending until sigprocmask unblocks it
 *   signal nested       a handler raises another signal, and its own
 *   signal order        two pending signals unblocked at once
 *   signal flags        sa_mask, SA_NODEFER, SA_RESETHAND (then dies)
 *   signal ignore       SIG_IGN, and setting it drops a pending signal
 *   signal suspend      sigsuspend runs the handler, restores the mask
 *   signal wait         sigwait, sigwaitinfo, sigtimedwait's timeout
 *   signal altstack     SA_ONSTACK runs the handler on sigaltstack's
 *   signal altstack-query  sigaltstack in a handler on the alternate
 *                       stack: SS_ONSTACK, and EPERM for a change
 *   signal fpu          the handler's FPU changes do not leak
 *   signal blocked-term a blocked SIGTERM kills once unblocked
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int usage(void)
{
	printf("usage: signal MODE\n");
	return 2;
}

static const char *yes(int cond)
{
	return cond ? "yes" : "no";
}

/* What handlers did, printed by main (printf is not async-signal-safe) */
static char trace[256];
static volatile sig_atomic_t depth, hits;

static void note(const char *s)
{
	strncat(trace, s, sizeof(trace) - strlen(trace) - 1);
}

static void install(int sig, void (*fn)(int), int flags, const int *mask)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	for (; mask && *mask; mask++)
		sigaddset(&sa.sa_mask, *mask);
	if (sigaction(sig, &sa, NULL))
		perror("sigaction");
}

static int is_blocked(int sig)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	return sigismember(&cur, sig);
}

static int is_pending(int sig)
{
	sigset_t p;

	sigpending(&p);
	return sigismember(&p, sig);
}

static void block(int sig, int how)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

/* ---- info ---- */

static volatile int got_sig, got_signo, got_code, got_pid_ok, got_uid_ok;
static volatile int got_ctx;

static void on_info(int sig, siginfo_t *si, void *ctx)
{
	got_sig = sig;
	got_signo = si->si_signo;
	got_code = si->si_code;
	got_pid_ok = si->si_pid == getpid();
	got_uid_ok = si->si_uid == getuid();
	got_ctx = ctx != NULL;
	hits++;
}

static int do_info(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_info;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);

	printf("raise: %d\n", raise(SIGUSR1));
	printf("handler ran %d time(s): sig %d, si_signo %d, si_code %d "
	       "(SI_TKILL %d), si_pid is getpid: %s, si_uid is getuid: %s, "
	       "context: %s\n", hits, got_sig, got_signo, got_code, SI_TKILL,
	       yes(got_pid_ok), yes(got_uid_ok), yes(got_ctx));
	printf("kill: %d\n", kill(getpid(), SIGUSR2));
	printf("handler ran %d time(s): sig %d, si_signo %d, si_code %d "
	       "(SI_USER %d), si_pid is getpid: %s\n", hits, got_sig,
	       got_signo, got_code, SI_USER, yes(got_pid_ok));
	printf("not blocked after the handler: %s\n",
	       yes(!is_blocked(SIGUSR1) && !is_blocked(SIGUSR2)));
	return hits != 2;
}

/* ---- mask ---- */

static volatile int counter;

static void on_count(int sig)
{
	counter += sig;
}

static int do_mask(void)
{
	install(SIGUSR1, on_count, 0, NULL);
	block(SIGUSR1, SIG_BLOCK);
	raise(SIGUSR1);
	printf("blocked: handler ran: %s, pending: %s\n", yes(counter),
	       yes(is_pending(SIGUSR1)));
	raise(SIGUSR1);		/* a standard signal is pending once */
	block(SIGUSR1, SIG_UNBLOCK);
	printf("unblocked: counter %d, pending: %s\n", counter,
	       yes(is_pending(SIGUSR1)));
	raise(SIGUSR1);
	printf("raised again: counter %d\n", counter);
	return counter != 2 * SIGUSR1;
}

/* ---- nested ---- */

static void on_inner(int sig)
{
	note(" usr2");
}

static void on_outer(int sig)
{
	int n = ++hits;

	note(n == 1 ? " usr1<" : " usr1(again)<");
	if (n == 1) {
		raise(SIGUSR2);		/* runs at once, inside this one */
		raise(SIGUSR1);		/* blocked in its own handler */
		note(is_pending(SIGUSR1) ? " usr1-pending" : " usr1-lost");
	}
	note(">");
}

static int do_nested(void)
{
	install(SIGUSR1, on_outer, 0, NULL);
	install(SIGUSR2, on_inner, 0, NULL);
	raise(SIGUSR1);
	printf("trace:%s\n", trace);
	return 0;
}

/* ---- order ---- */

static void on_usr1(int sig)
{
	note(" usr1");
}

static void on_usr2(int sig)
{
	note(" usr2");
}

static void on_term(int sig)
{
	note(" term");
}

static int do_order(void)
{
	sigset_t s;

	install(SIGUSR1, on_usr1, 0, NULL);
	install(SIGUSR2, on_usr2, 0, NULL);
	install(SIGTERM, on_term, 0, NULL);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGTERM);
	raise(SIGUSR2);
	raise(SIGUSR1);
	note(" unblock:");
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	printf("trace:%s\n", trace);
	return 0;
}

/* ---- flags ---- */

static void on_masking(int sig)
{
	note(" usr1<");
	raise(SIGUSR2);		/* in sa_mask: waits for the return */
	note(is_pending(SIGUSR2) ? " usr2-pending" : " usr2-ran");
	note(">");
}

static void on_nodefer(int sig)
{
	int d = ++depth;

	note(" usr1<");
	if (d == 1)
		raise(SIGUSR1);	/* SA_NODEFER: nested at once */
	note(">");
	depth--;
}

static void on_reset(int sig)
{
	hits++;
}

static int do_flags(void)
{
	static const int usr2[] = { SIGUSR2, 0 };

	install(SIGUSR1, on_masking, 0, usr2);
	install(SIGUSR2, on_usr2, 0, NULL);
	raise(SIGUSR1);
	printf("sa_mask:%s\n", trace);
	trace[0] = 0;
	install(SIGUSR1, on_nodefer, SA_NODEFER, NULL);
	raise(SIGUSR1);
	printf("SA_NODEFER:%s\n", trace);
	install(SIGUSR1, on_reset, SA_RESETHAND, NULL);
	raise(SIGUSR1);
	printf("SA_RESETHAND: ran %d time(s); the second raise kills\n", hits);
	fflush(stdout);
	raise(SIGUSR1);
	printf("still alive\n");
	return 0;
}

/* ---- ignore ---- */

static int do_ignore(void)
{
	install(SIGUSR1, on_count, 0, NULL);
	signal(SIGUSR2, SIG_IGN);
	printf("raise of an ignored signal: %d\n", raise(SIGUSR2));
	block(SIGUSR1, SIG_BLOCK);
	raise(SIGUSR1);
	printf("pending while blocked: %s\n", yes(is_pending(SIGUSR1)));
	signal(SIGUSR1, SIG_IGN);
	printf("after SIG_IGN: pending: %s\n", yes(is_pending(SIGUSR1)));
	install(SIGUSR1, on_count, 0, NULL);
	block(SIGUSR1, SIG_UNBLOCK);
	printf("handler ran: %s\n", yes(counter));
	/* SIGCHLD's default is to ignore */
	printf("raise(SIGCHLD): %d\n", raise(SIGCHLD));
	return counter != 0;
}

/* ---- suspend ---- */

static int do_suspend(void)
{
	sigset_t none;
	int rc, err;

	install(SIGUSR1, on_count, 0, NULL);
	block(SIGUSR1, SIG_BLOCK);
	raise(SIGUSR1);
	sigemptyset(&none);
	rc = sigsuspend(&none);
	err = errno;
	printf("sigsuspend: %d %s; handler ran: %s\n", rc, strerror(err),
	       yes(counter == SIGUSR1));
	printf("SIGUSR1 blocked again: %s\n", yes(is_blocked(SIGUSR1)));
	return counter != SIGUSR1;
}

/* ---- wait ---- */

static int do_wait(void)
{
	struct timespec ts = { 0, 10000000 };
	siginfo_t si;
	sigset_t s;
	int sig = 0, rc;

	install(SIGUSR1, on_count, 0, NULL);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGUSR2);		/* default action: terminate, but blocked */
	rc = sigwait(&s, &sig);
	printf("sigwait: %d, signal %d\n", rc, sig);
	kill(getpid(), SIGUSR1);
	memset(&si, 0, sizeof(si));
	rc = sigwaitinfo(&s, &si);
	printf("sigwaitinfo: %d, si_signo %d, si_code %d; handler ran: %s\n",
	       rc, si.si_signo, si.si_code, yes(counter));
	rc = sigtimedwait(&s, &si, &ts);
	printf("sigtimedwait, nothing pending: %d %s\n", rc,
	       rc < 0 ? strerror(errno) : "");
	ts.tv_nsec = 0;
	raise(SIGUSR2);
	rc = sigtimedwait(&s, &si, &ts);
	printf("sigtimedwait, poll: %d\n", rc);
	return 0;
}

/* ---- altstack ---- */

static char altstack[65536] __attribute__((aligned(16)));
static volatile int on_alt;

static void on_onstack(int sig)
{
	char here;

	on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
}

static int do_altstack(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	stack_t old;
	int rc;

	printf("sigaltstack: %d\n", sigaltstack(&ss, &old));
	printf("none before: %s\n", yes(old.ss_flags & SS_DISABLE));
	install(SIGUSR1, on_onstack, 0, NULL);
	raise(SIGUSR1);
	printf("without SA_ONSTACK on the alternate stack: %s\n", yes(on_alt));
	install(SIGUSR1, on_onstack, SA_ONSTACK, NULL);
	raise(SIGUSR1);
	printf("with SA_ONSTACK on the alternate stack: %s\n", yes(on_alt));
	ss.ss_size = 100;
	errno = 0;
	rc = sigaltstack(&ss, NULL);
	printf("too small: %d %s\n", rc, strerror(errno));
	return !on_alt;
}

/* ---- altstack-query: sigaltstack from a handler on the stack ---- */

static volatile int q_flags = -1, q_rc = -1, q_errno, q_rc2 = -1, q_errno2;

static void on_query(int sig)
{
	stack_t cur, other = { .ss_sp = altstack, .ss_size = 16384 };
	stack_t off = { .ss_flags = SS_DISABLE };

	if (!sigaltstack(NULL, &cur))
		q_flags = cur.ss_flags;
	errno = 0;
	q_rc = sigaltstack(&other, NULL);
	q_errno = errno;
	errno = 0;
	q_rc2 = sigaltstack(&off, NULL);
	q_errno2 = errno;
}

static const char *ssflags(int f)
{
	return f == SS_ONSTACK ? "SS_ONSTACK" : f == SS_DISABLE ? "SS_DISABLE"
	       : f == 0 ? "0" : "other";
}

static int do_altstack_query(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	stack_t cur;

	sigaltstack(&ss, NULL);
	sigaltstack(NULL, &cur);
	printf("outside the handler: ss_flags %s, size %zu\n",
	       ssflags(cur.ss_flags), cur.ss_size);
	install(SIGUSR1, on_query, SA_ONSTACK, NULL);
	raise(SIGUSR1);
	printf("in the handler: ss_flags %s\n", ssflags(q_flags));
	printf("changing it there: %d %s\n", q_rc, strerror(q_errno));
	printf("disabling it there: %d %s\n", q_rc2, strerror(q_errno2));
	sigaltstack(NULL, &cur);
	printf("after the handler: ss_flags %s, size %zu\n",
	       ssflags(cur.ss_flags), cur.ss_size);
	/* without SA_ONSTACK the handler runs on the main stack */
	install(SIGUSR1, on_query, 0, NULL);
	raise(SIGUSR1);
	printf("handler off the stack: ss_flags %s, change: %d %s\n",
	       ssflags(q_flags), q_rc, strerror(q_errno));
	return 0;
}

/* ---- fpu ---- */

static volatile double hsum;

static void on_fpu(int sig)
{
	volatile double x = 1.0;

	fesetround(FE_UPWARD);
	for (int i = 0; i < 10; i++)
		x = x * 3.0 + 0.1;
	hsum = x;
}

static int do_fpu(void)
{
	volatile double a = 2.0, b = 3.0;
	double r;

	install(SIGUSR1, on_fpu, 0, NULL);
	raise(SIGUSR1);
	r = a / b;
	printf("rounding mode after the handler is to nearest: %s\n",
	       yes(fegetround() == FE_TONEAREST));
	printf("2/3 = %.17g; the handler computed %.6f\n", r, hsum);
	return fegetround() != FE_TONEAREST;
}

/* ---- blocked-term ---- */

static int do_blocked_term(void)
{
	block(SIGTERM, SIG_BLOCK);
	raise(SIGTERM);
	printf("SIGTERM blocked and raised: still alive, pending: %s\n",
	       yes(is_pending(SIGTERM)));
	fflush(stdout);
	block(SIGTERM, SIG_UNBLOCK);
	printf("survived the unblock\n");
	return 1;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "info"))
		return do_info();
	if (!strcmp(mode, "mask"))
		return do_mask();
	if (!strcmp(mode, "nested"))
		return do_nested();
	if (!strcmp(mode, "order"))
		return do_order();
	if (!strcmp(mode, "flags"))
		return do_flags();
	if (!strcmp(mode, "ignore"))
		return do_ignore();
	if (!strcmp(mode, "suspend"))
		return do_suspend();
	if (!strcmp(mode, "wait"))
		return do_wait();
	if (!strcmp(mode, "altstack"))
		return do_altstack();
	if (!strcmp(mode, "altstack-query"))
		return do_altstack_query();
	if (!strcmp(mode, "fpu"))
		return do_fpu();
	if (!strcmp(mode, "blocked-term"))
		return do_blocked_term();
	return usage();
}
