/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The malloc family as a program uses it: impossible requests fail
 * cleanly (NULL and ENOMEM, no crash), memory comes back zeroed from
 * calloc, realloc keeps the contents, alignment requests are honoured,
 * and freed memory can be allocated again. Addresses are never printed.
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   malloc            everything but the sizes below
 *   malloc huge       also 1 TiB and 64 TiB, which only fail on a host
 *                     that does not overcommit without limit
 *   malloc churn      allocate and free 1 GiB in total, in random
 *                     order, with never more than 4 MiB live
 *   malloc stack N    recurse through N KiB of stack (Linux gives the
 *                     main thread 8 MiB)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case ENOMEM: return "ENOMEM";
	case EINVAL: return "EINVAL";
	default: return strerror(e);
	}
}

/* Fills @p with a pattern derived from @seed; check() verifies it. */
static void fill(unsigned char *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 31 + seed);
}

static size_t check(const unsigned char *p, size_t n, unsigned seed)
{
	size_t bad = 0;

	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 31 + seed))
			bad++;
	return bad;
}

static void try_malloc(const char *what, size_t size)
{
	void *p;

	errno = 0;
	p = malloc(size);
	printf("malloc(%s) = %s, errno %s\n", what, p ? "non-NULL" : "NULL",
	       errname(errno));
	free(p);
}

static void impossible(int huge)
{
	/* volatile: the compiler would warn of the sizes we test */
	volatile size_t half = SIZE_MAX / 2, four_g = (size_t)1 << 32;
	unsigned char *p, *q;

	try_malloc("SIZE_MAX", SIZE_MAX);
	try_malloc("SIZE_MAX / 2", SIZE_MAX / 2);
	try_malloc("2^60", (size_t)1 << 60);
	try_malloc("2^48 (256 TiB)", (size_t)1 << 48);
	try_malloc("2^47 (128 TiB)", (size_t)1 << 47);
	if (huge) {
		try_malloc("2^46 (64 TiB)", (size_t)1 << 46);
		try_malloc("2^40 (1 TiB)", (size_t)1 << 40);
	}
	errno = 0;
	p = calloc(half, 3);
	printf("calloc(SIZE_MAX / 2, 3) overflows: %s, errno %s\n",
	       p ? "non-NULL" : "NULL", errname(errno));
	free(p);
	errno = 0;
	p = calloc(four_g, four_g);
	printf("calloc(2^32, 2^32) overflows: %s, errno %s\n",
	       p ? "non-NULL" : "NULL", errname(errno));
	free(p);
	p = malloc(16);
	fill(p, 16, 5);
	errno = 0;
	q = realloc(p, half);
	printf("realloc(p, SIZE_MAX / 2) = %s, errno %s",
	       q ? "non-NULL" : "NULL", errname(errno));
	if (q)
		p = q;
	else
		printf(", old block intact: %s",
		       check(p, 16, 5) ? "no" : "yes");
	printf("\n");
	free(p);
	printf("the program goes on after failed allocations\n");
}

