/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Block devices: the registry, request checks, submission and
 * completion (uk/blkdev.h, uk/blkdev_driver.h).
 *
 * Locking: each queue's spinlock (irqsave) covers the driver's submit
 * and reap and the count of requests in flight; the count of completed
 * ones is atomic. Callbacks run after the lock is
 * dropped, so that they may submit again. The registry is written only
 * by drivers at boot, before the application runs.
 */
#include <uk/link.h>
#include <uk/blkdev_driver.h>
#include <uk/errno.h>
#include <uk/print.h>
#include <uk/string.h>

/* the drivers come with the API (uk/link.h) */
#if UK_CONFIG_VIRTIO
UK_LINK_PULL(virtio_blk);
#endif

static struct uk_blkdev *devs[UK_BLKDEV_MAX];
static unsigned int ndevs;

unsigned int uk_blkdev_count(void)
{
	return ndevs;
}

struct uk_blkdev *uk_blkdev_get(unsigned int idx)
{
	return idx < ndevs ? devs[idx] : NULL;
}

struct uk_blkdev *uk_blkdev_find(const char *name)
{
	unsigned int i;

	for (i = 0; name && i < ndevs; i++)
		if (!uk_strcmp(devs[i]->name, name))
			return devs[i];
	return NULL;
}

const char *uk_blkdev_name(const struct uk_blkdev *dev)
{
	return dev->name;
}

const struct uk_blkdev_info *uk_blkdev_info(const struct uk_blkdev *dev)
{
	return &dev->info;
}

static bool info_valid(const struct uk_blkdev_info *info)
{
	return info->sector_size >= 512 && UK_IS_POW2(info->sector_size) &&
	       UK_IS_POW2(info->buf_align) && info->max_sectors > 0 &&
	       info->queue_depth > 0 && info->queues > 0 &&
	       info->queues <= UK_BLKDEV_QUEUES_MAX &&
	       (!(info->flags & UK_BLKDEV_F_DISCARD) || info->max_discard);
}

int uk_blkdev_register(struct uk_blkdev *dev)
{
	const struct uk_blkdev_info *info = &dev->info;
	uint16_t q;

	if (!dev->ops || !dev->ops->submit || !dev->ops->reap ||
	    !dev->name[0] || !info_valid(info))
		return -UK_EINVAL;
	if (uk_blkdev_find(dev->name))
		return -UK_EEXIST;
	if (ndevs == UK_BLKDEV_MAX)
		return -UK_ENOSPC;
	for (q = 0; q < info->queues; q++) {
		struct uk_blkdev_queue *bq = &dev->queue[q];

		uk_spin_init(&bq->lock);
		uk_waitq_init(&bq->wq);
		bq->completed = 0;
		bq->inflight = 0;
		bq->polling = !dev->ops->set_intr;
	}
	devs[ndevs++] = dev;
	uk_pr_info("blkdev: %s: %llu sectors of %u bytes%s%s%s, %u queue(s) of %u\n",
		   dev->name, (unsigned long long)info->sectors,
		   info->sector_size,
		   info->flags & UK_BLKDEV_F_RO ? ", read-only" : "",
		   info->flags & UK_BLKDEV_F_FLUSH ? ", flush" : "",
		   info->flags & UK_BLKDEV_F_DISCARD ? ", discard" : "",
		   info->queues, info->queue_depth);
	return 0;
}

/* The sector range [sector, sector + count) lies on the device. */
static bool in_range(const struct uk_blkdev_info *info, uint64_t sector,
		     uint32_t count)
{
	return count && sector < info->sectors &&
	       count <= info->sectors - sector;
}

