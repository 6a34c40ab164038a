/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Scheduling policies (sched_setscheduler and co., musl's
 * pthread_setschedparam): SCHED_OTHER, SCHED_BATCH and SCHED_IDLE at
 * priority 0 run at the scheduler's default priority; SCHED_FIFO and
 * SCHED_RR at 1..99 above it, spread over UK_THREAD_PRIO_DEFAULT + 1 ..
 * UK_THREAD_PRIO_MAX (several of Linux's priorities may share one).
 * Only --with-sched=preempt honours priorities (strictly, with round
 * robin within one: FIFO runs like RR); under coop and none the
 * real-time policies are refused with EPERM rather than recorded and
 * ignored.
 */
#include <uk/syscall.h>
#include <uk/sched.h>
#include <uk/string.h>
#include <uk/uaccess.h>
#include <uk/errno.h>
#include <uk/plat/irq.h>
#include "posix.h"

#define SCHED_OTHER	0
#define SCHED_FIFO	1
#define SCHED_RR	2
#define SCHED_BATCH	3
#define SCHED_IDLE	5
#define SCHED_RESET_ON_FORK	0x40000000

static bool realtime(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static bool known(int policy)
{
	return realtime(policy) || policy == SCHED_OTHER ||
	       policy == SCHED_BATCH || policy == SCHED_IDLE;
}

static long uk_sys_sched_get_priority_max(int policy)
{
	return !known(policy) ? -UK_EINVAL : realtime(policy) ? 99 : 0;
}
UK_SYSCALL_REGISTER(sched_get_priority_max, uk_sys_sched_get_priority_max);

static long uk_sys_sched_get_priority_min(int policy)
{
	return !known(policy) ? -UK_EINVAL : realtime(policy) ? 1 : 0;
}
UK_SYSCALL_REGISTER(sched_get_priority_min, uk_sys_sched_get_priority_min);

/* The application thread @pid names (0: the caller), or NULL. */
static struct uk_posix_thread *target(int pid)
{
	struct uk_thread *t = pid ? uk_thread_find(pid) : uk_thread_current();

	return t ? uk_posix_thread(t) : NULL;
}

/* Linux's priority @prio of @policy as the scheduler's. */
static int uk_prio(int policy, int prio)
{
	if (!realtime(policy))
		return UK_THREAD_PRIO_DEFAULT;
	return UK_THREAD_PRIO_DEFAULT +
	       (prio * (UK_THREAD_PRIO_MAX - UK_THREAD_PRIO_DEFAULT) + 98) / 99;
}

static long set_policy(int pid, int policy, const int *uparam)
{
	struct uk_posix_thread *pt;
	unsigned long flags;
	int prio, p;

	if (pid < 0 || !uparam)
		return -UK_EINVAL;
	if (uk_copy_from_user(&prio, uparam, sizeof(prio)))
		return -UK_EFAULT;
	pt = target(pid);
	if (!pt)
		return -UK_ESRCH;
	if (policy < 0)
		policy = pt->sched_policy;
	policy &= ~SCHED_RESET_ON_FORK;
	if (!known(policy))
		return -UK_EINVAL;
	if (realtime(policy) ? prio < 1 || prio > 99 : prio != 0)
		return -UK_EINVAL;
	if (realtime(policy) && uk_strcmp(uk_sched_name(), "preempt"))
		return -UK_EPERM;
	flags = ukplat_irq_save();
	pt->sched_policy = policy;
	pt->sched_prio = prio;
	p = uk_prio(policy, prio);
	if (pt->pi_base)	/* boosted: the boost stays, if higher */
		pt->pi_base = p;
	if (!pt->pi_base || p > uk_thread_prio(pt->thread))
		uk_thread_set_prio(pt->thread, p);
	ukplat_irq_restore(flags);
	return 0;
}

static long uk_sys_sched_setscheduler(int pid, int policy, const int *param)
{
	if (policy < 0)
		return -UK_EINVAL;
	return set_policy(pid, policy, param);
}
UK_SYSCALL_REGISTER(sched_setscheduler, uk_sys_sched_setscheduler);

static long uk_sys_sched_setparam(int pid, const int *param)
{
	return set_policy(pid, -1, param);
}
UK_SYSCALL_REGISTER(sched_setparam, uk_sys_sched_setparam);

static long uk_sys_sched_getscheduler(int pid)
{
	struct uk_posix_thread *pt;

	if (pid < 0)
		return -UK_EINVAL;
	pt = target(pid);
	return pt ? pt->sched_policy : -UK_ESRCH;
}
UK_SYSCALL_REGISTER(sched_getscheduler, uk_sys_sched_getscheduler);

static long uk_sys_sched_getparam(int pid, int *param)
{
	struct uk_posix_thread *pt;

	if (pid < 0 || !param)
		return -UK_EINVAL;
	pt = target(pid);
	if (!pt)
		return -UK_ESRCH;
	return uk_copy_to_user(param, &pt->sched_prio, sizeof(int));
}
UK_SYSCALL_REGISTER(sched_getparam, uk_sys_sched_getparam);
