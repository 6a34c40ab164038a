/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * blk: virtio-blk disks made by tests/blk.test, checked from inside.
 *
 *   blk N_RW N_RO SEED_RW SEED_RO SEED_NEW [QUEUES]
 *
 * Two disks: one read-write of N_RW 512-byte sectors, one read-only of
 * N_RO. Sector s of a disk made with seed S holds 128 little-endian
 * words of xorshift32 started from S ^ (s * 2654435761) (1 if that is
 * 0): tests/blk.test writes the same with perl. The image reads and
 * checks every sector of both, writes sectors NEW_FIRST..NEW_FIRST+39
 * and the last sector of the rw disk with the SEED_NEW pattern (the
 * script then finds them in the file, and the rest unchanged), and
 * checks the refusals of the API, flush, discard, requests in flight
 * completing in any order, interrupt and polling mode, and a request on
 * every queue of the rw disk (QUEUES of them when given).
 */
#include <uk/test.h>
#include <uk/blkdev.h>
#include <uk/errno.h>
#include <uk/string.h>

#define NEW_FIRST	64
#define NEW_COUNT	40
#define BUF_SECTORS	512
#define INFLIGHT_MAX	32
#define INFLIGHT_SECS	8

static uint64_t n_rw, n_ro, seed_rw, seed_ro, seed_new, nqueues;
static bool written;	/* the SEED_NEW sectors are on the rw disk */
static struct uk_blkdev *rw, *ro;
static uint8_t buf[BUF_SECTORS * 512] __aligned(4096);
static uint8_t ref[BUF_SECTORS * 512] __aligned(4096);

static void fill(void *p, uint32_t seed, uint64_t sector, uint32_t n)
{
	uint32_t *w = p;

	for (; n--; sector++) {
		uint32_t x = seed ^ (uint32_t)(sector * 2654435761u);
		int i;

		if (!x)
			x = 1;
		for (i = 0; i < 128; i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			*w++ = x;
		}
	}
}

/* Index of the first of @n sectors at @p not made from @seed, or -1. */
static long first_bad(const void *p, uint32_t seed, uint64_t sector,
		      uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		fill(ref, seed, sector + i, 1);
		if (uk_memcmp((const uint8_t *)p + i * 512, ref, 512))
			return (long)i;
	}
	return -1;
}

/* The content of rw sector @s after the writes of this image. */
static uint32_t rw_seed(uint64_t s)
{
	if (written && ((s >= NEW_FIRST && s < NEW_FIRST + NEW_COUNT) ||
			s == n_rw - 1))
		return (uint32_t)seed_new;
	return (uint32_t)seed_rw;
}

UK_TESTCASE(blk, found)
{
	unsigned int i;

	for (i = 0; i < uk_blkdev_count(); i++) {
		struct uk_blkdev *d = uk_blkdev_get(i);

		if (uk_blkdev_info(d)->flags & UK_BLKDEV_F_RO)
			ro = d;
		else
			rw = d;
	}
	UK_TEST_EXPECT_EQ(uk_blkdev_count(), 2);
	UK_TEST_ASSERT_NOT_NULL(rw);
	UK_TEST_ASSERT_NOT_NULL(ro);
	UK_TEST_EXPECT_PTR_EQ(uk_blkdev_find(uk_blkdev_name(rw)), rw);
	UK_TEST_EXPECT_EQ(uk_blkdev_info(rw)->sectors, n_rw);
	UK_TEST_EXPECT_EQ(uk_blkdev_info(ro)->sectors, n_ro);
	UK_TEST_EXPECT_EQ(uk_blkdev_info(rw)->sector_size, 512);
	UK_TEST_EXPECT(uk_blkdev_info(rw)->flags & UK_BLKDEV_F_FLUSH);
	UK_TEST_EXPECT(!uk_blkdev_polling(rw, 0));
	uk_test_diag("%s: max %u sectors a request, depth %u, discard %u",
		     uk_blkdev_name(rw), uk_blkdev_info(rw)->max_sectors,
		     uk_blkdev_info(rw)->queue_depth,
		     uk_blkdev_info(rw)->max_discard);
}

static void read_check_all(struct uk_blkdev *d, uint64_t n, bool is_rw)
{
	uint64_t s = 0, bad = 0;
	uint32_t c, i;
	int rc;

	while (s < n) {
		c = (uint32_t)UK_MIN(n - s, (uint64_t)BUF_SECTORS);
		rc = uk_blkdev_read(d, s, c, buf);
		UK_TEST_ASSERT_EQ(rc, 0);
		for (i = 0; i < c; i++) {
			uint32_t seed = is_rw ? rw_seed(s + i) : seed_ro;

			if (first_bad(buf + i * 512, seed, s + i, 1) >= 0 &&
			    bad++ < 3)
				uk_test_diag("%s: sector %llu is wrong",
					     uk_blkdev_name(d),
					     (unsigned long long)(s + i));
		}
		s += c;
	}
	UK_TEST_EXPECT_EQ(bad, 0);
}

