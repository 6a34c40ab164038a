/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scheduler. ./configure --with-sched= picks one of three:
 *
 *   coop     round robin; a thread runs until it yields, blocks, sleeps
 *            or exits. Priorities are recorded but not used.
 *   preempt  priorities (UK_THREAD_PRIO_MIN..MAX, strict) and round
 *            robin time slices within a priority (sched.slice_ms=,
 *            default 10), from the one-shot timer; a thread woken with a
 *            higher priority than the running one preempts it at once.
 *   none     no threads: the main thread runs to completion; sleeping
 *            and blocking halt the CPU until the deadline or a wake-up.
 *
 * There is no periodic tick under any of them: the timer is armed for
 * the next deadline that matters (a sleeper, the end of a slice) or not
 * at all, and an idle CPU halts until the next interrupt.
 *
 * Interrupts: kernel code runs with interrupts disabled. Under `coop`
 * and `none` the application does too, and interrupts are taken only
 * while the CPU halts; under `preempt` the application runs with them
 * enabled and is preempted at the end of an interrupt (uk/plat/thread.h).
 * Kernel code that the application calls as a plain function, not
 * through the system-call trap, must therefore keep itself from being
 * preempted (uk_preempt_disable, or disabled interrupts) where it is not
 * reentrant: the malloc glue (libuk/musl/malloc.c) and uk_syscall()
 * do (tests/malloc-threads.uki). An application that calls uk_malloc()
 * itself under `preempt` must do the same.
 *
 * One scheduler per CPU: these functions act on the calling CPU's.
 */
#ifndef UK_SCHED_H
#define UK_SCHED_H

#include <uk/essentials.h>
#include <uk/thread.h>

/* 1 when the scheduler has threads (coop, preempt), 0 under `none`. */
#if defined(UK_CONFIG_SCHED_NONE)
#define UK_SCHED_THREADS	0
#else
#define UK_SCHED_THREADS	1
#endif

/* "coop", "preempt" or "none". */
const char *uk_sched_name(void);

/*
 * Boot: starts this CPU's scheduler, turning the running boot context
 * into thread 1 ("main"). Called once by the boot sequence before the
 * init calls. Returns 0 or a negative errno; stops the boot through
 * uk_boot_nomem() when the idle thread's stack does not fit.
 */
int uk_sched_start(void);

/*
 * Boot: sets the interrupt state the application runs with (see above).
 * Called by the boot sequence right before it enters the application.
 */
void uk_sched_app_start(void);

/* Lets the other runnable threads of the same priority run first. */
void uk_sched_yield(void);

/* Sleeps until monotonic time @deadline (ns); returns at once if past. */
void uk_sched_sleep_until(uint64_t deadline);
void uk_sched_sleep(uint64_t ns);

/* Live threads (not counting the scheduler's own idle thread). */
unsigned int uk_sched_thread_count(void);

/* Context switches since boot. */
uint64_t uk_sched_switch_count(void);

/*
 * CPU time of every thread since boot, in ns (uk_thread_cpu_time), the
 * threads that ended included, the idle thread not: the process's CPU
 * time. The boot before the scheduler started counts as the main
 * thread's.
 */
uint64_t uk_sched_cpu_time(void);

/* The round-robin time slice in ns; 0 when threads are not sliced
 * (coop, none). */
uint64_t uk_sched_slice_ns(void);

/*
 * Critical sections: while the count is above 0 the running thread is
 * not preempted (it may still block or yield). Nest; under `coop` and
 * `none` they only count.
 */
void uk_preempt_disable(void);
void uk_preempt_enable(void);

#endif /* UK_SCHED_H */
