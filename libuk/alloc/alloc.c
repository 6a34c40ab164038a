/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Allocator API core: the list of instances, the default instance, the
 * dispatcher that every instance's ops points at, and the adapters that
 * complete a backend's operations table (contract in uk/alloc_impl.h).
 *
 * Layers. The wrappers of uk/alloc.h call a->ops, the one dispatcher
 * table below. The dispatcher checks arguments, keeps a->stats and calls
 * the block layer (blk_*), which calls a->impl. Adapters placed in
 * a->impl are built on the block layer too, so nothing is counted twice.
 *
 * Size zero never reaches a backend: the dispatcher asks for 1 byte, so
 * that every backend returns a unique, freeable pointer for it.
 *
 * Header mode. A backend without posix_memalign cannot free a pointer
 * that was moved forward for alignment. For such a backend, EVERY block
 * (malloc included) comes from hdr_memalign, which over-allocates with
 * the backend's malloc and keeps the backend's pointer in the word just
 * below the pointer it returns; free and getsize translate back. In that
 * mode a->impl.malloc, .free and .getsize stay the backend's own (the
 * header layer needs them, and struct uk_alloc has no other place to
 * keep them), a->impl.posix_memalign is hdr_memalign - which is how the
 * mode is recognised - and the backend's calloc and realloc, which know
 * nothing of the header, are replaced by adapters. Only the dispatcher
 * (uk_* wrappers) may be called on such an instance, never a->impl.
 * A backend with posix_memalign never pays for any of this.
 *
 * Statistics: nb_allocs - nb_frees is the number of live blocks (a
 * realloc of a live block counts as neither; realloc(NULL, n) is an
 * allocation); cur_mem_use is the sum of uk_getsize() over live blocks
 * plus npages * UK_PAGE_SIZE for live palloc blocks; nb_enomem counts
 * every allocation that returned NULL or -ENOMEM (-EINVAL does not).
 *
 * Debugging (configure --enable-alloc-debug, UK_CONFIG_ALLOC_DEBUG): the
 * dispatcher asks the backend for DBG_EXTRA more bytes than each block
 * needs and keeps, in the last word of the backend's usable size, the
 * size asked for (xor DBG_MAGIC); the bytes between the block's end and
 * that word are DBG_GUARD. uk_getsize() is then the size asked for, so
 * an overrun of even one byte is caught. Freed blocks and freed pages
 * are filled with DBG_POISON, which a second free of a block finds in
 * its trailer. free, realloc and getsize check the guard; a broken
 * one is a crash that names the allocator and the block. Backends catch
 * what they can see themselves (buddy and TLSF refuse pointers that are
 * not live blocks). palloc blocks have no guard (their size is exact).
 *
 * Locking: none. An instance must not be used by two CPUs or threads at
 * once; the caller serialises (boot is single-threaded).
 */
#include <uk/alloc_impl.h>
#include <uk/assert.h>
#include <uk/errno.h>
#include <uk/string.h>

static struct uk_alloc *alloc_head;
static struct uk_alloc *alloc_default;

/* ---- header mode ---- */

static int hdr_memalign(struct uk_alloc *a, void **pp, size_t align,
			size_t size);

static inline bool hdr_mode(const struct uk_alloc *a)
{
	return a->impl.posix_memalign == hdr_memalign;
}

/* The word below a header-mode block: the backend's own pointer. */
static inline void **hdr_slot(const void *p)
{
	return (void **)p - 1;
}

/* What a header-mode block of UK_ALLOC_MIN_ALIGN costs beyond its size. */
#define HDR_COST	(UK_ALLOC_MIN_ALIGN - 1 + sizeof(void *))

/*
 * Over-allocates by align - 1 + one word, which leaves room for the word
 * whatever the alignment of the backend's pointer.
 */
static int hdr_memalign(struct uk_alloc *a, void **pp, size_t align,
			size_t size)
{
	size_t extra = align - 1 + sizeof(void *);
	uintptr_t raw, p;

	if (size > SIZE_MAX - extra)
		return -UK_ENOMEM;
	raw = (uintptr_t)a->impl.malloc(a, size + extra);
	if (!raw)
		return -UK_ENOMEM;
	p = UK_ALIGN_UP(raw + sizeof(void *), align);
	*hdr_slot((void *)p) = (void *)raw;
	*pp = (void *)p;
	return 0;
}

/* ---- block layer: what the dispatcher and the adapters call ---- */

/* malloc <- posix_memalign; also header mode's malloc. */
static void *malloc_from_memalign(struct uk_alloc *a, size_t size)
{
	void *p;

	if (a->impl.posix_memalign(a, &p, UK_ALLOC_MIN_ALIGN, size))
		return NULL;
	return p;
}

