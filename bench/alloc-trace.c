/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * alloc-trace: allocator throughput, initialisation time and metadata
 * overhead, for libuk's region, buddy and TLSF backends and for the C
 * library's own malloc. One source, built four ways by bench/alloc:
 *
 *   host, gcc             the C library's column is glibc's malloc
 *   host, musl-gcc -static                        musl's mallocng
 *   libuk image                      libuk's malloc (the default instance)
 *   libuk image + musl's mallocng objects         musl's mallocng
 *
 * Every build also holds the three libuk backends, each an instance of
 * its own created with uk_alloc*_init() on memory of its own (natively
 * libuk's allocator sources compiled for the host, see alloc-host.c), so
 * that a backend and the C library's malloc run the identical trace side
 * by side in one process.
 *
 * Usage (in an image, after the kernel arguments' "--"):
 *
 *   alloc-trace trace MIXED_OPS POOL_OPS ROUNDS [BACKEND...]
 *   alloc-trace init BACKEND REPS MIB...
 *   alloc-trace overhead COUNT
 *
 * Output: "name value..." lines on stdout, one a measurement (below);
 * exit status 0, or 2 when a block's contents were corrupted.
 *
 * trace: builds the two traces from a fixed seed (xorshift64*, so every
 * build replays the identical sequence of calls), then runs ROUNDS + 1
 * rounds; round 0 warms up. In each round each trace runs once on each
 * backend (those named, or all), the backends interleaved; a libuk
 * backend is initialised afresh on its arena before each run (not
 * timed). Per run:
 *     trace PATTERN BACKEND ROUND TICKS NS CALLS FAILED_AT
 * TICKS from rdtsc, NS from CLOCK_MONOTONIC, CALLS the allocator calls
 * of the trace, FAILED_AT the index of the call that returned NULL (the
 * run stops there) or -1. For libuk backends, after a complete run:
 *     leak PATTERN BACKEND ROUND BYTES
 * availmem lost over the run, every block having been freed (0 when
 * freed memory coalesces back; the region allocator keeps what it gave).
 *
 * The traces, CALLS calls each (malloc, free, realloc):
 *   mixed  sizes log-uniform in [16, 65536) (an octave 2^4..2^15, then
 *          uniform inside it); a window of WINDOW slots that slides over
 *          the objects: each step allocates into the next slot, freeing
 *          the object there (the oldest) first; then 10% of the steps
 *          free a random slot early, 10% realloc one (3 in 4 grow it by
 *          half, up to 64 KiB, 1 in 4 halve it).
 *   pool   POOL_SIZE-byte objects through a FIFO of up to POOL_CAP:
 *          bursts of 1..64 allocations, then of 1..64 frees of the
 *          oldest, like packet buffers.
 * Each block gets a tag in its first 4 bytes and a mark in its last byte,
 * checked at free and realloc, so a broken allocator cannot look fast.
 *
 * init: initialises BACKEND on an arena of the largest MIB, REPS times
 * over each size (interleaved), all with the same base address:
 *     init BACKEND MIB MEDIAN_TICKS MEDIAN_NS
 * The first repetition is not counted: natively it page-faults in the
 * metadata pages, which then stay mapped.
 *
 * overhead: for sizes 16, 32, 64, 128, COUNT blocks on each backend:
 *     overhead BACKEND SIZE CONSUMED USABLE
 * CONSUMED the memory the blocks took, per block: availmem before minus
 * after for a libuk backend; for the C library, the default instance's
 * availmem in an image (mallocng's memory comes from its mmap), glibc's
 * mallinfo2() uordblks + hblkhd (chunks in use, headers included) on the
 * host, "-" for native mallocng, which keeps no statistics. USABLE is
 * malloc_usable_size (uk_getsize) of one block.
 *
 * Also: "tsc_hz HZ", the TSC against CLOCK_MONOTONIC over 20 ms.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <uk/alloc_impl.h>

/* the C library's malloc, as the table names it (set by bench/alloc) */
#ifndef LIBC_NAME
#define LIBC_NAME	"libc"
#endif

#define SEED		0x5eed0a11c0ffeeULL
#define WINDOW		1024
#define MIN_SIZE	16
#define MAX_SIZE	65536
#define POOL_SIZE	64
#define POOL_CAP	4096
#define BURST		64
#define ARENA_MIB	64
#define OVH_SIZES	4

/* ---- clocks ---- */

#if defined(__aarch64__)
#include "cntvct.h"

/* the virtual counter: coarser than a TSC (62.5 MHz under QEMU) */
static inline uint64_t ticks(void)
{
	return cntvct();
}
#else
static inline uint64_t ticks(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)
			 :: "memory");
	return (uint64_t)hi << 32 | lo;
}
#endif

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* TSC ticks per second, against CLOCK_MONOTONIC over 20 ms. */
static double tsc_hz(void)
{
	uint64_t t0 = now_ns(), k0 = ticks(), t1;

	while ((t1 = now_ns()) - t0 < 20000000)
		;
	return (double)(ticks() - k0) * 1e9 / (double)(t1 - t0);
}

/* ---- memory that no allocator under test hands out ---- */

/*
 * @len bytes, page-aligned, untouched. In an image: pages of the default
 * instance (mmap would zero them); on the host: a MAP_NORESERVE mapping.
 */
static void *pages(size_t len)
{
	void *p;

#ifdef ALLOC_IMAGE
	p = uk_palloc(uk_alloc_get_default(), len >> UK_PAGE_SHIFT);
#else
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		p = NULL;
#endif
	if (!p) {
		printf("error: no memory for %zu MiB\n", len >> 20);
		exit(1);
	}
	return p;
}

/* ---- backends: the C library's malloc and the libuk instances ---- */

struct backend {
	const char *name;
	struct uk_alloc *(*init)(void *base, size_t len); /* NULL: libc */
	void *(*malloc)(struct uk_alloc *a, size_t size);
	void (*free)(struct uk_alloc *a, void *p);
	void *(*realloc)(struct uk_alloc *a, void *p, size_t size);
	size_t (*usable)(struct uk_alloc *a, void *p);
	struct uk_alloc *a;
	void *arena;
	size_t arena_len;
};

static void *libc_malloc(struct uk_alloc *a, size_t size)
{
	return malloc(size);
}

static void libc_free(struct uk_alloc *a, void *p)
{
	free(p);
}

static void *libc_realloc(struct uk_alloc *a, void *p, size_t size)
{
	return realloc(p, size);
}

static size_t libc_usable(struct uk_alloc *a, void *p)
{
	return malloc_usable_size(p);
}

static void *ukb_malloc(struct uk_alloc *a, size_t size)
{
	return uk_malloc(a, size);
}

static void ukb_free(struct uk_alloc *a, void *p)
{
	uk_free(a, p);
}

static void *ukb_realloc(struct uk_alloc *a, void *p, size_t size)
{
	return uk_realloc(a, p, size);
}

static size_t ukb_usable(struct uk_alloc *a, void *p)
{
	return uk_getsize(a, p);
}

#define UK_BACKEND(n, f)						\
	{ .name = n, .init = f, .malloc = ukb_malloc, .free = ukb_free,	\
	  .realloc = ukb_realloc, .usable = ukb_usable }

static struct backend backends[] = {
	{ .name = LIBC_NAME, .malloc = libc_malloc, .free = libc_free,
	  .realloc = libc_realloc, .usable = libc_usable },
#if UK_CONFIG_ALLOC_HAVE_REGION
	UK_BACKEND("region", uk_allocregion_init),
#endif
#if UK_CONFIG_ALLOC_HAVE_BUDDY
	UK_BACKEND("buddy", uk_allocbuddy_init),
#endif
#if UK_CONFIG_ALLOC_HAVE_TLSF
	UK_BACKEND("tlsf", uk_alloctlsf_init),
#endif
};

#define NBACKENDS	(sizeof(backends) / sizeof(backends[0]))

/* (Re)creates @b's instance on the first @len bytes of its arena. */
static void backend_reset(struct backend *b, size_t len)
{
	if (!b->init)
		return;
	if (!b->arena) {
		b->arena_len = len;
		b->arena = pages(len);
	}
	b->a = b->init(b->arena, len);
	if (!b->a) {
		printf("error: %s: init on %zu bytes failed\n", b->name, len);
		exit(1);
	}
}

/* ---- traces ---- */

enum { OP_MALLOC, OP_FREE, OP_REALLOC };

struct op {
	uint32_t kind : 2;
	uint32_t slot : 30;
	uint32_t size;
};

struct trace {
	const char *name;
	struct op *ops;
	size_t n;
	uint32_t nslots;
};

static uint64_t rng = SEED;

/* xorshift64* (Vigna): small, fast and the same everywhere. */
static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545f4914f6cdd1dULL) >> 32);
}

