/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Threads of the process: clone with the flags of pthread_create, exit
 * of one thread, thread ids, sched_yield, CPU affinity (one CPU) and
 * membarrier.
 *
 * clone: the child is a scheduler thread that first runs on the stack
 * the caller gave (below a copy of the caller's registers, taken at the
 * system call: uk/plat/thread.h) and enters the application right after
 * the system call with 0 as the result, that stack and, with
 * CLONE_SETTLS, its own TLS pointer. Without threads (--with-sched=none)
 * clone is ENOSYS, which musl's pthread_create reports as EAGAIN.
 *
 * CLONE_CHILD_CLEARTID: when the thread exits, the word is cleared and a
 * futex wake-up sent on it, as Linux does; musl's pthread_join relies on
 * it.
 *
 * Every application thread has a struct uk_posix_thread (posix.h): the
 * main thread a static one, the threads of clone one from the default
 * allocator, freed when they exit. They are listed for signal.c.
 */
#include <uk/syscall.h>
#include <uk/sched.h>
#include <uk/alloc.h>
#include <uk/boot.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include <uk/plat/irq.h>
#include <uk/plat/thread.h>
#include <uk/plat/smp.h>
#include "posix.h"

#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_THREAD		0x00010000
#define CLONE_SYSVSEM		0x00040000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_DETACHED		0x00400000
#define CLONE_CHILD_SETTID	0x01000000

/* A thread shares everything: the only kind of child libuk can make. */
#define CLONE_NEEDED	(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD)
#define CLONE_KNOWN	(CLONE_NEEDED | CLONE_FS | CLONE_FILES | \
			 CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
			 CLONE_CHILD_CLEARTID | CLONE_DETACHED | \
			 CLONE_CHILD_SETTID)

static struct uk_posix_thread main_pt;
static struct uk_posix_thread *threads;

struct uk_posix_thread *uk_posix_thread(struct uk_thread *t)
{
	return uk_thread_priv(t);
}

struct uk_posix_thread *uk_posix_thread_first(void)
{
	return threads;
}

/* The boot context, which becomes the application's main thread. */
static int main_thread_init(void)
{
	main_pt.thread = uk_thread_current();
	uk_posix_signal_thread_init(&main_pt, NULL);
	uk_thread_set_priv(main_pt.thread, &main_pt);
	threads = &main_pt;
	return 0;
}
uk_early_initcall(main_thread_init);

static void thread_link(struct uk_posix_thread *pt)
{
	unsigned long flags = ukplat_irq_save();

	pt->next = threads;
	threads = pt;
	ukplat_irq_restore(flags);
}

static void thread_unlink(struct uk_posix_thread *pt)
{
	unsigned long flags = ukplat_irq_save();
	struct uk_posix_thread **p;

	for (p = &threads; *p; p = &(*p)->next)
		if (*p == pt) {
			*p = pt->next;
			break;
		}
	ukplat_irq_restore(flags);
}

/* What the child needs to enter the application, on its own stack. */
struct clone_start {
	struct ukplat_syscall_regs regs;
	unsigned long sp;
};

static void *clone_child(void *arg)
{
	struct clone_start *cs = arg;

	ukplat_syscall_regs_resume(&cs->regs, 0, cs->sp);
}

