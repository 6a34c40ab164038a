/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * futex(2): WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE,
 * LOCK_PI, LOCK_PI2, UNLOCK_PI, TRYLOCK_PI, with FUTEX_PRIVATE_FLAG (one
 * address space: private and shared are the same) and
 * FUTEX_CLOCK_REALTIME. WAIT's timeout is relative (measured on the
 * monotonic clock), WAIT_BITSET's and LOCK_PI2's absolute on
 * CLOCK_MONOTONIC or, with FUTEX_CLOCK_REALTIME, CLOCK_REALTIME;
 * LOCK_PI's on CLOCK_REALTIME. Other operations (WAKE_OP,
 * WAIT_REQUEUE_PI, CMP_REQUEUE_PI) are ENOSYS.
 *
 * PI futexes: the word holds the owner's tid (and FUTEX_WAITERS while
 * threads wait in the kernel); a waiter raises the owner's priority to
 * its own while it waits (the preempt scheduler's priorities: under
 * coop they are recorded only), UNLOCK_PI hands the futex to the
 * highest-priority waiter and drops the owner's boost. Robust futexes:
 * uk_posix_robust_exit, at a thread's exit.
 *
 * A wait ends early for a signal (signal.c).
 *
 * Waiters are kept in one FIFO list; each waiter's record lives on its
 * own stack. Locking: interrupts disabled (one CPU); the check of the
 * futex word and the queueing happen together, so a wake-up between
 * them cannot be lost.
 */
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/errno.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include <uk/uaccess.h>
#include "posix.h"

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_LOCK_PI		6
#define FUTEX_UNLOCK_PI		7
#define FUTEX_TRYLOCK_PI	8
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_LOCK_PI2		13
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_ANY	0xffffffffU

/* the futex word of a PI or robust futex */
#define FUTEX_WAITERS		0x80000000U
#define FUTEX_OWNER_DIED	0x40000000U
#define FUTEX_TID_MASK		0x3fffffffU
#define ROBUST_LIST_LIMIT	2048

#define NSEC			UKPLAT_NSEC_PER_SEC

struct waiter {
	const uint32_t *addr;
	uint32_t bitset;
	struct uk_thread *thread;
	bool woken;
	struct waiter *next;
	int prio;		/* a PI waiter's priority; 0: not PI */
};

static struct waiter *head, **tailp = &head;

static void waiter_add(struct waiter *w)
{
	w->next = NULL;
	*tailp = w;
	tailp = &w->next;
}

/* Unlinks the waiter that *@p points to; returns what follows it. */
static struct waiter *waiter_unlink(struct waiter **p)
{
	struct waiter *w = *p;

	*p = w->next;
	if (tailp == &w->next)
		tailp = p;
	return *p;
}

static void waiter_remove(struct waiter *w)
{
	struct waiter **p;

	for (p = &head; *p; p = &(*p)->next)
		if (*p == w) {
			waiter_unlink(p);
			return;
		}
}

/*
 * The futex word at user address @addr into *@v: 0 or -EFAULT. One CPU,
 * interrupts off around the calls: no other thread writes it meanwhile.
 */
static int word_get(const uint32_t *addr, uint32_t *v)
{
	return uk_copy_from_user(v, addr, sizeof(*v));
}

/* A monotonic deadline from the timeout argument of @op; 0: none. */
static int deadline_of(int op, const struct l_timespec *uts, uint64_t *out)
{
	struct l_timespec k, *ts = &k;
	uint64_t ns, now;

	*out = 0;
	if (!uts)
		return 0;
	if (uk_posix_get_timespec(uts, ts))
		return -UK_EFAULT;
	if (uk_posix_timespec_bad(ts))
		return -UK_EINVAL;
	/* saturated, never wrapped (posix.h) */
	ns = uk_posix_timespec_ns(ts);
	now = ukplat_monotonic_clock();
	if ((op & FUTEX_CMD_MASK) == FUTEX_WAIT) {
		*out = uk_posix_deadline_in(ns);
	} else if ((op & FUTEX_CLOCK_REALTIME) ||
		   (op & FUTEX_CMD_MASK) == FUTEX_LOCK_PI) {
		uint64_t wall = ukplat_wall_clock();

		*out = ns > wall ? uk_posix_deadline_in(ns - wall) : now;
	} else {
		*out = UK_MIN(ns, uk_posix_deadline_in(UK_POSIX_TIMEOUT_MAX));
	}
	if (!*out)
		*out = 1;	/* the epoch: long past, but not "none" */
	return 0;
}

