/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Allocator tests, run as the application of a test image (the kernel has
 * booted and set up a default allocator).
 *
 * The core is a conformance suite that any backend passes: ALLOC_CONFORMANCE
 * instantiates one test case per check, each on a fresh instance built by
 * the backend's create function over the suite's own static arena, so
 * results do not depend on what the kernel allocated before. A new backend
 * adds one line (see the end of this file) and its own specific tests.
 *
 * Suites:
 *   alloc_region    the region backend: conformance + its own contract
 *   alloc_hdr       a backend with malloc but no posix_memalign: exercises
 *                   the header-keeping adapters of alloc.c
 *   alloc_memalign  a backend with posix_memalign but no malloc: exercises
 *                   the malloc, calloc, realloc and palloc adapters
 *   alloc_api       the NULL instance, the default instance, registration
 *
 * Every arena stays owned by one suite: an instance lives in its arena and
 * is on the instance list for good, so an arena must never be reused by an
 * instance placed at another address.
 */
#include <uk/alloc_impl.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <uk/test.h>

/* ---- helpers ---- */

/*
 * Blocks of debug builds (--enable-alloc-debug) carry a guard and are
 * poisoned when freed: checks of exact memory costs, and of memory the
 * allocator does not write, hold only without it.
 */
#define EXACT_COSTS	(!UK_CONFIG_ALLOC_DEBUG)

/* Leaves a test case that cannot hold in a debug build. */
#define SKIP_IN_DEBUG()							\
	do {								\
		if (!EXACT_COSTS) {					\
			uk_test_diag("not checked in debug builds\n");	\
			return;						\
		}							\
	} while (0)

static uint8_t pattern(unsigned int seed, size_t i)
{
	return (uint8_t)(seed * 37 + i * 13 + (i >> 8) + 1);
}

static void fill(void *p, size_t n, unsigned int seed)
{
	uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		b[i] = pattern(seed, i);
}

static bool filled(const void *p, size_t n, unsigned int seed)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != pattern(seed, i))
			return false;
	return true;
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static bool is_aligned(const void *p, size_t align)
{
	return ((uintptr_t)p & (align - 1)) == 0;
}

/* [p, p + n) lies inside [base, base + len) */
static bool inside(const void *p, size_t n, const void *base, size_t len)
{
	uintptr_t x = (uintptr_t)p, b = (uintptr_t)base;

	return x >= b && x - b <= len && n <= len - (x - b);
}

static bool overlap(const void *p, size_t n, const void *q, size_t m)
{
	uintptr_t x = (uintptr_t)p, y = (uintptr_t)q;

	return x < y + m && y < x + n;
}

static struct uk_alloc_stats stats_of(struct uk_alloc *a)
{
	struct uk_alloc_stats s;

	uk_alloc_stats_get(a, &s);
	return s;
}

/* Scratch for the checks (test cases run one at a time). */
static void *blocks[1024];

/* ---- the conformance suite ---- */

struct conf {
	/* Builds an instance over [base, base + len); NULL on failure. */
	struct uk_alloc *(*create)(void *base, size_t len);
	uint8_t *arena;
	size_t main_len;	/* create() gets the first main_len bytes */
	size_t max_align;	/* memalign must be tested up to this */
	bool frees_reuse;	/* freeing an older block makes it reusable */
	bool maxalloc_fits;	/* uk_malloc(a, maxalloc) succeeds */
};

/* After main_len: a gap, then a region for addmem (discontiguous). */
#define CONF_GAP	(64 * UK_KiB)
#define CONF_EXTRA	(128 * UK_KiB)

static void *conf_extra(const struct conf *c)
{
	return c->arena + c->main_len + CONF_GAP;
}

typedef void (*conf_check_t)(struct uk_alloc *a, const struct conf *c);

static void conf_run(const struct conf *c, conf_check_t check)
{
	struct uk_alloc *prev = uk_alloc_get_default();
	struct uk_alloc *a = c->create(c->arena, c->main_len);

	/* The first instance ever registered becomes the default: never
	 * let libc's malloc land in a test arena. */
	uk_alloc_set_default(prev);
	UK_TEST_ASSERT_NOT_NULL(a);
	check(a, c);
}

/* Every pointer is 16-aligned, usable for its size and from the arena. */
static void check_malloc_align(struct uk_alloc *a, const struct conf *c)
{
	static const size_t sizes[] = {
		0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100,
		127, 128, 129, 255, 256, 257, 1000, 1023, 1024, 1025, 4095,
		4096, 4097, 10000, 65536, 65537
	};
	size_t i, n = UK_ARRAY_SIZE(sizes);

	for (i = 0; i < n; i++) {
		blocks[i] = uk_malloc(a, sizes[i]);
		UK_TEST_ASSERT_NOT_NULL(blocks[i]);
		UK_TEST_EXPECT(is_aligned(blocks[i], UK_ALLOC_MIN_ALIGN));
		UK_TEST_EXPECT(is_aligned(blocks[i], 16));
		UK_TEST_EXPECT_GE(uk_getsize(a, blocks[i]), sizes[i]);
		UK_TEST_EXPECT(inside(blocks[i], sizes[i], c->arena,
				      c->main_len));
		fill(blocks[i], sizes[i], i);
	}
	for (i = 0; i < n; i++)
		UK_TEST_EXPECT(filled(blocks[i], sizes[i], i));
	while (n--)
		uk_free(a, blocks[n]);
}

/* posix_memalign and memalign for every power of two up to max_align. */
static void check_memalign(struct uk_alloc *a, const struct conf *c)
{
	const size_t size = 100;
	size_t align, largest = 0;
	void *p;
	int rc;

	for (align = sizeof(void *); align <= UK_MiB; align <<= 1) {
		if (uk_alloc_maxalloc(a) < align + size + UK_PAGE_SIZE) {
			UK_TEST_EXPECT_GT(align, c->max_align);
			break;
		}
		p = NULL;
		rc = uk_posix_memalign(a, &p, align, size);
		UK_TEST_EXPECT_EQ(rc, 0);
		if (rc)
			continue;
		UK_TEST_EXPECT(is_aligned(p, UK_MAX(align, (size_t)16)));
		UK_TEST_EXPECT_GE(uk_getsize(a, p), size);
		UK_TEST_EXPECT(inside(p, size, c->arena, c->main_len));
		fill(p, size, align);
		UK_TEST_EXPECT(filled(p, size, align));
		uk_free(a, p);

		p = uk_memalign(a, align, size);
		UK_TEST_EXPECT_NOT_NULL(p);
		UK_TEST_EXPECT(is_aligned(p, align));
		uk_free(a, p);
		largest = align;
	}
	UK_TEST_EXPECT_GE(largest, c->max_align);
}

/* Bad alignments: -EINVAL, *p untouched, no allocation counted. */
static void check_memalign_einval(struct uk_alloc *a,
			__unused const struct conf *c)
{
	static const size_t bad[] = {
		0, 1, 2, 3, sizeof(void *) / 2, 12, 24, 48, 100, 4097,
		(SIZE_MAX >> 1) + 2, SIZE_MAX
	};
	struct uk_alloc_stats s0 = stats_of(a), s1;
	void *sentinel = &sentinel, *p;

	for (size_t i = 0; i < UK_ARRAY_SIZE(bad); i++) {
		p = sentinel;
		UK_TEST_EXPECT_EQ(uk_posix_memalign(a, &p, bad[i], 64),
				  -UK_EINVAL);
		UK_TEST_EXPECT_PTR_EQ(p, sentinel);
		UK_TEST_EXPECT_NULL(uk_memalign(a, bad[i], 64));
	}
	s1 = stats_of(a);
	UK_TEST_EXPECT_UEQ(s1.nb_allocs, s0.nb_allocs);
	UK_TEST_EXPECT_UEQ(s1.nb_enomem, s0.nb_enomem);

	/* The smallest valid alignment still yields 16-aligned memory. */
	p = NULL;
	UK_TEST_EXPECT_EQ(uk_posix_memalign(a, &p, sizeof(void *), 8), 0);
	UK_TEST_EXPECT_NOT_NULL(p);
	UK_TEST_EXPECT(is_aligned(p, UK_ALLOC_MIN_ALIGN));
	uk_free(a, p);
}

/* Zero-sized requests give unique, freeable pointers. */
static void check_zero_size(struct uk_alloc *a,
			__unused const struct conf *c)
{
	struct uk_alloc_stats s0 = stats_of(a), s1;
	void *p[6] = { NULL };
	size_t i, j;

	p[0] = uk_malloc(a, 0);
	p[1] = uk_malloc(a, 0);
	UK_TEST_EXPECT_EQ(uk_posix_memalign(a, &p[2], 64, 0), 0);
	p[3] = uk_calloc(a, 0, 8);
	p[4] = uk_calloc(a, 8, 0);
	p[5] = uk_realloc(a, NULL, 0);
	for (i = 0; i < UK_ARRAY_SIZE(p); i++) {
		UK_TEST_EXPECT_NOT_NULL(p[i]);
		UK_TEST_EXPECT(is_aligned(p[i], UK_ALLOC_MIN_ALIGN));
		for (j = 0; j < i; j++)
			UK_TEST_EXPECT_PTR_NE(p[i], p[j]);
	}
	UK_TEST_EXPECT(is_aligned(p[2], 64));
	i = UK_ARRAY_SIZE(p);
	while (i--)
		uk_free(a, p[i]);
	s1 = stats_of(a);
	UK_TEST_EXPECT_UEQ(s1.nb_allocs - s0.nb_allocs, 6);
	UK_TEST_EXPECT_UEQ(s1.nb_frees - s0.nb_frees, 6);
	UK_TEST_EXPECT_UEQ(s1.cur_mem_use, s0.cur_mem_use);
}