static int check(const struct uk_blkdev *dev, const struct uk_blkreq *req)
{
	const struct uk_blkdev_info *info = &dev->info;
	bool ro = info->flags & UK_BLKDEV_F_RO;

	if (!req->cb)
		return -UK_EINVAL;
	switch (req->op) {
	case UK_BLKREQ_READ:
	case UK_BLKREQ_WRITE:
		if (!req->buf || req->count > info->max_sectors ||
		    !UK_IS_ALIGNED((uintptr_t)req->buf, info->buf_align) ||
		    !in_range(info, req->sector, req->count))
			return -UK_EINVAL;
		return req->op == UK_BLKREQ_WRITE && ro ? -UK_EROFS : 0;
	case UK_BLKREQ_FLUSH:
		return info->flags & UK_BLKDEV_F_FLUSH ? 0 : -UK_EOPNOTSUPP;
	case UK_BLKREQ_DISCARD:
		if (!(info->flags & UK_BLKDEV_F_DISCARD))
			return -UK_EOPNOTSUPP;
		if (req->count > info->max_discard ||
		    !in_range(info, req->sector, req->count))
			return -UK_EINVAL;
		return ro ? -UK_EROFS : 0;
	}
	return -UK_EINVAL;
}

int uk_blkdev_submit(struct uk_blkdev *dev, uint16_t q,
		     struct uk_blkreq *req)
{
	struct uk_blkdev_queue *bq;
	unsigned long flags;
	int rc;

	if (q >= dev->info.queues)
		return -UK_EINVAL;
	rc = check(dev, req);
	if (rc)
		return rc;
	bq = &dev->queue[q];
	flags = uk_spin_lock_irqsave(&bq->lock);
	if (bq->inflight >= dev->info.queue_depth) {
		rc = -UK_EAGAIN;
	} else {
		/* a driver that completes without a status fails it */
		req->status = -UK_EIO;
		req->next = NULL;
		rc = dev->ops->submit(dev, q, req);
		if (!rc)
			bq->inflight++;
	}
	uk_spin_unlock_irqrestore(&bq->lock, flags);
	return rc;
}

/* Reaps queue @q and runs the callbacks; returns how many completed. */
static int complete(struct uk_blkdev *dev, uint16_t q)
{
	struct uk_blkdev_queue *bq = &dev->queue[q];
	struct uk_blkreq *req, *next, *done;
	unsigned long flags;
	int n = 0;

	flags = uk_spin_lock_irqsave(&bq->lock);
	done = dev->ops->reap(dev, q);
	for (req = done; req; req = req->next)
		n++;
	bq->inflight -= UK_MIN((unsigned int)n, bq->inflight);
	uk_spin_unlock_irqrestore(&bq->lock, flags);

	for (req = done; req; req = next) {
		next = req->next;	/* the callback may reuse req */
		req->cb(req, req->status, req->cookie);
	}
	/*
	 * Counted after the callbacks: a waiter that saw the old count and
	 * then found its request unfinished is woken by this change.
	 */
	if (n) {
		__atomic_add_fetch(&bq->completed, n, __ATOMIC_RELEASE);
		uk_waitq_wake(&bq->wq, -1);
	}
	return n;
}

int uk_blkdev_poll(struct uk_blkdev *dev, uint16_t q)
{
	if (q >= dev->info.queues)
		return 0;
	return complete(dev, q);
}

void uk_blkdev_queue_event(struct uk_blkdev *dev, uint16_t q)
{
	if (q < dev->info.queues)
		complete(dev, q);
}

int uk_blkdev_set_polling(struct uk_blkdev *dev, uint16_t q, bool on)
{
	struct uk_blkdev_queue *bq;
	unsigned long flags;
	int rc;

	if (q >= dev->info.queues)
		return -UK_EINVAL;
	if (!dev->ops->set_intr)
		return on ? 0 : -UK_EOPNOTSUPP;
	bq = &dev->queue[q];
	flags = uk_spin_lock_irqsave(&bq->lock);
	rc = dev->ops->set_intr(dev, q, !on);
	if (!rc)
		bq->polling = on;
	uk_spin_unlock_irqrestore(&bq->lock, flags);
	/* what finished while polling raised no interrupt: take it now */
	if (!rc && !on)
		complete(dev, q);
	return rc;
}

bool uk_blkdev_polling(const struct uk_blkdev *dev, uint16_t q)
{
	return q < dev->info.queues && dev->queue[q].polling;
}

uint64_t uk_blkdev_completed(const struct uk_blkdev *dev, uint16_t q)
{
	if (q >= dev->info.queues)
		return 0;
	return __atomic_load_n(&dev->queue[q].completed, __ATOMIC_ACQUIRE);
}
