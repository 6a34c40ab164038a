/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Signals, with Linux's semantics for one process:
 *
 *   - dispositions (rt_sigaction) are the process's; the mask, the
 *     alternate stack and a set of pending signals are each thread's
 *     (struct uk_posix_thread), plus one pending set for the process;
 *   - kill sends to the process: the running thread takes the signal
 *     if it does not block it, otherwise the first thread that does
 *     not; when every thread blocks it, it stays pending for the
 *     process and a thread waiting for it in sigtimedwait is woken;
 *     tkill/tgkill send to one thread;
 *   - at the send, a signal nobody blocks takes its default action at
 *     once if that is to terminate (status 128 + signal, as a shell
 *     reports it; abort's SIGABRT is 134), and is dropped if it is
 *     ignored; otherwise it is pending, and the target, if it waits in
 *     an interruptible call (nanosleep, futex, sigsuspend, pause,
 *     sigtimedwait), is woken so that the call ends with EINTR or is
 *     restarted;
 *   - delivery happens where a thread leaves a system call made
 *     through the trap (uk/plat/signal.h's exit hook, requested while
 *     any signal is pending), and where an interrupt returns to the
 *     application's code (its interrupt hook: a thread that computes
 *     without system calls gets its signals when the timer preempts
 *     it, or when it runs again): the lowest-numbered deliverable
 *     signal first, each handler entered through a Linux signal frame
 *     (sigframe_ARCH.c), the next one's frame on top of it, as Linux
 *     does; rt_sigreturn goes back through the exit hook.
 *
 * A fault of the application's own code (uk/plat/signal.h's fault hook)
 * is its signal at once (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, with
 * si_addr and the ucontext of the faulting instruction); with no
 * handler, or the signal blocked or ignored, the program ends by it
 * (128 + signal) after the kernel's report of the fault.
 *
 * A standard signal is pending at most once (with the siginfo of its
 * first sending); real-time signals (32 and up) are queued, each with
 * its siginfo (sigqueue's si_value, a timer's), up to RLIMIT_SIGPENDING
 * entries, and delivered in the order sent. si_pid is 1, si_uid 0. Not yet: timers (SIGALRM), rt_sigqueueinfo, and
 * architectures whose trap has no exit hook (UKPLAT_SIGNAL_HOOK 0:
 * there a handled signal is reported and dropped, and masks do not
 * delay a default action).
 *
 * Locking: interrupts disabled (one CPU); only threads send signals.
 */
#include <uk/syscall.h>
#include <uk/boot.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/uaccess.h>
#include <uk/errno.h>
#include <uk/init.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/alloc.h>
#include "posix.h"
#include "file.h"
#include "sigframe.h"

#define BIT(sig)	(1ULL << ((sig) - 1))
#define UNBLOCKABLE	(BIT(L_SIGKILL) | BIT(L_SIGSTOP))

#define PID		1	/* process.c */

enum { ACT_IGNORE, ACT_TERMINATE, ACT_HANDLER };

static struct l_sigaction actions[L_NSIG];
static uint64_t shared_pending;		/* sent to the process */
static struct uk_sigq *shared_queue;	/* their siginfo */
static unsigned int threads_pending;	/* threads with sig_pending != 0 */
static unsigned long nqueued;	/* queue entries, for RLIMIT_SIGPENDING */

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

static int disposition(int sig)
{
	unsigned long h = actions[sig].handler;

	if (sig == L_SIGKILL)
		return ACT_TERMINATE;
	if (h == L_SIG_IGN)
		return ACT_IGNORE;
	if (h == L_SIG_DFL)
		return default_ignored(sig) ? ACT_IGNORE : ACT_TERMINATE;
	return ACT_HANDLER;
}

static void __noreturn terminate(int sig)
{
	const char *name = sig < (int)UK_ARRAY_SIZE(signames) && signames[sig]
			   ? signames[sig] : "signal";

	uk_pr_info("terminated by %s (%d)\n", name, sig);
	uk_boot_exit(128 + sig);
}