/* Log-uniform in [MIN_SIZE, MAX_SIZE): an octave, then inside it. */
static uint32_t rnd_size(void)
{
	unsigned int e = 4 + rnd() % 12;

	return (1U << e) + rnd() % (1U << e);
}

static void emit(struct trace *t, unsigned int kind, uint32_t slot,
		 uint32_t size)
{
	t->ops[t->n++] = (struct op){ .kind = kind, .slot = slot,
				      .size = size };
}

/* Room for @n calls and what the generators add after the last check. */
static void trace_alloc(struct trace *t, const char *name, size_t n,
			uint32_t nslots)
{
	t->name = name;
	t->n = 0;
	t->nslots = nslots;
	t->ops = pages(UK_ALIGN_UP((n + nslots + 2 * BURST + 4) *
				   sizeof(struct op), UK_PAGE_SIZE));
}

static void gen_mixed(struct trace *t, size_t n)
{
	static uint32_t size[WINDOW];	/* 0: the slot is empty */
	uint32_t head, s, r;

	trace_alloc(t, "mixed", n, WINDOW);
	for (head = 0; t->n < n; head = (head + 1) % WINDOW) {
		if (size[head])
			emit(t, OP_FREE, head, 0);
		size[head] = rnd_size();
		emit(t, OP_MALLOC, head, size[head]);
		r = rnd() % 10;
		s = rnd() % WINDOW;
		if (r == 0 && size[s]) {
			emit(t, OP_FREE, s, 0);
			size[s] = 0;
		} else if (r == 1 && size[s]) {
			if (rnd() % 4)
				size[s] = UK_MIN(size[s] + size[s] / 2,
						 (uint32_t)MAX_SIZE);
			else
				size[s] = UK_MAX(size[s] / 2,
						 (uint32_t)MIN_SIZE);
			emit(t, OP_REALLOC, s, size[s]);
		}
	}
	for (s = 0; s < WINDOW; s++)
		if (size[s])
			emit(t, OP_FREE, s, 0);
}

