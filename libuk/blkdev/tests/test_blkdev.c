/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The blkdev library against RAM disks written here: the registry, the
 * request checks (nothing invalid reaches the driver), the synchronous
 * helpers (split at max_sectors, -EAGAIN handled), asynchronous requests
 * completing out of order, device errors, callbacks that resubmit.
 * The disks have no interrupt, so every queue polls. virtio-blk, with
 * interrupts, is tested by tests/blk.test.
 */
#include <uk/test.h>
#include <uk/blkdev_driver.h>
#include <uk/errno.h>
#include <uk/string.h>

#define RAM_SECTORS	64
#define RAM_DEPTH	4
#define RAM_MAXSEC	8
#define BAD_SECTOR	13	/* ram0: reads and writes of it fail (-EIO) */

struct ramdisk {
	struct uk_blkdev dev;
	uint8_t data[RAM_SECTORS * 512];
	struct uk_blkreq *pending;	/* LIFO: completes out of order */
	unsigned int submitted, flushes, discards;
	bool no_status;			/* complete without a status */
};

static struct ramdisk rd0, rd1;

static int ram_submit(struct uk_blkdev *dev, uint16_t q,
		      struct uk_blkreq *req)
{
	struct ramdisk *r = uk_container_of(dev, struct ramdisk, dev);

	r->submitted++;
	req->next = r->pending;
	r->pending = req;
	return 0;
}

static int ram_do(struct ramdisk *r, struct uk_blkreq *req)
{
	uint8_t *p = r->data + req->sector * 512;
	size_t len = (size_t)req->count * 512;

	if (r == &rd0 && req->op != UK_BLKREQ_FLUSH &&
	    req->sector <= BAD_SECTOR &&
	    BAD_SECTOR < req->sector + req->count)
		return -UK_EIO;
	switch (req->op) {
	case UK_BLKREQ_READ:
		uk_memcpy(req->buf, p, len);
		break;
	case UK_BLKREQ_WRITE:
		uk_memcpy(p, req->buf, len);
		break;
	case UK_BLKREQ_FLUSH:
		r->flushes++;
		break;
	case UK_BLKREQ_DISCARD:
		uk_memset(p, 0, len);
		r->discards++;
		break;
	}
	return 0;
}

static struct uk_blkreq *ram_reap(struct uk_blkdev *dev, uint16_t q)
{
	struct ramdisk *r = uk_container_of(dev, struct ramdisk, dev);
	struct uk_blkreq *done = r->pending, *req;

	r->pending = NULL;
	for (req = done; req; req = req->next)
		if (!r->no_status)
			req->status = ram_do(r, req);
	return done;
}

static const struct uk_blkdev_ops ram_ops = {
	.submit = ram_submit,
	.reap = ram_reap,
};

static void ram_init(struct ramdisk *r, const char *name, unsigned int flags)
{
	unsigned int i;

	uk_strlcpy(r->dev.name, name, sizeof(r->dev.name));
	r->dev.ops = &ram_ops;
	r->dev.info = (struct uk_blkdev_info){
		.sectors = RAM_SECTORS, .sector_size = 512,
		.max_sectors = RAM_MAXSEC, .buf_align = 16,
		.queue_depth = RAM_DEPTH, .queues = 1, .flags = flags,
		.max_discard = flags & UK_BLKDEV_F_DISCARD ? 16 : 0,
	};
	for (i = 0; i < sizeof(r->data); i++)
		r->data[i] = (uint8_t)(i * 7 + i / 512);
}

static uint8_t buf[RAM_SECTORS * 512] __aligned(4096);
static uint8_t buf2[RAM_SECTORS * 512] __aligned(4096);

static void noop_cb(struct uk_blkreq *req, int status, void *cookie)
{
}