/* Asks for the exit hook while anything is pending anywhere. */
static void update_request(void)
{
	ukplat_syscall_exit_request(shared_pending || threads_pending);
}

/* ---- pending signals: a set, and the queue of their siginfo ---- */

/* Drops the signals of @set from the queue *@q and the set *@pending. */
static void queue_drop(struct uk_sigq **q, uint64_t *pending, uint64_t set)
{
	struct uk_sigq *e;

	*pending &= ~set;
	while ((e = *q)) {
		if (set & BIT(e->info.signo)) {
			*q = e->next;
			uk_free(uk_alloc_get_default(), e);
			nqueued--;
		} else {
			q = &e->next;
		}
	}
}

/*
 * Makes @info's signal pending in (*@q, *@pending), as Linux does: a
 * standard signal already pending keeps its first siginfo; a real-time
 * one is queued again. Past RLIMIT_SIGPENDING entries, a signal is
 * pending without its siginfo (the kernel's and kill()'s standard
 * signals pass), or for a real-time one not from kill(), -EAGAIN.
 * Returns 0 or -EAGAIN.
 */
static int queue_add(struct uk_sigq **q, uint64_t *pending,
		     const struct l_siginfo *info)
{
	int sig = info->signo;
	bool rt = sig >= L_SIGRTMIN;
	struct uk_sigq *e = NULL;

	if (!rt && (*pending & BIT(sig)))
		return 0;
	/* the kernel's own and kill()'s standard signals pass the limit */
	if ((!rt && info->code >= 0) ||
	    nqueued < uk_posix_rlimit(L_RLIMIT_SIGPENDING))
		e = uk_malloc(uk_alloc_get_default(), sizeof(*e));
	if (!e && rt && info->code != L_SI_USER)
		return -UK_EAGAIN;
	*pending |= BIT(sig);
	if (!e)
		return 0;
	e->next = NULL;
	e->info = *info;
	while (*q)
		q = &(*q)->next;
	*q = e;
	nqueued++;
	return 0;
}

/*
 * Takes the first siginfo of pending signal @sig off (*@q, *@pending)
 * into @info (one of kill()'s when none was kept).
 */
static void queue_take(struct uk_sigq **q, uint64_t *pending, int sig,
		       struct l_siginfo *info)
{
	struct uk_sigq *e;

	uk_memset(info, 0, sizeof(*info));	/* as Linux: si_pid 0 */
	info->signo = sig;
	for (; (e = *q); q = &e->next)
		if (e->info.signo == sig)
			break;
	if (e) {
		*info = e->info;
		*q = e->next;
		uk_free(uk_alloc_get_default(), e);
		nqueued--;
	}
	for (e = *q; e; e = e->next)
		if (e->info.signo == sig)
			return;
	*pending &= ~BIT(sig);
}

static int thread_pend(struct uk_posix_thread *pt,
		       const struct l_siginfo *info)
{
	bool idle = !pt->sig_pending;
	int rc = queue_add(&pt->sig_queue, &pt->sig_pending, info);

	if (idle && pt->sig_pending)
		threads_pending++;
	return rc;
}

static void thread_unpend(struct uk_posix_thread *pt, uint64_t set)
{
	if (!pt->sig_pending)
		return;
	queue_drop(&pt->sig_queue, &pt->sig_pending, set);
	if (!pt->sig_pending)
		threads_pending--;
}

/* Signals of @pt that would end an interruptible wait. */
static uint64_t wakeful(const struct uk_posix_thread *pt)
{
	return (pt->sig_pending | shared_pending) &
	       (~pt->sig_blocked | pt->sig_waiting);
}

bool uk_posix_signal_pending(void)
{
	struct uk_posix_thread *pt = uk_posix_thread(uk_thread_current());

	return pt && wakeful(pt);
}

