/* SPDX-License-Identifier: BSD-3-Clause */
/* Thread attributes and sleeping, the same under every scheduler. */
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include "sched_impl.h"

int uk_thread_tid(const struct uk_thread *t)
{
	return t->tid;
}

const char *uk_thread_name(const struct uk_thread *t)
{
	return t->name;
}

int uk_thread_prio(const struct uk_thread *t)
{
	return t->prio;
}

void *uk_thread_priv(const struct uk_thread *t)
{
	return t->priv;
}

void uk_thread_set_priv(struct uk_thread *t, void *priv)
{
	t->priv = priv;
}

void uk_thread_set_guard(struct uk_thread *t, uintptr_t guard)
{
	t->guard = guard;
}

void uk_sched_sleep_until(uint64_t deadline)
{
	unsigned long flags;

	if (!deadline)
		return;
	flags = sched_irq_save();
	while (uk_thread_block(deadline) == 0)
		;	/* woken early (uk_thread_wake): sleep on */
	sched_irq_restore(flags);
}

void uk_sched_sleep(uint64_t ns)
{
	uk_sched_sleep_until(ukplat_monotonic_clock() + ns);
}
