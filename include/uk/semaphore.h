/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Counting semaphores. uk_semaphore_up() may be called by interrupt
 * handlers; the down operations block and are for threads.
 */
#ifndef UK_SEMAPHORE_H
#define UK_SEMAPHORE_H

#include <uk/essentials.h>
#include <uk/wait.h>

struct uk_semaphore {
	struct uk_waitq wq;
	long count;
};

#define UK_SEMAPHORE_INITIALIZER(n)	{ UK_WAITQ_INITIALIZER, (n) }

void uk_semaphore_init(struct uk_semaphore *s, long count);

/* Waits until the count is positive, then decrements it. */
void uk_semaphore_down(struct uk_semaphore *s);
/* The same, giving up at monotonic time @deadline: 0 or -ETIMEDOUT. */
int uk_semaphore_down_until(struct uk_semaphore *s, uint64_t deadline);
/* Decrements a positive count: 0, or -EAGAIN when it is 0. */
int uk_semaphore_trydown(struct uk_semaphore *s);
/* Increments the count and wakes a waiter. */
void uk_semaphore_up(struct uk_semaphore *s);

#endif /* UK_SEMAPHORE_H */