UK_TESTCASE(blk, read_every_sector)
{
	UK_TEST_ASSERT(rw && ro);
	read_check_all(ro, n_ro, false);
	read_check_all(rw, n_rw, true);
}

static void noop(struct uk_blkreq *req, int status, void *cookie)
{
}

static int submit(struct uk_blkdev *d, enum uk_blkreq_op op,
		  uint64_t sector, uint32_t count, void *p)
{
	struct uk_blkreq req = {
		.op = op, .sector = sector, .count = count, .buf = p,
		.cb = noop,
	};

	return uk_blkdev_submit(d, 0, &req);
}

UK_TESTCASE(blk, discard)
{
	const struct uk_blkdev_info *i;

	UK_TEST_ASSERT(rw);
	i = uk_blkdev_info(rw);
	if (!(i->flags & UK_BLKDEV_F_DISCARD)) {
		uk_test_diag("%s offers no discard", uk_blkdev_name(rw));
		return;
	}
	UK_TEST_EXPECT_EQ(uk_blkdev_discard(rw, 256, 8), 0);
	UK_TEST_EXPECT_EQ(uk_blkdev_discard(rw, n_rw - 1, 2), -UK_EINVAL);
	/* what a discarded sector reads is the device's choice: put the
	 * seeded content back for the checks that follow */
	fill(buf, (uint32_t)seed_rw, 256, 8);
	UK_TEST_EXPECT_EQ(uk_blkdev_write(rw, 256, 8, buf), 0);
}

