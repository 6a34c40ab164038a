/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal interfaces between the POSIX layer's files. */
#ifndef UK_POSIX_POSIX_H
#define UK_POSIX_POSIX_H

#include <uk/essentials.h>
#include <uk/thread.h>
#include "linux.h"

/* True if @pid / @tid name this process / its thread. */
bool uk_posix_is_self(long pid);
bool uk_posix_is_self_tid(long tid);

/*
 * The soft limit of resource @res (L_RLIMIT_..., system.c), as
 * setrlimit left it; L_RLIM_INFINITY for none.
 */
unsigned long uk_posix_rlimit(unsigned int res);

/*
 * Robust futexes (futex.c): at the exit of thread @tid, each futex of
 * its robust list @head (set_robust_list's) that it still owns gets
 * FUTEX_OWNER_DIED and a waiter woken, as Linux's exit does.
 */
void uk_posix_robust_exit(void *head, int tid);

/* Wakes up to @n futex waiters on @addr (futex.c); returns how many. */
long uk_posix_futex_wake(const uint32_t *addr, int n);

/*
 * What the POSIX layer keeps per application thread (the main thread
 * and the threads of clone; uk_thread_priv points to it). Threads the
 * kernel made for itself have none. Changed with interrupts disabled.
 */
struct uk_posix_thread {
	struct uk_thread *thread;
	struct uk_posix_thread *next;	/* every application thread */
	int *clear_tid;		/* CLONE_CHILD_CLEARTID, set_tid_address */
	/* signals (signal.c) */
	uint64_t sig_blocked;
	uint64_t sig_pending;	/* sent to this thread alone */
	uint64_t sig_waiting;	/* rt_sigtimedwait's set while it waits */
	uint64_t sig_saved;	/* the mask rt_sigsuspend replaced... */
	bool sig_restore;	/* ...to be restored at the end of the call */
	struct uk_sigq *sig_queue;	/* the siginfo of each, as sent */
	struct l_sigaltstack altstack;
	/* futexes (futex.c) */
	void *robust_list;	/* set_robust_list's head */
	int pi_base;		/* priority before a PI boost; 0: none */
	/* scheduling policy (sched.c): Linux's policy and priority */
	int sched_policy;
	int sched_prio;
};

/*
 * A pending signal's siginfo (signal.c): a standard signal has at most
 * one, a real-time one (L_SIGRTMIN and up) one per sending.
 */
struct uk_sigq {
	struct uk_sigq *next;
	struct l_siginfo info;
};

/* @t's state, or NULL for a kernel thread (thread.c). */
struct uk_posix_thread *uk_posix_thread(struct uk_thread *t);
/* The first application thread, then the next one, or NULL. */
struct uk_posix_thread *uk_posix_thread_first(void);

/*
 * Signals (signal.c). A thread's new state gets the creating thread's
 * signal mask, as on Linux; at its end its pending signals go.
 */
void uk_posix_signal_thread_init(struct uk_posix_thread *pt,
				 const struct uk_posix_thread *parent);
void uk_posix_signal_thread_exit(struct uk_posix_thread *pt);

/*
 * True when the running thread has a signal that would be delivered now
 * (pending and not blocked): interruptible waits (nanosleep, futex,
 * sigsuspend) end with -EINTR or a restart code when it is.
 */
bool uk_posix_signal_pending(void);

/*
 * Blocks the signals of @set for the rest of the system call and puts
 * the thread's mask back at its end (after a handler that the call's
 * interruption runs, as ppoll/pselect6/epoll_pwait do on Linux).
 */
void uk_posix_signal_mask_for_call(uint64_t set);

/*
 * Sends @info's signal (a timer's: timer.c) to thread @tid, or to the
 * process for 0. Returns 0, -ESRCH, -EINVAL or -EAGAIN.
 */
long uk_posix_signal_send(int tid, const struct l_siginfo *info);

