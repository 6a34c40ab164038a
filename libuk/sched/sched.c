/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scheduler core of `coop` and `preempt`: threads and their stacks,
 * the run queue (one FIFO per level; the policy maps a thread to its
 * level), sleepers sorted by deadline, the idle thread, the timer and
 * the switch. The policy (coop.c or preempt.c) decides levels, slices
 * and preemption.
 *
 * Locking: one CPU (struct uk_sched is per CPU; there is one so far).
 * Every change happens with interrupts disabled; switches too, and each
 * thread restores its own interrupt state when it resumes.
 *
 * A thread that exits cannot free its own stack; the thread that runs
 * after it marks it EXITED (switch_finish), and whoever frees it then
 * (uk_thread_join, or switch_finish for a detached thread) may.
 */
#include <uk/boot.h>
#include <uk/sched.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <uk/boot.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/irq.h>
#include <uk/plat/paging.h>
#include <uk/plat/time.h>
#include <uk/plat/timer.h>
#include "sched_impl.h"

#define IDLE_STACK	(16 * UK_KiB)
#define TID_MAX		(1 << 29)

static struct uk_sched sched0;

static struct uk_sched *this_sched(void)
{
	return &sched0;
}

const char *uk_sched_name(void)
{
	return sched_policy_name;
}

/* ---- run queue ---- */

static void rq_push(struct uk_sched *s, struct uk_thread *t)
{
	unsigned int l = sched_policy_level(t);

	t->rq_next = NULL;
	if (s->rq.tail[l])
		s->rq.tail[l]->rq_next = t;
	else
		s->rq.head[l] = t;
	s->rq.tail[l] = t;
	s->rq.nonempty |= 1U << l;
}

static struct uk_thread *rq_pop(struct uk_sched *s)
{
	struct uk_thread *t;
	unsigned int l;

	if (!s->rq.nonempty)
		return NULL;
	l = 31 - __builtin_clz(s->rq.nonempty);
	t = s->rq.head[l];
	s->rq.head[l] = t->rq_next;
	if (!s->rq.head[l]) {
		s->rq.tail[l] = NULL;
		s->rq.nonempty &= ~(1U << l);
	}
	return t;
}

/* Takes runnable @t off the run queue (its level by its priority). */
static void rq_remove(struct uk_sched *s, struct uk_thread *t)
{
	unsigned int l = sched_policy_level(t);
	struct uk_thread **p, *prev = NULL;

	for (p = &s->rq.head[l]; *p; prev = *p, p = &(*p)->rq_next)
		if (*p == t) {
			*p = t->rq_next;
			if (s->rq.tail[l] == t)
				s->rq.tail[l] = prev;
			if (!s->rq.head[l])
				s->rq.nonempty &= ~(1U << l);
			return;
		}
}

bool sched_rq_has_level(const struct uk_sched *s, unsigned int level)
{
	return level < SCHED_LEVELS && (s->rq.nonempty >> level) != 0;
}

/* ---- sleepers ---- */

static void sleep_insert(struct uk_sched *s, struct uk_thread *t)
{
	struct uk_thread **p = &s->sleepers;

	while (*p && (*p)->deadline <= t->deadline)
		p = &(*p)->sleep_next;
	t->sleep_next = *p;
	*p = t;
}

static void sleep_remove(struct uk_sched *s, struct uk_thread *t)
{
	struct uk_thread **p;

	for (p = &s->sleepers; *p; p = &(*p)->sleep_next)
		if (*p == t) {
			*p = t->sleep_next;
			break;
		}
	t->deadline = 0;
}

static void make_runnable(struct uk_sched *s, struct uk_thread *t)
{
	t->state = THREAD_RUNNABLE;
	rq_push(s, t);
	sched_policy_woken(s, t);
}

/* Makes the sleepers whose deadline is @now or earlier runnable. */
static void wake_expired(struct uk_sched *s, uint64_t now)
{
	struct uk_thread *t;

	while ((t = s->sleepers) && t->deadline <= now) {
		s->sleepers = t->sleep_next;
		t->deadline = 0;
		t->timed_out = true;
		make_runnable(s, t);
	}
}

