/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/blk.h: what bench/blk.c (libuk) and bench/blk-linux.c (the
 * Linux VM's /init) share: the request shapes, the random offsets and
 * the "result NAME VALUE UNIT" lines bench/blk parses.
 */
#ifndef BENCH_BLK_H
#define BENCH_BLK_H

#include <stdint.h>
#include <stdio.h>

#define QD		32		/* random reads in flight */
#define SEQ_REQ		(256 * 1024)	/* one sequential read */
#define SEQ_QD		4		/* sequential reads in flight */

static inline uint32_t xorshift(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/* @n requests, or @bytes when not 0, took @ns (0: the run failed). */
static inline void report(const char *name, uint64_t n, uint64_t bytes,
			  uint64_t ns)
{
	if (!ns)
		printf("result %s NA failed\n", name);
	else if (bytes)
		printf("result %s %llu MB/s\n", name,
		       (unsigned long long)(bytes * 1000 / ns));
	else
		printf("result %s %llu IOPS\n", name,
		       (unsigned long long)(n * 1000000000ull / ns));
}

#endif /* BENCH_BLK_H */