static void basics(void)
{
	unsigned char *p, *q;
	size_t i, nonzero = 0, n;
	void *a = NULL;
	int r;

	p = malloc(0);
	printf("malloc(0) = %s\n", p ? "non-NULL" : "NULL");
	free(p);
	free(NULL);
	printf("free(NULL) is fine\n");

	p = calloc(1000, 1000);
	for (i = 0; i < 1000 * 1000; i++)
		nonzero += p[i] != 0;
	printf("calloc(1000, 1000): %zu non-zero bytes\n", nonzero);
	free(p);

	/* a large block: written and read back in full */
	n = 16 << 20;
	p = malloc(n);
	if (p) {
		fill(p, n, 7);
		printf("malloc(16 MiB): %zu bad bytes\n", check(p, n, 7));
	} else {
		printf("malloc(16 MiB) failed\n");
	}
	free(p);

	/* realloc growing by doubling, then shrinking */
	p = malloc(1);
	fill(p, 1, 3);
	for (n = 1; n < (8 << 20); n *= 2) {
		q = realloc(p, n * 2);
		if (!q) {
			printf("realloc to %zu failed\n", n * 2);
			break;
		}
		p = q;
		if (check(p, n, 3)) {
			printf("realloc to %zu lost the contents\n", n * 2);
			break;
		}
		fill(p, n * 2, 3);
	}
	printf("realloc doubling up to %zu bytes kept the contents\n", n);
	q = realloc(p, 100);
	printf("realloc shrink to 100: %zu bad bytes\n", q ? check(q, 100, 3) :
	       (size_t)-1);
	p = realloc(q, 0);
	free(p);
	p = realloc(NULL, 64);
	printf("realloc(NULL, 64) = %s\n", p ? "non-NULL" : "NULL");
	free(p);

	for (n = 8; n <= 65536; n *= 8) {
		r = posix_memalign(&a, n, 100);
		printf("posix_memalign(%zu) = %d, aligned %s\n", n, r,
		       !r && (uintptr_t)a % n == 0 ? "yes" : "no");
		free(a);
	}
	r = posix_memalign(&a, 3, 100);
	printf("posix_memalign(3) = %s\n", r == EINVAL ? "EINVAL" : "?");
	a = aligned_alloc(4096, 8192);
	printf("aligned_alloc(4096, 8192): aligned %s\n",
	       a && (uintptr_t)a % 4096 == 0 ? "yes" : "no");
	free(a);
}

static void reuse(void)
{
	int i, ok = 0;

	/* 64 times 32 MiB: far more than any test machine's memory */
	for (i = 0; i < 64; i++) {
		char *p = malloc(32 << 20);

		if (!p)
			break;
		p[0] = 1;
		p[(32 << 20) - 1] = 2;
		ok++;
		free(p);
	}
	printf("malloc/free of 32 MiB, 64 times: %d succeeded\n", ok);
}

static void churn(void)
{
	enum { SLOTS = 256 };
	static void *slot[SLOTS];
	static size_t len[SLOTS];
	uint32_t x = 42;
	uint64_t total = 0;
	unsigned failed = 0, corrupt = 0, rounds = 0;
	int i;

	/* blocks of 1 byte to 32 KiB freed in random order: a heap that
	 * does not reuse freed memory runs out long before 1 GiB */
	while (total < (1ULL << 30)) {
		x = x * 1103515245u + 12345u;
		i = (x >> 8) % SLOTS;
		if (slot[i]) {
			if (check(slot[i], len[i], i))
				corrupt++;
			free(slot[i]);
		}
		x = x * 1103515245u + 12345u;
		len[i] = 1 + (x >> 8) % (32 << 10);
		slot[i] = malloc(len[i]);
		if (!slot[i]) {
			failed++;
			break;
		}
		fill(slot[i], len[i], i);
		total += len[i];
		rounds++;
	}
	for (i = 0; i < SLOTS; i++)
		free(slot[i]);
	printf("churn: %u allocations, %s, %u corrupted blocks\n", rounds,
	       failed ? "ran out of memory" : "1 GiB allocated in total",
	       corrupt);
}

/* Uses a little over 1 KiB of stack per level. */
static unsigned long deep(unsigned long levels)
{
	volatile unsigned char frame[1024];
	unsigned long sum = 0;

	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (unsigned char)(levels + i);
	if (levels > 1)
		sum = deep(levels - 1);
	for (size_t i = 0; i < sizeof(frame); i++)
		sum += frame[i];
	return sum;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "stack") && argc > 2) {
		unsigned long kib = strtoul(argv[2], NULL, 10);

		printf("recursion through %lu KiB of stack: sum %lu\n", kib,
		       deep(kib));
		return 0;
	}

	if (!strcmp(mode, "churn")) {
		churn();
		return 0;
	}
	impossible(!strcmp(mode, "huge"));
	basics();
	reuse();
	return 0;
}
