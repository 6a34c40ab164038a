/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Block devices, the driver's side (users read uk/blkdev.h).
 *
 * A driver fills a struct uk_blkdev (name, info, ops, queues) that it
 * keeps for the life of the image and calls uk_blkdev_register(). The
 * library checks every request against the contract of uk/blkdev.h
 * before the driver sees it, and serializes each queue: the driver's
 * submit and reap run with the queue's lock held and interrupts
 * disabled, so they MUST NOT block and MUST NOT call back into the
 * library except uk_blkdev_queue_event() (from the interrupt handler,
 * without the lock).
 *
 * ops->submit(dev, q, req): puts a valid request on the device. Returns
 *	0, -EAGAIN (full) or another -errno (refused, no completion).
 * ops->reap(dev, q): takes the requests the device finished off the
 *	queue, sets each one's ->status and returns them chained by ->next
 *	(NULL when none). The library runs the callbacks after dropping
 *	the lock.
 * ops->set_intr(dev, q, on): enables or disables the queue's interrupt
 *	(NULL: the device has none, every queue polls). Disabling MAY
 *	leave an interrupt already raised; the handler then finds nothing.
 * ops->abort(dev): the device stopped answering (a synchronous request
 *	timed out). Stops it for good -- it MUST NOT write memory after
 *	abort returns -- so that the next reap of each queue returns every
 *	request still in flight with -EIO, and submit refuses with -EIO
 *	from then on. Called without the queue locks. NULL: the device
 *	cannot be stopped, and the library keeps waiting.
 *
 * The driver's interrupt handler calls uk_blkdev_queue_event(dev, q),
 * which reaps, runs the callbacks and wakes the synchronous waiters.
 */
#ifndef UK_BLKDEV_DRIVER_H
#define UK_BLKDEV_DRIVER_H

#include <uk/blkdev.h>
#include <uk/spinlock.h>
#include <uk/wait.h>

#define UK_BLKDEV_MAX		16	/* devices an image can register */
#define UK_BLKDEV_NAME_MAX	16
#define UK_BLKDEV_QUEUES_MAX	8

struct uk_blkdev_ops {
	int (*submit)(struct uk_blkdev *dev, uint16_t q, struct uk_blkreq *req);
	struct uk_blkreq *(*reap)(struct uk_blkdev *dev, uint16_t q);
	int (*set_intr)(struct uk_blkdev *dev, uint16_t q, bool on);
	void (*abort)(struct uk_blkdev *dev);
};

/* The library's per-queue state. */
struct uk_blkdev_queue {
	struct uk_spinlock lock;	/* around ops->submit, reap, set_intr */
	struct uk_waitq wq;		/* woken after each batch of callbacks */
	uint64_t completed;		/* requests completed (atomic) */
	unsigned int inflight;		/* submitted and not completed */
	bool polling;
};

struct uk_blkdev {
	char name[UK_BLKDEV_NAME_MAX];
	struct uk_blkdev_info info;
	const struct uk_blkdev_ops *ops;
	void *priv;			/* the driver's */
	uint64_t timeout_ns;		/* the sync helpers' (0: default) */
	struct uk_blkdev_queue queue[UK_BLKDEV_QUEUES_MAX];
};

/*
 * Adds @dev (info and ops filled, info.queues <= UK_BLKDEV_QUEUES_MAX).
 * The library initializes dev->queue[] and, when ops->set_intr is NULL,
 * marks every queue polling. Returns 0, -EINVAL (an inconsistent info or
 * ops), -EEXIST (the name is taken) or -ENOSPC (UK_BLKDEV_MAX reached).
 */
int uk_blkdev_register(struct uk_blkdev *dev);

/* The driver's interrupt handler for queue @q: see above. */
void uk_blkdev_queue_event(struct uk_blkdev *dev, uint16_t q);

#endif /* UK_BLKDEV_DRIVER_H */