UK_TESTCASE(blkdev, register)
{
	struct uk_blkdev bad = { .name = "bad", .ops = &ram_ops };
	unsigned int n0 = uk_blkdev_count();

	/* booted without disks (on rpi3: a platform without any) */
	UK_TEST_EXPECT_EQ(n0, 0);
	UK_TEST_EXPECT_NULL(uk_blkdev_get(0));
	ram_init(&rd0, "ram0", UK_BLKDEV_F_FLUSH | UK_BLKDEV_F_DISCARD);
	ram_init(&rd1, "ram1", UK_BLKDEV_F_RO);
	UK_TEST_ASSERT_EQ(uk_blkdev_register(&rd0.dev), 0);
	UK_TEST_ASSERT_EQ(uk_blkdev_register(&rd1.dev), 0);
	UK_TEST_EXPECT_EQ(uk_blkdev_count(), n0 + 2);
	UK_TEST_EXPECT_PTR_EQ(uk_blkdev_get(n0), &rd0.dev);
	UK_TEST_EXPECT_PTR_EQ(uk_blkdev_get(n0 + 1), &rd1.dev);
	UK_TEST_EXPECT_NULL(uk_blkdev_get(n0 + 2));
	UK_TEST_EXPECT_PTR_EQ(uk_blkdev_find("ram1"), &rd1.dev);
	UK_TEST_EXPECT_NULL(uk_blkdev_find("ram2"));
	UK_TEST_EXPECT_STR_EQ(uk_blkdev_name(&rd0.dev), "ram0");
	UK_TEST_EXPECT_EQ(uk_blkdev_info(&rd0.dev)->sectors, RAM_SECTORS);
	/* no interrupt: polling is the only mode */
	UK_TEST_EXPECT(uk_blkdev_polling(&rd0.dev, 0));
	UK_TEST_EXPECT_EQ(uk_blkdev_set_polling(&rd0.dev, 0, false),
			  -UK_EOPNOTSUPP);
	/* a taken name, an inconsistent info */
	UK_TEST_EXPECT_EQ(uk_blkdev_register(&rd0.dev), -UK_EEXIST);
	bad.info = rd0.dev.info;
	bad.info.sector_size = 768;
	UK_TEST_EXPECT_EQ(uk_blkdev_register(&bad), -UK_EINVAL);
	bad.info = rd0.dev.info;
	bad.info.queue_depth = 0;
	UK_TEST_EXPECT_EQ(uk_blkdev_register(&bad), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_count(), n0 + 2);
}

static int submit(struct uk_blkdev *dev, enum uk_blkreq_op op,
		  uint64_t sector, uint32_t count, void *b)
{
	struct uk_blkreq req = {
		.op = op, .sector = sector, .count = count, .buf = b,
		.cb = noop_cb,
	};

	return uk_blkdev_submit(dev, 0, &req);
}

