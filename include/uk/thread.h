/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads (see uk/sched.h for the scheduler they run on).
 *
 * A thread has its own stack, TLS pointer and FP control state; under
 * `preempt` also its full FPU/SIMD state while it is preempted. Stacks
 * the scheduler allocates (and the main stack) come from the default
 * allocator with an inaccessible gap of UK_THREAD_GUARD_SIZE below them:
 * an overflow faults, even one that moves the stack pointer by a large
 * frame or alloca() at once (up to the gap's size without probing; the
 * kernel is built with -fstack-clash-protection, which probes every
 * page of larger frames), and the crash report says "stack overflow in
 * thread NAME".
 *
 * Thread ids are unique among live threads: the boot context (which
 * becomes the application's main thread) is 1, like the process id.
 *
 * Locking: every function here may be called with interrupts enabled or
 * disabled; uk_thread_wake() is the only one interrupt handlers may call.
 * Under `none` there is one thread (the main thread), uk_thread_create()
 * returns NULL, and blocking halts the CPU until a wake-up or the
 * deadline.
 */
#ifndef UK_THREAD_H
#define UK_THREAD_H

#include <uk/essentials.h>

#define UK_THREAD_PRIO_MIN	1
#define UK_THREAD_PRIO_DEFAULT	16
#define UK_THREAD_PRIO_MAX	31
#define UK_THREAD_STACK_DEFAULT	(64 * UK_KiB)
#define UK_THREAD_NAME_MAX	24	/* with the NUL; longer is cut */
/* the inaccessible gap below a stack (a multiple of the page size) */
#define UK_THREAD_GUARD_SIZE	(64 * UK_KiB)

struct uk_thread;

struct uk_thread_attr {
	/* 0: UK_THREAD_STACK_DEFAULT; rounded up to whole pages */
	size_t stack_size;
	/*
	 * A stack of the caller's, by its highest address (no guard page;
	 * never freed by the scheduler); stack_size is then ignored.
	 */
	void *stack_top;
	/* 0: UK_THREAD_PRIO_DEFAULT; only `preempt` honours priorities */
	int prio;
	/*
	 * Initial TLS pointer (FS base / TPIDR_EL0); 0: none, so that
	 * the thread must not call into the C library (its errno and
	 * locks live in TLS): pthread_create makes threads that may.
	 */
	unsigned long tls;
	/* Freed as soon as it exits; cannot be joined */
	bool detached;
};

/*
 * Creates a thread running @fn(@arg) and makes it runnable (it runs when
 * the scheduler picks it: under `coop`, once the caller yields or
 * blocks). Returning from @fn is uk_thread_exit() with its value. @attr
 * may be NULL (defaults). Returns the thread, or NULL when there is no
 * memory, @attr is invalid, or the scheduler has no threads (`none`).
 */
struct uk_thread *uk_thread_create(const char *name, void *(*fn)(void *),
				   void *arg,
				   const struct uk_thread_attr *attr);

/*
 * Ends the calling thread with @retval for uk_thread_join(). When the
 * last thread ends, the system stops with status 0 (uk_boot_exit).
 */
void uk_thread_exit(void *retval) __noreturn;

/*
 * Waits until @t ended, stores its value in *@retval (if not NULL) and
 * frees it. Returns 0, -EINVAL when @t is detached, -EDEADLK when @t is
 * the caller.
 */
int uk_thread_join(struct uk_thread *t, void **retval);

/* Lets @t be freed when it ends (at once if it already has). 0 or -EINVAL. */
int uk_thread_detach(struct uk_thread *t);

/* The running thread (never NULL once the scheduler started). */
struct uk_thread *uk_thread_current(void);

int uk_thread_tid(const struct uk_thread *t);
const char *uk_thread_name(const struct uk_thread *t);
int uk_thread_prio(const struct uk_thread *t);
/*
 * Changes @t's priority at once (a runnable thread moves to its new
 * level; under preempt a thread that now outranks the running one takes
 * the CPU). Returns 0 or -EINVAL (out of range).
 */
int uk_thread_set_prio(struct uk_thread *t, int prio);
/* The live thread with id @tid, or NULL. */
struct uk_thread *uk_thread_find(int tid);

/* One pointer for the layer above (the POSIX layer's clear-child-tid). */
void *uk_thread_priv(const struct uk_thread *t);
void uk_thread_set_priv(struct uk_thread *t, void *priv);

/*
 * Low-level blocking, for wait queues and the like. Called with
 * interrupts disabled, after the caller published itself where a waker
 * finds it (a queue protected by disabling interrupts): the calling
 * thread sleeps until uk_thread_wake() or monotonic time @deadline
 * (0: no deadline). Returns 0 when woken, -ETIMEDOUT when the deadline
 * passed first. A wake-up may be spurious: callers re-check what they
 * wait for. Returns with interrupts still disabled.
 */
int uk_thread_block(uint64_t deadline);

/* Makes @t runnable if it is blocked; otherwise does nothing. */
void uk_thread_wake(struct uk_thread *t);

/*
 * CPU time @t has run, in ns: the platform's monotonic clock, accounted
 * at each switch (the running thread's current run included). Time in
 * interrupt handlers counts for the thread they interrupted. Under
 * `none`: the time since boot that the CPU did not spend halted.
 */
uint64_t uk_thread_cpu_time(const struct uk_thread *t);

/*
 * Records that the UK_THREAD_GUARD_SIZE bytes at @guard (page-aligned,
 * made inaccessible by the caller) lie below @t's stack, for the
 * overflow report. Used for stacks the scheduler did not allocate, e.g.
 * the main stack.
 */
void uk_thread_set_guard(struct uk_thread *t, uintptr_t guard);

/*
 * For crash reports: the name of the running thread when @addr lies in
 * the guard gap below its stack, else NULL. Only the running thread's
 * stack can overflow: a fault in another thread's gap is a stray access
 * (a heap overflow into the gap of the stack allocated next to it), not
 * a stack overflow. Reads no list, so a corrupted thread list cannot
 * fault again inside a crash report.
 */
const char *uk_thread_guard_owner(uintptr_t addr);

#endif /* UK_THREAD_H */
