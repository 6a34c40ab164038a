/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Inside libuk/sched: the thread and scheduler structures, shared by the
 * core (sched.c), the policies (coop.c, preempt.c) and `none` (none.c).
 *
 * Locking: one CPU; everything below is changed with interrupts
 * disabled, which also keeps the timer's handler out.
 */
#ifndef UK_SCHED_IMPL_H
#define UK_SCHED_IMPL_H

#include <uk/sched.h>
#include <uk/wait.h>
#include <uk/plat/irq.h>
#include <uk/plat/thread.h>

/*
 * The scheduler's critical sections. Under `coop` the kernel and the
 * application run with interrupts disabled: they are enabled only in the
 * idle thread's halt, and interrupt handlers run with them disabled
 * (libuk/sched/tests: sched.application_interrupt_state), so there is
 * nothing to save or disable, and saving the flags (pushf/cli/popf,
 * 120 ns under TCG) would be most of a yield. Native threads under
 * `coop` must not enable interrupts themselves.
 */
#if defined(UK_CONFIG_SCHED_COOP)
static inline unsigned long sched_irq_save(void)
{
	return 0;
}

static inline void sched_irq_restore(unsigned long flags)
{
	(void)flags;
}
#else
static inline unsigned long sched_irq_save(void)
{
	return ukplat_irq_save();
}

static inline void sched_irq_restore(unsigned long flags)
{
	ukplat_irq_restore(flags);
}
#endif

#define THREAD_RUNNING	1	/* sched->current */
#define THREAD_RUNNABLE	2	/* on the run queue */
#define THREAD_BLOCKED	3	/* uk_thread_block(); on sleepers if timed */
#define THREAD_EXITING	4	/* exited, still on its stack */
#define THREAD_EXITED	5	/* switched away for good: may be freed */

#define SCHED_LEVELS	(UK_THREAD_PRIO_MAX + 1)

struct uk_sched;

struct uk_thread {
	struct ukplat_ctx ctx;
	struct uk_sched *sched;
	int tid;
	int prio;
	int state;
	bool detached;
	bool joining;		/* uk_thread_join() has it: frees it */
	bool timed_out;		/* the last block ended by its deadline */
	int preempt_count;	/* uk_preempt_disable() depth */
	uint64_t deadline;	/* while blocked with one */
	uint64_t cpu_ticks;	/* run time up to its last switch away, in
				 * the clock's raw ticks (ukplat_clock_raw) */
	void *stack;		/* allocated here (guard page first), or NULL */
	size_t stack_pages;
	uintptr_t guard;	/* the guard page below the stack, or 0 */
	void *(*fn)(void *);
	void *arg;
	void *retval;
	void *priv;
	struct uk_waitq joiners;
	struct uk_thread *rq_next;	/* run queue */
	struct uk_thread *sleep_next;	/* sleepers, by deadline */
	struct uk_thread *all_next;	/* every thread but idle */
	char name[UK_THREAD_NAME_MAX];
};

struct sched_rq {
	uint32_t nonempty;	/* bit L: level L has threads */
	struct uk_thread *head[SCHED_LEVELS], *tail[SCHED_LEVELS];
};

struct uk_sched {
	struct uk_thread *current;
	struct uk_thread *idle;
	struct uk_thread *prev;		/* what the last switch left */
	struct sched_rq rq;
	struct uk_thread *sleepers;
	struct uk_thread *threads;
	unsigned int nthreads;
	int last_tid;
	bool resched;			/* a preemption waits for count 0 */
	bool no_timer;			/* no timer interrupt: idle spins */
	uint64_t timer_armed;		/* deadline armed, 0 none */
	uint64_t slice_start;		/* when current was switched in */
	uint64_t run_start;		/* the same in raw ticks, for CPU time */
	uint64_t exited_cpu_ticks;	/* run time of the threads that ended */
	uint64_t switches;
};

/* ---- the policy: coop.c or preempt.c ---- */

extern const char sched_policy_name[];
#if defined(UK_CONFIG_SCHED_COOP)
/*
 * coop's policy is empty (one level, no slices, the application with
 * interrupts off): inline, so that the core's switch path has no calls
 * into it. The comments below say what each hook is for.
 */
static inline unsigned int sched_policy_level(const struct uk_thread *t)
{
	(void)t;
	return 0;
}

static inline void sched_policy_start(struct uk_sched *s)
{
	(void)s;
}

static inline void sched_policy_app_start(void)
{
}

static inline uint64_t sched_policy_slice_end(struct uk_sched *s)
{
	(void)s;
	return 0;
}

static inline void sched_policy_woken(struct uk_sched *s,
				      struct uk_thread *t)
{
	(void)s;
	(void)t;
}

static inline void sched_policy_tick(struct uk_sched *s, uint64_t now)
{
	(void)s;
	(void)now;
}

static inline void sched_policy_switched(struct uk_sched *s)
{
	(void)s;
}
#else
/* Run-queue level of @t: higher runs first. */
unsigned int sched_policy_level(const struct uk_thread *t);
/* Once at start, with the boot thread current. */
void sched_policy_start(struct uk_sched *s);
/* Interrupt state of the application (see uk/sched.h). */
void sched_policy_app_start(void);
/* When the running thread's slice ends, if it must (0: never). */
uint64_t sched_policy_slice_end(struct uk_sched *s);
/* A thread became runnable / the timer fired at @now. */
void sched_policy_woken(struct uk_sched *s, struct uk_thread *t);
void sched_policy_tick(struct uk_sched *s, uint64_t now);
/* A switch just made s->current run. */
void sched_policy_switched(struct uk_sched *s);
#endif

/* ---- the core, for the policies ---- */

/* Re-arms the timer for the next event, if that changed. */
void sched_timer_update(struct uk_sched *s);
/* Puts the running thread back on the run queue and schedules. */
void sched_preempt_current(struct uk_sched *s);
/* True when some runnable thread is at @level or above. */
bool sched_rq_has_level(const struct uk_sched *s, unsigned int level);

#endif /* UK_SCHED_IMPL_H */