static long do_clone(unsigned long flags, unsigned long sp, int *ptid,
		     int *ctid, unsigned long tls)
{
	struct uk_thread_attr attr = { 0 };
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_posix_thread *pt, *parent;
	struct clone_start *cs;
	struct uk_thread *t;
	int rc, tid;

	if (!UK_SCHED_THREADS)
		return uk_pr_warn_once("clone: no threads here: threads need "
				       "--with-sched=coop or preempt\n"),
		       -UK_ENOSYS;
	if ((flags & CLONE_NEEDED) != CLONE_NEEDED)
		return -UK_ENOSYS;	/* a new process: no fork here */
	if (flags & ~(unsigned long)CLONE_KNOWN & ~0xffUL)
		return -UK_EINVAL;
	if (!sp)
		return -UK_EINVAL;
	/* below the red zone of the caller's new stack */
	cs = (struct clone_start *)UK_ALIGN_DOWN(sp - 128 - sizeof(*cs), 64);
	if (sp < 128 + sizeof(*cs) || !uk_user_ok(cs, sizeof(*cs), true))
		return -UK_EFAULT;
	rc = ukplat_syscall_regs_get(&cs->regs);
	if (rc < 0)
		return rc;
	cs->sp = sp;
	attr.stack_top = cs;
	attr.detached = true;	/* joined through CLONE_CHILD_CLEARTID */
	attr.tls = (flags & CLONE_SETTLS) ? tls : ukplat_tls_get();
	parent = uk_posix_thread(uk_thread_current());
	/* the creator's policy, not a priority inheritance boost */
	attr.prio = parent && parent->pi_base ? parent->pi_base
		    : uk_thread_prio(uk_thread_current());
	pt = uk_calloc(a, 1, sizeof(*pt));
	if (!pt)
		return -UK_EAGAIN;
	if (parent) {
		pt->sched_policy = parent->sched_policy;
		pt->sched_prio = parent->sched_prio;
	}
	uk_posix_signal_thread_init(pt, parent);
	if (flags & CLONE_CHILD_CLEARTID)
		pt->clear_tid = ctid;
	/* the child runs once this system call ends, not before */
	t = uk_thread_create(NULL, clone_child, cs, &attr);
	if (!t) {
		uk_free(a, pt);
		return -UK_EAGAIN;
	}
	pt->thread = t;
	uk_thread_set_priv(t, pt);
	thread_link(pt);
	tid = uk_thread_tid(t);
	/* as Linux's put_user() there: a bad pointer is not an error */
	if ((flags & CLONE_PARENT_SETTID) && ptid)
		uk_copy_to_user(ptid, &tid, sizeof(tid));
	if ((flags & CLONE_CHILD_SETTID) && ctid)
		uk_copy_to_user(ctid, &tid, sizeof(tid));
	return tid;
}

/* The argument order of clone differs between architectures. */
#if defined(UK_ARCH_AARCH64)
static long uk_sys_clone(unsigned long flags, unsigned long sp, int *ptid,
			 unsigned long tls, int *ctid)
#else
static long uk_sys_clone(unsigned long flags, unsigned long sp, int *ptid,
			 int *ctid, unsigned long tls)
#endif
{
	return do_clone(flags, sp, ptid, ctid, tls);
}
UK_SYSCALL_REGISTER(clone, uk_sys_clone);

static long uk_sys_exit(int status)
{
	struct uk_thread *self = uk_thread_current();
	struct uk_posix_thread *pt = uk_posix_thread(self);
	int *ctid = NULL;

	/* the last thread takes the process with it (the kernel's own
	 * threads, such as the timers' or the network stack's, do not
	 * count) */
	if (pt ? uk_posix_thread_first() == pt && !pt->next
	       : uk_sched_thread_count() <= 1)
		uk_boot_exit(status & 0xff);
	if (pt) {
		ctid = pt->clear_tid;
		if (pt->robust_list)
			uk_posix_robust_exit(pt->robust_list,
					     uk_thread_tid(self));
		thread_unlink(pt);
		uk_posix_signal_thread_exit(pt);
		uk_thread_set_priv(self, NULL);
		if (pt != &main_pt)
			uk_free(uk_alloc_get_default(), pt);
	}
	if (ctid) {
		int zero = 0;

		/* a bad pointer is ignored, as by Linux's mm_release() */
		uk_copy_to_user(ctid, &zero, sizeof(zero));
		uk_posix_futex_wake((const uint32_t *)ctid, 1);
	}
	uk_thread_exit(NULL);
}
UK_SYSCALL_REGISTER(exit, uk_sys_exit);

static long uk_sys_gettid(void)
{
	return uk_thread_tid(uk_thread_current());
}
UK_SYSCALL_REGISTER(gettid, uk_sys_gettid);

static long uk_sys_set_tid_address(int *tidptr)
{
	struct uk_thread *self = uk_thread_current();
	struct uk_posix_thread *pt = uk_posix_thread(self);

	if (pt)
		pt->clear_tid = tidptr;
	return uk_thread_tid(self);
}
UK_SYSCALL_REGISTER(set_tid_address, uk_sys_set_tid_address);

#define ROBUST_HEAD_SIZE	24	/* struct robust_list_head */

static long uk_sys_set_robust_list(void *head, size_t len)
{
	struct uk_posix_thread *pt = uk_posix_thread(uk_thread_current());

	if (len != ROBUST_HEAD_SIZE)
		return -UK_EINVAL;
	if (pt)
		pt->robust_list = head;
	return 0;
}
UK_SYSCALL_REGISTER(set_robust_list, uk_sys_set_robust_list);

