/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-blk against a fake device behind a fake transport (this file):
 * what the driver reads from the configuration space, the chains it
 * builds (header, data cut at size_max, status), sector units of a
 * 4 KiB-block disk, the status byte mapped to 0 / -EIO / -EOPNOTSUPP,
 * completions that must not be trusted (no status written, shorter than
 * the read), completions in reverse order, the interrupt path, and a
 * device the core drops with requests in flight.
 */
#include <uk/test.h>
#include <uk/blkdev_driver.h>
#include <uk/virtio.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <virtio/transport.h>
#include <fake_virtio.h>
#include <uk/plat/time.h>

#define F(bit)		UK_VIRTIO_FEATURE(bit)
#define BLK_F_SIZE_MAX	1
#define BLK_F_SEG_MAX	2
#define BLK_F_RO	5
#define BLK_F_BLK_SIZE	6
#define BLK_F_FLUSH	9
#define DISK_BYTES	(256 * 1024)

enum mode { OK, IOERR, UNSUPP, NO_STATUS, SHORT, BAD_ID };

struct fake {
	struct uk_virtio_dev vdev;
	uint8_t status;
	uint64_t offered;
	uint8_t config[64];
	struct fake_ring r;
	bool auto_serve, reverse;
	enum mode mode;
	/* what the device saw last */
	uint32_t last_type;
	uint64_t last_sector;
	unsigned int last_ndesc, flushes;
	uint32_t last_seg_len[8];
	uint8_t disk[DISK_BYTES];
};

static struct fake f512, f4k;

static struct fake *fk(struct uk_virtio_dev *v)
{
	return uk_container_of(v, struct fake, vdev);
}

static uint8_t f_status_get(struct uk_virtio_dev *v)
{
	return fk(v)->status;
}

static void f_status_set(struct uk_virtio_dev *v, uint8_t s)
{
	fk(v)->status = s;
}

static uint64_t f_features_get(struct uk_virtio_dev *v)
{
	return fk(v)->offered;
}

static void f_features_set(struct uk_virtio_dev *v, uint64_t feat)
{
}

static void f_config_read(struct uk_virtio_dev *v, unsigned int off,
			  void *buf, unsigned int len)
{
	uk_memcpy(buf, fk(v)->config + off, len);
}

static void f_config_write(struct uk_virtio_dev *v, unsigned int off,
			   const void *buf, unsigned int len)
{
}

static uint16_t f_queue_max(struct uk_virtio_dev *v, uint16_t index)
{
	return index == 0 ? 64 : 0;
}

static int f_queue_enable(struct uk_virtio_dev *v, uint16_t index,
			  uint16_t size, uint64_t desc, uint64_t avail,
			  uint64_t used, bool has_cb)
{
	fake_ring_enable(&fk(v)->r, size, desc, avail, used);
	return 0;
}

static void serve(struct fake *f);

static void f_notify(struct uk_virtio_dev *v, uint16_t index)
{
	if (fk(v)->auto_serve)
		serve(fk(v));
}

static const struct virtio_transport_ops fake_ops = {
	.status_get = f_status_get,
	.status_set = f_status_set,
	.features_get = f_features_get,
	.features_set = f_features_set,
	.config_read = f_config_read,
	.config_write = f_config_write,
	.queue_max = f_queue_max,
	.queue_enable = f_queue_enable,
	.queue_notify = f_notify,
};