void uk_posix_signal_thread_init(struct uk_posix_thread *pt,
				 const struct uk_posix_thread *parent)
{
	pt->sig_blocked = parent ? parent->sig_blocked : 0;
	pt->sig_pending = 0;
	pt->sig_queue = NULL;
	pt->sig_waiting = 0;
	pt->sig_restore = false;
	/* a new thread has no alternate stack (CLONE_VM, as Linux) */
	pt->altstack.sp = NULL;
	pt->altstack.flags = L_SS_DISABLE;
	pt->altstack.size = 0;
}

void uk_posix_signal_thread_exit(struct uk_posix_thread *pt)
{
	unsigned long flags = ukplat_irq_save();

	thread_unpend(pt, ~0ULL);
	update_request();
	ukplat_irq_restore(flags);
}

static struct uk_posix_thread *self(void)
{
	return uk_posix_thread(uk_thread_current());
}

/* ---- sending ---- */

/*
 * For a signal to the process: the thread that takes it (the running
 * one, or the first that does not block it), else a thread waiting for
 * it in rt_sigtimedwait (which blocks it: it must be woken), or NULL.
 */
static struct uk_posix_thread *pick_thread(int sig)
{
	struct uk_posix_thread *pt = uk_posix_thread(uk_thread_current());

	if (pt && !(pt->sig_blocked & BIT(sig)))
		return pt;
	for (pt = uk_posix_thread_first(); pt; pt = pt->next)
		if (!(pt->sig_blocked & BIT(sig)))
			return pt;
	for (pt = uk_posix_thread_first(); pt; pt = pt->next)
		if (pt->sig_waiting & BIT(sig))
			return pt;
	return NULL;
}

/*
 * Sends @info's signal to @t, or to the process when @t is NULL.
 * Returns 0, -EINVAL, or -EAGAIN (a real-time signal past
 * RLIMIT_SIGPENDING).
 */
static long send_info(struct uk_thread *t, const struct l_siginfo *info)
{
	int sig = info->signo;
	struct uk_posix_thread *pt;
	unsigned long flags;
	bool blocked;
	long rc;
	int act;

	if (sig == 0)
		return 0;
	if (sig < 1 || sig >= L_NSIG)
		return -UK_EINVAL;
	flags = ukplat_irq_save();
	act = disposition(sig);
	pt = t ? uk_posix_thread(t) : pick_thread(sig);
	/* a kernel thread cannot block signals; nor can anyone without
	 * delivery, where the default action is taken at once */
	blocked = pt ? (pt->sig_blocked & BIT(sig)) != 0 : !t;
	if (sig == L_SIGKILL || !UKPLAT_SIGNAL_HOOK)
		blocked = false;
	if (!blocked && act == ACT_TERMINATE)
		terminate(sig);
	if (!blocked && (act == ACT_IGNORE || !pt || !UKPLAT_SIGNAL_HOOK)) {
		if (act == ACT_HANDLER)
			uk_pr_warn("signal %d: no handler can run %s; dropped\n",
				   sig, pt ? "on this architecture yet"
					   : "in a kernel thread");
		ukplat_irq_restore(flags);
		return 0;
	}
	rc = t ? thread_pend(pt, info)
	       : queue_add(&shared_queue, &shared_pending, info);
	if (rc) {
		ukplat_irq_restore(flags);
		return rc;
	}
	update_request();
	if (pt && (!blocked || (pt->sig_waiting & BIT(sig))))
		uk_thread_wake(pt->thread);	/* ends an interruptible wait */
	ukplat_irq_restore(flags);
	return 0;
}

/* Sends @sig with si_code @code from this process to @t (or it). */
static long send(struct uk_thread *t, int sig, int code)
{
	struct l_siginfo info;

	uk_memset(&info, 0, sizeof(info));
	info.signo = sig;
	info.code = code;
	info.kill.pid = PID;
	return send_info(t, &info);
}