static long uk_sys_get_robust_list(int tid, void **head, size_t *len)
{
	struct uk_thread *t = tid ? uk_thread_find(tid)
				  : uk_thread_current();
	struct uk_posix_thread *pt = t ? uk_posix_thread(t) : NULL;
	size_t size = ROBUST_HEAD_SIZE;
	void *h;

	if (tid < 0 || !pt)
		return -UK_ESRCH;
	h = pt->robust_list;
	if (uk_copy_to_user(len, &size, sizeof(size)) ||
	    uk_copy_to_user(head, &h, sizeof(h)))
		return -UK_EFAULT;
	return 0;
}
UK_SYSCALL_REGISTER(get_robust_list, uk_sys_get_robust_list);

static long uk_sys_sched_yield(void)
{
	uk_sched_yield();
	return 0;
}
UK_SYSCALL_REGISTER(sched_yield, uk_sys_sched_yield);

/* The round-robin interval: the preempt scheduler's time slice; 0
 * (Linux's answer for SCHED_FIFO: no slices) under coop and none. */
static long uk_sys_sched_rr_get_interval(int pid, struct l_timespec *ts)
{
	if (pid < 0)
		return -UK_EINVAL;
	if (pid && !uk_posix_is_self_tid(pid))
		return -UK_ESRCH;
	return uk_posix_put_timespec(uk_sched_slice_ns(), ts);
}
UK_SYSCALL_REGISTER(sched_rr_get_interval, uk_sys_sched_rr_get_interval);

/*
 * The CPU the caller runs on, and NUMA node 0. Threads run on CPU 0
 * only, even when secondary CPUs are online (uk/plat/smp.h): they run
 * no threads yet, which is also why the affinity mask below is CPU 0.
 */
static long uk_sys_getcpu(unsigned int *cpu, unsigned int *node,
			  void *cache __unused)
{
	unsigned int c = ukplat_cpu_id(), n = 0;

	if (cpu && uk_copy_to_user(cpu, &c, sizeof(c)))
		return -UK_EFAULT;
	if (node && uk_copy_to_user(node, &n, sizeof(n)))
		return -UK_EFAULT;
	return 0;
}
UK_SYSCALL_REGISTER(getcpu, uk_sys_getcpu);

/* One CPU: the mask is bit 0, in one long, as Linux sizes it. */
#define CPUMASK_SIZE	sizeof(unsigned long)

static long uk_sys_sched_getaffinity(int pid, size_t len, void *mask)
{
	unsigned long one = 1;	/* bit 0 (little-endian) */

	if (pid && !uk_posix_is_self_tid(pid))
		return -UK_ESRCH;
	if (len < CPUMASK_SIZE || (len & (CPUMASK_SIZE - 1)))
		return -UK_EINVAL;
	if (uk_copy_to_user(mask, &one, CPUMASK_SIZE))
		return -UK_EFAULT;
	return CPUMASK_SIZE;
}
UK_SYSCALL_REGISTER(sched_getaffinity, uk_sys_sched_getaffinity);

static long uk_sys_sched_setaffinity(int pid, size_t len, const void *mask)
{
	unsigned char first = 0;

	if (pid && !uk_posix_is_self_tid(pid))
		return -UK_ESRCH;
	if (!mask || (len && uk_copy_from_user(&first, mask, 1)))
		return -UK_EFAULT;
	if (!len || !(first & 1))
		return -UK_EINVAL;	/* CPU 0 is the only one */
	return 0;
}
UK_SYSCALL_REGISTER(sched_setaffinity, uk_sys_sched_setaffinity);

/* One CPU and one address space: every barrier holds already. */
#define MEMBARRIER_CMD_QUERY				0
#define MEMBARRIER_CMD_GLOBAL				1
#define MEMBARRIER_CMD_PRIVATE_EXPEDITED		8
#define MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED	16
#define MEMBARRIER_SUPPORTED	(MEMBARRIER_CMD_GLOBAL | \
				 MEMBARRIER_CMD_PRIVATE_EXPEDITED | \
				 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED)

static long uk_sys_membarrier(int cmd, unsigned int flags, int cpu)
{
	if (flags)
		return -UK_EINVAL;
	if (cmd == MEMBARRIER_CMD_QUERY)
		return MEMBARRIER_SUPPORTED;
	if (cmd <= 0 || (cmd & (cmd - 1)) || !(cmd & MEMBARRIER_SUPPORTED))
		return -UK_EINVAL;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return 0;
}
UK_SYSCALL_REGISTER(membarrier, uk_sys_membarrier);

bool uk_posix_is_self_tid(long tid)
{
	return tid > 0 && tid <= 0x7fffffff && uk_thread_find((int)tid);
}
