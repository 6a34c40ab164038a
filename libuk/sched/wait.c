/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Wait queues and what is built on them: mutexes, semaphores, condition
 * variables. They use only uk_thread_block/uk_thread_wake, so they work
 * the same under every scheduler (under `none` a wait halts the CPU).
 *
 * Locking: a queue's spinlock, taken with interrupts disabled, protects
 * its list and the state of the object that embeds it (the owner of a
 * mutex, the count of a semaphore). A waiter's entry lives on its own
 * stack; the waker unlinks it and sets ->woken under the lock.
 */
#include <uk/wait.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/condvar.h>
#include <uk/thread.h>
#include <uk/assert.h>
#include <uk/errno.h>

void uk_waitq_init(struct uk_waitq *wq)
{
	uk_spin_init(&wq->lock);
	wq->head = wq->tail = NULL;
}

unsigned long uk_waitq_lock(struct uk_waitq *wq)
{
	return uk_spin_lock_irqsave(&wq->lock);
}

void uk_waitq_unlock(struct uk_waitq *wq, unsigned long flags)
{
	uk_spin_unlock_irqrestore(&wq->lock, flags);
}

static void enqueue(struct uk_waitq *wq, struct uk_waitq_entry *e)
{
	e->next = NULL;
	if (wq->tail)
		wq->tail->next = e;
	else
		wq->head = e;
	wq->tail = e;
}

static void unlink(struct uk_waitq *wq, struct uk_waitq_entry *e)
{
	struct uk_waitq_entry **p, *prev = NULL;

	for (p = &wq->head; *p; prev = *p, p = &(*p)->next)
		if (*p == e) {
			*p = e->next;
			if (wq->tail == e)
				wq->tail = prev;
			return;
		}
}

int uk_waitq_wait_locked(struct uk_waitq *wq, uint64_t deadline)
{
	struct uk_waitq_entry e = { uk_thread_current(), NULL, false };
	int rc = 0;

	enqueue(wq, &e);
	while (!e.woken && rc == 0) {
		uk_spin_unlock(&wq->lock);
		rc = uk_thread_block(deadline);
		uk_spin_lock(&wq->lock);
	}
	if (!e.woken) {
		unlink(wq, &e);
		return -UK_ETIMEDOUT;
	}
	return 0;
}

int uk_waitq_wait(struct uk_waitq *wq, uint64_t deadline)
{
	unsigned long flags = uk_waitq_lock(wq);
	int rc = uk_waitq_wait_locked(wq, deadline);

	uk_waitq_unlock(wq, flags);
	return rc;
}

struct uk_thread *uk_waitq_wake_first_locked(struct uk_waitq *wq)
{
	struct uk_waitq_entry *e = wq->head;
	struct uk_thread *t;

	if (!e)
		return NULL;
	wq->head = e->next;
	if (!wq->head)
		wq->tail = NULL;
	t = e->thread;
	e->woken = true;	/* e may vanish once t runs */
	uk_thread_wake(t);
	return t;
}

int uk_waitq_wake_locked(struct uk_waitq *wq, int n)
{
	int woken = 0;

	while ((n < 0 || woken < n) && uk_waitq_wake_first_locked(wq))
		woken++;
	return woken;
}

int uk_waitq_wake(struct uk_waitq *wq, int n)
{
	unsigned long flags = uk_waitq_lock(wq);
	int woken = uk_waitq_wake_locked(wq, n);

	uk_waitq_unlock(wq, flags);
	return woken;
}

/* ---- mutexes: the owner hands the mutex to the oldest waiter ---- */

void uk_mutex_init(struct uk_mutex *m)
{
	uk_waitq_init(&m->wq);
	m->owner = NULL;
	m->depth = 0;
	m->recursive = false;
}

void uk_mutex_init_recursive(struct uk_mutex *m)
{
	uk_mutex_init(m);
	m->recursive = true;
}