static long uk_sys_kill(int pid, int sig)
{
	if (!uk_posix_is_self(pid))
		return -UK_ESRCH;
	return send(NULL, sig, L_SI_USER);
}
UK_SYSCALL_REGISTER(kill, uk_sys_kill);

static long tkill(int tid, int sig)
{
	struct uk_thread *t;

	if (tid <= 0)
		return -UK_EINVAL;
	t = uk_thread_find(tid);
	if (!t)
		return -UK_ESRCH;
	return send(t, sig, L_SI_TKILL);
}

static long uk_sys_tkill(int tid, int sig)
{
	return tkill(tid, sig);
}
UK_SYSCALL_REGISTER(tkill, uk_sys_tkill);

static long uk_sys_tgkill(int pid, int tid, int sig)
{
	if (pid <= 0)
		return -UK_EINVAL;
	if (pid != PID)
		return -UK_ESRCH;
	return tkill(tid, sig);
}
UK_SYSCALL_REGISTER(tgkill, uk_sys_tgkill);

/*
 * rt_sigqueueinfo, rt_tgsigqueueinfo: the caller's siginfo (sigqueue's
 * SI_QUEUE and si_value), queued; si_signo is @sig. Codes the kernel
 * keeps for itself (>= 0, SI_TKILL) are the caller's to send only to
 * itself, as here they always are.
 */
static long queue_info(struct uk_thread *t, int sig,
		       const struct l_siginfo *uinfo)
{
	struct l_siginfo info;

	if (uk_copy_from_user(&info, uinfo, sizeof(info)))
		return -UK_EFAULT;
	info.signo = sig;
	return send_info(t, &info);
}

static long uk_sys_rt_sigqueueinfo(int pid, int sig,
				   const struct l_siginfo *uinfo)
{
	if (!uk_posix_is_self(pid))
		return -UK_ESRCH;
	return queue_info(NULL, sig, uinfo);
}
UK_SYSCALL_REGISTER(rt_sigqueueinfo, uk_sys_rt_sigqueueinfo);

static long uk_sys_rt_tgsigqueueinfo(int pid, int tid, int sig,
				     const struct l_siginfo *uinfo)
{
	struct uk_thread *t;

	if (pid <= 0 || tid <= 0)
		return -UK_EINVAL;
	if (pid != PID)
		return -UK_ESRCH;
	t = uk_thread_find(tid);
	if (!t)
		return -UK_ESRCH;
	return queue_info(t, sig, uinfo);
}
UK_SYSCALL_REGISTER(rt_tgsigqueueinfo, uk_sys_rt_tgsigqueueinfo);

long uk_posix_signal_send(int tid, const struct l_siginfo *info)
{
	struct uk_thread *t = NULL;

	if (tid) {
		t = uk_thread_find(tid);
		if (!t)
			return -UK_ESRCH;
	}
	return send_info(t, info);
}

/* ---- delivery, at the end of a system call ---- */

/*
 * Takes the lowest-numbered signal of @pt in @set (its own first, then
 * the process's) off the pending sets; returns it (0: none) and its
 * siginfo in *@info (the first sent, for a queued real-time signal).
 */
static int dequeue(struct uk_posix_thread *pt, uint64_t set,
		   struct l_siginfo *info)
{
	uint64_t own = pt->sig_pending & set;
	int sig;

	if (own) {
		sig = __builtin_ctzll(own) + 1;
		queue_take(&pt->sig_queue, &pt->sig_pending, sig, info);
		if (!pt->sig_pending)
			threads_pending--;
	} else if (shared_pending & set) {
		sig = __builtin_ctzll(shared_pending & set) + 1;
		queue_take(&shared_queue, &shared_pending, sig, info);
	} else {
		return 0;
	}
	if (info->code == L_SI_TIMER)
		uk_posix_timer_delivered(info);
	return sig;
}

static bool is_restart(long ret)
{
	return ret == -UK_ERESTARTSYS || ret == -UK_ERESTARTNOINTR ||
	       ret == -UK_ERESTARTNOHAND;
}

