/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/blk.c: block I/O through uk/blkdev.h on the first disk.
 *
 *   blk [RANDOM_READS [SEQ_MIB]]    (defaults 4000 and 64)
 *
 * randread_qd1   4 KiB reads at random 4 KiB-aligned offsets, one at a
 *                time (uk_blkdev_read)
 * randread_qd32  the same, 32 in flight (asynchronous requests, each
 *                callback resubmitting its request)
 * seqread        SEQ_MIB MiB read from the start in 256 KiB requests,
 *                4 in flight
 * Prints "result NAME VALUE UNIT" lines (IOPS, MB/s with MB = 10^6
 * bytes), as bench/blk-linux.c does; time from the platform's monotonic
 * clock. Built with musl (printf), like every bench/ image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <uk/blkdev.h>
#include <uk/plat/time.h>
#include "blk.h"

static struct uk_blkdev *dev;
static uint32_t ssize;
static uint64_t nblocks4k;	/* 4 KiB blocks on the disk */
static uint32_t rng = 2463534242u;
static uint8_t bufs[QD][4096] __aligned(4096);
static uint8_t seqbuf[SEQ_QD][SEQ_REQ] __aligned(4096);

static uint64_t rand_block(void)
{
	return xorshift(&rng) % nblocks4k;
}

struct run {
	uint64_t left;		/* requests still to submit */
	uint64_t done;
	int err;
	uint64_t next_sector, step;	/* sequential runs */
};

static void next_req(struct run *r, struct uk_blkreq *req, bool seq)
{
	if (seq) {
		req->sector = r->next_sector;
		r->next_sector += r->step;
	} else {
		req->sector = rand_block() * (4096 / ssize);
	}
}

static void resubmit(struct uk_blkreq *req, int status, void *cookie)
{
	struct run *r = cookie;

	r->done++;
	if (status && !r->err)
		r->err = status;
	if (!r->left)
		return;
	r->left--;
	next_req(r, req, req->count * ssize == SEQ_REQ);
	if (uk_blkdev_submit(dev, 0, req) && !r->err)
		r->err = -1;
}

/* @total requests of @len bytes, @qd in flight; returns ns or 0. */
static uint64_t run_async(uint64_t total, unsigned int qd, uint32_t len,
			  void *const *b)
{
	static struct uk_blkreq req[QD];
	struct run r = { total, 0, 0, 0, len / ssize };
	uint64_t t0 = ukplat_monotonic_clock(), seen;
	unsigned int i;

	for (i = 0; i < qd && r.left; i++) {
		req[i] = (struct uk_blkreq){
			.op = UK_BLKREQ_READ, .count = len / ssize,
			.buf = b[i], .cb = resubmit, .cookie = &r,
		};
		r.left--;
		next_req(&r, &req[i], len == SEQ_REQ);
		if (uk_blkdev_submit(dev, 0, &req[i]))
			return 0;
	}
	while (r.done < total && !r.err) {
		seen = uk_blkdev_completed(dev, 0);
		if (r.done < total)
			uk_blkdev_wait(dev, 0, seen, 0);
	}
	return r.err ? 0 : ukplat_monotonic_clock() - t0;
}

int main(int argc, char **argv)
{
	uint64_t nrand = 4000, seq_mib = 64, t0, i, nseq;
	void *b[QD];

	if (argc > 1)
		nrand = strtoull(argv[1], NULL, 0);
	if (argc > 2)
		seq_mib = strtoull(argv[2], NULL, 0);
	dev = uk_blkdev_get(0);
	if (!dev) {
		printf("blk: no block device\n");
		return 1;
	}
	ssize = uk_blkdev_info(dev)->sector_size;
	nblocks4k = uk_blkdev_info(dev)->sectors * ssize / 4096;
	if (ssize > 4096 || nblocks4k < 1 ||
	    seq_mib * 1024 * 1024 > nblocks4k * 4096) {
		printf("blk: disk too small or sectors too large\n");
		return 1;
	}

	t0 = ukplat_monotonic_clock();
	for (i = 0; i < nrand; i++)
		if (uk_blkdev_read(dev, rand_block() * (4096 / ssize),
				   4096 / ssize, bufs[0]))
			break;
	report("randread_qd1", nrand,
	       0, i == nrand ? ukplat_monotonic_clock() - t0 : 0);

	for (i = 0; i < QD; i++)
		b[i] = bufs[i];
	report("randread_qd32", nrand * 4, 0,
	       run_async(nrand * 4, QD, 4096, b));

	for (i = 0; i < SEQ_QD; i++)
		b[i] = seqbuf[i];
	nseq = seq_mib * 1024 * 1024 / SEQ_REQ;
	report("seqread", nseq, nseq * SEQ_REQ,
	       run_async(nseq, SEQ_QD, SEQ_REQ, b));
	return 0;
}
