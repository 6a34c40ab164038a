/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `coop`: round robin on one level; a thread runs until it yields,
 * blocks, sleeps or exits. No slices, no preemption: the timer only
 * wakes the idle CPU for the next sleeper, and the application runs with
 * interrupts disabled.
 */
#include "sched_impl.h"

const char sched_policy_name[] = "coop";

unsigned int sched_policy_level(const struct uk_thread *t)
{
	return 0;
}

void sched_policy_start(struct uk_sched *s)
{
}

void sched_policy_app_start(void)
{
}

uint64_t sched_policy_slice_end(struct uk_sched *s)
{
	return 0;
}

void sched_policy_woken(struct uk_sched *s, struct uk_thread *t)
{
}

void sched_policy_tick(struct uk_sched *s, uint64_t now)
{
}

void sched_policy_switched(struct uk_sched *s)
{
}