/* free(NULL) and pfree(NULL) do nothing, and count nothing. */
static void check_free_null(struct uk_alloc *a,
			__unused const struct conf *c)
{
	struct uk_alloc_stats s0 = stats_of(a), s1;
	size_t avail = uk_alloc_availmem(a);
	void *p;

	uk_free(a, NULL);
	uk_pfree(a, NULL, 3);
	s1 = stats_of(a);
	UK_TEST_EXPECT_UEQ(s1.nb_frees, s0.nb_frees);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail);
	p = uk_malloc(a, 32);
	UK_TEST_EXPECT_NOT_NULL(p);
	uk_free(a, p);
}

/* realloc keeps contents when growing, shrinking and moving. */
static void check_realloc(struct uk_alloc *a,
			__unused const struct conf *c)
{
	void *p, *guard, *q, *z;

	p = uk_malloc(a, 100);
	UK_TEST_ASSERT_NOT_NULL(p);
	fill(p, 100, 1);
	guard = uk_malloc(a, 64);	/* p is no longer the last block */
	UK_TEST_ASSERT_NOT_NULL(guard);
	fill(guard, 64, 2);

	p = uk_realloc(a, p, 5000);
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT(is_aligned(p, UK_ALLOC_MIN_ALIGN));
	UK_TEST_EXPECT_GE(uk_getsize(a, p), 5000);
	UK_TEST_EXPECT(filled(p, 100, 1));
	UK_TEST_EXPECT(!overlap(p, 5000, guard, 64));
	fill(p, 5000, 3);
	UK_TEST_EXPECT(filled(guard, 64, 2));

	p = uk_realloc(a, p, 50);
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT_GE(uk_getsize(a, p), 50);
	UK_TEST_EXPECT(filled(p, 50, 3));

	p = uk_realloc(a, p, 20000);	/* p may now be the last block */
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT(filled(p, 50, 3));
	UK_TEST_EXPECT(filled(guard, 64, 2));
	fill(p, 20000, 4);

	/* Too big: NULL, and the block is untouched. */
	UK_TEST_EXPECT_NULL(uk_realloc(a, p, SIZE_MAX / 2));
	UK_TEST_EXPECT_NULL(uk_realloc(a, p, uk_alloc_availmem(a) + 20000 +
					  UK_MiB));
	UK_TEST_EXPECT_GE(uk_getsize(a, p), 20000);
	UK_TEST_EXPECT(filled(p, 20000, 4));

	q = uk_realloc(a, NULL, 64);
	UK_TEST_ASSERT_NOT_NULL(q);
	UK_TEST_EXPECT(is_aligned(q, UK_ALLOC_MIN_ALIGN));
	UK_TEST_EXPECT_GE(uk_getsize(a, q), 64);

	/* realloc(q, 0): a unique, freeable pointer (musl semantics). */
	z = uk_realloc(a, q, 0);
	UK_TEST_EXPECT_NOT_NULL(z);
	UK_TEST_EXPECT_PTR_NE(z, p);
	UK_TEST_EXPECT_PTR_NE(z, guard);
	uk_free(a, z);
	uk_free(a, guard);
	uk_free(a, p);
	UK_TEST_EXPECT_UEQ(stats_of(a).cur_mem_use, 0);
}

/* calloc zeroes (even recycled memory) and fails on n * size overflow. */
static void check_calloc(struct uk_alloc *a,
			__unused const struct conf *c)
{
	struct uk_alloc_stats s0;
	void *dirty, *p;
	size_t avail0;

	dirty = uk_malloc(a, 4096);
	UK_TEST_ASSERT_NOT_NULL(dirty);
	uk_memset(dirty, 0xa5, 4096);
	uk_free(a, dirty);
	p = uk_calloc(a, 64, 64);
	UK_TEST_ASSERT_NOT_NULL(p);
	if (p != dirty)
		uk_test_diag("calloc did not recycle the dirtied block\n");
	UK_TEST_EXPECT(all_zero(p, 4096));
	uk_free(a, p);

	avail0 = uk_alloc_availmem(a);
	p = uk_calloc(a, 3, 1000);
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT(is_aligned(p, UK_ALLOC_MIN_ALIGN));
	UK_TEST_EXPECT_GE(uk_getsize(a, p), 3000);
	UK_TEST_EXPECT(all_zero(p, 3000));
	uk_free(a, p);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);

	s0 = stats_of(a);
	UK_TEST_EXPECT_NULL(uk_calloc(a, SIZE_MAX, 2));
	/* These products wrap to 0 in size_t: not a zero-sized request. */
	UK_TEST_EXPECT_NULL(uk_calloc(a, (size_t)1 << 40, (size_t)1 << 40));
	UK_TEST_EXPECT_NULL(uk_calloc(a, SIZE_MAX / 16 + 1, 16));
	UK_TEST_EXPECT_NULL(uk_calloc(a, 1, SIZE_MAX));
	UK_TEST_EXPECT_UEQ(stats_of(a).nb_enomem - s0.nb_enomem, 4);
	UK_TEST_EXPECT_UEQ(stats_of(a).nb_allocs, s0.nb_allocs);
}

/* Exhaustion returns NULL and the allocator keeps working. */
static void check_exhaustion(struct uk_alloc *a, const struct conf *c)
{
	const size_t chunk = c->main_len / 64;
	size_t avail0 = uk_alloc_availmem(a), n = 0, i, size;
	struct uk_alloc_stats s0 = stats_of(a);
	void *p = &p;

	UK_TEST_EXPECT_NULL(uk_malloc(a, SIZE_MAX));
	UK_TEST_EXPECT_NULL(uk_malloc(a, SIZE_MAX - 8));
	UK_TEST_EXPECT_NULL(uk_malloc(a, avail0 + 1));
	UK_TEST_EXPECT_EQ(uk_posix_memalign(a, &p, 4096, SIZE_MAX - 100),
			  -UK_ENOMEM);
	UK_TEST_EXPECT_PTR_EQ(p, &p);
	UK_TEST_EXPECT_NULL(uk_palloc(a, ~0UL));
	UK_TEST_EXPECT_NULL(uk_palloc(a, avail0 / UK_PAGE_SIZE + 1));
	UK_TEST_EXPECT_UEQ(stats_of(a).nb_enomem - s0.nb_enomem, 6);

	while (n < UK_ARRAY_SIZE(blocks) && (p = uk_malloc(a, chunk))) {
		fill(p, chunk, n);
		blocks[n++] = p;
	}
	UK_TEST_ASSERT(p == NULL);	/* the loop ended on exhaustion */
	UK_TEST_EXPECT_GE(n, 32);
	/* (maxalloc may be an upper bound, see maxalloc_adapter) */
	UK_TEST_EXPECT_LT(uk_alloc_maxalloc(a), chunk + UK_PAGE_SIZE);
	for (i = 0; i < n; i++)
		UK_TEST_EXPECT(filled(blocks[i], chunk, i));

	/* Still works: the last block's memory can be had again. */
	uk_free(a, blocks[--n]);
	blocks[n] = uk_malloc(a, chunk);
	UK_TEST_EXPECT_NOT_NULL(blocks[n]);
	if (blocks[n])
		n++;
	while (n--)
		uk_free(a, blocks[n]);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
	p = uk_malloc(a, chunk * 2);
	UK_TEST_EXPECT_NOT_NULL(p);
	uk_free(a, p);

	/* Shrinking never fails, not even with no memory left at all. */
	n = 0;
	while (n < UK_ARRAY_SIZE(blocks) && (p = uk_malloc(a, chunk))) {
		fill(p, 64, n);
		blocks[n++] = p;
	}
	UK_TEST_ASSERT(n > 0 && p == NULL);
	/* what is left, in ever smaller blocks (bounded: no endless loop) */
	for (size = chunk / 4, i = 0; size >= 16; size /= 4)
		while (i < 65536 && uk_malloc(a, size))
			i++;
	UK_TEST_EXPECT_LT(i, 65536);
	UK_TEST_EXPECT_NULL(uk_malloc(a, 16));
	for (size_t align = 64; align <= UK_MiB; align <<= 6) {
		p = &p;
		UK_TEST_EXPECT_EQ(uk_posix_memalign(a, &p, align, 16),
				  -UK_ENOMEM);
		UK_TEST_EXPECT_PTR_EQ(p, &p);
	}
	UK_TEST_EXPECT_NULL(uk_palloc(a, 1));
	p = uk_realloc(a, blocks[0], 16);
	UK_TEST_EXPECT_NOT_NULL(p);
	UK_TEST_EXPECT(p && filled(p, 16, 0));
}

/* Many live blocks of mixed sizes never overlap nor corrupt each other. */
static void check_patterns(struct uk_alloc *a,
			__unused const struct conf *c)
{
	enum { N = 64 };
	size_t size[N], i, j;
	uint32_t rnd = 12345;

	for (int round = 0; round < 2; round++) {
		for (i = round; i < N; i += 1 + round) {
			rnd = rnd * 1103515245 + 12345;
			blocks[i] = uk_malloc(a, 1 + (rnd >> 16) % 3000);
			UK_TEST_ASSERT_NOT_NULL(blocks[i]);
			size[i] = uk_getsize(a, blocks[i]);
			fill(blocks[i], size[i], i + round * N);
		}
		for (i = 0; i < N; i++) {
			unsigned int seed = i + (round && i % 2) * N;

			UK_TEST_EXPECT(filled(blocks[i], size[i], seed));
			for (j = 0; j < i; j++)
				UK_TEST_EXPECT(!overlap(blocks[i], size[i],
							blocks[j], size[j]));
		}
		/* Free the odd ones, in the middle of live blocks. */
		for (i = 1; !round && i < N; i += 2)
			uk_free(a, blocks[i]);
	}
	i = N;
	while (i--)
		uk_free(a, blocks[i]);
}