UK_TESTCASE(blkdev, refused)
{
	struct uk_blkreq req = { .op = UK_BLKREQ_READ, .count = 1, .buf = buf };
	unsigned int seen = rd0.submitted;

	/* past the end, overflowing, empty, too large, misaligned */
	UK_TEST_EXPECT_EQ(submit(&rd0.dev, UK_BLKREQ_READ, RAM_SECTORS, 1, buf),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(&rd0.dev, UK_BLKREQ_READ, RAM_SECTORS - 1, 2,
				 buf), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(&rd0.dev, UK_BLKREQ_WRITE, UINT64_MAX - 1, 4,
				 buf), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(&rd0.dev, UK_BLKREQ_READ, 0, 0, buf),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(&rd0.dev, UK_BLKREQ_READ, 0, RAM_MAXSEC + 1,
				 buf), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(&rd0.dev, UK_BLKREQ_READ, 0, 1, buf + 8),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(&rd0.dev, UK_BLKREQ_READ, 0, 1, NULL),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(&rd0.dev, 42, 0, 1, buf), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(&rd0.dev, UK_BLKREQ_DISCARD, 60, 8, NULL),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_submit(&rd0.dev, 0, &req), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_submit(&rd0.dev, 1, &req), -UK_EINVAL);
	/* read-only, missing features */
	UK_TEST_EXPECT_EQ(submit(&rd1.dev, UK_BLKREQ_WRITE, 0, 1, buf),
			  -UK_EROFS);
	UK_TEST_EXPECT_EQ(submit(&rd1.dev, UK_BLKREQ_DISCARD, 0, 1, NULL),
			  -UK_EOPNOTSUPP);
	UK_TEST_EXPECT_EQ(submit(&rd1.dev, UK_BLKREQ_FLUSH, 0, 0, NULL),
			  -UK_EOPNOTSUPP);
	UK_TEST_EXPECT_EQ(uk_blkdev_flush(&rd1.dev), 0);
	/* the synchronous helpers check the same */
	UK_TEST_EXPECT_EQ(uk_blkdev_read(&rd0.dev, RAM_SECTORS - 1, 2, buf),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_read(&rd0.dev, UINT64_MAX, 1, buf),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_read(&rd0.dev, 0, 1, buf + 1), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_write(&rd1.dev, 0, 1, buf), -UK_EROFS);
	UK_TEST_EXPECT_EQ(uk_blkdev_discard(&rd1.dev, 0, 1), -UK_EOPNOTSUPP);
	/* none of it reached a driver */
	UK_TEST_EXPECT_EQ(rd0.submitted, seen);
	UK_TEST_EXPECT_EQ(rd1.submitted, 0);
}

UK_TESTCASE(blkdev, sync_split)
{
	unsigned int i, seen = rd0.submitted;

	for (i = 0; i < 20 * 512; i++)
		buf[i] = (uint8_t)(i * 13 + 5);
	/* 20 sectors at 20: split into 8 + 8 + 4 */
	UK_TEST_ASSERT_EQ(uk_blkdev_write(&rd0.dev, 20, 20, buf), 0);
	UK_TEST_EXPECT_EQ(rd0.submitted - seen, 3);
	UK_TEST_EXPECT_MEM_EQ(rd0.data + 20 * 512, buf, 20 * 512);
	uk_memset(buf2, 0, sizeof(buf2));
	UK_TEST_ASSERT_EQ(uk_blkdev_read(&rd0.dev, 20, 20, buf2), 0);
	UK_TEST_EXPECT_MEM_EQ(buf2, buf, 20 * 512);
	/* the read-only disk reads */
	UK_TEST_ASSERT_EQ(uk_blkdev_read(&rd1.dev, 0, RAM_SECTORS, buf2), 0);
	UK_TEST_EXPECT_MEM_EQ(buf2, rd1.data, sizeof(rd1.data));
}

UK_TESTCASE(blkdev, errors)
{
	/* a device error, also in the middle of a split request */
	UK_TEST_EXPECT_EQ(uk_blkdev_read(&rd0.dev, BAD_SECTOR, 1, buf), -UK_EIO);
	UK_TEST_EXPECT_EQ(uk_blkdev_write(&rd0.dev, 0, 20, buf), -UK_EIO);
	/* a driver that completes without a status fails the request */
	rd0.no_status = true;
	UK_TEST_EXPECT_EQ(uk_blkdev_read(&rd0.dev, 0, 1, buf), -UK_EIO);
	rd0.no_status = false;
}

UK_TESTCASE(blkdev, flush_discard)
{
	unsigned int f = rd0.flushes;

	UK_TEST_EXPECT_EQ(uk_blkdev_flush(&rd0.dev), 0);
	UK_TEST_EXPECT_EQ(rd0.flushes, f + 1);
	uk_memset(rd0.data + 40 * 512, 0xaa, 4 * 512);
	UK_TEST_EXPECT_EQ(uk_blkdev_discard(&rd0.dev, 40, 4), 0);
	UK_TEST_EXPECT_EQ(rd0.data[40 * 512], 0);
	UK_TEST_EXPECT_EQ(rd0.data[44 * 512 - 1], 0);
	UK_TEST_EXPECT_EQ(uk_blkdev_discard(&rd0.dev, 0, 17), -UK_EINVAL);
}