static long futex_wait(const uint32_t *addr, uint32_t val, uint64_t deadline,
		       uint32_t bitset)
{
	struct waiter w = { addr, bitset, uk_thread_current(), false, NULL, 0 };
	unsigned long flags;
	uint32_t cur;
	int rc = 0;

	if (!bitset)
		return -UK_EINVAL;
	flags = ukplat_irq_save();
	rc = word_get(addr, &cur);
	if (rc || cur != val) {
		ukplat_irq_restore(flags);
		return rc ? rc : -UK_EAGAIN;
	}
	waiter_add(&w);
	while (!w.woken && rc == 0) {
		/* a signal ends the wait: restarted without a timeout
		 * (by SA_RESTART), EINTR with one, as on Linux */
		if (uk_posix_signal_pending()) {
			rc = deadline ? -UK_EINTR : -UK_ERESTARTSYS;
			break;
		}
		rc = uk_thread_block(deadline);
	}
	if (!w.woken)
		waiter_remove(&w);
	ukplat_irq_restore(flags);
	return w.woken ? 0 : rc;
}

/*
 * Wakes up to @n waiters on @addr whose bitset meets @bitset, then moves
 * up to @n2 more of them to @addr2 (when not NULL). Returns the number
 * woken; *@moved gets the number moved.
 */
static long wake_requeue(const uint32_t *addr, int n, uint32_t bitset,
			 const uint32_t *addr2, int n2, int *moved)
{
	struct waiter **p = &head, *w;
	int woken = 0;

	*moved = 0;
	while ((w = *p)) {
		if (w->addr != addr || !(w->bitset & bitset)) {
			p = &w->next;
		} else if (woken < n) {
			waiter_unlink(p);
			w->woken = true;	/* w may vanish once it runs */
			uk_thread_wake(w->thread);
			woken++;
		} else if (addr2 && *moved < n2) {
			w->addr = addr2;
			(*moved)++;
			p = &w->next;
		} else {
			break;
		}
	}
	return woken;
}

long uk_posix_futex_wake(const uint32_t *addr, int n)
{
	unsigned long flags = ukplat_irq_save();
	int moved;
	long woken = wake_requeue(addr, n, FUTEX_BITSET_ANY, NULL, 0, &moved);

	ukplat_irq_restore(flags);
	return woken;
}

static long requeue(const uint32_t *addr, int n, const uint32_t *addr2,
		    int n2, bool cmp, uint32_t val3)
{
	unsigned long flags;
	uint32_t cur;
	long woken;
	int moved, rc = 0;

	if (n < 0 || n2 < 0)
		return -UK_EINVAL;
	if (!addr2 || ((uintptr_t)addr2 & 3))
		return addr2 ? -UK_EINVAL : -UK_EFAULT;
	flags = ukplat_irq_save();
	if (cmp && ((rc = word_get(addr, &cur)) || cur != val3)) {
		ukplat_irq_restore(flags);
		return rc ? rc : -UK_EAGAIN;
	}
	woken = wake_requeue(addr, n, FUTEX_BITSET_ANY, addr2, n2, &moved);
	ukplat_irq_restore(flags);
	/* CMP_REQUEUE counts the moved waiters too; REQUEUE does not */
	return cmp ? woken + moved : woken;
}

/* ---- PI futexes ---- */

static int word_put(uint32_t *addr, uint32_t v)
{
	return uk_copy_to_user(addr, &v, sizeof(v));
}