UK_TESTCASE(blk, refused)
{
	UK_TEST_ASSERT(rw && ro);
	/* past the end, straddling it, overflowing */
	UK_TEST_EXPECT_EQ(uk_blkdev_read(rw, n_rw, 1, buf), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_read(rw, n_rw - 1, 2, buf), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_write(rw, UINT64_MAX, 2, buf), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(rw, UK_BLKREQ_READ, n_rw, 1, buf), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(submit(rw, UK_BLKREQ_WRITE, UINT64_MAX - 1, 8, buf),
			  -UK_EINVAL);
	/* misaligned buffers, empty requests */
	UK_TEST_EXPECT_EQ(uk_blkdev_read(rw, 0, 1, buf + 1), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_write(rw, 0, 1, buf + 256), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_blkdev_read(rw, 0, 0, buf), -UK_EINVAL);
	/* the read-only disk */
	UK_TEST_EXPECT_EQ(uk_blkdev_write(ro, 0, 1, buf), -UK_EROFS);
	UK_TEST_EXPECT_EQ(submit(ro, UK_BLKREQ_WRITE, 5, 2, buf), -UK_EROFS);
	UK_TEST_EXPECT_NE(uk_blkdev_discard(ro, 0, 1), 0);
	/* nothing of it touched the disks (read_every_sector after) */
}

UK_TESTCASE(blk, write_read_back_flush)
{
	UK_TEST_ASSERT(rw);
	fill(buf, (uint32_t)seed_new, NEW_FIRST, NEW_COUNT);
	UK_TEST_ASSERT_EQ(uk_blkdev_write(rw, NEW_FIRST, NEW_COUNT, buf), 0);
	fill(buf, (uint32_t)seed_new, n_rw - 1, 1);
	UK_TEST_ASSERT_EQ(uk_blkdev_write(rw, n_rw - 1, 1, buf), 0);
	UK_TEST_EXPECT_EQ(uk_blkdev_flush(rw), 0);
	written = true;
	uk_memset(buf, 0, NEW_COUNT * 512);
	UK_TEST_ASSERT_EQ(uk_blkdev_read(rw, NEW_FIRST, NEW_COUNT, buf), 0);
	UK_TEST_EXPECT_EQ(first_bad(buf, seed_new, NEW_FIRST, NEW_COUNT), -1);
	/* neighbours untouched, the whole disk as expected */
	read_check_all(rw, n_rw, true);
}

struct batch {
	struct uk_blkreq req[INFLIGHT_MAX];
	unsigned int done, order[INFLIGHT_MAX];
	int status;
};

static void batch_cb(struct uk_blkreq *req, int status, void *cookie)
{
	struct batch *b = cookie;

	if (b->done < INFLIGHT_MAX)
		b->order[b->done] = req - b->req;
	b->done++;
	b->status |= status;
}

/* @n reads of INFLIGHT_SECS sectors at scattered places, all at once. */
static void in_flight(unsigned int n)
{
	static struct batch b;
	unsigned int i, reordered = 0;
	uint64_t seen = uk_blkdev_completed(rw, 0);
	uint64_t step = (n_rw - INFLIGHT_SECS) / n;

	uk_memset(&b, 0, sizeof(b));
	uk_memset(buf, 0, n * INFLIGHT_SECS * 512);
	for (i = 0; i < n; i++) {
		b.req[i] = (struct uk_blkreq){
			.op = UK_BLKREQ_READ,
			.sector = ((i * 7) % n) * step + (i % 5),
			.count = INFLIGHT_SECS,
			.buf = buf + i * INFLIGHT_SECS * 512,
			.cb = batch_cb, .cookie = &b,
		};
		UK_TEST_ASSERT_EQ(uk_blkdev_submit(rw, 0, &b.req[i]), 0);
	}
	while (b.done < n) {
		uint64_t now = uk_blkdev_completed(rw, 0);

		if (b.done < n)
			UK_TEST_ASSERT_EQ(uk_blkdev_wait(rw, 0, now, 0), 0);
	}
	UK_TEST_EXPECT_EQ(b.done, n);
	UK_TEST_EXPECT_EQ(b.status, 0);
	UK_TEST_EXPECT_EQ(uk_blkdev_completed(rw, 0) - seen, n);
	for (i = 0; i < n; i++) {
		UK_TEST_EXPECT_EQ(first_bad(b.req[i].buf,
					    rw_seed(b.req[i].sector),
					    b.req[i].sector, 1), -1);
		reordered += b.order[i] != i;
	}
	uk_test_diag("%u requests in flight, %u completed out of order", n,
		     reordered);
}

UK_TESTCASE(blk, in_flight_interrupts)
{
	UK_TEST_ASSERT(rw);
	in_flight(UK_MIN((unsigned int)uk_blkdev_info(rw)->queue_depth,
			 INFLIGHT_MAX));
}

UK_TESTCASE(blk, in_flight_polling)
{
	UK_TEST_ASSERT(rw);
	UK_TEST_ASSERT_EQ(uk_blkdev_set_polling(rw, 0, true), 0);
	UK_TEST_EXPECT(uk_blkdev_polling(rw, 0));
	in_flight(UK_MIN((unsigned int)uk_blkdev_info(rw)->queue_depth,
			 INFLIGHT_MAX));
	UK_TEST_EXPECT_EQ(uk_blkdev_read(rw, NEW_FIRST, 1, buf), 0);
	UK_TEST_EXPECT_EQ(first_bad(buf, seed_new, NEW_FIRST, 1), -1);
	/* a wait with nothing in flight ends at its deadline */
	UK_TEST_EXPECT_EQ(uk_blkdev_wait(rw, 0, uk_blkdev_completed(rw, 0),
					 1), -UK_ETIMEDOUT);
	/* back to interrupts: the sync helpers still complete */
	UK_TEST_ASSERT_EQ(uk_blkdev_set_polling(rw, 0, false), 0);
	UK_TEST_EXPECT_EQ(uk_blkdev_read(rw, n_rw - 1, 1, buf), 0);
	UK_TEST_EXPECT_EQ(first_bad(buf, seed_new, n_rw - 1, 1), -1);
	UK_TEST_EXPECT_EQ(uk_blkdev_flush(rw), 0);
}

static void queue_done(struct uk_blkreq *req, int status, void *cookie)
{
	*(int *)cookie = status;
}

UK_TESTCASE(blk, every_queue)
{
	uint16_t q, nq;

	UK_TEST_ASSERT(rw);
	nq = uk_blkdev_info(rw)->queues;
	uk_test_diag("%s: %u queue(s)", uk_blkdev_name(rw), nq);
	if (nqueues)
		UK_TEST_EXPECT_EQ(nq, nqueues);
	for (q = 0; q < nq; q++) {
		int status = 1;
		uint64_t seen = uk_blkdev_completed(rw, q);
		struct uk_blkreq req = {
			.op = UK_BLKREQ_READ, .sector = 500 + 8 * q, .count = 8,
			.buf = buf, .cb = queue_done, .cookie = &status,
		};

		uk_memset(buf, 0, 8 * 512);
		UK_TEST_ASSERT_EQ(uk_blkdev_submit(rw, q, &req), 0);
		while (status == 1) {
			UK_TEST_ASSERT_EQ(uk_blkdev_wait(rw, q, seen, 0), 0);
			seen = uk_blkdev_completed(rw, q);
		}
		UK_TEST_EXPECT_EQ(status, 0);
		UK_TEST_EXPECT_EQ(first_bad(buf, seed_rw, req.sector, 8), -1);
	}
	UK_TEST_EXPECT_EQ(uk_blkdev_wait(rw, nq, 0, 0), -UK_EINVAL);
}

static uint64_t arg(char **argv, int i)
{
	uint64_t v = 0;

	if (uk_parse_u64(argv[i], &v, false))
		v = 0;
	return v;
}

int main(int argc, char **argv)
{
	if (argc != 6 && argc != 7) {
		uk_test_diag("usage: blk N_RW N_RO SEED_RW SEED_RO SEED_NEW [QUEUES]");
		return 2;
	}
	if (argc == 7)
		nqueues = arg(argv, 6);
	n_rw = arg(argv, 1);
	n_ro = arg(argv, 2);
	seed_rw = arg(argv, 3);
	seed_ro = arg(argv, 4);
	seed_new = arg(argv, 5);
	return uk_test_main(argc, argv);
}