/* The interrupted system call's result now that handler @ka runs. */
static void restart_for_handler(struct ukplat_syscall_regs *r,
				const struct l_sigaction *ka)
{
	long ret = sigframe_result(r);

	if (ret == -UK_ERESTARTNOINTR ||
	    (ret == -UK_ERESTARTSYS && (ka->flags & L_SA_RESTART)))
		sigframe_restart(r);
	else if (is_restart(ret))
		sigframe_set_result(r, -UK_EINTR);
}

/*
 * Enters @sig's handler @ka on @pt's behalf: its frame, with @info and
 * (for a fault) @fault, then the handler's mask. Returns 0 or -EFAULT
 * (no frame can be written: see sigframe_push).
 */
static int enter(struct uk_posix_thread *pt, struct ukplat_syscall_regs *r,
		 const struct l_sigaction *ka, const struct l_siginfo *info,
		 const struct ukplat_fault *fault)
{
	int sig = info->signo;
	uint64_t mask;

	mask = pt->sig_restore ? pt->sig_saved : pt->sig_blocked;
	if (sigframe_push(r, info, ka, mask, &pt->altstack, fault) < 0)
		return -UK_EFAULT;
	pt->sig_restore = false;
	pt->sig_blocked |= ka->mask |
			   ((ka->flags & L_SA_NODEFER) ? 0 : BIT(sig));
	pt->sig_blocked &= ~UNBLOCKABLE;
	if (ka->flags & L_SA_RESETHAND)
		actions[sig].handler = L_SIG_DFL;
	return 0;
}

/* Enters the handler of @sig; false when nothing was entered. */
static bool deliver(struct uk_posix_thread *pt, struct ukplat_syscall_regs *r,
		    const struct l_siginfo *info, bool in_syscall)
{
	int sig = info->signo;
	struct l_sigaction ka = actions[sig];

	switch (disposition(sig)) {
	case ACT_IGNORE:
		return false;
	case ACT_TERMINATE:
		terminate(sig);
	}
	if (in_syscall)
		restart_for_handler(r, &ka);
	if (enter(pt, r, &ka, info, NULL) < 0) {
		uk_pr_err("signal %d: cannot enter handler %lx (no SA_RESTORER, or no writable stack for its frame)\n",
			  sig, ka.handler);
		terminate(L_SIGSEGV);
	}
	return true;
}

/*
 * The fault hook (uk/plat/signal.h): a fault of the application's code
 * in an application thread enters the handler of its signal, as Linux's
 * force_sig_fault does; with no handler, or the signal blocked or
 * ignored, or no stack to write the handler's frame on, the program
 * ends by the signal (by SIGSEGV for the last), after the kernel's
 * report of the fault.
 */
static bool fault(struct ukplat_syscall_regs *r, const struct ukplat_fault *f)
{
	struct uk_posix_thread *pt = self();
	int sig = f->signo;
	struct l_siginfo info;

	if (!pt || sig < 1 || sig >= L_NSIG)
		return false;
	if (disposition(sig) == ACT_HANDLER && !(pt->sig_blocked & BIT(sig))) {
		uk_memset(&info, 0, sizeof(info));
		info.signo = sig;
		info.code = f->code;
		info.fault.addr = f->addr;
		if (enter(pt, r, &actions[sig], &info, f) == 0)
			return true;
		sig = L_SIGSEGV;
	}
	ukplat_fault_report(r, f);
	terminate(sig);
}

/*
 * The exit hook: rt_sigreturn's restore, then every deliverable signal;
 * a restart code left by the call restarts it when no handler ran.
 */
