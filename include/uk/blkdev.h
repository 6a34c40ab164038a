/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Block devices: discovery, asynchronous requests with completion
 * callbacks, and synchronous helpers built on them.
 *
 * Units. A device is an array of info.sectors sectors of
 * info.sector_size bytes (a power of two, at least 512: the device's
 * logical block size). Every request addresses whole sectors of that
 * size: `sector` is an index, `count` a number of sectors.
 *
 * Contract of a request (both the asynchronous and the synchronous API):
 * - A request with count == 0, count > info.max_sectors, sector + count
 *   past info.sectors (including an overflow of the sum), a NULL buffer,
 *   or a buffer not aligned to info.buf_align MUST be refused with
 *   -EINVAL before the device sees it. A discard on a device without
 *   UK_BLKDEV_F_DISCARD and a flush on a device without UK_BLKDEV_F_FLUSH
 *   are refused with -EOPNOTSUPP (such a device has no volatile cache:
 *   uk_blkdev_flush() returns 0 at once).
 * - A write or discard on a device with UK_BLKDEV_F_RO MUST be refused
 *   with -EROFS.
 * - A request the device fails completes with -EIO (-EOPNOTSUPP when
 *   the device says it does not support the operation). A device that
 *   misbehaves (a completion for no request, a status it never wrote)
 *   completes the request with -EIO and is reported; data is never
 *   silently wrong as far as the device's own report can tell.
 * - The buffer MUST stay valid and untouched by the caller until the
 *   request completes; it is used in place (DMA, no copy).
 * - Data written is durable once a flush submitted after the write's
 *   completion has completed with 0.
 *
 * Asynchronous requests. The caller owns a struct uk_blkreq (on its stack,
 * in a pool, anywhere) and fills the fields above "private";
 * uk_blkdev_submit() returns 0 when the request was queued, and then the
 * callback is called exactly once with its status (0 or -errno) and
 * cookie. A refused request (any non-zero return) gets no callback:
 * -EAGAIN means the queue is full (info.queue_depth requests in flight);
 * retry after a completion. Requests in flight MAY complete in any order.
 *
 * Callbacks run with interrupts disabled, either from the device's
 * interrupt handler or from uk_blkdev_poll() on the caller's stack, never
 * from inside uk_blkdev_submit(). They MUST NOT block; they MAY submit
 * new requests. A queue in polling mode (uk_blkdev_set_polling) takes no
 * interrupts: its completions are seen only by uk_blkdev_poll().
 *
 * Synchronous helpers submit and wait: on the queue's wait queue (woken
 * by the interrupt; under --with-sched=none the CPU halts until it) or,
 * for a queue in polling mode, by calling uk_blkdev_poll() until the
 * request completed. Requests larger than info.max_sectors are split.
 *
 * Devices are numbered 0..uk_blkdev_count()-1 in the order drivers found
 * them and named by their driver (virtio-blk: "vda", "vdb" ...). A
 * platform without block devices (aarch64-rpi3) reports none.
 */
#ifndef UK_BLKDEV_H
#define UK_BLKDEV_H

#include <uk/essentials.h>

struct uk_blkdev;

#define UK_BLKDEV_F_RO		0x1	/* read-only: writes get -EROFS */
#define UK_BLKDEV_F_FLUSH	0x2	/* has a volatile cache to flush */
#define UK_BLKDEV_F_DISCARD	0x4	/* can discard (trim) sectors */

struct uk_blkdev_info {
	uint64_t sectors;	/* capacity, in sectors */
	uint32_t sector_size;	/* bytes per sector: a power of two >= 512 */
	uint32_t max_sectors;	/* largest read/write of one request */
	uint32_t max_discard;	/* largest discard (sectors), 0 without */
	uint32_t buf_align;	/* buffers are aligned to this (power of 2) */
	uint16_t queue_depth;	/* requests in flight per queue, at most */
	uint16_t queues;	/* request queues, numbered 0..queues-1 */
	unsigned int flags;	/* UK_BLKDEV_F_* */
};

enum uk_blkreq_op {
	UK_BLKREQ_READ,
	UK_BLKREQ_WRITE,
	UK_BLKREQ_FLUSH,	/* sector, count and buf are ignored */
	UK_BLKREQ_DISCARD,	/* buf is ignored */
};

