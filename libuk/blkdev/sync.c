/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Synchronous helpers: one request at a time on queue 0, waiting on the
 * queue's wait queue (interrupt mode) or polling (polling mode), each
 * for at most the device's timeout (uk_blkdev_set_timeout).
 */
#include <uk/blkdev_driver.h>
#include <uk/errno.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/plat/time.h>

#define NSEC_PER_SEC	1000000000ULL

static uint64_t timeout_s = 30;
UK_PARAM_U64_MAX(blkdev, timeout, timeout_s, 365ULL * 24 * 3600,
		 "seconds a block request may take before its device is dropped (default 30)");

void uk_blkdev_set_timeout(struct uk_blkdev *dev, uint64_t ns)
{
	dev->timeout_ns = ns;
}

/* The deadline of a request started now. */
static uint64_t deadline_of(const struct uk_blkdev *dev)
{
	uint64_t t = dev->timeout_ns ? dev->timeout_ns :
		     (timeout_s ? timeout_s : 30) * NSEC_PER_SEC;

	return ukplat_monotonic_clock() + t;
}

/*
 * The device let @deadline pass: drop it if its driver can stop it (the
 * requests in flight, ours among them, then complete with -EIO), and
 * say so. Returns false when the driver cannot: the caller keeps waiting.
 */
static bool give_up(struct uk_blkdev *dev, uint64_t *deadline)
{
	uint16_t q;

	if (!dev->ops->abort) {
		*deadline = 0;	/* warned once; wait for good */
		uk_pr_warn("blkdev %s: no answer in time, and its driver cannot stop it: waiting\n",
			   dev->name);
		return false;
	}
	uk_pr_err("blkdev %s: no answer within the timeout; the device is dropped (its requests fail with EIO)\n",
		  dev->name);
	dev->ops->abort(dev);
	for (q = 0; q < dev->info.queues; q++)
		uk_blkdev_queue_event(dev, q);
	return true;
}

struct sync_wait {
	bool done;
	int status;
};

static void sync_done(struct uk_blkreq *req, int status, void *cookie)
{
	struct sync_wait *w = cookie;

	w->status = status;
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
}

static bool is_done(struct sync_wait *w)
{
	return __atomic_load_n(&w->done, __ATOMIC_ACQUIRE);
}

static bool past(uint64_t deadline)
{
	return deadline && ukplat_monotonic_clock() >= deadline;
}

int uk_blkdev_wait(struct uk_blkdev *dev, uint16_t q, uint64_t count,
		   uint64_t deadline)
{
	struct uk_blkdev_queue *bq;

	if (q >= dev->info.queues)
		return -UK_EINVAL;
	bq = &dev->queue[q];
	if (!bq->polling)
		return uk_waitq_wait_event(&bq->wq,
					   uk_blkdev_completed(dev, q) != count,
					   deadline);
	while (uk_blkdev_completed(dev, q) == count) {
		if (past(deadline))
			return -UK_ETIMEDOUT;
		if (!uk_blkdev_poll(dev, q))
			uk_cpu_relax();
	}
	return 0;
}

/*
 * Submits @req (retrying while the queue is full) and waits for it, at
 * most the device's timeout for each (see give_up).
 */
static int submit_wait(struct uk_blkdev *dev, struct uk_blkreq *req)
{
	struct sync_wait w = { false, 0 };
	uint64_t seen, deadline = deadline_of(dev);
	int rc;

	req->cb = sync_done;
	req->cookie = &w;
	for (;;) {
		seen = uk_blkdev_completed(dev, 0);
		rc = uk_blkdev_submit(dev, 0, req);
		if (rc != -UK_EAGAIN)
			break;
		if (uk_blkdev_wait(dev, 0, seen, deadline) == -UK_ETIMEDOUT &&
		    give_up(dev, &deadline))
			return -UK_EIO;
	}
	if (rc)
		return rc;
	/* other requests may complete first: wait until ours did */
	deadline = deadline_of(dev);
	while (!is_done(&w)) {
		seen = uk_blkdev_completed(dev, 0);
		if (!is_done(&w) &&
		    uk_blkdev_wait(dev, 0, seen, deadline) == -UK_ETIMEDOUT)
			give_up(dev, &deadline);
	}
	return w.status;
}

static int rw(struct uk_blkdev *dev, enum uk_blkreq_op op, uint64_t sector,
	      uint32_t count, void *buf)
{
	const struct uk_blkdev_info *info = &dev->info;
	struct uk_blkreq req;
	uint32_t n;
	int rc;

	/* the whole range first: a request fails before any part is done */
	if (count == 0 || sector >= info->sectors ||
	    count > info->sectors - sector)
		return -UK_EINVAL;
	do {
		n = UK_MIN(count, info->max_sectors);
		req.op = op;
		req.sector = sector;
		req.count = n;
		req.buf = buf;
		rc = submit_wait(dev, &req);
		sector += n;
		count -= n;
		buf = (char *)buf + (size_t)n * info->sector_size;
	} while (!rc && count);
	return rc;
}

int uk_blkdev_read(struct uk_blkdev *dev, uint64_t sector, uint32_t count,
		   void *buf)
{
	return rw(dev, UK_BLKREQ_READ, sector, count, buf);
}

int uk_blkdev_write(struct uk_blkdev *dev, uint64_t sector, uint32_t count,
		    const void *buf)
{
	return rw(dev, UK_BLKREQ_WRITE, sector, count, (void *)buf);
}

int uk_blkdev_flush(struct uk_blkdev *dev)
{
	struct uk_blkreq req = { .op = UK_BLKREQ_FLUSH };

	if (!(dev->info.flags & UK_BLKDEV_F_FLUSH))
		return 0;	/* no volatile cache */
	return submit_wait(dev, &req);
}

int uk_blkdev_discard(struct uk_blkdev *dev, uint64_t sector,
		      uint32_t count)
{
	struct uk_blkreq req = {
		.op = UK_BLKREQ_DISCARD, .sector = sector, .count = count,
	};

	return submit_wait(dev, &req);
}