static void syscall_exit(struct ukplat_syscall_regs *r)
{
	struct uk_posix_thread *pt = uk_posix_thread(uk_thread_current());
	bool in_syscall = true;
	struct l_siginfo info;
	uint64_t mask;

	if (!pt) {
		update_request();
		return;
	}
	if (sigframe_nr(r) == UK_NR_rt_sigreturn) {
		if (sigframe_pop(r, &mask) < 0) {
			uk_pr_err("rt_sigreturn: no signal frame at %lx\n",
				  sigframe_sp(r));
			terminate(L_SIGSEGV);
		}
		pt->sig_blocked = mask & ~UNBLOCKABLE;
		in_syscall = false;
	}
	while (dequeue(pt, ~pt->sig_blocked, &info))
		if (deliver(pt, r, &info, in_syscall))
			in_syscall = false;
	if (in_syscall && is_restart(sigframe_result(r)))
		sigframe_restart(r);
	if (pt->sig_restore) {
		pt->sig_blocked = pt->sig_saved;
		pt->sig_restore = false;
	}
	update_request();
}

/*
 * The interrupt hook: an interrupt returns to the application's code of
 * a thread with a deliverable signal (sent while it computed, or by the
 * interrupt itself): its handlers are entered there, as Linux does on
 * the return from an interrupt to user mode.
 */
static void irq_exit(struct ukplat_syscall_regs *r)
{
	struct uk_posix_thread *pt = self();
	struct l_siginfo info;

	if (pt)
		while (dequeue(pt, ~pt->sig_blocked, &info))
			deliver(pt, r, &info, false);
	update_request();
}

static long uk_sys_rt_sigreturn(void)
{
	if (!UKPLAT_SIGNAL_HOOK)
		return -UK_ENOSYS;
	/* the exit hook does the work: it has the registers */
	ukplat_syscall_exit_request(true);
	return 0;
}
UK_SYSCALL_REGISTER(rt_sigreturn, uk_sys_rt_sigreturn);

static int signal_init(void)
{
	ukplat_syscall_exit_set(syscall_exit);
	ukplat_irq_exit_set(irq_exit);
	ukplat_fault_set(fault);
	return 0;
}
uk_lib_initcall(signal_init);

/* ---- dispositions and masks ---- */

/* Drops @sig wherever it is pending (it became ignored). */
static void discard(int sig)
{
	struct uk_posix_thread *pt;

	queue_drop(&shared_queue, &shared_pending, BIT(sig));
	for (pt = uk_posix_thread_first(); pt; pt = pt->next)
		thread_unpend(pt, BIT(sig));
	update_request();
}

static long uk_sys_rt_sigaction(int sig, const struct l_sigaction *act,
				struct l_sigaction *oact, size_t setsize)
{
	struct l_sigaction new, old;
	unsigned long flags;

	if (setsize != sizeof(uint64_t))
		return -UK_EINVAL;
	if (sig < 1 || sig >= L_NSIG ||
	    (act && (sig == L_SIGKILL || sig == L_SIGSTOP)))
		return -UK_EINVAL;
	/* every input is read before any output is written: @act and
	 * @oact may be the same */
	if (act && uk_copy_from_user(&new, act, sizeof(new)))
		return -UK_EFAULT;
	flags = ukplat_irq_save();
	old = actions[sig];
	if (act) {
		actions[sig] = new;
		actions[sig].mask &= ~UNBLOCKABLE;
		if (disposition(sig) == ACT_IGNORE)
			discard(sig);
	}
	ukplat_irq_restore(flags);
	if (oact)
		return uk_copy_to_user(oact, &old, sizeof(old));
	return 0;
}
UK_SYSCALL_REGISTER(rt_sigaction, uk_sys_rt_sigaction);