/*
 * Arms the timer for the next deadline or slice end. A timer already
 * armed for an earlier moment is left alone: its interrupt re-arms for
 * whatever is due then (timer_irq), and one early interrupt costs less
 * than reprogramming the timer at every switch -- under `preempt` each
 * switch moves the slice end, and a yield ping-pong would otherwise
 * write the timer twice per round trip.
 */
void sched_timer_update(struct uk_sched *s)
{
	uint64_t next = s->sleepers ? s->sleepers->deadline : 0;
	uint64_t slice = sched_policy_slice_end(s);

	if (slice && (!next || slice < next))
		next = slice;
	if (!next || (s->timer_armed && s->timer_armed <= next))
		return;	/* nothing due, or an interrupt comes first */
	s->timer_armed = next;
	ukplat_timer_set(next);
}

static int timer_irq(void *arg)
{
	struct uk_sched *s = arg;
	uint64_t now = ukplat_monotonic_clock();

	s->timer_armed = 0;	/* the platform disarmed it */
	wake_expired(s, now);
	sched_policy_tick(s, now);
	sched_timer_update(s);
	return 1;
}

/* ---- threads: memory ---- */

static void thread_free(struct uk_thread *t)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (t->stack) {
		if (t->guard)
			ukplat_page_protect(t->guard, UK_THREAD_GUARD_SIZE,
					    UKPLAT_PROT_READ |
					    UKPLAT_PROT_WRITE);
		uk_pfree(a, t->stack, t->stack_pages);
	}
	uk_free(a, t);
}

/*
 * Allocates @t's stack of @size bytes (rounded up to pages) with an
 * inaccessible gap of UK_THREAD_GUARD_SIZE below; returns its top or
 * NULL (also for a size that would wrap).
 */
static void *stack_alloc(struct uk_thread *t, size_t size)
{
	size_t pages;

	if (size > (1UL << 40))
		return NULL;
	pages = (UK_ALIGN_UP(size, UK_PAGE_SIZE) + UK_THREAD_GUARD_SIZE) /
		UK_PAGE_SIZE;
	t->stack = uk_palloc(uk_alloc_get_default(), pages);
	if (!t->stack)
		return NULL;
	t->stack_pages = pages;
	if (ukplat_page_protect((uintptr_t)t->stack, UK_THREAD_GUARD_SIZE,
				UKPLAT_PROT_NONE) == 0)
		t->guard = (uintptr_t)t->stack;
	else
		uk_pr_warn("thread %s: no guard gap below its stack\n",
			   t->name);
	return (char *)t->stack + pages * UK_PAGE_SIZE;
}

static int tid_alloc(struct uk_sched *s)
{
	do {
		if (++s->last_tid >= TID_MAX)
			s->last_tid = 2;
	} while (uk_thread_find(s->last_tid));
	return s->last_tid;
}

/* ---- switching ---- */

/*
 * Runs first in the thread a switch resumed: finishes off the thread
 * that switched away if it exited.
 */
static void switch_finish(struct uk_sched *s)
{
	struct uk_thread *prev = s->prev;

	s->prev = NULL;
	if (prev && prev->state == THREAD_EXITING) {
		prev->state = THREAD_EXITED;
		if (prev->detached)
			thread_free(prev);
	}
	sched_policy_switched(s);
}

/*
 * CPU-time accounting: the running thread @prev is switched away; its
 * run since the last switch (s->run_start) is added to it, and to the
 * exited threads' total if it ends. In the clock's raw ticks, converted
 * to ns only when asked: a switch pays a counter read, no conversion,
 * and the boot does not wait for the clock's calibration (on x86_64
 * under TCG, 10 ms against the PIT) unless something asks the time.
 */