/* The highest-priority PI waiter on @addr (the first of equals). */
static struct waiter **pi_top(const uint32_t *addr, int *count)
{
	struct waiter **p, **best = NULL;

	*count = 0;
	for (p = &head; *p; p = &(*p)->next)
		if ((*p)->addr == addr && (*p)->prio) {
			(*count)++;
			if (!best || (*p)->prio > (*best)->prio)
				best = p;
		}
	return best;
}

/* Raises @t's priority to @prio, remembering the one it had. */
static void pi_boost(struct uk_thread *t, int prio)
{
	struct uk_posix_thread *pt = uk_posix_thread(t);

	if (!pt || uk_thread_prio(t) >= prio)
		return;
	if (!pt->pi_base)
		pt->pi_base = uk_thread_prio(t);
	uk_thread_set_prio(t, prio);
}

static void pi_unboost(struct uk_thread *t)
{
	struct uk_posix_thread *pt = uk_posix_thread(t);

	if (pt && pt->pi_base) {
		uk_thread_set_prio(t, pt->pi_base);
		pt->pi_base = 0;
	}
}

/*
 * LOCK_PI / TRYLOCK_PI: takes the futex at @addr for the caller when
 * its word names no owner, else (not @try) waits, boosting the owner,
 * until UNLOCK_PI hands it over or @deadline. Interrupts disabled.
 */
static long lock_pi(uint32_t *addr, uint64_t deadline, bool try)
{
	struct uk_thread *self = uk_thread_current();
	uint32_t tid = uk_thread_tid(self), cur;
	struct waiter w = { addr, FUTEX_BITSET_ANY, self, false, NULL,
			    uk_thread_prio(self) };
	struct uk_thread *owner;
	int rc, n;

	if ((rc = word_get(addr, &cur)))
		return rc;
	if ((cur & FUTEX_TID_MASK) == tid)
		return -UK_EDEADLK;
	if (!(cur & FUTEX_TID_MASK)) {
		/* free (its last owner may have died): the caller's */
		pi_top(addr, &n);
		return word_put(addr, tid | (cur & FUTEX_OWNER_DIED) |
				      (n ? FUTEX_WAITERS : 0));
	}
	if (try)
		return -UK_EAGAIN;
	owner = uk_thread_find(cur & FUTEX_TID_MASK);
	if (!owner)
		return -UK_ESRCH;
	if ((rc = word_put(addr, cur | FUTEX_WAITERS)))
		return rc;
	pi_boost(owner, w.prio);
	waiter_add(&w);
	while (!w.woken && rc == 0) {
		/* a signal's handler runs; then the call starts again */
		if (uk_posix_signal_pending()) {
			rc = -UK_ERESTARTNOINTR;
			break;
		}
		rc = uk_thread_block(deadline);
	}
	if (!w.woken) {
		waiter_remove(&w);
		if (!pi_top(addr, &n) && !word_get(addr, &cur))
			word_put(addr, cur & ~FUTEX_WAITERS);
	}
	return w.woken ? 0 : rc;
}

/* UNLOCK_PI: the futex goes to its highest-priority waiter, or free. */
static long unlock_pi(uint32_t *addr)
{
	struct uk_thread *self = uk_thread_current();
	struct waiter **p, *w;
	uint32_t cur, next = 0;
	int rc, n;

	if ((rc = word_get(addr, &cur)))
		return rc;
	if ((cur & FUTEX_TID_MASK) != (uint32_t)uk_thread_tid(self))
		return -UK_EPERM;
	pi_unboost(self);
	p = pi_top(addr, &n);
	if (p) {
		w = *p;
		waiter_unlink(p);
		next = uk_thread_tid(w->thread) | (n > 1 ? FUTEX_WAITERS : 0);
		if ((rc = word_put(addr, next)))
			return rc;
		/* those still waiting now boost the new owner */
		p = pi_top(addr, &n);
		if (p)
			pi_boost(w->thread, (*p)->prio);
		w->woken = true;
		uk_thread_wake(w->thread);
		return 0;
	}
	return word_put(addr, 0);
}

/* ---- robust futexes ---- */

