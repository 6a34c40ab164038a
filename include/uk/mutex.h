/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Mutexes: sleeping locks with an owner, handed over in FIFO order (an
 * unlock with waiters gives the mutex to the oldest, so no thread
 * starves). A recursive mutex may be locked again by its owner and is
 * released after as many unlocks. Unlocking a mutex one does not own,
 * and locking a non-recursive mutex one owns, crash with a report.
 * Interrupt handlers MUST NOT use mutexes.
 */
#ifndef UK_MUTEX_H
#define UK_MUTEX_H

#include <uk/essentials.h>
#include <uk/wait.h>

struct uk_mutex {
	struct uk_waitq wq;
	struct uk_thread *owner;
	unsigned int depth;
	bool recursive;
};

#define UK_MUTEX_INITIALIZER		{ UK_WAITQ_INITIALIZER, NULL, 0, false }
#define UK_MUTEX_RECURSIVE_INITIALIZER	{ UK_WAITQ_INITIALIZER, NULL, 0, true }

void uk_mutex_init(struct uk_mutex *m);
void uk_mutex_init_recursive(struct uk_mutex *m);

void uk_mutex_lock(struct uk_mutex *m);
/* Returns 0, or -ETIMEDOUT at monotonic time @deadline (0: none). */
int uk_mutex_lock_until(struct uk_mutex *m, uint64_t deadline);
/* Returns 0, or -EBUSY when another thread holds it. */
int uk_mutex_trylock(struct uk_mutex *m);
void uk_mutex_unlock(struct uk_mutex *m);

static inline bool uk_mutex_is_locked(const struct uk_mutex *m)
{
	return m->owner != NULL;
}

#endif /* UK_MUTEX_H */
