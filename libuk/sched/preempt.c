/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `preempt`: strict priorities (a thread's level is its priority) and
 * round robin within a priority in time slices of sched.slice_ms.
 *
 * Every preemption happens at the end of an interrupt (uk/plat/thread.h):
 *   - the timer fires at the end of the running thread's slice when a
 *     thread of the same priority waits, and the handler asks for a
 *     preemption;
 *   - a thread woken with a higher priority than the running one asks
 *     for one at once: from an interrupt handler the request is taken at
 *     the end of that interrupt; from a thread (say, a mutex unlock) the
 *     timer is armed for "now", so that the interrupt arrives as soon as
 *     the waker re-enables interrupts.
 * A thread inside uk_preempt_disable() is not preempted; the preemption
 * happens at its uk_preempt_enable().
 */
#include <uk/param.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/plat/timer.h>
#include "sched_impl.h"

#define MSEC	1000000ULL

static uint64_t slice_ms = 10;
/* at most an hour: slice_ms * MSEC never wraps */
UK_PARAM_U64_MAX(sched, slice_ms, slice_ms, 3600 * 1000,
		 "time slice of the preempt scheduler in ms (default 10)");

const char sched_policy_name[] = "preempt";

static struct uk_sched *sched;

unsigned int sched_policy_level(const struct uk_thread *t)
{
	return t->prio;
}

static bool outranked(struct uk_sched *s);

static void preempt(void)
{
	struct uk_thread *t = sched->current;
	uint64_t end = sched_policy_slice_end(sched);

	/* the request may be stale: the waker may have blocked since */
	if (!outranked(sched) &&
	    !(end && ukplat_monotonic_clock() >= end))
		return;
	if (t->preempt_count) {
		sched->resched = true;
		return;
	}
	sched_preempt_current(sched);
}

void sched_policy_start(struct uk_sched *s)
{
	sched = s;
	ukplat_preempt_set(preempt);
}

void sched_policy_app_start(void)
{
	ukplat_irq_enable();
}

/* True when a runnable thread should take the CPU from the running one. */
static bool outranked(struct uk_sched *s)
{
	struct uk_thread *t = s->current;

	if (t == s->idle)
		return s->rq.nonempty;
	return sched_rq_has_level(s, sched_policy_level(t) + 1);
}

uint64_t sched_policy_slice_end(struct uk_sched *s)
{
	struct uk_thread *t = s->current;

	if (t == s->idle || !sched_rq_has_level(s, sched_policy_level(t)))
		return 0;
	/*
	 * Told already (uk_preempt_disable held the preemption off): the
	 * switch comes at uk_preempt_enable. Re-arming the timer for a
	 * slice end in the past would interrupt the thread without end.
	 */
	if (t->preempt_count && s->resched)
		return 0;
	return s->slice_start + UK_MAX(slice_ms, 1) * MSEC;
}

uint64_t uk_sched_slice_ns(void)
{
	return UK_MAX(slice_ms, 1) * MSEC;
}

void sched_policy_woken(struct uk_sched *s, struct uk_thread *t)
{
	if (!s->current || !outranked(s)) {
		sched_timer_update(s);	/* a slice may have to end now */
		return;
	}
	ukplat_preempt_request();
	s->timer_armed = ukplat_monotonic_clock();
	ukplat_timer_set(s->timer_armed);
}

void sched_policy_tick(struct uk_sched *s, uint64_t now)
{
	uint64_t end = sched_policy_slice_end(s);

	if (outranked(s) || (end && now >= end))
		ukplat_preempt_request();
}

void sched_policy_switched(struct uk_sched *s)
{
	s->slice_start = ukplat_monotonic_clock();
	sched_timer_update(s);
}