struct async_log {
	unsigned int calls;
	unsigned int order[8];
	int status[8];
};

static void log_cb(struct uk_blkreq *req, int status, void *cookie)
{
	struct async_log *l = cookie;

	if (l->calls < 8) {
		l->order[l->calls] = (unsigned int)req->sector;
		l->status[l->calls] = status;
	}
	l->calls++;
}

UK_TESTCASE(blkdev, async_out_of_order)
{
	struct uk_blkreq req[RAM_DEPTH + 1];
	struct async_log log = { 0 };
	unsigned int i;

	for (i = 0; i < RAM_DEPTH + 1; i++)
		req[i] = (struct uk_blkreq){
			.op = UK_BLKREQ_READ, .sector = i * 2, .count = 1,
			.buf = buf + i * 512, .cb = log_cb, .cookie = &log,
		};
	for (i = 0; i < RAM_DEPTH; i++)
		UK_TEST_ASSERT_EQ(uk_blkdev_submit(&rd0.dev, 0, &req[i]), 0);
	/* the queue is full; nothing completes inside submit */
	UK_TEST_EXPECT_EQ(uk_blkdev_submit(&rd0.dev, 0, &req[RAM_DEPTH]),
			  -UK_EAGAIN);
	UK_TEST_EXPECT_EQ(log.calls, 0);
	UK_TEST_EXPECT_EQ(uk_blkdev_poll(&rd0.dev, 0), RAM_DEPTH);
	UK_TEST_ASSERT_EQ(log.calls, RAM_DEPTH);
	for (i = 0; i < RAM_DEPTH; i++) {
		/* the disk completes the newest first */
		UK_TEST_EXPECT_EQ(log.order[i], (RAM_DEPTH - 1 - i) * 2);
		UK_TEST_EXPECT_EQ(log.status[i], 0);
		UK_TEST_EXPECT_MEM_EQ(buf + i * 512, rd0.data + i * 2 * 512,
				      512);
	}
	UK_TEST_EXPECT_EQ(uk_blkdev_poll(&rd0.dev, 0), 0);
	/* room again */
	UK_TEST_EXPECT_EQ(uk_blkdev_submit(&rd0.dev, 0, &req[RAM_DEPTH]), 0);
	UK_TEST_EXPECT_EQ(uk_blkdev_poll(&rd0.dev, 0), 1);
	UK_TEST_EXPECT_EQ(log.calls, RAM_DEPTH + 1);
}

/* Reads sector 0..9 one after the other, each from the last callback. */
struct chain {
	struct uk_blkreq req;
	unsigned int done;
	int status;
};

static void chain_cb(struct uk_blkreq *req, int status, void *cookie)
{
	struct chain *c = cookie;

	c->done++;
	c->status |= status;
	if (req->sector < 9) {
		req->sector++;
		req->buf = buf + req->sector * 512;
		c->status |= uk_blkdev_submit(&rd1.dev, 0, req);
	}
}

UK_TESTCASE(blkdev, resubmit_from_callback)
{
	struct chain c = { .req = { .op = UK_BLKREQ_READ, .count = 1,
				    .buf = buf, .cb = chain_cb } };
	int spins = 0;

	c.req.cookie = &c;
	uk_memset(buf, 0, 10 * 512);
	UK_TEST_ASSERT_EQ(uk_blkdev_submit(&rd1.dev, 0, &c.req), 0);
	while (c.done < 10 && spins++ < 100)
		uk_blkdev_poll(&rd1.dev, 0);
	UK_TEST_EXPECT_EQ(c.done, 10);
	UK_TEST_EXPECT_EQ(c.status, 0);
	UK_TEST_EXPECT_MEM_EQ(buf, rd1.data, 10 * 512);
	UK_TEST_EXPECT_EQ(uk_blkdev_completed(&rd1.dev, 0), rd1.submitted);
}

UK_TEST_MAIN();