static void gen_pool(struct trace *t, size_t n)
{
	uint32_t head = 0, count = 0, k;

	trace_alloc(t, "pool", n, POOL_CAP);
	while (t->n < n) {
		for (k = 1 + rnd() % BURST; k && count < POOL_CAP; k--)
			emit(t, OP_MALLOC, (head + count++) % POOL_CAP,
			     POOL_SIZE);
		for (k = 1 + rnd() % BURST; k && count; k--, count--) {
			emit(t, OP_FREE, head, 0);
			head = (head + 1) % POOL_CAP;
		}
	}
	for (; count; count--, head = (head + 1) % POOL_CAP)
		emit(t, OP_FREE, head, 0);
}

/* ---- replay ---- */

static void **slot_ptr;
static uint32_t *slot_size;

static inline uint32_t tag(uint32_t slot)
{
	return slot * 2654435761U ^ 0xa110c8edU;
}

static void touch(void *p, uint32_t slot, uint32_t size)
{
	memcpy(p, &(uint32_t){ tag(slot) }, sizeof(uint32_t));
	((unsigned char *)p)[size - 1] = (unsigned char)slot;
}

/*
 * Exits if the block in @slot lost its tag or, when @mark, the mark in
 * its last byte.
 */
static void check(const struct backend *b, const struct trace *t, size_t i,
		  uint32_t slot, bool mark)
{
	const unsigned char *p = slot_ptr[slot];
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	if (v == tag(slot) &&
	    (!mark || p[slot_size[slot] - 1] == (unsigned char)slot))
		return;
	printf("error: %s, trace %s, call %zu: block %p of slot %u "
	       "corrupted\n", b->name, t->name, i, (void *)p, slot);
	exit(2);
}