/* Runs one chain; returns the bytes written for the used element. */
static uint32_t run_chain(struct fake *f, uint16_t head)
{
	struct desc *d[UK_VIRTQ_CHAIN_MAX];
	const uint32_t *hdr;
	unsigned int n = 0, i;
	uint32_t written = 1;
	uint8_t *st, *p;

	for (i = head; n < UK_VIRTQ_CHAIN_MAX; i = d[n - 1]->next) {
		d[n++] = &f->r.desc[i];
		if (!(d[n - 1]->flags & 1))
			break;
	}
	hdr = (const uint32_t *)(uintptr_t)d[0]->addr;
	st = (uint8_t *)(uintptr_t)d[n - 1]->addr;
	f->last_type = hdr[0];
	f->last_sector = *(const uint64_t *)(hdr + 2);
	f->last_ndesc = n;
	p = f->disk + f->last_sector * 512;
	for (i = 1; i + 1 < n; i++) {
		void *a = (void *)(uintptr_t)d[i]->addr;

		if (i - 1 < 8)
			f->last_seg_len[i - 1] = d[i]->len;
		if (f->last_type == 0) {
			uk_memcpy(a, p, d[i]->len);
			written += d[i]->len;
		} else if (f->last_type == 1) {
			uk_memcpy(p, a, d[i]->len);
		}
		p += d[i]->len;
	}
	f->flushes += f->last_type == 4;
	switch (f->mode) {
	case NO_STATUS:
		break;
	case IOERR:
		*st = 1;
		break;
	case UNSUPP:
		*st = 2;
		break;
	case SHORT:
		*st = 0;
		written = 1;
		break;
	default:
		*st = 0;
	}
	return written;
}

/* The device takes every available chain, in order or newest first. */
static void serve(struct fake *f)
{
	uint16_t heads[64];
	uint32_t lens[64];
	unsigned int n = 0, i;

	while (n < 64 && !fake_ring_pop(&f->r, &heads[n])) {
		lens[n] = run_chain(f, heads[n]);
		n++;
	}
	for (i = 0; i < n; i++) {
		unsigned int j = f->reverse ? n - 1 - i : i;

		fake_ring_push(&f->r, f->mode == BAD_ID ? f->r.size + 5 :
			       heads[j], lens[j]);
	}
}

static void put32(struct fake *f, unsigned int off, uint32_t v)
{
	uk_memcpy(f->config + off, &v, 4);
}

static struct uk_blkdev *fake_add(struct fake *f, const char *name,
				  uint64_t extra, uint32_t blk_size)
{
	uint64_t cap = DISK_BYTES / 512;
	unsigned int i;

	f->vdev.ops = &fake_ops;
	f->vdev.id = UK_VIRTIO_ID_BLK;
	f->vdev.config_len = sizeof(f->config);
	uk_strlcpy(f->vdev.name, name, sizeof(f->vdev.name));
	f->offered = F(UK_VIRTIO_F_VERSION_1) | F(BLK_F_SIZE_MAX) |
		     F(BLK_F_SEG_MAX) | F(BLK_F_FLUSH) | F(BLK_F_BLK_SIZE) |
		     extra;
	uk_memcpy(f->config, &cap, 8);
	put32(f, 8, 4096);		/* size_max */
	put32(f, 12, 4);		/* seg_max */
	put32(f, 20, blk_size);
	f->auto_serve = true;
	for (i = 0; i < DISK_BYTES; i++)
		f->disk[i] = (uint8_t)(i * 31 + i / 4096);
	if (virtio_dev_add(&f->vdev))
		return NULL;
	return uk_blkdev_get(uk_blkdev_count() - 1);
}

static struct uk_blkdev *d512, *d4k;
static uint8_t buf[64 * 1024] __aligned(4096);

UK_TESTCASE(virtio_blk, probe)
{
	const struct uk_blkdev_info *i;

	d512 = fake_add(&f512, "fake512", 0, 512);
	d4k = fake_add(&f4k, "fake4k", F(BLK_F_RO), 4096);
	UK_TEST_ASSERT_NOT_NULL(d512);
	UK_TEST_ASSERT_NOT_NULL(d4k);
	i = uk_blkdev_info(d512);
	UK_TEST_EXPECT_EQ(i->sectors, DISK_BYTES / 512);
	UK_TEST_EXPECT_EQ(i->sector_size, 512);
	UK_TEST_EXPECT_EQ(i->flags, UK_BLKDEV_F_FLUSH);
	/* 4 segments of size_max 4096 */
	UK_TEST_EXPECT_EQ(i->max_sectors, 32);
	/* 64 ring entries, 4 data + header + status a request */
	UK_TEST_EXPECT_EQ(i->queue_depth, 10);
	i = uk_blkdev_info(d4k);
	UK_TEST_EXPECT_EQ(i->sectors, DISK_BYTES / 4096);
	UK_TEST_EXPECT_EQ(i->sector_size, 4096);
	UK_TEST_EXPECT_EQ(i->flags, UK_BLKDEV_F_RO | UK_BLKDEV_F_FLUSH);
	UK_TEST_EXPECT(f512.status & VIRTIO_STATUS_DRIVER_OK);
	/* the fake never interrupts by itself: the sync helpers poll */
	UK_TEST_EXPECT_EQ(uk_blkdev_set_polling(d512, 0, true), 0);
	UK_TEST_EXPECT_EQ(uk_blkdev_set_polling(d4k, 0, true), 0);
}