/* Thread @tid died owning the futex at @addr, perhaps (Linux's rules). */
static void owner_died(uint32_t *addr, uint32_t tid, bool pending)
{
	uint32_t cur;
	int moved;

	if (((uintptr_t)addr & 3) || word_get(addr, &cur))
		return;
	if (pending && !cur) {
		/* died between unlocking and leaving the list: a waiter
		 * may have missed the wake-up */
		wake_requeue(addr, 1, FUTEX_BITSET_ANY, NULL, 0, &moved);
		return;
	}
	if ((cur & FUTEX_TID_MASK) != tid)
		return;
	if (word_put(addr, (cur & FUTEX_WAITERS) | FUTEX_OWNER_DIED))
		return;
	if (cur & FUTEX_WAITERS)
		wake_requeue(addr, 1, FUTEX_BITSET_ANY, NULL, 0, &moved);
}

/* struct robust_list_head, in the application's memory */
struct robust_head {
	uintptr_t next;		/* the list, through the locks' next fields */
	long offset;		/* from a list entry to its futex word */
	uintptr_t pending;	/* the lock being taken or released */
};

void uk_posix_robust_exit(void *uhead, int tid)
{
	struct robust_head h;
	unsigned long flags = ukplat_irq_save();
	uintptr_t e, next;
	int n = 0;

	if (uk_copy_from_user(&h, uhead, sizeof(h)))
		goto out;
	/* bit 0 of a pointer marks a PI futex: the same treatment */
	for (e = h.next; e != (uintptr_t)uhead && n < ROBUST_LIST_LIMIT; n++) {
		if (uk_copy_from_user(&next, (void *)(e & ~1UL), sizeof(next)))
			break;
		if ((e & ~1UL) != (h.pending & ~1UL))
			owner_died((uint32_t *)((e & ~1UL) + h.offset),
				   tid, false);
		e = next;
	}
	if (h.pending)
		owner_died((uint32_t *)((h.pending & ~1UL) + h.offset), tid,
			   true);
out:
	ukplat_irq_restore(flags);
}

static long uk_sys_futex(uint32_t *addr, int op, uint32_t val,
			 const struct l_timespec *timeout, uint32_t *addr2,
			 uint32_t val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	uint64_t deadline;
	int rc;

	if (!addr)
		return -UK_EFAULT;
	if ((uintptr_t)addr & 3)
		return -UK_EINVAL;
	if ((op & FUTEX_CLOCK_REALTIME) && cmd != FUTEX_WAIT &&
	    cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_LOCK_PI2)
		return -UK_ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		rc = deadline_of(op, timeout, &deadline);
		if (rc)
			return rc;
		return futex_wait(addr, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET: {
		unsigned long flags = ukplat_irq_save();
		int moved;
		long woken;

		if (!val3) {
			ukplat_irq_restore(flags);
			return -UK_EINVAL;
		}
		woken = wake_requeue(addr, (int)UK_MIN(val, 0x7fffffffU), val3,
				     NULL, 0, &moved);
		ukplat_irq_restore(flags);
		return woken;
	}
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		/* the timeout argument carries val2, the number to move */
		return requeue(addr, (int)val, addr2,
			       (int)(uintptr_t)timeout,
			       cmd == FUTEX_CMP_REQUEUE, val3);
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
	case FUTEX_TRYLOCK_PI:
	case FUTEX_UNLOCK_PI: {
		unsigned long flags;
		long ret;

		rc = deadline_of(op, cmd == FUTEX_TRYLOCK_PI ? NULL : timeout,
				 &deadline);
		if (rc)
			return rc;
		flags = ukplat_irq_save();
		ret = cmd == FUTEX_UNLOCK_PI ? unlock_pi(addr)
		      : lock_pi(addr, deadline, cmd == FUTEX_TRYLOCK_PI);
		ukplat_irq_restore(flags);
		return ret;
	}
	default:
		return -UK_ENOSYS;
	}
}
UK_SYSCALL_REGISTER(futex, uk_sys_futex);
