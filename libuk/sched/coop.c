/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `coop`: round robin on one level; a thread runs until it yields,
 * blocks, sleeps or exits. No slices, no preemption: the timer only
 * wakes the idle CPU for the next sleeper, and the application runs with
 * interrupts disabled. The policy hooks are all empty, and inline in
 * sched_impl.h.
 */
#include "sched_impl.h"

const char sched_policy_name[] = "coop";

uint64_t uk_sched_slice_ns(void)
{
	return 0;
}