/* availmem and maxalloc follow allocations. */
static void check_availmem(struct uk_alloc *a, const struct conf *c)
{
	size_t avail0 = uk_alloc_availmem(a), max0 = uk_alloc_maxalloc(a);
	void *p, *q, *g;

	UK_TEST_EXPECT_GT(max0, 0);
	UK_TEST_EXPECT_LE(max0, avail0);
	UK_TEST_EXPECT_LE(avail0, c->main_len);
	p = uk_malloc(a, max0 / 2);
	UK_TEST_EXPECT_NOT_NULL(p);
	uk_free(a, p);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
	if (c->maxalloc_fits) {
		p = uk_malloc(a, max0);
		UK_TEST_EXPECT_NOT_NULL(p);
		uk_free(a, p);
	}

	p = uk_malloc(a, 10000);
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT_LE(uk_alloc_availmem(a), avail0 - 10000);
	uk_free(a, p);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);

	p = uk_palloc(a, 2);
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT_LE(uk_alloc_availmem(a), avail0 - 2 * UK_PAGE_SIZE);
	uk_pfree(a, p, 2);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);

	/* An older block freed under a live one. */
	q = uk_malloc(a, 8192);
	g = uk_malloc(a, 16);
	UK_TEST_ASSERT(q && g);
	avail0 = uk_alloc_availmem(a);
	uk_free(a, q);
	if (c->frees_reuse)
		UK_TEST_EXPECT_GE(uk_alloc_availmem(a), avail0 + 8192);
	else
		UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
	uk_free(a, g);
}

/* The statistics count what happened. */
static void check_stats(struct uk_alloc *a,
			__unused const struct conf *c)
{
	struct uk_alloc_stats s0 = stats_of(a), s;
	size_t live, peak;
	void *p1, *p2, *p3, *pg, *bad = NULL;

	p1 = uk_malloc(a, 100);
	p2 = uk_malloc(a, 2000);
	p3 = uk_calloc(a, 3, 50);
	UK_TEST_ASSERT(p1 && p2 && p3);
	s = stats_of(a);
	UK_TEST_EXPECT_UEQ(s.nb_allocs - s0.nb_allocs, 3);
	UK_TEST_EXPECT_UEQ(s.nb_frees, s0.nb_frees);
	live = uk_getsize(a, p1) + uk_getsize(a, p2) + uk_getsize(a, p3);
	UK_TEST_EXPECT_UEQ(s.cur_mem_use - s0.cur_mem_use, live);
	UK_TEST_EXPECT_GE(s.max_mem_use, s.cur_mem_use);
	peak = s.cur_mem_use;

	live -= uk_getsize(a, p2);
	uk_free(a, p2);
	s = stats_of(a);
	UK_TEST_EXPECT_UEQ(s.nb_frees - s0.nb_frees, 1);
	UK_TEST_EXPECT_UEQ(s.cur_mem_use - s0.cur_mem_use, live);
	UK_TEST_EXPECT_GE(s.max_mem_use, peak);

	UK_TEST_EXPECT_NULL(uk_malloc(a, SIZE_MAX / 2));
	UK_TEST_EXPECT_NE(uk_posix_memalign(a, &bad, 24, 8), 0);
	s = stats_of(a);
	UK_TEST_EXPECT_UEQ(s.nb_enomem - s0.nb_enomem, 1);
	UK_TEST_EXPECT_UEQ(s.nb_allocs - s0.nb_allocs, 3);

	pg = uk_palloc(a, 2);
	UK_TEST_ASSERT_NOT_NULL(pg);
	s = stats_of(a);
	UK_TEST_EXPECT_UEQ(s.nb_allocs - s0.nb_allocs, 4);
	UK_TEST_EXPECT_UEQ(s.cur_mem_use - s0.cur_mem_use,
			   live + 2 * UK_PAGE_SIZE);
	uk_pfree(a, pg, 2);
	s = stats_of(a);
	UK_TEST_EXPECT_UEQ(s.nb_frees - s0.nb_frees, 2);
	UK_TEST_EXPECT_UEQ(s.cur_mem_use - s0.cur_mem_use, live);

	/* realloc of a live block is neither an allocation nor a free. */
	p1 = uk_realloc(a, p1, 3000);
	UK_TEST_ASSERT_NOT_NULL(p1);
	live = uk_getsize(a, p1) + uk_getsize(a, p3);
	s = stats_of(a);
	UK_TEST_EXPECT_UEQ(s.nb_allocs - s0.nb_allocs, 4);
	UK_TEST_EXPECT_UEQ(s.nb_frees - s0.nb_frees, 2);
	UK_TEST_EXPECT_UEQ(s.cur_mem_use - s0.cur_mem_use, live);
	p2 = uk_realloc(a, NULL, 10);
	UK_TEST_ASSERT_NOT_NULL(p2);
	UK_TEST_EXPECT_UEQ(stats_of(a).nb_allocs - s0.nb_allocs, 5);

	uk_free(a, p2);
	uk_free(a, p3);
	uk_free(a, p1);
	s = stats_of(a);
	UK_TEST_EXPECT_UEQ(s.nb_allocs - s0.nb_allocs,
			   s.nb_frees - s0.nb_frees);
	UK_TEST_EXPECT_UEQ(s.cur_mem_use, s0.cur_mem_use);
	UK_TEST_EXPECT_GE(s.max_mem_use, s0.cur_mem_use + 3000);
}

/* A second, discontiguous region is used once the first is exhausted. */
static void check_addmem(struct uk_alloc *a, const struct conf *c)
{
	uint8_t *extra = conf_extra(c);
	size_t n = 0, before, size;
	void *p = &p, *q;

	/* Exhaust the first region with big blocks, then smaller ones. */
	for (size = c->main_len / 64; size >= 256; size /= 4)
		while (n < UK_ARRAY_SIZE(blocks) && (p = uk_malloc(a, size)))
			blocks[n++] = p;
	UK_TEST_ASSERT(p == NULL);
	UK_TEST_ASSERT(uk_malloc(a, 4096) == NULL);

	before = uk_alloc_availmem(a);
	UK_TEST_ASSERT_EQ(uk_alloc_addmem(a, extra, CONF_EXTRA), 0);
	UK_TEST_EXPECT_GE(uk_alloc_availmem(a), before + CONF_EXTRA / 2);
	UK_TEST_EXPECT_GE(uk_alloc_maxalloc(a), 4096);

	p = uk_malloc(a, 4096);
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT(inside(p, 4096, extra, CONF_EXTRA));
	fill(p, 4096, 7);
	blocks[n++] = p;
	q = uk_malloc(a, CONF_EXTRA / 4);
	UK_TEST_ASSERT_NOT_NULL(q);
	UK_TEST_EXPECT(inside(q, CONF_EXTRA / 4, extra, CONF_EXTRA));
	UK_TEST_EXPECT(!overlap(p, 4096, q, CONF_EXTRA / 4));
	fill(q, CONF_EXTRA / 4, 8);
	blocks[n++] = q;
	UK_TEST_EXPECT(filled(p, 4096, 7));
	UK_TEST_EXPECT(filled(q, CONF_EXTRA / 4, 8));
	/* Nothing came from the gap or from outside the arena. */
	while (n--)
		UK_TEST_EXPECT(inside(blocks[n], 1, c->arena, c->main_len) ||
			       inside(blocks[n], 1, extra, CONF_EXTRA));
}

/* Pages: aligned, disjoint, writable; 0 pages or too many give NULL. */
static void check_palloc(struct uk_alloc *a, const struct conf *c)
{
	size_t avail0 = uk_alloc_availmem(a);
	void *p, *q;

	p = uk_palloc(a, 1);
	q = uk_palloc(a, 3);
	UK_TEST_ASSERT(p && q);
	UK_TEST_EXPECT(is_aligned(p, UK_PAGE_SIZE));
	UK_TEST_EXPECT(is_aligned(q, UK_PAGE_SIZE));
	UK_TEST_EXPECT(!overlap(p, UK_PAGE_SIZE, q, 3 * UK_PAGE_SIZE));
	UK_TEST_EXPECT(inside(q, 3 * UK_PAGE_SIZE, c->arena, c->main_len));
	fill(q, 3 * UK_PAGE_SIZE, 1);
	fill(p, UK_PAGE_SIZE, 2);
	UK_TEST_EXPECT(filled(q, 3 * UK_PAGE_SIZE, 1));
	UK_TEST_EXPECT(filled(p, UK_PAGE_SIZE, 2));
	uk_pfree(a, q, 3);
	uk_pfree(a, p, 1);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);

	UK_TEST_EXPECT_NULL(uk_palloc(a, 0));
	UK_TEST_EXPECT_NULL(uk_palloc(a, ~0UL >> 1));
}

#define CONF_CASE(suite, check)						\
	UK_TESTCASE(suite, check)					\
	{								\
		conf_run(&suite##_conf, check_##check);			\
	}

/*
 * Instantiates the conformance suite for a backend: @create_ builds an
 * instance over @main_len_ bytes of a static arena; the other fields of
 * struct conf (max_align, frees_reuse, maxalloc_fits) follow as
 * designated initializers.
 */
#define ALLOC_CONFORMANCE(suite, create_, main_len_, ...)		\
	static uint8_t suite##_arena[(main_len_) + CONF_GAP + CONF_EXTRA] \
		__aligned(UK_PAGE_SIZE);				\
	static const struct conf suite##_conf = {			\
		.create = create_,					\
		.arena = suite##_arena,					\
		.main_len = main_len_,					\
		__VA_ARGS__						\
	};								\
	CONF_CASE(suite, malloc_align)					\
	CONF_CASE(suite, memalign)					\
	CONF_CASE(suite, memalign_einval)				\
	CONF_CASE(suite, zero_size)					\
	CONF_CASE(suite, free_null)					\
	CONF_CASE(suite, realloc)					\
	CONF_CASE(suite, calloc)					\
	CONF_CASE(suite, exhaustion)					\
	CONF_CASE(suite, patterns)					\
	CONF_CASE(suite, availmem)					\
	CONF_CASE(suite, stats)						\
	CONF_CASE(suite, addmem)					\
	CONF_CASE(suite, palloc)