/* Runs @t on @b; returns the index of the call that failed, or -1. */
static long replay(const struct backend *b, const struct trace *t)
{
	struct uk_alloc *a = b->a;
	const struct op *o;
	void *p;
	size_t i;

	for (i = 0; i < t->n; i++) {
		o = &t->ops[i];
		switch (o->kind) {
		case OP_MALLOC:
			p = b->malloc(a, o->size);
			if (!p)
				return (long)i;
			slot_ptr[o->slot] = p;
			slot_size[o->slot] = o->size;
			touch(p, o->slot, o->size);
			break;
		case OP_FREE:
			check(b, t, i, o->slot, true);
			b->free(a, slot_ptr[o->slot]);
			break;
		default:
			check(b, t, i, o->slot, true);
			p = b->realloc(a, slot_ptr[o->slot], o->size);
			if (!p)
				return (long)i;
			slot_ptr[o->slot] = p;
			/* the contents moved along; the mark too if it grew */
			check(b, t, i, o->slot, o->size > slot_size[o->slot]);
			slot_size[o->slot] = o->size;
			touch(p, o->slot, o->size);
		}
	}
	return -1;
}

static void run_trace(struct backend *b, const struct trace *t, int round)
{
	uint64_t t0, t1, k0, k1;
	size_t avail = 0;
	long failed;

	backend_reset(b, (size_t)ARENA_MIB << 20);
	if (b->a)
		avail = uk_alloc_availmem(b->a);
	t0 = now_ns();
	k0 = ticks();
	failed = replay(b, t);
	k1 = ticks();
	t1 = now_ns();
	printf("trace %s %s %d %llu %llu %zu %ld\n", t->name, b->name, round,
	       (unsigned long long)(k1 - k0), (unsigned long long)(t1 - t0),
	       t->n, failed);
	if (b->a && failed < 0)
		printf("leak %s %s %d %ld\n", t->name, b->name, round,
		       (long)(avail - uk_alloc_availmem(b->a)));
}

/* Whether @b is among the @n names of @names (all if none). */
static bool chosen(const struct backend *b, int n, char **names)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], b->name))
			return true;
	return !n;
}

static int cmd_trace(size_t mixed_n, size_t pool_n, int rounds, int n,
		     char **names)
{
	struct trace tr[2];
	size_t i, k;
	int r;

	printf("tsc_hz %.0f\n", tsc_hz());
	gen_mixed(&tr[0], mixed_n);
	gen_pool(&tr[1], pool_n);
	slot_ptr = pages(UK_ALIGN_UP(POOL_CAP * sizeof(void *), UK_PAGE_SIZE));
	slot_size = pages(UK_ALIGN_UP(POOL_CAP * sizeof(uint32_t),
				      UK_PAGE_SIZE));
	for (r = 0; r <= rounds; r++)
		for (k = 0; k < 2; k++)
			for (i = 0; i < NBACKENDS; i++)
				if (chosen(&backends[i], n, names))
					run_trace(&backends[i], &tr[k], r);
	return 0;
}