static void account(struct uk_sched *s, struct uk_thread *prev)
{
	uint64_t now = ukplat_clock_raw();

	prev->cpu_ticks += now - s->run_start;
	s->run_start = now;
	if (prev->state == THREAD_EXITING)
		s->exited_cpu_ticks += prev->cpu_ticks;
}

/*
 * Runs the next runnable thread, or idle. The caller (interrupts off)
 * already set the running thread's new state and, if it stays
 * runnable, queued it. Returns when the caller runs again.
 */
static void schedule(struct uk_sched *s)
{
	struct uk_thread *prev = s->current, *next;

	if (s->sleepers)
		wake_expired(s, ukplat_monotonic_clock());
	next = rq_pop(s);
	if (!next)
		next = s->idle;
	if (next == prev) {
		prev->state = THREAD_RUNNING;
		return;
	}
	next->state = THREAD_RUNNING;
	account(s, prev);
	s->prev = prev;
	s->current = next;
	s->switches++;
	ukplat_ctx_switch(&prev->ctx, &next->ctx);
	switch_finish(s);
}

void sched_preempt_current(struct uk_sched *s)
{
	struct uk_thread *t = s->current;

	if (t != s->idle) {
		t->state = THREAD_RUNNABLE;
		rq_push(s, t);
	}
	schedule(s);
}

static void thread_entry(void *arg)
{
	struct uk_thread *t = arg;

	switch_finish(t->sched);
	sched_policy_app_start();
	uk_thread_exit(t->fn(t->arg));
}

static void idle_entry(void *arg)
{
	struct uk_sched *s = arg;

	switch_finish(s);
	for (;;) {
		if (s->sleepers)
			wake_expired(s, ukplat_monotonic_clock());
		if (s->rq.nonempty) {
			schedule(s);
			continue;
		}
		sched_timer_update(s);
		if (s->no_timer && s->sleepers)
			uk_cpu_relax();	/* nothing would end a halt */
		else
			ukplat_halt();
	}
}

/* ---- the API ---- */

struct uk_thread *uk_thread_current(void)
{
	return this_sched()->current;
}

struct uk_thread *uk_thread_find(int tid)
{
	struct uk_thread *t;
	unsigned long flags = sched_irq_save();

	for (t = this_sched()->threads; t; t = t->all_next)
		if (t->tid == tid)
			break;
	sched_irq_restore(flags);
	return t;
}

struct uk_thread *uk_thread_create(const char *name, void *(*fn)(void *),
				   void *arg,
				   const struct uk_thread_attr *attr)
{
	struct uk_sched *s = this_sched();
	struct uk_thread_attr a = { 0 };
	struct uk_thread *t;
	unsigned long flags;
	void *top;

	if (attr)
		a = *attr;
	if (!a.prio)
		a.prio = UK_THREAD_PRIO_DEFAULT;
	if (!fn || a.prio < UK_THREAD_PRIO_MIN || a.prio > UK_THREAD_PRIO_MAX)
		return NULL;
	t = uk_calloc(uk_alloc_get_default(), 1, sizeof(*t));
	if (!t)
		return NULL;
	flags = sched_irq_save();
	t->tid = tid_alloc(s);
	sched_irq_restore(flags);
	if (name)
		uk_strlcpy(t->name, name, sizeof(t->name));
	else
		uk_snprintf(t->name, sizeof(t->name), "thread-%d", t->tid);
	if (!a.stack_size)
		a.stack_size = UK_THREAD_STACK_DEFAULT;
	top = a.stack_top ? a.stack_top : stack_alloc(t, a.stack_size);
	if (!top) {
		uk_free(uk_alloc_get_default(), t);
		return NULL;
	}
	t->sched = s;
	t->prio = a.prio;
	t->detached = a.detached;
	t->fn = fn;
	t->arg = arg;
	uk_waitq_init(&t->joiners);
	ukplat_ctx_init(&t->ctx, top, a.tls, thread_entry, t);

	flags = sched_irq_save();
	t->all_next = s->threads;
	s->threads = t;
	s->nthreads++;
	make_runnable(s, t);
	sched_irq_restore(flags);
	return t;
}