/* ---- the region backend ---- */

static struct uk_alloc *create_region(void *base, size_t len)
{
	return uk_allocregion_init(base, len);
}

ALLOC_CONFORMANCE(alloc_region, create_region, 2 * UK_MiB,
		  .max_align = UK_MiB, .frees_reuse = false,
		  .maxalloc_fits = true)

static struct uk_alloc *region_fresh(void)
{
	struct uk_alloc *prev = uk_alloc_get_default();
	struct uk_alloc *a = create_region(alloc_region_arena,
					   alloc_region_conf.main_len);

	uk_alloc_set_default(prev);
	return a;
}

/* Freeing the most recent block gives it back: a loop does not leak. */
UK_TESTCASE(alloc_region, free_last_reuses)
{
	struct uk_alloc *a = region_fresh();
	size_t avail0;
	void *first, *p;
	int i;

	UK_TEST_ASSERT_NOT_NULL(a);
	avail0 = uk_alloc_availmem(a);
	first = uk_malloc(a, 1000);
	uk_free(a, first);
	for (i = 0; i < 20000; i++) {	/* 20 MB through a 2 MiB region */
		p = uk_malloc(a, 1000);
		if (!UK_TEST_EXPECT_PTR_EQ(p, first))
			break;
		uk_free(a, p);
	}
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
}

/* Frees in LIFO order give everything back, memalign padding included. */
UK_TESTCASE(alloc_region, lifo_frees)
{
	struct uk_alloc *a = region_fresh();
	size_t avail0;
	void *p1, *p2, *p3, *p4;

	UK_TEST_ASSERT_NOT_NULL(a);
	avail0 = uk_alloc_availmem(a);
	p1 = uk_malloc(a, 24);
	p2 = uk_memalign(a, 8192, 100);
	p3 = uk_palloc(a, 2);
	p4 = uk_malloc(a, 5);
	UK_TEST_ASSERT(p1 && p2 && p3 && p4);
	uk_free(a, p4);
	uk_pfree(a, p3, 2);
	uk_free(a, p2);
	uk_free(a, p1);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
}

/* The last block grows and shrinks in place; an older one moves. */
UK_TESTCASE(alloc_region, realloc_in_place)
{
	struct uk_alloc *a = region_fresh();
	size_t avail0;
	void *p, *q, *g;

	UK_TEST_ASSERT_NOT_NULL(a);
	p = uk_malloc(a, 64);
	UK_TEST_ASSERT_NOT_NULL(p);
	avail0 = uk_alloc_availmem(a);
	fill(p, 64, 1);
	q = uk_realloc(a, p, 100000);
	UK_TEST_EXPECT_PTR_EQ(q, p);
	UK_TEST_EXPECT(filled(p, 64, 1));
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0 + 64 - 100000);
	q = uk_realloc(a, p, 32);
	UK_TEST_EXPECT_PTR_EQ(q, p);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0 + 32);

	g = uk_malloc(a, 16);
	UK_TEST_ASSERT_NOT_NULL(g);
	q = uk_realloc(a, p, 1000);
	UK_TEST_EXPECT_PTR_NE(q, p);
	UK_TEST_EXPECT(filled(q, 32, 1));
}

/* A last block that cannot grow in place moves and gives its space back. */
UK_TESTCASE(alloc_region, realloc_moves_out)
{
	struct uk_alloc *a = region_fresh();
	uint8_t *extra = conf_extra(&alloc_region_conf);
	size_t avail0, old;
	void *big, *p, *q;

	SKIP_IN_DEBUG();
	UK_TEST_ASSERT_NOT_NULL(a);
	big = uk_malloc(a, uk_alloc_maxalloc(a) - 2048);
	p = uk_malloc(a, 1000);
	UK_TEST_ASSERT(big && p);
	UK_TEST_ASSERT_EQ(uk_alloc_addmem(a, extra, CONF_EXTRA), 0);
	fill(p, 1000, 5);
	avail0 = uk_alloc_availmem(a);
	old = uk_getsize(a, p);
	q = uk_realloc(a, p, 50000);
	UK_TEST_ASSERT_NOT_NULL(q);
	UK_TEST_EXPECT(inside(q, 50000, extra, CONF_EXTRA));
	UK_TEST_EXPECT(filled(q, 1000, 5));
	/* Both blocks are unpadded and have a 16-byte header. */
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a),
			   avail0 + old - uk_getsize(a, q));
}

/*
 * pfree rewinds over a palloc's padding only when it is that palloc's:
 * a later palloc at the same address without padding must not give back
 * the block that now sits in the old padding.
 */
UK_TESTCASE(alloc_region, pfree_keeps_older)
{
	struct uk_alloc *a = region_fresh();
	size_t avail0, avail1, before;
	uint8_t *p1, *p2, *m, *n;

	SKIP_IN_DEBUG();
	UK_TEST_ASSERT_NOT_NULL(a);
	avail0 = uk_alloc_availmem(a);
	p1 = uk_palloc(a, 1);
	UK_TEST_ASSERT_NOT_NULL(p1);
	avail1 = uk_alloc_availmem(a);
	uk_pfree(a, p1, 1);
	UK_TEST_ASSERT_EQ(uk_alloc_availmem(a), avail0);
	/* From the old bump pointer up to p1: header + block. */
	before = avail0 - avail1 - UK_PAGE_SIZE;
	UK_TEST_ASSERT(before >= 32);
	m = uk_malloc(a, before - 16);
	UK_TEST_ASSERT_NOT_NULL(m);
	UK_TEST_EXPECT_PTR_EQ(m + before - 16, p1);
	fill(m, before - 16, 3);
	p2 = uk_palloc(a, 1);
	UK_TEST_EXPECT_PTR_EQ(p2, p1);
	uk_pfree(a, p2, 1);
	n = uk_malloc(a, 256);
	UK_TEST_ASSERT_NOT_NULL(n);
	UK_TEST_EXPECT(!overlap(n, 256, m, before - 16));
	fill(n, 256, 4);
	UK_TEST_EXPECT(filled(m, before - 16, 3));
}

/* Near the (unaligned) end, big alignments fail cleanly. */
UK_TESTCASE(alloc_region, memalign_near_end)
{
	struct uk_alloc *prev = uk_alloc_get_default(), *a;
	void *p;

	SKIP_IN_DEBUG();
	a = uk_allocregion_init(alloc_region_arena,
				alloc_region_conf.main_len - 24);
	uk_alloc_set_default(prev);
	UK_TEST_ASSERT_NOT_NULL(a);
	/* Leaves 40 bytes: room for a 16-byte block, not for padding. */
	UK_TEST_ASSERT_NOT_NULL(uk_malloc(a, uk_alloc_maxalloc(a) - 32));
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), 40);
	for (size_t align = 4096; align <= UK_MiB; align <<= 4) {
		p = &p;
		UK_TEST_EXPECT_EQ(uk_posix_memalign(a, &p, align, 16),
				  -UK_ENOMEM);
		UK_TEST_EXPECT_PTR_EQ(p, &p);
	}
	UK_TEST_EXPECT_NULL(uk_palloc(a, 1));
	p = uk_malloc(a, 16);
	UK_TEST_EXPECT_NOT_NULL(p);
	UK_TEST_EXPECT(inside(p, 16, alloc_region_arena,
			      alloc_region_conf.main_len - 24));
}

/* maxalloc is exact: that many bytes fit, one more does not. */
UK_TESTCASE(alloc_region, maxalloc_exact)
{
	struct uk_alloc *a = region_fresh();
	size_t m;
	void *p;

	UK_TEST_ASSERT_NOT_NULL(a);
	p = uk_malloc(a, 100);		/* leave the bump pointer odd */
	m = uk_alloc_maxalloc(a);
	UK_TEST_EXPECT_GT(m, alloc_region_conf.main_len - 4096);
	UK_TEST_EXPECT_NULL(uk_malloc(a, m + 1));
	p = uk_malloc(a, m);
	UK_TEST_EXPECT_NOT_NULL(p);
	UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(a), 0);
	UK_TEST_EXPECT_NULL(uk_malloc(a, 1));
	uk_free(a, p);
	UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(a), m);
}

/* pallocs carry no header: consecutive ones are adjacent pages. */
UK_TESTCASE(alloc_region, palloc_adjacent)
{
	struct uk_alloc *a = region_fresh();
	uint8_t *p, *q;

	UK_TEST_ASSERT_NOT_NULL(a);
	p = uk_palloc(a, 1);
	q = uk_palloc(a, 2);
	UK_TEST_ASSERT(p && q);
	UK_TEST_EXPECT_PTR_EQ(q, p + UK_PAGE_SIZE);
}

/* addmem refuses memory it cannot or must not use. */
UK_TESTCASE(alloc_region, addmem_rejects)
{
	struct uk_alloc *a = region_fresh();
	uint8_t *extra = conf_extra(&alloc_region_conf);
	size_t avail0;

	UK_TEST_ASSERT_NOT_NULL(a);
	avail0 = uk_alloc_availmem(a);
	UK_TEST_EXPECT_EQ(uk_alloc_addmem(a, alloc_region_arena + 4096,
					  8192), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_alloc_addmem(a, (void *)((uintptr_t)
					  alloc_region_arena - 4096), 8192),
			  -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_alloc_addmem(a, extra, 16), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_alloc_addmem(a, (void *)(UINTPTR_MAX - 4095),
					  8192), -UK_EINVAL);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
	UK_TEST_EXPECT_EQ(uk_alloc_addmem(a, extra, 4096), 0);
	UK_TEST_EXPECT_EQ(uk_alloc_addmem(a, extra + 1024, 4096),
			  -UK_EINVAL);
	UK_TEST_EXPECT_GT(uk_alloc_availmem(a), avail0);
}

/* An instance over unaligned memory; too little memory gives NULL. */
static uint8_t region_small_arena[8192] __aligned(UK_PAGE_SIZE);

