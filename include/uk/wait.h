/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wait queues: threads wait on a queue until another thread or an
 * interrupt handler wakes them, oldest first.
 *
 * Waiting for a condition without losing a wake-up takes the queue's
 * lock around the check and the wait:
 *
 *	flags = uk_waitq_lock(&wq);
 *	while (!ready)
 *		if (uk_waitq_wait_locked(&wq, deadline) < 0)
 *			break;
 *	uk_waitq_unlock(&wq, flags);
 *
 * which uk_waitq_wait_event(&wq, ready, deadline) spells in one line.
 * The waker sets the condition, then calls uk_waitq_wake() (or does both
 * under the lock). Deadlines are monotonic times in ns; 0 is none.
 */
#ifndef UK_WAIT_H
#define UK_WAIT_H

#include <uk/essentials.h>
#include <uk/spinlock.h>

struct uk_thread;

struct uk_waitq_entry {
	struct uk_thread *thread;
	struct uk_waitq_entry *next;
	bool woken;
};

struct uk_waitq {
	struct uk_spinlock lock;
	struct uk_waitq_entry *head, *tail;
};

#define UK_WAITQ_INITIALIZER	{ UK_SPINLOCK_INITIALIZER, NULL, NULL }

void uk_waitq_init(struct uk_waitq *wq);

/* Takes the queue's lock with interrupts disabled; returns the flags. */
unsigned long uk_waitq_lock(struct uk_waitq *wq);
void uk_waitq_unlock(struct uk_waitq *wq, unsigned long flags);

/*
 * With the lock held: waits until woken or @deadline. The lock is
 * released while the thread sleeps and held again on return. Returns 0
 * when woken, -ETIMEDOUT when the deadline passed.
 */
int uk_waitq_wait_locked(struct uk_waitq *wq, uint64_t deadline);

/* Waits once (no condition): 0 when woken, -ETIMEDOUT. */
int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline);

/*
 * Wakes up to @n waiters, oldest first (@n < 0: all). Returns how many.
 * Interrupt handlers may call it. The _locked variant is for a caller
 * holding the lock.
 */
int uk_waitq_wake(struct uk_waitq *wq, int n);
int uk_waitq_wake_locked(struct uk_waitq *wq, int n);
/* With the lock held: wakes the oldest waiter and returns its thread. */
struct uk_thread *uk_waitq_wake_first_locked(struct uk_waitq *wq);

static inline bool uk_waitq_empty(const struct uk_waitq *wq)
{
	return wq->head == NULL;
}

/*
 * Waits until @cond is true (evaluated under the lock) or @deadline.
 * Evaluates to 0, or -ETIMEDOUT when the deadline passed with @cond
 * still false.
 */
#define uk_waitq_wait_event(wq, cond, deadline)				\
	({								\
		int __rc = 0;						\
		unsigned long __f = uk_waitq_lock(wq);			\
		while (!(cond)) {					\
			__rc = uk_waitq_wait_locked(wq, deadline);	\
			if (__rc) {					\
				__rc = (cond) ? 0 : __rc;		\
				break;					\
			}						\
		}							\
		uk_waitq_unlock(wq, __f);				\
		__rc;							\
	})

#endif /* UK_WAIT_H */