UK_TESTCASE(virtio_blk, chains)
{
	unsigned int i;

	UK_TEST_ASSERT(d512 && d4k);
	for (i = 0; i < 32 * 512; i++)
		buf[i] = (uint8_t)(i ^ 0x5a);
	UK_TEST_ASSERT_EQ(uk_blkdev_write(d512, 100, 32, buf), 0);
	UK_TEST_EXPECT_EQ(f512.last_type, 1);
	UK_TEST_EXPECT_EQ(f512.last_sector, 100);
	UK_TEST_EXPECT_EQ(f512.last_ndesc, 6);
	for (i = 0; i < 4; i++)
		UK_TEST_EXPECT_EQ(f512.last_seg_len[i], 4096);
	UK_TEST_EXPECT_MEM_EQ(f512.disk + 100 * 512, buf, 32 * 512);
	uk_memset(buf, 0, 32 * 512);
	UK_TEST_ASSERT_EQ(uk_blkdev_read(d512, 100, 32, buf), 0);
	UK_TEST_EXPECT_EQ(f512.last_type, 0);
	UK_TEST_EXPECT_MEM_EQ(buf, f512.disk + 100 * 512, 32 * 512);
	/* one 512-byte sector: header, one data buffer, status */
	UK_TEST_ASSERT_EQ(uk_blkdev_read(d512, 7, 1, buf), 0);
	UK_TEST_EXPECT_EQ(f512.last_ndesc, 3);
	UK_TEST_EXPECT_EQ(f512.last_seg_len[0], 512);
	/* flush: header and status */
	UK_TEST_EXPECT_EQ(uk_blkdev_flush(d512), 0);
	UK_TEST_EXPECT_EQ(f512.last_type, 4);
	UK_TEST_EXPECT_EQ(f512.last_ndesc, 2);
	/* 4 KiB blocks: the device is addressed in 512-byte units */
	UK_TEST_ASSERT_EQ(uk_blkdev_read(d4k, 3, 2, buf), 0);
	UK_TEST_EXPECT_EQ(f4k.last_sector, 24);
	UK_TEST_EXPECT_MEM_EQ(buf, f4k.disk + 3 * 4096, 2 * 4096);
	UK_TEST_EXPECT_EQ(uk_blkdev_write(d4k, 0, 1, buf), -UK_EROFS);
}

UK_TESTCASE(virtio_blk, status_byte)
{
	UK_TEST_ASSERT(d512);
	f512.mode = IOERR;
	UK_TEST_EXPECT_EQ(uk_blkdev_read(d512, 0, 1, buf), -UK_EIO);
	f512.mode = UNSUPP;
	UK_TEST_EXPECT_EQ(uk_blkdev_flush(d512), -UK_EOPNOTSUPP);
	/* a status the device never wrote, a read shorter than asked */
	f512.mode = NO_STATUS;
	UK_TEST_EXPECT_EQ(uk_blkdev_write(d512, 0, 1, buf), -UK_EIO);
	f512.mode = SHORT;
	UK_TEST_EXPECT_EQ(uk_blkdev_read(d512, 0, 8, buf), -UK_EIO);
	f512.mode = OK;
	UK_TEST_EXPECT_EQ(uk_blkdev_read(d512, 0, 8, buf), 0);
}

struct log {
	unsigned int n;
	int status;
	uint64_t order[8];
};