static void *blk_malloc(struct uk_alloc *a, size_t size)
{
	if (hdr_mode(a))
		return malloc_from_memalign(a, size);
	return a->impl.malloc(a, size);
}

static void blk_free(struct uk_alloc *a, void *p)
{
	a->impl.free(a, hdr_mode(a) ? *hdr_slot(p) : p);
}

static size_t blk_getsize(struct uk_alloc *a, const void *p)
{
	const char *raw;

	if (!hdr_mode(a))
		return a->impl.getsize(a, p);
	raw = *hdr_slot(p);
	return a->impl.getsize(a, raw) - ((const char *)p - raw);
}

/* ---- debugging: guard words and poison (see the top of the file) ---- */

#define DBG		UK_CONFIG_ALLOC_DEBUG
/* the trailer word, and at least one guard byte before it */
#define DBG_TRAILER	(2 * sizeof(uint64_t))
#define DBG_EXTRA	(DBG ? DBG_TRAILER : 0)
#define DBG_GUARD	0xbd
#define DBG_POISON	0x6b
#define DBG_POISON64	0x6b6b6b6b6b6b6b6bULL
#define DBG_MAGIC	0x5ca1ab1e0ddba11ULL

/*
 * The trailer, a word of a block that held data of any type, at the end
 * of the backend's usable size: not aligned when that size is not a
 * multiple of 8 (the region backend's).
 */
typedef uint64_t __attribute__((may_alias, aligned(1))) dbg_word_t;