/*
 * Timers (timer.c): the signal of a timer (si_code SI_TIMER) leaves the
 * pending set; @info gets its si_overrun.
 */
void uk_posix_timer_delivered(struct l_siginfo *info);

/*
 * Clocks (time.c). uk_posix_clock_read reads the clocks that are a
 * platform clock: REALTIME, MONOTONIC, their _COARSE and _RAW variants
 * and BOOTTIME, into ns; -EINVAL for any other (the CPU-time clocks are
 * the system call's alone). Safe from application context, interrupts
 * enabled and preemptible, for the vDSO (vdso.c) calls it there.
 */
int uk_posix_clock_read(int clk, uint64_t *ns);
void uk_posix_to_timespec(uint64_t ns, struct l_timespec *ts);

/*
 * The CPU-time clock @clk (CLOCK_PROCESS_CPUTIME_ID,
 * CLOCK_THREAD_CPUTIME_ID, or the ids of clock_getcpuclockid and
 * pthread_getcpuclockid): 0 with *@tid the id of the thread whose time
 * it counts, 0 for the process's (uk_sched_cpu_time); -EINVAL for any
 * other clock, or a thread or process that does not exist.
 */
int uk_posix_cpu_clock(int clk, int *tid);
/* The same into / a copy from a user pointer (uk/uaccess.h): 0 or -EFAULT */
int uk_posix_put_timespec(uint64_t ns, struct l_timespec *uts);
int uk_posix_get_timespec(const struct l_timespec *uts,
			  struct l_timespec *ts);

/*
 * Timeouts (time.c). uk_posix_timespec_bad: the fields are out of range
 * (EINVAL). uk_posix_timespec_ns: a valid @ts in ns, saturated at
 * UK_POSIX_KTIME_MAX as Linux's timespec64_to_ktime does (never
 * wrapped: {18446744074, 0} is not 0.29 s). uk_posix_deadline_in: the
 * monotonic deadline @ns from now, saturated at UK_POSIX_TIMEOUT_MAX
 * from now (some 73 years: as good as never, and within what every
 * platform timer can be armed for).
 */
#define UK_POSIX_KTIME_MAX	((uint64_t)__LONG_MAX__)
#define UK_POSIX_TIMEOUT_MAX	(1ULL << 61)
bool uk_posix_timespec_bad(const struct l_timespec *ts);
uint64_t uk_posix_timespec_ns(const struct l_timespec *ts);
uint64_t uk_posix_deadline_in(uint64_t ns);

/* The vDSO (vdso.c): its ELF image, and its clock_gettime. */
const void *uk_vdso_ehdr(void);
int uk_vdso_clock_gettime(int clk, struct l_timespec *ts);

/*
 * Results that never reach the application: the end of the system call
 * turns them into -EINTR, or restarts the call, by the signal delivered
 * (Linux's meaning): ERESTARTSYS restarts if the handler has
 * SA_RESTART; ERESTARTNOINTR always; ERESTARTNOHAND only if no handler
 * runs. Only returned by calls that found uk_posix_signal_pending().
 */
#define UK_ERESTARTSYS		512
#define UK_ERESTARTNOINTR	513
#define UK_ERESTARTNOHAND	514

/*
 * Memory (mm.c): the bytes the image and the mappings hold, and the text
 * of /proc/self/maps (the image as /@name, then each mapping) appended
 * at @buf[*@len..@size); *@len grows by the full text's length even
 * when it does not fit.
 */
size_t uk_posix_mm_bytes(void);
void uk_posix_mm_maps(char *buf, size_t size, size_t *len, const char *name);

/* Block devices (blk.c, with the blkdev library): a node /dev/NAME in
 * @dev for each device found. */
struct uk_vnode;
#if UK_CONFIG_LIB_BLKDEV
void uk_posix_blk_nodes(struct uk_vnode *dev);
#else
static inline void uk_posix_blk_nodes(struct uk_vnode *dev) {}
#endif

#endif /* UK_POSIX_POSIX_H */