static void log_cb(struct uk_blkreq *req, int status, void *cookie)
{
	struct log *l = cookie;

	if (l->n < 8)
		l->order[l->n] = req->sector;
	l->n++;
	l->status |= status;
}

UK_TESTCASE(virtio_blk, reverse_order_and_interrupt)
{
	static struct uk_blkreq r[3];
	struct log l = { 0 };
	unsigned int i;

	UK_TEST_ASSERT(d512);
	/* interrupt mode: the device serves when told, then interrupts */
	UK_TEST_ASSERT_EQ(uk_blkdev_set_polling(d512, 0, false), 0);
	f512.auto_serve = false;
	f512.reverse = true;
	for (i = 0; i < 3; i++) {
		r[i] = (struct uk_blkreq){ .op = UK_BLKREQ_READ,
			.sector = 10 * i, .count = 2, .buf = buf + i * 1024,
			.cb = log_cb, .cookie = &l };
		UK_TEST_ASSERT_EQ(uk_blkdev_submit(d512, 0, &r[i]), 0);
	}
	serve(&f512);
	UK_TEST_EXPECT_EQ(l.n, 0);
	virtio_dev_interrupt(&f512.vdev, VIRTIO_ISR_QUEUE);
	UK_TEST_ASSERT_EQ(l.n, 3);
	UK_TEST_EXPECT_EQ(l.status, 0);
	UK_TEST_EXPECT_EQ(l.order[0], 20);
	UK_TEST_EXPECT_EQ(l.order[2], 0);
	for (i = 0; i < 3; i++)
		UK_TEST_EXPECT_MEM_EQ(buf + i * 1024,
				      f512.disk + 10 * i * 512, 1024);
	f512.reverse = false;
	f512.auto_serve = true;
	UK_TEST_EXPECT_EQ(uk_blkdev_set_polling(d512, 0, true), 0);
}

UK_TESTCASE(virtio_blk, dropped_device)
{
	static struct uk_blkreq r;
	struct log l = { 0 };

	UK_TEST_ASSERT(d512);
	/* a used id out of range: the core drops the device */
	f512.auto_serve = false;
	f512.mode = BAD_ID;
	r = (struct uk_blkreq){ .op = UK_BLKREQ_READ, .count = 1, .buf = buf,
				.cb = log_cb, .cookie = &l };
	UK_TEST_ASSERT_EQ(uk_blkdev_submit(d512, 0, &r), 0);
	serve(&f512);
	UK_TEST_EXPECT_EQ(uk_blkdev_poll(d512, 0), 1);
	UK_TEST_EXPECT_EQ(l.n, 1);
	UK_TEST_EXPECT_EQ(l.status, -UK_EIO);
	UK_TEST_EXPECT(uk_virtio_dev_broken(&f512.vdev));
	/* and refuses what comes next */
	UK_TEST_EXPECT_EQ(uk_blkdev_read(d512, 0, 1, buf), -UK_EIO);
}

UK_TESTCASE(virtio_blk, silent_device)
{
	uint64_t t0;

	UK_TEST_ASSERT(d4k);
	/* a device that takes requests and never answers: dropped after
	 * the timeout, its request failed, not waited for forever */
	f4k.auto_serve = false;
	uk_blkdev_set_timeout(d4k, 50 * 1000000ULL);
	t0 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_EQ(uk_blkdev_read(d4k, 0, 1, buf), -UK_EIO);
	UK_TEST_EXPECT(ukplat_monotonic_clock() - t0 >= 50 * 1000000ULL);
	UK_TEST_EXPECT(uk_virtio_dev_broken(&f4k.vdev));
	/* reset: the device touches no memory any more */
	UK_TEST_EXPECT_EQ(f4k.status, 0);
	/* and what comes next is refused at once */
	UK_TEST_EXPECT_EQ(uk_blkdev_read(d4k, 0, 1, buf), -UK_EIO);
	UK_TEST_EXPECT_EQ(uk_blkdev_flush(d4k), -UK_EIO);
}

UK_TEST_MAIN();