#define DBG_BUG(a, p, fmt, ...)						\
	UK_CRASH("%s allocator %p: block %p: " fmt, (a)->name,		\
		 (void *)(a), (const void *)(p), ##__VA_ARGS__)

/* What to ask the backend for @size bytes; SIZE_MAX (fails) on overflow. */
static inline size_t dbg_size(size_t size)
{
	return size > SIZE_MAX - DBG_EXTRA ? SIZE_MAX : size + DBG_EXTRA;
}

/* Lays the guard and the trailer of new block @p of @size bytes. */
static void *dbg_arm(struct uk_alloc *a, void *p, size_t size)
{
	char *end, *trailer;

	if (!DBG || !p)
		return p;
	end = (char *)p + size;
	trailer = (char *)p + blk_getsize(a, p) - sizeof(uint64_t);
	uk_memset(end, DBG_GUARD, trailer - end);
	*(dbg_word_t *)trailer = size ^ DBG_MAGIC;
	return p;
}

/* The size asked for of live block @p, after checking its guard. */
static size_t dbg_check(struct uk_alloc *a, const void *p)
{
	size_t usable = blk_getsize(a, p), size, i;
	const uint8_t *b = p;
	uint64_t t;

	if (usable < DBG_TRAILER)
		DBG_BUG(a, p, "not a block of this allocator");
	t = *(const dbg_word_t *)(b + usable - sizeof(uint64_t));
	if (t == DBG_POISON64)
		DBG_BUG(a, p, "double free, or use after free");
	size = t ^ DBG_MAGIC;
	if (size > usable - DBG_TRAILER)
		DBG_BUG(a, p, "overrun: the guard after it is overwritten");
	for (i = size; i < usable - sizeof(uint64_t); i++)
		if (b[i] != DBG_GUARD)
			DBG_BUG(a, p, "overrun: byte %zu of a %zu-byte block "
				"is overwritten", i, size);
	return size;
}

/* The size of live block @p as users see it. */
static size_t usize(struct uk_alloc *a, const void *p)
{
	return DBG ? dbg_check(a, p) : blk_getsize(a, p);
}

/* Fills @n bytes of freed memory at @p with poison (debug builds only). */
static void dbg_poison(void *p, size_t n)
{
	if (DBG)
		uk_memset(p, DBG_POISON, n);
}

/* ---- adapters ---- */

/* The dispatcher has checked that n * size neither overflows nor is 0. */
static void *calloc_adapter(struct uk_alloc *a, size_t n, size_t size)
{
	void *p = blk_malloc(a, n * size);

	if (p)
		uk_memset(p, 0, n * size);
	return p;
}

/*
 * The dispatcher passes a live block and size > 0. A block that shrinks
 * by less than half stays where it is; a shrink that finds no memory
 * for the smaller copy also keeps the block, so shrinking never fails.
 */
static void *realloc_adapter(struct uk_alloc *a, void *p, size_t size)
{
	size_t old = blk_getsize(a, p);
	void *np;

	if (size <= old && size >= old / 2)
		return p;
	np = blk_malloc(a, size);
	if (!np)
		return size <= old ? p : NULL;
	uk_memcpy(np, p, UK_MIN(old, size));
	blk_free(a, p);
	return np;
}

/* The dispatcher has checked npages (> 0, no overflow). */
static void *palloc_adapter(struct uk_alloc *a, unsigned long npages)
{
	void *p;

	if (a->impl.posix_memalign(a, &p, UK_PAGE_SIZE,
				   (size_t)npages << UK_PAGE_SHIFT))
		return NULL;
	return p;
}

static void pfree_adapter(struct uk_alloc *a, void *p, unsigned long npages)
{
	blk_free(a, p);
}

/* An upper bound only: the backend knows no better. */
static size_t maxalloc_adapter(struct uk_alloc *a)
{
	return a->impl.availmem(a);
}

static void complete_ops(struct uk_alloc_ops *o)
{
	if (!o->posix_memalign) {
		o->posix_memalign = hdr_memalign;
		o->calloc = NULL;
		o->realloc = NULL;
	} else if (!o->malloc) {
		o->malloc = malloc_from_memalign;
	}
	if (!o->calloc)
		o->calloc = calloc_adapter;
	if (!o->realloc)
		o->realloc = realloc_adapter;
	if (!o->palloc || !o->pfree) {
		o->palloc = palloc_adapter;
		o->pfree = pfree_adapter;
	}
	if (!o->maxalloc)
		o->maxalloc = maxalloc_adapter;
}

/*
 * ---- fault injection (debug builds only) ----
 * fault_at: the number of the allocation that fails, counted from
 * uk_alloc_fault_set(); 0: none. Without UK_CONFIG_ALLOC_DEBUG,
 * fault_now() is the constant false and the dispatcher's code is the
 * same as without it.
 */
#if UK_CONFIG_ALLOC_DEBUG
#include <uk/param.h>

static unsigned long fault_at, fault_count;

static bool fault_now(void)
{
	return fault_at && ++fault_count == fault_at;
}

int uk_alloc_fault_set(unsigned long n)
{
	fault_at = n;
	fault_count = 0;
	return 0;
}

unsigned long uk_alloc_fault_count(void)
{
	return fault_count;
}

static int parse_fail_at(const char *v)
{
	uint64_t n;
	int rc = uk_parse_u64(v, &n, false);

	return rc < 0 ? rc : uk_alloc_fault_set(n);
}
UK_PARAM_PARSE(alloc, fail_at, parse_fail_at,
	       "N: the N-th allocation from here on fails (debug builds)");
#else
static inline bool fault_now(void)
{
	return false;
}

int uk_alloc_fault_set(unsigned long n)
{
	return n ? -UK_ENOTSUP : 0;
}

unsigned long uk_alloc_fault_count(void)
{
	return 0;
}
#endif

/* ---- the dispatcher: statistics, then the block layer ---- */

static void mem_add(struct uk_alloc *a, size_t len)
{
	a->stats.cur_mem_use += len;
	if (a->stats.cur_mem_use > a->stats.max_mem_use)
		a->stats.max_mem_use = a->stats.cur_mem_use;
}

/* Accounts a new block @p (or a failure when NULL) and returns it. */
static void *account_new(struct uk_alloc *a, void *p)
{
	if (!p) {
		a->stats.nb_enomem++;
		return NULL;
	}
	UK_ASSERT(UK_IS_ALIGNED((uintptr_t)p, UK_ALLOC_MIN_ALIGN));
	a->stats.nb_allocs++;
	mem_add(a, usize(a, p));
	return p;
}

static void *d_malloc(struct uk_alloc *a, size_t size)
{
	if (fault_now())
		return account_new(a, NULL);
	size = size ? size : 1;
	return account_new(a, dbg_arm(a, blk_malloc(a, dbg_size(size)), size));
}

static void *d_calloc(struct uk_alloc *a, size_t n, size_t size)
{
	void *p;

	if ((size && n > SIZE_MAX / size) || fault_now())
		return account_new(a, NULL);
	if (!n || !size)
		n = size = 1;
	if (!DBG)
		return account_new(a, a->impl.calloc(a, n, size));
	p = blk_malloc(a, dbg_size(n * size));
	if (p)
		uk_memset(p, 0, n * size);
	return account_new(a, dbg_arm(a, p, n * size));
}

static int d_posix_memalign(struct uk_alloc *a, void **pp, size_t align,
			    size_t size)
{
	void *p;
	int rc;

	if (!pp || !UK_IS_POW2(align) || align % sizeof(void *))
		return -UK_EINVAL;
	align = UK_MAX(align, (size_t)UK_ALLOC_MIN_ALIGN);
	size = size ? size : 1;
	rc = fault_now() ? -UK_ENOMEM
			 : a->impl.posix_memalign(a, &p, align, dbg_size(size));
	if (rc) {
		if (rc == -UK_ENOMEM)
			a->stats.nb_enomem++;
		return rc;
	}
	UK_ASSERT(UK_IS_ALIGNED((uintptr_t)p, align));
	*pp = account_new(a, dbg_arm(a, p, size));
	return 0;
}

static void *d_realloc(struct uk_alloc *a, void *p, size_t size)
{
	size_t old;
	void *np;

	if (!p)
		return d_malloc(a, size);
	old = usize(a, p);
	size = size ? size : 1;
	np = fault_now() ? NULL : a->impl.realloc(a, p, dbg_size(size));
	if (!np) {
		a->stats.nb_enomem++;
		return NULL;
	}
	UK_ASSERT(UK_IS_ALIGNED((uintptr_t)np, UK_ALLOC_MIN_ALIGN));
	a->stats.cur_mem_use -= old;
	mem_add(a, usize(a, dbg_arm(a, np, size)));
	return np;
}

static void d_free(struct uk_alloc *a, void *p)
{
	if (!p)
		return;
	a->stats.nb_frees++;
	a->stats.cur_mem_use -= usize(a, p);
	if (DBG)
		dbg_poison(p, blk_getsize(a, p));
	blk_free(a, p);
}

static size_t d_getsize(struct uk_alloc *a, const void *p)
{
	return p ? usize(a, p) : 0;
}

static void *d_palloc(struct uk_alloc *a, unsigned long npages)
{
	void *p = NULL;

	if (npages && npages <= SIZE_MAX >> UK_PAGE_SHIFT && !fault_now())
		p = a->impl.palloc(a, npages);
	if (!p) {
		a->stats.nb_enomem++;
		return NULL;
	}
	UK_ASSERT(UK_IS_ALIGNED((uintptr_t)p, UK_PAGE_SIZE));
	a->stats.nb_allocs++;
	mem_add(a, (size_t)npages << UK_PAGE_SHIFT);
	return p;
}

static void d_pfree(struct uk_alloc *a, void *p, unsigned long npages)
{
	if (!p)
		return;
	a->stats.nb_frees++;
	a->stats.cur_mem_use -= (size_t)npages << UK_PAGE_SHIFT;
	dbg_poison(p, (size_t)npages << UK_PAGE_SHIFT);
	a->impl.pfree(a, p, npages);
}

static int d_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return a->impl.addmem(a, base, len);
}