UK_TESTCASE(alloc_region, init_edges)
{
	struct uk_alloc *prev = uk_alloc_get_default(), *a;
	uint8_t *base = region_small_arena + 3;
	void *p;

	UK_TEST_EXPECT_NULL(uk_allocregion_init(base, 0));
	UK_TEST_EXPECT_NULL(uk_allocregion_init(base, 64));
	UK_TEST_EXPECT_NULL(uk_allocregion_init((void *)(UINTPTR_MAX - 100),
						4096));
	a = uk_allocregion_init(base, sizeof(region_small_arena) - 3);
	uk_alloc_set_default(prev);
	UK_TEST_ASSERT_NOT_NULL(a);
	UK_TEST_EXPECT(inside(a, sizeof(*a), base,
			      sizeof(region_small_arena) - 3));
	UK_TEST_EXPECT_STR_EQ(a->name, "region");
	p = uk_malloc(a, 100);
	UK_TEST_EXPECT_NOT_NULL(p);
	UK_TEST_EXPECT(is_aligned(p, UK_ALLOC_MIN_ALIGN));
	UK_TEST_EXPECT(inside(p, 100, base, sizeof(region_small_arena) - 3));
	UK_TEST_EXPECT_NULL(uk_malloc(a, sizeof(region_small_arena)));
}

/* ---- reusing backends: long random runs, fragmentation, many regions ---- */

/* A seeded xorshift generator: every run is the same. */
static uint32_t rnd_state;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Mostly small, sometimes pages, rarely 128 KiB. */
static size_t rnd_size(void)
{
	uint32_t r = rnd() % 100;

	if (r < 60)
		return rnd() % 257;
	if (r < 85)
		return rnd() % 4097;
	if (r < 97)
		return rnd() % 32769;
	return rnd() % (128 * 1024 + 1);
}

/* The shadow of a live block: where, how big, what it holds. */
struct shadow {
	uint8_t *p;
	size_t size;
	unsigned int seed;
	unsigned long pages;	/* palloc'd: pfree with this */
};

#define NSHADOW	256
static struct shadow shadow[NSHADOW];

/* Marks a block at its ends and every 512 bytes (cheap under TCG). */
static void mark(const struct shadow *s)
{
	for (size_t i = 0; i < s->size; i += i < 32 || s->size - i <= 32
						? 1 : 512)
		s->p[i] = pattern(s->seed, i);
}

static bool marked(const struct shadow *s, size_t n)
{
	for (size_t i = 0; i < n; i += i < 32 || s->size - i <= 32 ? 1 : 512)
		if (s->p[i] != pattern(s->seed, i))
			return false;
	return true;
}

/* A new block is aligned, in the arena and apart from every live one. */
static bool fresh_block(const struct conf *c, const void *p, size_t size,
			int nlive, int skip)
{
	if (!is_aligned(p, UK_ALLOC_MIN_ALIGN) ||
	    !(inside(p, size, c->arena, c->main_len) ||
	      inside(p, size, conf_extra(c), CONF_EXTRA)))
		return false;
	for (int i = 0; i < nlive; i++)
		if (i != skip && overlap(p, size ? size : 1, shadow[i].p,
					 shadow[i].size ? shadow[i].size : 1))
			return false;
	return true;
}

/* Allocates one block the way @op says; NULL when out of memory. */
static void *rnd_alloc(struct uk_alloc *a, uint32_t op, struct shadow *s)
{
	size_t n, align;
	void *p = NULL;

	s->pages = 0;
	s->size = rnd_size();
	if (op < 35)
		return uk_malloc(a, s->size);
	if (op < 42) {
		n = 1 + rnd() % 64;
		s->size = n * (rnd() % 64);
		p = uk_calloc(a, n, s->size / n);
		UK_TEST_EXPECT(!p || all_zero(p, s->size));
		return p;
	}
	if (op < 48) {
		align = (size_t)16 << (rnd() % 17);	/* up to 1 MiB */
		if (uk_posix_memalign(a, &p, align, s->size))
			return NULL;
		UK_TEST_EXPECT(is_aligned(p, align));
		return p;
	}
	s->pages = 1 + rnd() % 8;
	s->size = s->pages * UK_PAGE_SIZE;
	return uk_palloc(a, s->pages);
}

static void rnd_free(struct uk_alloc *a, int *nlive, int i)
{
	struct shadow *s = &shadow[i];

	UK_TEST_EXPECT(marked(s, s->size));
	if (s->pages)
		uk_pfree(a, s->p, s->pages);
	else
		uk_free(a, s->p);
	*s = shadow[--*nlive];
}

/* Reallocates live block @i to a random size; false if it failed. */
static bool rnd_realloc(struct uk_alloc *a, const struct conf *c, int nlive,
			int i)
{
	struct shadow *s = &shadow[i];
	size_t size = rnd_size();
	uint8_t *np;

	if (s->pages)
		return true;
	np = uk_realloc(a, s->p, size);
	if (!np) {
		UK_TEST_EXPECT(marked(s, s->size));
		return false;
	}
	UK_TEST_EXPECT(fresh_block(c, np, size, nlive, i));
	UK_TEST_EXPECT_GE(uk_getsize(a, np), size);
	s->p = np;
	UK_TEST_EXPECT(marked(s, UK_MIN(s->size, size)));
	s->size = size;
	mark(s);
	return true;
}

/*
 * 12000 seeded random operations (malloc, calloc, memalign up to 1 MiB,
 * palloc, realloc, free) against a shadow table; a discontiguous region
 * is added half-way. A malloc or palloc of more than a slab object fails
 * only above maxalloc. In the end, everything freed, availmem, maxalloc
 * and the statistics are back where they started.
 */
static void check_random_run(struct uk_alloc *a, const struct conf *c)
{
	struct uk_alloc_stats s0 = stats_of(a), s1;
	size_t avail0 = uk_alloc_availmem(a), max0 = uk_alloc_maxalloc(a);
	int nlive = 0, nfail = 0, i;
	struct shadow *s;
	uint32_t op;

	rnd_state = 0x2545f491;
	for (int it = 0; it < 12000; it++) {
		if (it == 6000) {
			avail0 -= uk_alloc_availmem(a);
			UK_TEST_ASSERT_EQ(uk_alloc_addmem(a, conf_extra(c),
							  CONF_EXTRA), 0);
			avail0 += uk_alloc_availmem(a);
		}
		op = rnd() % 100;
		s = &shadow[nlive];
		if (op < 55 && nlive < NSHADOW) {
			s->p = rnd_alloc(a, op, s);
			if (!s->p) {
				nfail++;
				if ((op < 35 || op >= 48) && s->size > 2048)
					UK_TEST_EXPECT_GT(s->size,
							  uk_alloc_maxalloc(a));
				continue;
			}
			UK_TEST_ASSERT(fresh_block(c, s->p, s->size, nlive,
						   -1));
			s->seed = it;
			mark(s);
			nlive++;
		} else if (op < 75 && nlive) {
			nfail += !rnd_realloc(a, c, nlive, rnd() % nlive);
		} else if (nlive) {
			rnd_free(a, &nlive, rnd() % nlive);
		}
	}
	uk_test_diag("%d allocations failed, %d blocks live at the end\n",
		     nfail, nlive);
	for (i = 0; i < nlive; i++)
		UK_TEST_EXPECT(marked(&shadow[i], shadow[i].size));
	while (nlive)
		rnd_free(a, &nlive, nlive - 1);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
	UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(a), max0);
	s1 = stats_of(a);
	UK_TEST_EXPECT_UEQ(s1.cur_mem_use, s0.cur_mem_use);
	UK_TEST_EXPECT_UEQ(s1.nb_allocs - s0.nb_allocs,
			   s1.nb_frees - s0.nb_frees);
	UK_TEST_EXPECT_GT(s1.nb_allocs - s0.nb_allocs, 3000);
}

/*
 * Fragmentation: fill the memory with blocks of mixed sizes, free every
 * other one, fill the holes with other sizes, then free everything in
 * a shuffled order: coalescing gives back one block as large as the
 * first, and every byte.
 */
static void check_fragmentation(struct uk_alloc *a,
				__unused const struct conf *c)
{
	static const size_t sizes[] = { 24, 200, 3000, 40000, 700, 9000 };
	size_t avail0 = uk_alloc_availmem(a), max0 = uk_alloc_maxalloc(a);
	size_t n = 0, i, j, holes = 0, full;
	void *p, *t;

	while (n < UK_ARRAY_SIZE(blocks) &&
	       (p = uk_malloc(a, sizes[n % UK_ARRAY_SIZE(sizes)])))
		blocks[n++] = p;
	UK_TEST_ASSERT(n > 64);
	full = uk_alloc_availmem(a);
	for (i = 0; i < n; i += 2)
		uk_free(a, blocks[i]);
	UK_TEST_EXPECT_GT(uk_alloc_availmem(a), full);
	for (i = 0; i < n; i += 2) {
		blocks[i] = uk_malloc(a, i % 4 ? 100 : 5000);
		holes += blocks[i] != NULL;
	}
	UK_TEST_EXPECT_GT(holes, n / 8);
	rnd_state = 12345;
	for (i = n - 1; i > 0; i--) {
		j = rnd() % (i + 1);
		t = blocks[i];
		blocks[i] = blocks[j];
		blocks[j] = t;
	}
	for (i = 0; i < n; i++)
		uk_free(a, blocks[i]);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
	UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(a), max0);
	p = uk_malloc(a, max0);
	UK_TEST_EXPECT_NOT_NULL(p);
	uk_free(a, p);
}

/*
 * memalign for every power of two from 4 KiB to 1 MiB, all live at
 * once: aligned, disjoint, none costing more than a page beyond its
 * size (no padding is lost); all freed, everything is back.
 */