static long uk_sys_rt_sigprocmask(int how, const uint64_t *set,
				  uint64_t *oset, size_t setsize)
{
	struct uk_posix_thread *pt = self();
	uint64_t blocked, s;

	if (setsize != sizeof(uint64_t))
		return -UK_EINVAL;
	if (!pt)
		return -UK_EPERM;
	blocked = pt->sig_blocked;
	if (set) {
		if (uk_copy_from_user(&s, set, sizeof(s)))
			return -UK_EFAULT;
		switch (how) {
		case L_SIG_BLOCK:
			blocked |= s;
			break;
		case L_SIG_UNBLOCK:
			blocked &= ~s;
			break;
		case L_SIG_SETMASK:
			blocked = s;
			break;
		default:
			return -UK_EINVAL;
		}
	}
	if (oset && uk_copy_to_user(oset, &pt->sig_blocked, sizeof(*oset)))
		return -UK_EFAULT;
	/* what it unblocks is delivered as this call ends */
	pt->sig_blocked = blocked & ~UNBLOCKABLE;
	return 0;
}
UK_SYSCALL_REGISTER(rt_sigprocmask, uk_sys_rt_sigprocmask);

static long uk_sys_rt_sigpending(uint64_t *set, size_t setsize)
{
	struct uk_posix_thread *pt = self();
	uint64_t pending;

	/* Linux: a shorter set gets the first @setsize bytes */
	if (setsize > sizeof(uint64_t))
		return -UK_EINVAL;
	if (!set && setsize)
		return -UK_EFAULT;
	pending = pt ? (pt->sig_pending | shared_pending) & pt->sig_blocked : 0;
	return uk_copy_to_user(set, &pending, setsize);
}
UK_SYSCALL_REGISTER(rt_sigpending, uk_sys_rt_sigpending);

/*
 * Blocks the caller until a signal would end the wait or @deadline
 * (0: none). Returns 0 for a signal, -ETIMEDOUT.
 */
static int wait_signal(struct uk_posix_thread *pt, uint64_t deadline)
{
	unsigned long flags = ukplat_irq_save();
	int rc = 0;

	while (!wakeful(pt) && rc == 0)
		rc = uk_thread_block(deadline);
	if (wakeful(pt))
		rc = 0;
	ukplat_irq_restore(flags);
	return rc;
}

void uk_posix_signal_mask_for_call(uint64_t set)
{
	struct uk_posix_thread *pt = self();

	if (!pt || !UKPLAT_SIGNAL_HOOK)
		return;
	pt->sig_saved = pt->sig_blocked;
	pt->sig_restore = true;
	pt->sig_blocked = set & ~UNBLOCKABLE;
	ukplat_syscall_exit_request(true);
}

void uk_posix_sigpipe(void)
{
	struct uk_posix_thread *pt = self();

	if (pt)
		uk_syscall(UK_NR_tgkill, 1L,
			   (long)uk_thread_tid(uk_thread_current()),
			   (long)L_SIGPIPE);
}

static long uk_sys_rt_sigsuspend(const uint64_t *set, size_t setsize)
{
	struct uk_posix_thread *pt = self();
	uint64_t s;

	if (setsize != sizeof(uint64_t))
		return -UK_EINVAL;
	if (uk_copy_from_user(&s, set, sizeof(s)))
		return -UK_EFAULT;
	if (!pt || !UKPLAT_SIGNAL_HOOK)
		return -UK_ENOSYS;
	/* the hook delivers with this mask, then puts the old one back */
	pt->sig_saved = pt->sig_blocked;
	pt->sig_restore = true;
	pt->sig_blocked = s & ~UNBLOCKABLE;
	wait_signal(pt, 0);
	ukplat_syscall_exit_request(true);
	return -UK_ERESTARTNOHAND;
}
UK_SYSCALL_REGISTER(rt_sigsuspend, uk_sys_rt_sigsuspend);

#ifdef UK_NR_pause
static long uk_sys_pause(void)
{
	struct uk_posix_thread *pt = self();

	if (!pt || !UKPLAT_SIGNAL_HOOK)
		return -UK_ENOSYS;
	wait_signal(pt, 0);
	ukplat_syscall_exit_request(true);
	return -UK_ERESTARTNOHAND;
}
UK_SYSCALL_REGISTER(pause, uk_sys_pause);
#endif

