/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Readiness for every descriptor: poll queues (file.h) and the wait
 * on all of them. poll, ppoll, select and pselect6 are in select.c,
 * epoll in epoll.c.
 *
 * A thread that waits for several files at once (poll, select) waits on
 * one queue, `any`, that every notification also notifies: it wakes,
 * scans its descriptors again and sleeps again if none is ready. A
 * notification cannot be lost between the scan and the sleep: the
 * sleeper reads any's count before it scans and sleeps only if the
 * count has not moved since.
 *
 * Locking: queues change with interrupts disabled (notifications come
 * from interrupt handlers too); everything else runs inside a system
 * call, with preemption off.
 */
#include <uk/syscall.h>
#include <uk/thread.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include <uk/plat/irq.h>
#include <uk/plat/time.h>
#include "posix.h"
#include "file.h"

struct uk_pollwaiter {
	struct uk_thread *thread;
	struct uk_pollwaiter *next;
	bool woken;
};

static struct uk_pollq any;

/* Marks epoll entries ready (epoll.c); with interrupts disabled. Weak:
 * epoll.c is on demand (uk/link.h), and a queue has watchers only when
 * it is linked. */
void uk_posix_epoll_wake(struct uk_epitem *watchers, unsigned int events)
	__weak;

static void wake_all(struct uk_pollq *q)
{
	struct uk_pollwaiter *w;

	q->seq++;
	while ((w = q->waiters)) {
		q->waiters = w->next;
		w->woken = true;	/* w may vanish once its thread runs */
		uk_thread_wake(w->thread);
	}
}

void uk_pollq_notify_ev(struct uk_pollq *q, unsigned int events)
{
	unsigned long flags = ukplat_irq_save();

	wake_all(q);
	if (q->watchers)
		uk_posix_epoll_wake(q->watchers, events);
	if (q != &any)
		wake_all(&any);
	ukplat_irq_restore(flags);
}

void uk_pollq_notify(struct uk_pollq *q)
{
	uk_pollq_notify_ev(q, 0);
}

int uk_pollq_wait(struct uk_pollq *q, uint64_t seq, uint64_t deadline)
{
	struct uk_pollwaiter w = { uk_thread_current(), NULL, false }, **p;
	unsigned long flags = ukplat_irq_save();
	int rc = 0;

	if (q->seq != seq)
		goto out;
	w.next = q->waiters;
	q->waiters = &w;
	while (!w.woken && rc == 0) {
		if (uk_posix_signal_pending()) {
			rc = -UK_EINTR;
			break;
		}
		rc = uk_thread_block(deadline);
	}
	if (!w.woken)
		for (p = &q->waiters; *p; p = &(*p)->next)
			if (*p == &w) {
				*p = w.next;
				break;
			}
	if (w.woken)
		rc = 0;
out:
	ukplat_irq_restore(flags);
	return rc;
}

/* ---- readiness of an open file ---- */

#define DEFAULT_POLLMASK (L_POLLIN | L_POLLOUT | L_POLLRDNORM | L_POLLWRNORM)

unsigned int uk_posix_poll(struct uk_ofile *of)
{
	if (of->file)
		return of->file->ops->poll ? of->file->ops->poll(of) : 0;
	if (of->node->poll)
		return of->node->poll();
	return DEFAULT_POLLMASK;
}

struct uk_pollq *uk_posix_pollq(struct uk_ofile *of)
{
	if (of->file)
		return of->file->ops->poll ? &of->file->pq : NULL;
	return of->node->pq;
}

/*
 * Waits on `any` from count @seq for a change, up to @deadline, but for
 * no more than @slice ns when a file can only be polled (the console
 * without its interrupt): 0 when something changed or the slice ended,
 * -ETIMEDOUT, -EINTR.
 */
static int wait_any(uint64_t seq, uint64_t deadline, uint64_t slice)
{
	uint64_t until = deadline;
	int rc;

	if (slice) {
		uint64_t s = uk_posix_deadline_in(slice);

		until = deadline && deadline < s ? deadline : s;
	}
	rc = uk_pollq_wait(&any, seq, until);
	if (rc == -UK_ETIMEDOUT && until != deadline)
		rc = 0;
	return rc;
}

static unsigned int slices;

void uk_posix_poll_slice_request(void)
{
	slices++;
}

unsigned int uk_posix_poll_slices(void)
{
	return slices;
}

uint64_t uk_posix_poll_any_seq(void)
{
	return uk_pollq_seq(&any);
}

/* how long a wait may last when a file must be polled (console) */
#define POLL_SLICE_NS	5000000ULL

int uk_posix_poll_any_wait(uint64_t seq, uint64_t deadline, bool slice)
{
	return wait_any(seq, deadline, slice ? POLL_SLICE_NS : 0);
}