static void check_memalign_big(struct uk_alloc *a,
			       __unused const struct conf *c)
{
	size_t avail0 = uk_alloc_availmem(a), before, align;
	int n = 0;

	for (align = UK_PAGE_SIZE; align <= UK_MiB; align <<= 1, n++) {
		before = uk_alloc_availmem(a);
		blocks[n] = uk_memalign(a, align, 100);
		UK_TEST_ASSERT_NOT_NULL(blocks[n]);
		UK_TEST_EXPECT(is_aligned(blocks[n], align));
		UK_TEST_EXPECT_LE(before - uk_alloc_availmem(a),
				  UK_PAGE_SIZE);
		fill(blocks[n], 100, n);
	}
	for (int i = 0; i < n; i++) {
		UK_TEST_EXPECT(filled(blocks[i], 100, i));
		for (int j = 0; j < i; j++)
			UK_TEST_EXPECT(!overlap(blocks[i], 100, blocks[j],
						100));
	}
	while (n--)
		uk_free(a, blocks[n]);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
}

/*
 * An instance on a small first region, then four more, discontiguous
 * and oddly aligned: exhausted, every block lies in one region; overlaps
 * and slivers are refused; all freed, every region is whole again.
 */
static void check_addmem_many(__unused struct uk_alloc *whole,
			      const struct conf *c)
{
	const struct {
		size_t off, len;
	} rg[] = {
		{ 0, 192 * UK_KiB },
		{ 192 * UK_KiB + 4096 + 13, 300 * UK_KiB },
		{ UK_MiB + 7, 512 * UK_KiB - 100 },
		{ 2 * UK_MiB, UK_MiB },
		{ c->main_len + CONF_GAP, CONF_EXTRA },
	};
	size_t avail0, max0, n = 0, i, r;
	struct uk_alloc *a;
	void *p;

	a = c->create(c->arena, rg[0].len);	/* in place of @whole */
	UK_TEST_ASSERT_NOT_NULL(a);
	for (i = 1; i < UK_ARRAY_SIZE(rg); i++)
		UK_TEST_ASSERT_EQ(uk_alloc_addmem(a, c->arena + rg[i].off,
						  rg[i].len), 0);
	UK_TEST_EXPECT_EQ(uk_alloc_addmem(a, c->arena + UK_MiB - 4096,
					  8192), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_alloc_addmem(a, c->arena + 3 * UK_MiB, 8),
			  -UK_EINVAL);
	avail0 = uk_alloc_availmem(a);
	max0 = uk_alloc_maxalloc(a);
	UK_TEST_EXPECT_GT(avail0, 2 * UK_MiB);
	UK_TEST_EXPECT_LE(max0, UK_MiB);

	while (n < UK_ARRAY_SIZE(blocks) &&
	       (p = uk_malloc(a, n % 3 ? 1000 + n * 97 : 60000)))
		blocks[n++] = p;
	while (n < UK_ARRAY_SIZE(blocks) && (p = uk_malloc(a, 64)))
		blocks[n++] = p;
	UK_TEST_EXPECT_LT(uk_alloc_availmem(a), avail0 / 8);
	for (i = 0; i < n; i++) {
		for (r = 0; r < UK_ARRAY_SIZE(rg); r++)
			if (inside(blocks[i], uk_getsize(a, blocks[i]),
				   c->arena + rg[r].off, rg[r].len))
				break;
		UK_TEST_EXPECT_LT(r, UK_ARRAY_SIZE(rg));
	}
	while (n--)
		uk_free(a, blocks[n]);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
	UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(a), max0);
}

/* The checks of backends that reuse freed memory, on top of conformance. */
#define ALLOC_REUSE_CASES(suite)					\
	CONF_CASE(suite, random_run)					\
	CONF_CASE(suite, fragmentation)					\
	CONF_CASE(suite, memalign_big)					\
	CONF_CASE(suite, addmem_many)

/* A fresh instance of suite @c over its whole main range. */
static struct uk_alloc *fresh(const struct conf *c)
{
	struct uk_alloc *prev = uk_alloc_get_default();
	struct uk_alloc *a = c->create(c->arena, c->main_len);

	uk_alloc_set_default(prev);
	return a;
}

/*
 * Fills the arena of suite @c with 0xee from @meta on (not the instance
 * at its start, which is on the instance list), then expects that
 * creating an instance writes nothing there: a VM's untouched memory
 * stays unbacked.
 */
static void expect_untouched_init(const struct conf *c, size_t meta)
{
	struct uk_alloc *a;
	size_t i;

	uk_memset(c->arena + meta, 0xee, c->main_len - meta);
	a = fresh(c);
	UK_TEST_ASSERT_NOT_NULL(a);
	for (i = meta; i < c->main_len; i++)
		if (c->arena[i] != 0xee)
			break;
	UK_TEST_EXPECT_UEQ(i, c->main_len);
}

/* ---- the buddy backend ---- */

#if UK_CONFIG_ALLOC_HAVE_BUDDY
ALLOC_CONFORMANCE(alloc_buddy, uk_allocbuddy_init, 4 * UK_MiB,
		  .max_align = UK_MiB, .frees_reuse = true,
		  .maxalloc_fits = true)
ALLOC_REUSE_CASES(alloc_buddy)

/* Init writes its bitmap, not the pages (4 MiB: 16 KiB of metadata). */
UK_TESTCASE(alloc_buddy, init_touches_metadata_only)
{
	expect_untouched_init(&alloc_buddy_conf, 20 * UK_KiB);
}

/* Page runs neither: palloc, malloc and their frees write no page. */
UK_TESTCASE(alloc_buddy, pages_untouched)
{
	const struct conf *c = &alloc_buddy_conf;
	struct uk_alloc *a;
	size_t i;
	void *p, *q;

	SKIP_IN_DEBUG();
	uk_memset(c->arena + 20 * UK_KiB, 0xee, c->main_len - 20 * UK_KiB);
	a = fresh(c);
	UK_TEST_ASSERT_NOT_NULL(a);
	p = uk_palloc(a, 37);
	q = uk_malloc(a, 300000);
	UK_TEST_ASSERT(p && q);
	uk_pfree(a, p, 37);
	uk_free(a, q);
	for (i = 20 * UK_KiB; i < c->main_len; i++)
		if (c->arena[i] != 0xee)
			break;
	UK_TEST_EXPECT_UEQ(i, c->main_len);
}

/* Small objects share a page: 128 of 32 bytes cost one page. */
UK_TESTCASE(alloc_buddy, small_objects_share_pages)
{
	struct uk_alloc *a = fresh(&alloc_buddy_conf);
	size_t avail0;
	int i, j;

	UK_TEST_ASSERT_NOT_NULL(a);
	avail0 = uk_alloc_availmem(a);
	for (i = 0; i < 128; i++) {
		blocks[i] = uk_malloc(a, 20 + i % 13);
		UK_TEST_ASSERT_NOT_NULL(blocks[i]);
		if (EXACT_COSTS)
			UK_TEST_EXPECT_UEQ(uk_getsize(a, blocks[i]), 32);
		fill(blocks[i], 20 + i % 13, i);
	}
	if (EXACT_COSTS)
		UK_TEST_EXPECT_UEQ(avail0 - uk_alloc_availmem(a),
				   UK_PAGE_SIZE);
	for (i = 0; i < 128; i++) {
		UK_TEST_EXPECT(filled(blocks[i], 20 + i % 13, i));
		for (j = 0; j < i; j++)
			UK_TEST_EXPECT_PTR_NE(blocks[i], blocks[j]);
	}
	for (i = 0; i < 128; i += 2)	/* a page with holes, reused */
		uk_free(a, blocks[i]);
	for (i = 0; i < 128; i += 2)
		blocks[i] = uk_malloc(a, 30);
	if (EXACT_COSTS)
		UK_TEST_EXPECT_UEQ(avail0 - uk_alloc_availmem(a),
				   UK_PAGE_SIZE);
	for (i = 0; i < 128; i++)
		uk_free(a, blocks[i]);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
}

/*
 * A run costs the pages it asks for, not the next power of two, and a
 * 1 MiB-aligned block costs one page: alignment is the blocks' own.
 */
UK_TESTCASE(alloc_buddy, runs_cost_what_they_ask)
{
	struct uk_alloc *a = fresh(&alloc_buddy_conf);
	size_t avail0;
	void *p, *q, *m;

	UK_TEST_ASSERT_NOT_NULL(a);
	avail0 = uk_alloc_availmem(a);
	p = uk_palloc(a, 3);
	UK_TEST_EXPECT_UEQ(avail0 - uk_alloc_availmem(a), 3 * UK_PAGE_SIZE);
	q = uk_malloc(a, 5 * UK_PAGE_SIZE + 1);
	UK_TEST_ASSERT(p && q);
	if (EXACT_COSTS) {
		UK_TEST_EXPECT_UEQ(uk_getsize(a, q), 6 * UK_PAGE_SIZE);
		UK_TEST_EXPECT_UEQ(avail0 - uk_alloc_availmem(a),
				   9 * UK_PAGE_SIZE);
	}
	m = uk_memalign(a, UK_MiB, 100);
	UK_TEST_ASSERT_NOT_NULL(m);
	UK_TEST_EXPECT(is_aligned(m, UK_MiB));
	if (EXACT_COSTS)
		UK_TEST_EXPECT_UEQ(avail0 - uk_alloc_availmem(a),
				   10 * UK_PAGE_SIZE);
	uk_free(a, m);
	uk_free(a, q);
	uk_pfree(a, p, 3);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), avail0);
}