static long uk_sys_rt_sigtimedwait(const uint64_t *set, struct l_siginfo *info,
				   const struct l_timespec *timeout,
				   size_t setsize)
{
	struct uk_posix_thread *pt = self();
	uint64_t want, deadline = 0;
	struct l_timespec to;
	struct l_siginfo si;
	unsigned long flags;
	int sig, rc = 0;
	bool poll = false;

	if (setsize != sizeof(uint64_t))
		return -UK_EINVAL;
	if (uk_copy_from_user(&want, set, sizeof(want)))
		return -UK_EFAULT;
	if (!pt)
		return -UK_ENOSYS;
	if (timeout) {
		if (uk_posix_get_timespec(timeout, &to))
			return -UK_EFAULT;
		if (uk_posix_timespec_bad(&to))
			return -UK_EINVAL;
		poll = !to.tv_sec && !to.tv_nsec;
		deadline = uk_posix_deadline_in(uk_posix_timespec_ns(&to));
	}
	want &= ~UNBLOCKABLE;
	flags = ukplat_irq_save();
	sig = dequeue(pt, want, &si);
	if (!sig && !poll) {
		/* the set's signals end the wait even while blocked */
		pt->sig_waiting = want;
		rc = wait_signal(pt, deadline);
		pt->sig_waiting = 0;
		sig = dequeue(pt, want, &si);
	}
	update_request();
	ukplat_irq_restore(flags);
	if (!sig)	/* else another signal's handler runs: EINTR */
		return poll || rc == -UK_ETIMEDOUT ? -UK_EAGAIN : -UK_EINTR;
	if (info && uk_copy_to_user(info, &si, sizeof(si)))
		return -UK_EFAULT;
	return sig;
}
UK_SYSCALL_REGISTER(rt_sigtimedwait, uk_sys_rt_sigtimedwait);

/* The caller's stack pointer: at the trap, else (a direct call) ours. */
static unsigned long caller_sp(void)
{
	unsigned long sp = ukplat_syscall_sp();

	return sp ? sp : (unsigned long)__builtin_frame_address(0);
}

/* True when @sp is on the enabled alternate stack @ss (Linux's test). */
static bool on_altstack(const struct l_sigaltstack *ss, unsigned long sp)
{
	return !(ss->flags & L_SS_DISABLE) && ss->size &&
	       sp > (unsigned long)ss->sp &&
	       sp - (unsigned long)ss->sp <= ss->size;
}

static long uk_sys_sigaltstack(const struct l_sigaltstack *ss,
			       struct l_sigaltstack *old)
{
	struct uk_posix_thread *pt = self();
	struct l_sigaltstack new, cur;
	bool onstack;

	if (!pt)
		return -UK_EPERM;
	/* @ss is read before @old is written (they may be the same), and
	 * @old only written when the call succeeds, as Linux does; on the
	 * alternate stack (in a handler that runs there) it reads
	 * SS_ONSTACK and cannot be changed */
	cur = pt->altstack;
	onstack = on_altstack(&cur, caller_sp());
	if (onstack)
		cur.flags = L_SS_ONSTACK;
	if (ss) {
		if (uk_copy_from_user(&new, ss, sizeof(new)))
			return -UK_EFAULT;
		if (onstack)
			return -UK_EPERM;
		/* SS_ONSTACK is accepted and means 0, as on Linux */
		if (new.flags & ~(L_SS_DISABLE | L_SS_ONSTACK))
			return -UK_EINVAL;
		if (new.flags & L_SS_DISABLE) {
			new.sp = NULL;
			new.size = 0;
			new.flags = L_SS_DISABLE;
		} else if (new.size < L_MINSIGSTKSZ) {
			return -UK_ENOMEM;
		} else {
			new.flags = 0;
		}
		pt->altstack = new;
	}
	if (old && uk_copy_to_user(old, &cur, sizeof(cur)))
		return -UK_EFAULT;
	return 0;
}
UK_SYSCALL_REGISTER(sigaltstack, uk_sys_sigaltstack);
