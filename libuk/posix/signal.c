/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals, for now: dispositions and masks are recorded; a signal sent
 * to ourselves takes its default action (terminate with 128 + signal, as
 * a shell reports it, or ignore). Handlers are not invoked yet: such a
 * signal is reported on the console and dropped.
 */
#include <uk/syscall.h>
#include <uk/boot.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/errno.h>
#include "posix.h"

#define SIG_DFL_	0UL
#define SIG_IGN_	1UL
#define SIGSTOP_	19

struct k_sigaction {
	unsigned long handler;
	unsigned long flags;
	unsigned long restorer;
	uint64_t mask;
};

struct l_stack {
	void *sp;
	int flags;
	size_t size;
};

static struct k_sigaction actions[L_NSIG];
static uint64_t blocked;
static struct l_stack altstack = { NULL, 2 /* SS_DISABLE */, 0 };

static const char *const signames[] = {
	[1] = "SIGHUP", [2] = "SIGINT", [3] = "SIGQUIT", [4] = "SIGILL",
	[5] = "SIGTRAP", [6] = "SIGABRT", [7] = "SIGBUS", [8] = "SIGFPE",
	[9] = "SIGKILL", [10] = "SIGUSR1", [11] = "SIGSEGV",
	[12] = "SIGUSR2", [13] = "SIGPIPE", [14] = "SIGALRM",
	[15] = "SIGTERM",
};

/* Signals whose default action is to be ignored (or stop/continue). */
static bool default_ignored(int sig)
{
	return sig == 17 /* CHLD */ || sig == 18 /* CONT */ ||
	       sig == 19 /* STOP */ || sig == 20 /* TSTP */ ||
	       sig == 21 /* TTIN */ || sig == 22 /* TTOU */ ||
	       sig == 23 /* URG */ || sig == 28 /* WINCH */;
}

long uk_posix_signal_self(int sig)
{
	const char *name;

	if (sig == 0)
		return 0;
	if (sig < 1 || sig >= L_NSIG)
		return -UK_EINVAL;
	if (sig != L_SIGKILL && actions[sig].handler == SIG_IGN_)
		return 0;
	if (sig != L_SIGKILL && actions[sig].handler != SIG_DFL_) {
		uk_pr_warn("signal %d: handlers are not supported yet; dropped\n",
			   sig);
		return 0;
	}
	if (default_ignored(sig))
		return 0;
	name = sig < (int)UK_ARRAY_SIZE(signames) && signames[sig]
	       ? signames[sig] : "signal";
	uk_pr_info("terminated by %s (%d)\n", name, sig);
	uk_boot_exit(128 + sig);
}

static long uk_sys_kill(int pid, int sig)
{
	if (!uk_posix_is_self(pid))
		return -UK_ESRCH;
	return uk_posix_signal_self(sig);
}
UK_SYSCALL_REGISTER(kill, uk_sys_kill);

static long uk_sys_tkill(int tid, int sig)
{
	if (!uk_posix_is_self_tid(tid))
		return -UK_ESRCH;
	return uk_posix_signal_self(sig);
}
UK_SYSCALL_REGISTER(tkill, uk_sys_tkill);

static long uk_sys_tgkill(int pid, int tid, int sig)
{
	if (!uk_posix_is_self(pid) || !uk_posix_is_self_tid(tid))
		return -UK_ESRCH;
	return uk_posix_signal_self(sig);
}
UK_SYSCALL_REGISTER(tgkill, uk_sys_tgkill);

static long uk_sys_rt_sigaction(int sig, const struct k_sigaction *act,
				struct k_sigaction *oact, size_t setsize)
{
	if (setsize != sizeof(uint64_t))
		return -UK_EINVAL;
	if (sig < 1 || sig >= L_NSIG ||
	    (act && (sig == L_SIGKILL || sig == SIGSTOP_)))
		return -UK_EINVAL;
	if (oact)
		*oact = actions[sig];
	if (act)
		actions[sig] = *act;
	return 0;
}
UK_SYSCALL_REGISTER(rt_sigaction, uk_sys_rt_sigaction);

static long uk_sys_rt_sigprocmask(int how, const uint64_t *set,
				  uint64_t *oset, size_t setsize)
{
	uint64_t unblockable = (1ULL << (L_SIGKILL - 1)) |
			       (1ULL << (SIGSTOP_ - 1));

	if (setsize != sizeof(uint64_t))
		return -UK_EINVAL;
	if (oset)
		*oset = blocked;
	if (!set)
		return 0;
	switch (how) {
	case 0: /* SIG_BLOCK */
		blocked |= *set;
		break;
	case 1: /* SIG_UNBLOCK */
		blocked &= ~*set;
		break;
	case 2: /* SIG_SETMASK */
		blocked = *set;
		break;
	default:
		return -UK_EINVAL;
	}
	blocked &= ~unblockable;
	return 0;
}
UK_SYSCALL_REGISTER(rt_sigprocmask, uk_sys_rt_sigprocmask);

static long uk_sys_sigaltstack(const struct l_stack *ss, struct l_stack *old)
{
	if (old)
		*old = altstack;
	if (ss) {
		if (ss->flags & ~2)
			return -UK_EINVAL;
		if (!(ss->flags & 2) && ss->size < 2048)
			return -UK_ENOMEM;
		altstack = *ss;
	}
	return 0;
}
UK_SYSCALL_REGISTER(sigaltstack, uk_sys_sigaltstack);
