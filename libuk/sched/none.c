/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * `none`: no threads. The main thread runs to completion; blocking (a
 * sleep, a wait queue) halts the CPU until the deadline or until an
 * interrupt handler wakes it.
 */
#include <uk/sched.h>
#include <uk/boot.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/plat/timer.h>
#include "sched_impl.h"

static struct uk_thread main_thread = {
	.tid = 1,
	.prio = UK_THREAD_PRIO_DEFAULT,
	.state = THREAD_RUNNING,
	.detached = true,
	.name = "main",
};

const char *uk_sched_name(void)
{
	return "none";
}

/* The timer only ends a halt; the loop in uk_thread_block looks at it. */
static int timer_irq(void *arg)
{
	return 1;
}

int uk_sched_start(void)
{
	if (ukplat_irq_register(ukplat_timer_irq(), timer_irq, NULL) < 0)
		uk_pr_warn("sched: timer interrupt unavailable\n");
	return 0;
}

void uk_sched_app_start(void)
{
}

void uk_sched_yield(void)
{
}

unsigned int uk_sched_thread_count(void)
{
	return 1;
}

uint64_t uk_sched_switch_count(void)
{
	return 0;
}

void uk_preempt_disable(void)
{
	main_thread.preempt_count++;
}

void uk_preempt_enable(void)
{
	main_thread.preempt_count--;
}

struct uk_thread *uk_thread_create(const char *name, void *(*fn)(void *),
				   void *arg,
				   const struct uk_thread_attr *attr)
{
	return NULL;
}

void uk_thread_exit(void *retval)
{
	uk_boot_exit(0);
}

int uk_thread_join(struct uk_thread *t, void **retval)
{
	return t == &main_thread ? -UK_EDEADLK : -UK_EINVAL;
}

int uk_thread_detach(struct uk_thread *t)
{
	return -UK_EINVAL;
}

struct uk_thread *uk_thread_current(void)
{
	return &main_thread;
}

struct uk_thread *uk_thread_find(int tid)
{
	return tid == main_thread.tid ? &main_thread : NULL;
}

int uk_thread_set_prio(struct uk_thread *t, int prio)
{
	if (prio < UK_THREAD_PRIO_MIN || prio > UK_THREAD_PRIO_MAX)
		return -UK_EINVAL;
	t->prio = prio;
	return 0;
}

uint64_t uk_sched_slice_ns(void)
{
	return 0;
}

/* Time spent halted in uk_thread_block: not CPU time. */
static uint64_t halted_ns;

uint64_t uk_thread_cpu_time(const struct uk_thread *t)
{
	(void)t;
	return ukplat_monotonic_clock() - halted_ns;
}

uint64_t uk_sched_cpu_time(void)
{
	return uk_thread_cpu_time(&main_thread);
}

int uk_thread_block(uint64_t deadline)
{
	struct uk_thread *t = &main_thread;
	uint64_t start = ukplat_monotonic_clock();
	int rc = 0;

	t->state = THREAD_BLOCKED;
	while (t->state == THREAD_BLOCKED) {
		if (deadline) {
			if (ukplat_monotonic_clock() >= deadline) {
				rc = -UK_ETIMEDOUT;
				break;
			}
			ukplat_timer_set(deadline);
		}
		ukplat_halt();
	}
	t->state = THREAD_RUNNING;
	if (deadline)
		ukplat_timer_stop();
	halted_ns += ukplat_monotonic_clock() - start;
	return rc;
}

void uk_thread_wake(struct uk_thread *t)
{
	unsigned long flags = ukplat_irq_save();

	if (t->state == THREAD_BLOCKED)
		t->state = THREAD_RUNNING;
	ukplat_irq_restore(flags);
}

const char *uk_thread_guard_owner(uintptr_t addr)
{
	if (main_thread.guard &&
	    addr - main_thread.guard < UK_THREAD_GUARD_SIZE)
		return main_thread.name;
	return NULL;
}
