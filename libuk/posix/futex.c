/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * futex(2): WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, REQUEUE, CMP_REQUEUE,
 * with FUTEX_PRIVATE_FLAG (one address space: private and shared are the
 * same) and FUTEX_CLOCK_REALTIME. WAIT's timeout is relative (measured on
 * the monotonic clock), WAIT_BITSET's absolute on CLOCK_MONOTONIC or,
 * with FUTEX_CLOCK_REALTIME, CLOCK_REALTIME. Other operations (WAKE_OP,
 * the PI family) are ENOSYS.
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
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_ANY	0xffffffffU

#define NSEC			UKPLAT_NSEC_PER_SEC

struct waiter {
	const uint32_t *addr;
	uint32_t bitset;
	struct uk_thread *thread;
	bool woken;
	struct waiter *next;
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
	} else if (op & FUTEX_CLOCK_REALTIME) {
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
	struct waiter w = { addr, bitset, uk_thread_current(), false, NULL };
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
	if ((op & FUTEX_CLOCK_REALTIME) &&
	    cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
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
	default:
		return -UK_ENOSYS;
	}
}
UK_SYSCALL_REGISTER(futex, uk_sys_futex);