int uk_mutex_lock_until(struct uk_mutex *m, uint64_t deadline)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_waitq_lock(&m->wq);
	int rc = 0;

	if (m->owner == self) {
		if (!m->recursive)
			UK_CRASH("thread %s locks mutex %p a second time",
				 uk_thread_name(self), m);
		m->depth++;
	} else if (!m->owner) {
		m->owner = self;
		m->depth = 1;
	} else {
		/* the unlocker sets the owner before it wakes us */
		while (m->owner != self && rc == 0)
			rc = uk_waitq_wait_locked(&m->wq, deadline);
		if (m->owner == self)
			rc = 0;
	}
	uk_waitq_unlock(&m->wq, flags);
	return rc;
}

void uk_mutex_lock(struct uk_mutex *m)
{
	uk_mutex_lock_until(m, 0);
}

int uk_mutex_trylock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_waitq_lock(&m->wq);
	int rc = 0;

	if (!m->owner) {
		m->owner = self;
		m->depth = 1;
	} else if (m->owner == self && m->recursive) {
		m->depth++;
	} else {
		rc = -UK_EBUSY;
	}
	uk_waitq_unlock(&m->wq, flags);
	return rc;
}

void uk_mutex_unlock(struct uk_mutex *m)
{
	struct uk_thread *self = uk_thread_current();
	unsigned long flags = uk_waitq_lock(&m->wq);
	struct uk_waitq_entry *next;

	if (m->owner != self)
		UK_CRASH("thread %s unlocks mutex %p owned by %s",
			 uk_thread_name(self), m,
			 m->owner ? uk_thread_name(m->owner) : "nobody");
	if (--m->depth == 0) {
		next = m->wq.head;
		m->owner = next ? next->thread : NULL;
		m->depth = next ? 1 : 0;
		if (next)
			uk_waitq_wake_first_locked(&m->wq);
	}
	uk_waitq_unlock(&m->wq, flags);
}

/* ---- semaphores ---- */

void uk_semaphore_init(struct uk_semaphore *s, long count)
{
	uk_waitq_init(&s->wq);
	s->count = count;
}

int uk_semaphore_down_until(struct uk_semaphore *s, uint64_t deadline)
{
	unsigned long flags = uk_waitq_lock(&s->wq);
	int rc = 0;

	while (s->count <= 0 && rc == 0)
		rc = uk_waitq_wait_locked(&s->wq, deadline);
	if (s->count > 0) {
		s->count--;
		rc = 0;
	}
	uk_waitq_unlock(&s->wq, flags);
	return rc;
}

void uk_semaphore_down(struct uk_semaphore *s)
{
	uk_semaphore_down_until(s, 0);
}

int uk_semaphore_trydown(struct uk_semaphore *s)
{
	unsigned long flags = uk_waitq_lock(&s->wq);
	int rc = -UK_EAGAIN;

	if (s->count > 0) {
		s->count--;
		rc = 0;
	}
	uk_waitq_unlock(&s->wq, flags);
	return rc;
}

void uk_semaphore_up(struct uk_semaphore *s)
{
	unsigned long flags = uk_waitq_lock(&s->wq);

	s->count++;
	uk_waitq_wake_locked(&s->wq, 1);
	uk_waitq_unlock(&s->wq, flags);
}

/* ---- condition variables ---- */

void uk_condvar_init(struct uk_condvar *c)
{
	uk_waitq_init(&c->wq);
}

int uk_condvar_wait_until(struct uk_condvar *c, struct uk_mutex *m,
			  uint64_t deadline)
{
	unsigned long flags = uk_waitq_lock(&c->wq);
	int rc;

	/* queued before the mutex goes: a signal after that finds us */
	uk_mutex_unlock(m);
	rc = uk_waitq_wait_locked(&c->wq, deadline);
	uk_waitq_unlock(&c->wq, flags);
	uk_mutex_lock(m);
	return rc;
}

void uk_condvar_wait(struct uk_condvar *c, struct uk_mutex *m)
{
	uk_condvar_wait_until(c, m, 0);
}

void uk_condvar_signal(struct uk_condvar *c)
{
	uk_waitq_wake(&c->wq, 1);
}

void uk_condvar_broadcast(struct uk_condvar *c)
{
	uk_waitq_wake(&c->wq, -1);
}