struct uk_blkreq;
typedef void (*uk_blkreq_cb_t)(struct uk_blkreq *req, int status,
			       void *cookie);

struct uk_blkreq {
	enum uk_blkreq_op op;
	uint64_t sector;
	uint32_t count;		/* sectors */
	void *buf;		/* count * sector_size bytes */
	uk_blkreq_cb_t cb;	/* MUST be set */
	void *cookie;

	/* private: the library's and the driver's while in flight */
	int status;
	struct uk_blkreq *next;
};

/* Number of block devices found. */
unsigned int uk_blkdev_count(void);
/* Device @idx, or NULL when there is none. */
struct uk_blkdev *uk_blkdev_get(unsigned int idx);
/* The device named @name, or NULL. */
struct uk_blkdev *uk_blkdev_find(const char *name);

const char *uk_blkdev_name(const struct uk_blkdev *dev);
const struct uk_blkdev_info *uk_blkdev_info(const struct uk_blkdev *dev);

/*
 * Queues @req on queue @q. Returns 0 (the callback will follow), -EINVAL,
 * -EROFS, -EOPNOTSUPP (see the contract above; no callback), -EAGAIN (the
 * queue is full) or -ENODEV (the device was removed after a fault).
 */
int uk_blkdev_submit(struct uk_blkdev *dev, uint16_t q,
		     struct uk_blkreq *req);

/*
 * Completes what queue @q has finished, calling the callbacks on this
 * stack. Returns the number of requests completed (>= 0).
 */
int uk_blkdev_poll(struct uk_blkdev *dev, uint16_t q);

/*
 * Polling mode on (no interrupts for queue @q) or off. Returns 0,
 * -EINVAL (no such queue) or -EOPNOTSUPP (the device has no interrupt:
 * polling is then the only mode).
 */
int uk_blkdev_set_polling(struct uk_blkdev *dev, uint16_t q, bool on);
bool uk_blkdev_polling(const struct uk_blkdev *dev, uint16_t q);

/*
 * How long the synchronous helpers (uk_blkdev_read/write/flush/discard)
 * wait for one request of @dev: @ns nanoseconds, 0 for the default (the
 * kernel argument blkdev.timeout=SECONDS, 30 unless given). A device
 * silent that long is dropped when its driver can stop it: its requests
 * in flight complete with -EIO, and every later one is refused with
 * -EIO. A driver that cannot stop its device keeps the helpers waiting
 * (memory handed to a device is never reused while it may still write).
 */
void uk_blkdev_set_timeout(struct uk_blkdev *dev, uint64_t ns);

/* Requests queue @q completed since boot (0 for no such queue). */
uint64_t uk_blkdev_completed(const struct uk_blkdev *dev, uint16_t q);

/*
 * Waits until queue @q has completed more than @count requests (compare
 * uk_blkdev_completed() taken before submitting): polling the queue in
 * polling mode, sleeping until its interrupt otherwise. The way for an
 * application to wait for its asynchronous requests. Returns 0, -EINVAL
 * (no such queue) or -ETIMEDOUT at @deadline (monotonic ns; 0: none).
 * MUST NOT be called from a callback or an interrupt handler.
 */
int uk_blkdev_wait(struct uk_blkdev *dev, uint16_t q, uint64_t count,
		   uint64_t deadline);

/*
 * Synchronous helpers on queue 0: 0 or -errno as above. For read and
 * write, @count may exceed info.max_sectors (the helpers split the
 * request; the whole range is checked first, a failure stops at the
 * part that failed). They MUST NOT be called from a callback or an
 * interrupt handler.
 */
int uk_blkdev_read(struct uk_blkdev *dev, uint64_t sector, uint32_t count,
		   void *buf);
int uk_blkdev_write(struct uk_blkdev *dev, uint64_t sector, uint32_t count,
		    const void *buf);
int uk_blkdev_flush(struct uk_blkdev *dev);
int uk_blkdev_discard(struct uk_blkdev *dev, uint64_t sector,
		      uint32_t count);

#endif /* UK_BLKDEV_H */