/* ---- initialisation time ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static struct backend *backend_named(const char *name)
{
	size_t i;

	for (i = 0; i < NBACKENDS; i++)
		if (backends[i].init && !strcmp(backends[i].name, name))
			return &backends[i];
	printf("error: no backend %s in this build\n", name);
	exit(1);
}

#define MAX_INIT_SIZES	4
#define MAX_REPS	1001

static int cmd_init(const char *name, int reps, int nsizes, char **mib)
{
	static uint64_t t[MAX_INIT_SIZES][MAX_REPS];
	struct backend *b = backend_named(name);
	size_t len[MAX_INIT_SIZES], max = 0;
	double hz = tsc_hz();
	uint64_t k0;
	int i, r;

	if (reps < 2 || reps > MAX_REPS || nsizes < 1 ||
	    nsizes > MAX_INIT_SIZES) {
		printf("error: init: 2..%d reps, 1..%d sizes\n", MAX_REPS,
		       MAX_INIT_SIZES);
		return 1;
	}
	for (i = 0; i < nsizes; i++) {
		len[i] = strtoull(mib[i], NULL, 10) << 20;
		max = UK_MAX(max, len[i]);
	}
	b->arena = pages(max);
	for (r = 0; r < reps; r++)
		for (i = 0; i < nsizes; i++) {
			k0 = ticks();
			b->a = b->init(b->arena, len[i]);
			t[i][r] = ticks() - k0;
			if (!b->a) {
				printf("error: %s: init failed\n", name);
				return 1;
			}
		}
	printf("tsc_hz %.0f\n", hz);
	for (i = 0; i < nsizes; i++) {
		/* the first repetition faulted the metadata in */
		qsort(t[i] + 1, reps - 1, sizeof(uint64_t), cmp_u64);
		k0 = t[i][1 + (reps - 1) / 2];
		printf("init %s %zu %llu %.0f\n", name, len[i] >> 20,
		       (unsigned long long)k0, (double)k0 * 1e9 / hz);
	}
	return 0;
}

/* ---- metadata overhead ---- */

/* What the C library's heap has taken so far, or -1 if unknown. */
static long libc_heap_bytes(void)
{
#if defined(ALLOC_IMAGE)
	return -(long)uk_alloc_availmem(uk_alloc_get_default());
#elif defined(__GLIBC__)
	struct mallinfo2 mi = mallinfo2();

	return (long)(mi.uordblks + mi.hblkhd);
#else
	return -1;
#endif
}

/* What @b's heap has taken so far (as a difference), or -1. */
static long taken(const struct backend *b)
{
	if (b->a)
		return -(long)uk_alloc_availmem(b->a);
	return libc_heap_bytes();
}

static int cmd_overhead(size_t count)
{
	static const uint32_t sizes[OVH_SIZES] = { 16, 32, 64, 128 };
	void **p = pages(UK_ALIGN_UP(count * sizeof(void *), UK_PAGE_SIZE));
	struct backend *b;
	long before, after;
	size_t i, j, k;

	for (i = 0; i < NBACKENDS; i++) {
		b = &backends[i];
		for (k = 0; k < OVH_SIZES; k++) {
			backend_reset(b, (size_t)ARENA_MIB << 20);
			before = taken(b);
			for (j = 0; j < count; j++)
				if (!(p[j] = b->malloc(b->a, sizes[k])))
					break;
			after = taken(b);
			printf("overhead %s %u ", b->name, sizes[k]);
			if (j < count)
				printf("- -\n");
			else if (before == -1 || after == -1)
				printf("- %zu\n", b->usable(b->a, p[0]));
			else
				printf("%.1f %zu\n",
				       (double)(after - before) / count,
				       b->usable(b->a, p[0]));
			/* LIFO, so that the region allocator gets it back */
			while (j--)
				b->free(b->a, p[j]);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "trace"))
		return cmd_trace(strtoull(argv[2], NULL, 10),
				 strtoull(argv[3], NULL, 10), atoi(argv[4]),
				 argc - 5, argv + 5);
	if (argc >= 5 && !strcmp(argv[1], "init"))
		return cmd_init(argv[2], atoi(argv[3]), argc - 4, argv + 4);
	if (argc == 3 && !strcmp(argv[1], "overhead"))
		return cmd_overhead(strtoull(argv[2], NULL, 10));
	printf("usage: alloc-trace trace MIXED_OPS POOL_OPS ROUNDS "
	       "[BACKEND...]\n"
	       "       alloc-trace init BACKEND REPS MIB...\n"
	       "       alloc-trace overhead COUNT\n");
	return 1;
}