static void unlink_thread(struct uk_sched *s, struct uk_thread *t)
{
	struct uk_thread **p;

	for (p = &s->threads; *p; p = &(*p)->all_next)
		if (*p == t) {
			*p = t->all_next;
			s->nthreads--;
			return;
		}
}

void uk_thread_exit(void *retval)
{
	struct uk_sched *s = this_sched();
	struct uk_thread *t = s->current;

	ukplat_irq_disable();
	UK_ASSERT(t != s->idle);
	t->retval = retval;
	unlink_thread(s, t);
	if (!s->nthreads) {
		uk_pr_debug("thread %s: the last thread exited\n", t->name);
		uk_boot_exit(0);
	}
	t->state = THREAD_EXITING;
	uk_waitq_wake(&t->joiners, -1);
	schedule(s);
	UK_CRASH("thread %s resumed after it exited", t->name);
}

int uk_thread_join(struct uk_thread *t, void **retval)
{
	unsigned long flags;

	if (t == uk_thread_current())
		return -UK_EDEADLK;
	flags = sched_irq_save();
	if (t->detached || t->joining) {
		sched_irq_restore(flags);
		return -UK_EINVAL;
	}
	t->joining = true;
	sched_irq_restore(flags);
	uk_waitq_wait_event(&t->joiners, t->state == THREAD_EXITED, 0);
	if (retval)
		*retval = t->retval;
	thread_free(t);
	return 0;
}

int uk_thread_detach(struct uk_thread *t)
{
	unsigned long flags = sched_irq_save();

	if (t->detached || t->joining) {
		sched_irq_restore(flags);
		return -UK_EINVAL;
	}
	t->detached = true;
	if (t->state == THREAD_EXITED)
		thread_free(t);
	sched_irq_restore(flags);
	return 0;
}

int uk_thread_set_prio(struct uk_thread *t, int prio)
{
	struct uk_sched *s = t->sched;
	unsigned long flags;
	bool queued;

	if (prio < UK_THREAD_PRIO_MIN || prio > UK_THREAD_PRIO_MAX)
		return -UK_EINVAL;
	flags = sched_irq_save();
	queued = t->state == THREAD_RUNNABLE && t != s->current;
	if (queued)
		rq_remove(s, t);
	t->prio = prio;
	if (queued)
		rq_push(s, t);
	/* a runnable thread may now outrank the running one */
	if (queued || t == s->current)
		sched_policy_woken(s, t);
	sched_irq_restore(flags);
	return 0;
}

int uk_thread_block(uint64_t deadline)
{
	struct uk_sched *s = this_sched();
	struct uk_thread *t = s->current;

	UK_ASSERT(!ukplat_irq_enabled());
	UK_ASSERT(t != s->idle);
	if (deadline && deadline <= ukplat_monotonic_clock())
		return -UK_ETIMEDOUT;
	t->timed_out = false;
	t->state = THREAD_BLOCKED;
	if (deadline) {
		t->deadline = deadline;
		sleep_insert(s, t);
	}
	schedule(s);
	return t->timed_out ? -UK_ETIMEDOUT : 0;
}

void uk_thread_wake(struct uk_thread *t)
{
	struct uk_sched *s = t->sched;
	unsigned long flags = sched_irq_save();

	if (t->state == THREAD_BLOCKED) {
		if (t->deadline)
			sleep_remove(s, t);
		make_runnable(s, t);
	}
	sched_irq_restore(flags);
}

const char *uk_thread_guard_owner(uintptr_t addr)
{
	const struct uk_thread *t = this_sched()->current;

	/* called from crash reports: a pointer that cannot be a thread is
	 * not followed */
	if (!t || ((uintptr_t)t & (sizeof(void *) - 1)) ||
	    !ukplat_page_accessible((uintptr_t)t, sizeof(*t),
				    UKPLAT_PROT_READ) ||
	    !t->guard || addr - t->guard >= UK_THREAD_GUARD_SIZE)
		return NULL;
	return t->name;
}