/* Freed neighbours merge back: the largest block is whole again. */
UK_TESTCASE(alloc_buddy, coalescing)
{
	struct uk_alloc *a = fresh(&alloc_buddy_conf);
	size_t max0;
	int i;

	UK_TEST_ASSERT_NOT_NULL(a);
	max0 = uk_alloc_maxalloc(a);
	for (i = 0; i < 256; i++) {
		blocks[i] = uk_palloc(a, 1);
		UK_TEST_ASSERT_NOT_NULL(blocks[i]);
	}
	UK_TEST_EXPECT_LT(uk_alloc_maxalloc(a), max0);
	for (i = 0; i < 256; i += 2)
		uk_pfree(a, blocks[i], 1);
	UK_TEST_EXPECT_LT(uk_alloc_maxalloc(a), max0);
	for (i = 255; i > 0; i -= 2)
		uk_pfree(a, blocks[i], 1);
	UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(a), max0);
}

/* A run shrinks in place and grows back into the pages it gave up. */
UK_TESTCASE(alloc_buddy, realloc_in_place)
{
	struct uk_alloc *a = fresh(&alloc_buddy_conf);
	void *p, *q;

	UK_TEST_ASSERT_NOT_NULL(a);
	p = uk_malloc(a, 16 * UK_PAGE_SIZE);
	UK_TEST_ASSERT_NOT_NULL(p);
	fill(p, 4 * UK_PAGE_SIZE, 1);
	q = uk_realloc(a, p, 4 * UK_PAGE_SIZE);
	UK_TEST_EXPECT_PTR_EQ(q, p);
	q = uk_realloc(a, p, 12 * UK_PAGE_SIZE);
	UK_TEST_EXPECT_PTR_EQ(q, p);
	UK_TEST_EXPECT(filled(p, 4 * UK_PAGE_SIZE, 1));
	q = uk_realloc(a, p, 100);	/* becomes a small object */
	UK_TEST_ASSERT_NOT_NULL(q);
	UK_TEST_EXPECT(filled(q, 100, 1));
	UK_TEST_EXPECT_GE(uk_getsize(a, q), 100);
	UK_TEST_EXPECT_LT(uk_getsize(a, q), UK_PAGE_SIZE);
}

/*
 * maxalloc is the longest run of free pages, which need not be one
 * block: on 3 MiB and a bit, more than the largest power of two.
 */
UK_TESTCASE(alloc_buddy, maxalloc_spans_blocks)
{
	struct uk_alloc *prev = uk_alloc_get_default(), *a;
	size_t m;
	void *p;

	a = uk_allocbuddy_init(alloc_buddy_arena, 3 * UK_MiB + 20000);
	uk_alloc_set_default(prev);
	UK_TEST_ASSERT_NOT_NULL(a);
	m = uk_alloc_maxalloc(a);
	UK_TEST_EXPECT_GT(m, 2 * UK_MiB);
	if (EXACT_COSTS)
		UK_TEST_EXPECT_UEQ(m, uk_alloc_availmem(a));
	UK_TEST_EXPECT_NULL(uk_malloc(a, m + 1));
	p = uk_malloc(a, m);
	UK_TEST_EXPECT_NOT_NULL(p);
	UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(a), 0);
	uk_free(a, p);
	UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(a), m);
}

/* Unaligned memory works; too little or wrapping memory gives NULL. */
static uint8_t buddy_small_arena[3 * UK_PAGE_SIZE + 5] __aligned(UK_PAGE_SIZE);

UK_TESTCASE(alloc_buddy, init_edges)
{
	struct uk_alloc *prev = uk_alloc_get_default(), *a;

	UK_TEST_EXPECT_NULL(uk_allocbuddy_init(buddy_small_arena, 0));
	UK_TEST_EXPECT_NULL(uk_allocbuddy_init(buddy_small_arena, 4096));
	UK_TEST_EXPECT_NULL(uk_allocbuddy_init((void *)(UINTPTR_MAX - 100),
					       8192));
	a = uk_allocbuddy_init(buddy_small_arena + 5, 3 * UK_PAGE_SIZE);
	uk_alloc_set_default(prev);
	UK_TEST_ASSERT_NOT_NULL(a);
	UK_TEST_EXPECT_STR_EQ(a->name, "buddy");
	/* the metadata fits before the first page boundary */
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(a), 2 * UK_PAGE_SIZE);
	UK_TEST_EXPECT_NOT_NULL(uk_malloc(a, 2000));
	UK_TEST_EXPECT_NOT_NULL(uk_malloc(a, 16));
	UK_TEST_EXPECT_NULL(uk_palloc(a, 1));
}
#endif /* UK_CONFIG_ALLOC_HAVE_BUDDY */

/* ---- the TLSF backend ---- */

#if UK_CONFIG_ALLOC_HAVE_TLSF
ALLOC_CONFORMANCE(alloc_tlsf, uk_alloctlsf_init, 4 * UK_MiB,
		  .max_align = UK_MiB, .frees_reuse = true,
		  .maxalloc_fits = true)
ALLOC_REUSE_CASES(alloc_tlsf)

/* Init writes the instance and one header, whatever the size. */
UK_TESTCASE(alloc_tlsf, init_touches_metadata_only)
{
	expect_untouched_init(&alloc_tlsf_conf, 16 * UK_KiB);
}

/* A block costs its size rounded to 16 plus 8 bytes of header. */
UK_TESTCASE(alloc_tlsf, block_overhead)
{
	static const size_t sizes[] = { 1, 24, 25, 40, 100, 1000, 65536 };
	struct uk_alloc *a = fresh(&alloc_tlsf_conf);
	size_t avail, cost, i;
	void *p;

	UK_TEST_ASSERT_NOT_NULL(a);
	SKIP_IN_DEBUG();
	for (i = 0; i < UK_ARRAY_SIZE(sizes); i++) {
		avail = uk_alloc_availmem(a);
		p = uk_malloc(a, sizes[i]);
		UK_TEST_ASSERT_NOT_NULL(p);
		cost = UK_MAX(UK_ALIGN_UP(sizes[i] + 8, 16), (size_t)32);
		UK_TEST_EXPECT_UEQ(avail - uk_alloc_availmem(a), cost);
		UK_TEST_EXPECT_UEQ(uk_getsize(a, p), cost - 8);
	}
}

/* Neighbours merge at once, whichever is freed last. */
UK_TESTCASE(alloc_tlsf, coalescing)
{
	struct uk_alloc *a = fresh(&alloc_tlsf_conf);
	size_t max0;
	void *x, *y, *z;

	UK_TEST_ASSERT_NOT_NULL(a);
	max0 = uk_alloc_maxalloc(a);
	for (int order = 0; order < 6; order++) {
		x = uk_malloc(a, 1000);
		y = uk_malloc(a, 3000);
		z = uk_malloc(a, 500);
		UK_TEST_ASSERT(x && y && z);
		void *v[3] = { x, y, z };
		uk_free(a, v[order % 3]);
		uk_free(a, v[(order + 1 + order / 3) % 3]);
		uk_free(a, v[(order + 2 - order / 3) % 3]);
		UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(a), max0);
	}
}

/* realloc grows into a free successor, shrinks in place, else moves. */
UK_TESTCASE(alloc_tlsf, realloc_in_place)
{
	struct uk_alloc *a = fresh(&alloc_tlsf_conf);
	void *p, *q, *g;

	UK_TEST_ASSERT_NOT_NULL(a);
	p = uk_malloc(a, 1000);
	UK_TEST_ASSERT_NOT_NULL(p);
	fill(p, 1000, 2);
	UK_TEST_EXPECT_PTR_EQ(uk_realloc(a, p, 100000), p);
	UK_TEST_EXPECT_PTR_EQ(uk_realloc(a, p, 3000), p);
	g = uk_malloc(a, 16);		/* right after p */
	UK_TEST_ASSERT_NOT_NULL(g);
	UK_TEST_EXPECT_PTR_EQ(uk_realloc(a, p, 2000), p);
	UK_TEST_EXPECT_PTR_EQ(uk_realloc(a, p, 3000), p);	/* its tail */
	q = uk_realloc(a, p, 8000);
	UK_TEST_ASSERT_NOT_NULL(q);
	UK_TEST_EXPECT_PTR_NE(q, p);
	UK_TEST_EXPECT(filled(q, 1000, 2));
}

/* Unaligned memory works; too little or wrapping memory gives NULL. */
static uint8_t tlsf_small_arena[3 * UK_PAGE_SIZE + 5] __aligned(UK_PAGE_SIZE);

UK_TESTCASE(alloc_tlsf, init_edges)
{
	struct uk_alloc *prev = uk_alloc_get_default(), *a;

	UK_TEST_EXPECT_NULL(uk_alloctlsf_init(tlsf_small_arena, 0));
	UK_TEST_EXPECT_NULL(uk_alloctlsf_init(tlsf_small_arena, 4096));
	UK_TEST_EXPECT_NULL(uk_alloctlsf_init((void *)(UINTPTR_MAX - 100),
					      16384));
	a = uk_alloctlsf_init(tlsf_small_arena + 5, 3 * UK_PAGE_SIZE);
	uk_alloc_set_default(prev);
	UK_TEST_ASSERT_NOT_NULL(a);
	UK_TEST_EXPECT_STR_EQ(a->name, "tlsf");
	UK_TEST_EXPECT_GT(uk_alloc_maxalloc(a), 2000);
	UK_TEST_EXPECT_NOT_NULL(uk_malloc(a, 2000));
	UK_TEST_EXPECT_NULL(uk_malloc(a, 3 * UK_PAGE_SIZE));
}
#endif /* UK_CONFIG_ALLOC_HAVE_TLSF */

/* ---- adapters: backends that lack operations, wrapping a region ---- */

struct wrap {
	struct uk_alloc a;
	struct uk_alloc *inner;
};

static struct uk_alloc *inner_of(struct uk_alloc *a)
{
	return uk_container_of(a, struct wrap, a)->inner;
}

static void *w_malloc(struct uk_alloc *a, size_t size)
{
	return uk_malloc(inner_of(a), size);
}

static int w_posix_memalign(struct uk_alloc *a, void **p, size_t align,
			    size_t size)
{
	return uk_posix_memalign(inner_of(a), p, align, size);
}