static size_t d_availmem(struct uk_alloc *a)
{
	return a->impl.availmem(a);
}

static size_t d_maxalloc(struct uk_alloc *a)
{
	size_t m = a->impl.maxalloc(a);
	size_t cost = DBG_EXTRA + (hdr_mode(a) ? HDR_COST : 0);

	return m > cost ? m - cost : 0;
}

static const struct uk_alloc_ops dispatch_ops = {
	.malloc = d_malloc,
	.calloc = d_calloc,
	.posix_memalign = d_posix_memalign,
	.realloc = d_realloc,
	.free = d_free,
	.getsize = d_getsize,
	.palloc = d_palloc,
	.pfree = d_pfree,
	.addmem = d_addmem,
	.availmem = d_availmem,
	.maxalloc = d_maxalloc,
};

/* ---- instances ---- */

static bool listed(const struct uk_alloc *a)
{
	const struct uk_alloc *i;

	for (i = alloc_head; i; i = i->next)
		if (i == a)
			return true;
	return false;
}

/*
 * Registering an instance again (a backend re-initialised over the same
 * memory) resets its table and statistics but keeps its place in the
 * list, so the list never gets a cycle.
 */
int uk_alloc_register(struct uk_alloc *a, const char *name,
		      const struct uk_alloc_ops *ops)
{
	struct uk_alloc **tail;

	if (!a || !ops || !(ops->malloc || ops->posix_memalign) ||
	    !ops->free || !ops->getsize || !ops->addmem || !ops->availmem)
		return -UK_EINVAL;
	a->impl = *ops;
	complete_ops(&a->impl);
	a->ops = &dispatch_ops;
	a->name = name;
	uk_memset(&a->stats, 0, sizeof(a->stats));
	if (!listed(a)) {
		for (tail = &alloc_head; *tail; tail = &(*tail)->next)
			;
		a->next = NULL;
		*tail = a;
	}
	if (!alloc_default)
		alloc_default = a;
	return 0;
}

struct uk_alloc *uk_alloc_get_default(void)
{
	return alloc_default;
}

/* @a must be registered (or NULL: no default). */
void uk_alloc_set_default(struct uk_alloc *a)
{
	UK_ASSERT(!a || a->ops == &dispatch_ops);
	alloc_default = a;
}

struct uk_alloc *uk_alloc_first(void)
{
	return alloc_head;
}

/* A NULL instance has all-zero statistics. */
void uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *out)
{
	if (a)
		*out = a->stats;
	else
		uk_memset(out, 0, sizeof(*out));
}