void uk_sched_yield(void)
{
	struct uk_sched *s = this_sched();
	unsigned long flags = sched_irq_save();

	sched_preempt_current(s);
	sched_irq_restore(flags);
}

unsigned int uk_sched_thread_count(void)
{
	return this_sched()->nthreads;
}

uint64_t uk_sched_switch_count(void)
{
	return this_sched()->switches;
}

/* @t's run time in raw ticks; interrupts disabled. */
static uint64_t cpu_ticks(const struct uk_thread *t)
{
	uint64_t ticks = t->cpu_ticks;

	if (t == t->sched->current)
		ticks += ukplat_clock_raw() - t->sched->run_start;
	return ticks;
}

uint64_t uk_thread_cpu_time(const struct uk_thread *t)
{
	unsigned long flags = sched_irq_save();
	uint64_t ticks = cpu_ticks(t);

	sched_irq_restore(flags);
	return ukplat_clock_raw_to_ns(ticks);
}

uint64_t uk_sched_cpu_time(void)
{
	struct uk_sched *s = this_sched();
	unsigned long flags = sched_irq_save();
	uint64_t ticks = s->exited_cpu_ticks;
	struct uk_thread *t;

	for (t = s->threads; t; t = t->all_next)
		ticks += cpu_ticks(t);
	sched_irq_restore(flags);
	return ukplat_clock_raw_to_ns(ticks);
}

void uk_preempt_disable(void)
{
	this_sched()->current->preempt_count++;
	__asm__ __volatile__("" ::: "memory");
}

void uk_preempt_enable(void)
{
	struct uk_sched *s = this_sched();
	struct uk_thread *t = s->current;

	__asm__ __volatile__("" ::: "memory");
	UK_ASSERT(t->preempt_count > 0);
	if (--t->preempt_count == 0 && s->resched) {
		s->resched = false;
		uk_sched_yield();
	}
}

void uk_sched_app_start(void)
{
	sched_policy_app_start();
}

int uk_sched_start(void)
{
	struct uk_sched *s = this_sched();
	struct uk_thread *main, *idle;
	struct uk_alloc *a = uk_alloc_get_default();
	void *top;

	main = uk_calloc(a, 1, sizeof(*main));
	idle = uk_calloc(a, 1, sizeof(*idle));
	if (!main || !idle)
		return -UK_ENOMEM;
	main->sched = idle->sched = s;
	main->tid = 1;
	main->prio = idle->prio = UK_THREAD_PRIO_DEFAULT;
	main->state = THREAD_RUNNING;
	main->detached = idle->detached = true;
	uk_strlcpy(main->name, "main", sizeof(main->name));
	uk_strlcpy(idle->name, "idle", sizeof(idle->name));
	uk_waitq_init(&main->joiners);
	uk_waitq_init(&idle->joiners);
	top = stack_alloc(idle, IDLE_STACK);
	if (!top)	/* at boot: nothing runs without it */
		uk_boot_nomem("the idle thread's stack (with its guard gap)",
			      IDLE_STACK + UK_THREAD_GUARD_SIZE);
	ukplat_ctx_init(&idle->ctx, top, 0, idle_entry, s);
	idle->state = THREAD_RUNNABLE;

	/* the boot so far ran as the main thread */
	s->run_start = ukplat_clock_raw();
	main->cpu_ticks = s->run_start;
	s->current = main;
	s->idle = idle;
	s->threads = main;
	s->nthreads = 1;
	s->last_tid = 1;
	if (ukplat_irq_register(ukplat_timer_irq(), timer_irq, s) < 0) {
		uk_pr_warn("sched: no timer interrupt: an idle CPU spins\n");
		s->no_timer = true;
	}
	sched_policy_start(s);
	uk_pr_debug("sched: %s\n", sched_policy_name);
	return 0;
}