static void w_free(struct uk_alloc *a, void *p)
{
	uk_free(inner_of(a), p);
}

static size_t w_getsize(struct uk_alloc *a, const void *p)
{
	return uk_getsize(inner_of(a), p);
}

static void *w_calloc(struct uk_alloc *a, size_t n, size_t size)
{
	return uk_calloc(inner_of(a), n, size);
}

static void *w_realloc(struct uk_alloc *a, void *p, size_t size)
{
	return uk_realloc(inner_of(a), p, size);
}

static size_t w_maxalloc(struct uk_alloc *a)
{
	return uk_alloc_maxalloc(inner_of(a));
}

static int w_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return uk_alloc_addmem(inner_of(a), base, len);
}

static size_t w_availmem(struct uk_alloc *a)
{
	return uk_alloc_availmem(inner_of(a));
}

/*
 * No posix_memalign: alloc.c keeps a header in front of every block, and
 * must not use this backend's calloc and realloc, which know nothing of
 * that header. maxalloc is exact and must stay usable after the header.
 */
static const struct uk_alloc_ops wrap_hdr_ops = {
	.malloc = w_malloc,
	.calloc = w_calloc,
	.realloc = w_realloc,
	.free = w_free,
	.getsize = w_getsize,
	.addmem = w_addmem,
	.availmem = w_availmem,
	.maxalloc = w_maxalloc,
};

/* No malloc: malloc, calloc, realloc, palloc come from posix_memalign. */
static const struct uk_alloc_ops wrap_memalign_ops = {
	.posix_memalign = w_posix_memalign,
	.free = w_free,
	.getsize = w_getsize,
	.addmem = w_addmem,
	.availmem = w_availmem,
};

static struct wrap wrap_hdr, wrap_memalign;

static struct uk_alloc *wrap_create(struct wrap *w, const char *name,
				    const struct uk_alloc_ops *ops,
				    void *base, size_t len)
{
	w->inner = uk_allocregion_init(base, len);
	if (!w->inner || uk_alloc_register(&w->a, name, ops))
		return NULL;
	return &w->a;
}

static struct uk_alloc *create_hdr(void *base, size_t len)
{
	return wrap_create(&wrap_hdr, "test-hdr", &wrap_hdr_ops, base, len);
}

static struct uk_alloc *create_memalign(void *base, size_t len)
{
	return wrap_create(&wrap_memalign, "test-memalign",
			   &wrap_memalign_ops, base, len);
}

ALLOC_CONFORMANCE(alloc_hdr, create_hdr, 512 * UK_KiB,
		  .max_align = 128 * UK_KiB, .frees_reuse = false,
		  .maxalloc_fits = true)
/* maxalloc comes from availmem: an upper bound that does not fit. */
ALLOC_CONFORMANCE(alloc_memalign, create_memalign, 512 * UK_KiB,
		  .max_align = 128 * UK_KiB, .frees_reuse = false,
		  .maxalloc_fits = false)

/* ---- the API: NULL instance, default instance, registration ---- */

UK_TESTCASE(alloc_api, null_instance)
{
	void *p = &p;

	UK_TEST_EXPECT_NULL(uk_malloc(NULL, 8));
	UK_TEST_EXPECT_NULL(uk_calloc(NULL, 1, 8));
	UK_TEST_EXPECT_NULL(uk_memalign(NULL, 16, 8));
	UK_TEST_EXPECT_EQ(uk_posix_memalign(NULL, &p, 16, 8), -UK_ENOMEM);
	UK_TEST_EXPECT_PTR_EQ(p, &p);
	UK_TEST_EXPECT_NULL(uk_realloc(NULL, NULL, 8));
	UK_TEST_EXPECT_NULL(uk_palloc(NULL, 1));
	uk_free(NULL, p);
	uk_pfree(NULL, p, 1);
	UK_TEST_EXPECT_UEQ(uk_getsize(NULL, p), 0);
	UK_TEST_EXPECT_EQ(uk_alloc_addmem(NULL, p, 4096), -UK_EINVAL);
	UK_TEST_EXPECT_UEQ(uk_alloc_availmem(NULL), 0);
	UK_TEST_EXPECT_UEQ(uk_alloc_maxalloc(NULL), 0);
}

UK_TESTCASE(alloc_api, stats_of_null)
{
	struct uk_alloc_stats s;

	uk_memset(&s, 0xff, sizeof(s));
	uk_alloc_stats_get(NULL, &s);
	UK_TEST_EXPECT_UEQ(s.cur_mem_use, 0);
	UK_TEST_EXPECT_UEQ(s.max_mem_use, 0);
	UK_TEST_EXPECT_UEQ(s.nb_allocs, 0);
	UK_TEST_EXPECT_UEQ(s.nb_frees, 0);
	UK_TEST_EXPECT_UEQ(s.nb_enomem, 0);
}

/* Finds @a on the instance list; false also when the list is cyclic. */
static bool on_list(const struct uk_alloc *a)
{
	const struct uk_alloc *i = uk_alloc_first();

	for (int n = 0; i && n < 256; i = i->next, n++)
		if (i == a)
			return true;
	return false;
}

UK_TESTCASE(alloc_api, default_instance)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_alloc_stats s0, s1;
	void *p;

	UK_TEST_ASSERT_NOT_NULL(a);
	UK_TEST_EXPECT_NOT_NULL(a->name);
	UK_TEST_EXPECT(on_list(a));
	UK_TEST_EXPECT_GT(uk_alloc_availmem(a), 0);

	s0 = stats_of(a);
	p = uk_malloc(a, 1000);
	s1 = stats_of(a);
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT(is_aligned(p, UK_ALLOC_MIN_ALIGN));
	UK_TEST_EXPECT_GE(uk_getsize(a, p), 1000);
	UK_TEST_EXPECT_UEQ(s1.nb_allocs - s0.nb_allocs, 1);
	fill(p, 1000, 9);
	UK_TEST_EXPECT(filled(p, 1000, 9));
	uk_free(a, p);
	UK_TEST_EXPECT_UEQ(stats_of(a).nb_frees - s0.nb_frees, 1);

	p = uk_calloc(a, 10, 100);
	UK_TEST_ASSERT_NOT_NULL(p);
	UK_TEST_EXPECT(all_zero(p, 1000));
	uk_free(a, p);
	p = uk_memalign(a, 4096, 10);
	UK_TEST_EXPECT_NOT_NULL(p);
	UK_TEST_EXPECT(is_aligned(p, 4096));
	uk_free(a, p);
}

/* Every instance made in this file is on the list, exactly once. */
UK_TESTCASE(alloc_api, instance_list)
{
	struct uk_alloc *prev = uk_alloc_get_default();
	struct uk_alloc *r = region_fresh(), *again = region_fresh(), *h;
	const struct uk_alloc *i;
	int seen = 0, n = 0;

	UK_TEST_ASSERT_NOT_NULL(r);
	UK_TEST_EXPECT_PTR_EQ(again, r);
	UK_TEST_EXPECT_STR_EQ(r->name, "region");
	h = create_hdr(alloc_hdr_arena, alloc_hdr_conf.main_len);
	uk_alloc_set_default(prev);
	UK_TEST_ASSERT_NOT_NULL(h);
	UK_TEST_EXPECT_STR_EQ(h->name, "test-hdr");
	for (i = uk_alloc_first(); i && n < 256; i = i->next, n++)
		seen += i == r;
	UK_TEST_EXPECT_NULL(i);		/* the list ends */
	UK_TEST_EXPECT_EQ(seen, 1);
	UK_TEST_EXPECT(on_list(&wrap_hdr.a));
	UK_TEST_EXPECT(on_list(wrap_hdr.inner));
}

UK_TESTCASE(alloc_api, set_default)
{
	struct uk_alloc *prev = uk_alloc_get_default(), *r, *got;

	/* Registration makes the first instance the default, and only it. */
	r = uk_allocregion_init(alloc_region_arena,
				alloc_region_conf.main_len);
	got = uk_alloc_get_default();
	uk_alloc_set_default(prev);
	UK_TEST_ASSERT_NOT_NULL(r);
	UK_TEST_EXPECT_PTR_EQ(got, prev ? prev : r);

	uk_alloc_set_default(r);
	got = uk_alloc_get_default();
	uk_alloc_set_default(prev);
	UK_TEST_EXPECT_PTR_EQ(got, r);
	UK_TEST_EXPECT_PTR_EQ(uk_alloc_get_default(), prev);
}

/* A backend missing a mandatory operation is refused, and not listed. */
UK_TESTCASE(alloc_api, register_rejects)
{
	static struct uk_alloc x;
	struct uk_alloc *prev = uk_alloc_get_default();
	struct uk_alloc_ops ops;

	ops = wrap_hdr_ops;
	ops.malloc = NULL;
	UK_TEST_EXPECT_EQ(uk_alloc_register(&x, "x", &ops), -UK_EINVAL);
	ops = wrap_hdr_ops;
	ops.free = NULL;
	UK_TEST_EXPECT_EQ(uk_alloc_register(&x, "x", &ops), -UK_EINVAL);
	ops = wrap_memalign_ops;
	ops.getsize = NULL;
	UK_TEST_EXPECT_EQ(uk_alloc_register(&x, "x", &ops), -UK_EINVAL);
	ops = wrap_memalign_ops;
	ops.addmem = NULL;
	UK_TEST_EXPECT_EQ(uk_alloc_register(&x, "x", &ops), -UK_EINVAL);
	ops = wrap_memalign_ops;
	ops.availmem = NULL;
	UK_TEST_EXPECT_EQ(uk_alloc_register(&x, "x", &ops), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_alloc_register(&x, "x", NULL), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_alloc_register(NULL, "x", &wrap_hdr_ops),
			  -UK_EINVAL);
	UK_TEST_EXPECT(!on_list(&x));
	UK_TEST_EXPECT_PTR_EQ(uk_alloc_get_default(), prev);
}

UK_TEST_MAIN()
