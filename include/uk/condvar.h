/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Condition variables, with uk_mutex. The mutex is released and the
 * thread queued in one step, so a signal sent after the waiter released
 * the mutex is never lost. Wake-ups may be spurious: wait in a loop.
 */
#ifndef UK_CONDVAR_H
#define UK_CONDVAR_H

#include <uk/essentials.h>
#include <uk/mutex.h>

struct uk_condvar {
	struct uk_waitq wq;
};

#define UK_CONDVAR_INITIALIZER		{ UK_WAITQ_INITIALIZER }

void uk_condvar_init(struct uk_condvar *c);

/* Releases @m (held once by the caller), waits, locks @m again. */
void uk_condvar_wait(struct uk_condvar *c, struct uk_mutex *m);
/* The same with a monotonic deadline: 0, or -ETIMEDOUT. */
int uk_condvar_wait_until(struct uk_condvar *c, struct uk_mutex *m,
			  uint64_t deadline);
/* Wakes one waiter / all of them. */
void uk_condvar_signal(struct uk_condvar *c);
void uk_condvar_broadcast(struct uk_condvar *c);

#endif /* UK_CONDVAR_H */
