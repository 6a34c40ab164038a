/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TLSF, two-level segregated fit (Masmano et al., ECRTS 2004): free
 * blocks sit on one list per size class; the first level is the power of
 * two of the size, the second splits it in SL_COUNT linear steps. Two
 * bitmap levels find the first non-empty class that is large enough with
 * two find-first-set instructions, so malloc and free are O(1). A free
 * block merges at once with its physical neighbours, found through
 * boundary tags, so no two free blocks are ever adjacent.
 *
 * Blocks. Each block starts with a header (prev_phys, head); the payload
 * follows, 16-byte aligned. head holds the block's span (header to next
 * header, a multiple of 16) and three flags. prev_phys, the address of
 * the previous block, is valid only while that block is free; while it
 * is used, the word belongs to its payload. So a used block costs 8
 * bytes of header, and its usable size is span - 8:
 *
 *   | prev_phys | head | payload ...              | prev_phys' | head' |
 *   ^ block                                       ^ next block
 *              <- getsize: span - 8 ----------------------------->
 *
 * A free block keeps its list links in the first 16 bytes of its payload
 * (so the smallest span is 32). The last block of a pool has the LAST
 * flag instead of a sentinel after it: nothing is written at the end of
 * a pool, whose last 8 bytes are kept for the last block's payload.
 *
 * Layout. The instance (struct tlsf_alloc, about 8.5 KiB, most of it list
 * heads that are read only where the bitmaps say a list is non-empty and
 * so never written in advance) sits at the start of the memory given to
 * uk_alloctlsf_init(); its first pool follows. Each pool added later
 * starts with a 24-byte descriptor. Initialisation writes the instance's
 * bitmaps and one block header: O(1), whatever the size.
 *
 * Alignment. memalign (and palloc, which alloc.c builds on it) takes a
 * block with room for the alignment and cuts off the gap in front as a
 * free block of its own, usable by smaller requests: page-aligned blocks
 * leave such a gap each (their header sits in the page before).
 *
 * Exhaustion. The O(1) search rounds a request up to the next class, so
 * that any block it finds fits; when that fails, the request's own class
 * is scanned for a block that is big enough. maxalloc is thus exact: the
 * largest free block's usable size (finding it scans one list).
 * Not thread-safe (see alloc.c).
 */
#include <uk/alloc_impl.h>
#include <uk/assert.h>
#include <uk/errno.h>
#include <uk/string.h>

#define ALIGN_SHIFT	4
#define ALIGN		(1UL << ALIGN_SHIFT)
#define SL_SHIFT	5
#define SL_COUNT	(1U << SL_SHIFT)	/* second-level classes */
/* Spans below SMALL_SPAN are first level 0, in steps of ALIGN. */
#define FL_SHIFT	(SL_SHIFT + ALIGN_SHIFT)
#define SMALL_SPAN	(1UL << FL_SHIFT)
#define FL_MAX		40		/* spans < 2^40 (1 TiB) */
#define FL_COUNT	(FL_MAX - FL_SHIFT + 1)
#define MAX_SPAN	((1UL << FL_MAX) - ALIGN)

#define F_FREE		1UL	/* this block is free */
#define F_PREV_FREE	2UL	/* the previous block is free */
#define F_LAST		4UL	/* the last block of its pool */
#define F_MASK		(ALIGN - 1)

#define HDR		16	/* header to payload */
#define OVERHEAD	8	/* what a used block costs */
#define MIN_SPAN	32	/* header, two links, the next prev_phys */

UK_CTASSERT(ALIGN == UK_ALLOC_MIN_ALIGN);

struct tblock {
	struct tblock *prev_phys;	/* valid if F_PREV_FREE */
	size_t head;			/* span | flags */
	struct tblock *next_free;	/* valid if F_FREE */
	struct tblock *prev_free;
};

struct tpool {
	uintptr_t start, end;
	struct tpool *next;
};

struct tlsf_alloc {
	struct uk_alloc a;
	struct tpool *pools;
	size_t free_bytes;		/* usable bytes of free blocks */
	uint64_t fl_map;		/* bit f: sl_map[f] != 0 */
	uint32_t sl_map[FL_COUNT];	/* bit s: heads[f][s] non-empty */
	struct tblock *heads[FL_COUNT][SL_COUNT];
	struct tpool first;
};

UK_CTASSERT(FL_COUNT <= 64);

static inline struct tlsf_alloc *to_ta(struct uk_alloc *a)
{
	return uk_container_of(a, struct tlsf_alloc, a);
}

/* ---- blocks ---- */

static inline size_t span(const struct tblock *b)
{
	return b->head & ~F_MASK;
}

static inline void set_span(struct tblock *b, size_t s)
{
	b->head = s | (b->head & F_MASK);
}

static inline struct tblock *next_phys(const struct tblock *b)
{
	return (struct tblock *)((char *)b + span(b));
}

static inline void *payload(const struct tblock *b)
{
	return (char *)b + HDR;
}

static inline struct tblock *block_of(const void *p)
{
	return (struct tblock *)((char *)p - HDR);
}

/* The span for @size bytes of payload; 0 if too large. */
static inline size_t span_for(size_t size)
{
	if (size > MAX_SPAN - OVERHEAD)
		return 0;
	return UK_MAX(UK_ALIGN_UP(size + OVERHEAD, ALIGN), (size_t)MIN_SPAN);
}

/* Tells @b's successor (if any) whether @b is free. */
static void link_next(struct tblock *b)
{
	struct tblock *n;

	if (b->head & F_LAST)
		return;
	n = next_phys(b);
	if (b->head & F_FREE) {
		n->prev_phys = b;
		n->head |= F_PREV_FREE;
	} else {
		n->head &= ~F_PREV_FREE;
	}
}

/* ---- size classes ---- */

static inline unsigned int fls_size(size_t s)
{
	return 63 - __builtin_clzl(s);
}

static void mapping(size_t s, unsigned int *fl, unsigned int *sl)
{
	unsigned int t;

	if (s < SMALL_SPAN) {
		*fl = 0;
		*sl = s >> ALIGN_SHIFT;
	} else {
		t = fls_size(s);
		*fl = t - FL_SHIFT + 1;
		*sl = (s >> (t - SL_SHIFT)) & (SL_COUNT - 1);
	}
}

/* The class from which on every block is at least @s. */
static void mapping_search(size_t s, unsigned int *fl, unsigned int *sl)
{
	if (s >= SMALL_SPAN)
		s += (1UL << (fls_size(s) - SL_SHIFT)) - 1;
	mapping(s, fl, sl);
}

static void insert(struct tlsf_alloc *ta, struct tblock *b)
{
	unsigned int fl, sl;

	mapping(span(b), &fl, &sl);
	b->prev_free = NULL;
	b->next_free = (ta->sl_map[fl] & (1U << sl)) ? ta->heads[fl][sl]
						       : NULL;
	if (b->next_free)
		b->next_free->prev_free = b;
	ta->heads[fl][sl] = b;
	ta->sl_map[fl] |= 1U << sl;
	ta->fl_map |= 1ULL << fl;
	b->head |= F_FREE;
	link_next(b);
	ta->free_bytes += span(b) - OVERHEAD;
}

static void unlink(struct tlsf_alloc *ta, struct tblock *b)
{
	unsigned int fl, sl;

	mapping(span(b), &fl, &sl);
	if (b->next_free)
		b->next_free->prev_free = b->prev_free;
	if (b->prev_free) {
		b->prev_free->next_free = b->next_free;
	} else if (b->next_free) {
		ta->heads[fl][sl] = b->next_free;
	} else {
		ta->sl_map[fl] &= ~(1U << sl);
		if (!ta->sl_map[fl])
			ta->fl_map &= ~(1ULL << fl);
	}
	b->head &= ~F_FREE;
	link_next(b);
	ta->free_bytes -= span(b) - OVERHEAD;
}

/* The head of the first non-empty class at or above (fl, sl), or NULL. */
static struct tblock *find_from(struct tlsf_alloc *ta, unsigned int fl,
				unsigned int sl)
{
	uint32_t sm;
	uint64_t fm;

	if (fl >= FL_COUNT)
		return NULL;
	sm = ta->sl_map[fl] & (UINT32_MAX << sl);
	if (!sm) {
		fm = fl + 1 < 64 ? ta->fl_map & (UINT64_MAX << (fl + 1)) : 0;
		if (!fm)
			return NULL;
		fl = __builtin_ctzll(fm);
		sm = ta->sl_map[fl];
	}
	return ta->heads[fl][__builtin_ctz(sm)];
}

/*
 * A free block of span >= @s: O(1) from the classes above @s's own;
 * failing that, the first fit in @s's own class.
 */
static struct tblock *find(struct tlsf_alloc *ta, size_t s)
{
	unsigned int fl, sl;
	struct tblock *b;

	if (s > MAX_SPAN)
		return NULL;
	mapping_search(s, &fl, &sl);
	b = find_from(ta, fl, sl);
	if (b)
		return b;
	mapping(s, &fl, &sl);
	if (!(ta->sl_map[fl] & (1U << sl)))
		return NULL;
	for (b = ta->heads[fl][sl]; b && span(b) < s; b = b->next_free)
		;
	return b;
}

/*
 * Cuts @b (not on a list) to span @s, if what remains makes a block;
 * the remainder is freed, merging with a free successor.
 */
static void trim(struct tlsf_alloc *ta, struct tblock *b, size_t s)
{
	struct tblock *r, *n;
	size_t rest = span(b) - s;

	if (rest < MIN_SPAN)
		return;
	r = (struct tblock *)((char *)b + s);
	r->head = rest | (b->head & F_LAST);
	b->head = s | (b->head & (F_FREE | F_PREV_FREE));
	if (!(r->head & F_LAST)) {
		n = next_phys(r);
		if (n->head & F_FREE) {
			unlink(ta, n);
			r->head = (rest + span(n)) | (n->head & F_LAST);
		}
	}
	insert(ta, r);
}

/* Takes free block @b off its list as a used block of span @s. */
static void *use(struct tlsf_alloc *ta, struct tblock *b, size_t s)
{
	unlink(ta, b);
	trim(ta, b, s);
	return payload(b);
}

/* ---- operations ---- */

static void *tlsf_malloc(struct uk_alloc *a, size_t size)
{
	struct tlsf_alloc *ta = to_ta(a);
	size_t s = span_for(size);
	struct tblock *b;

	if (!s)
		return NULL;
	b = find(ta, s);
	return b ? use(ta, b, s) : NULL;
}

/*
 * Finds a block with room for @s after a gap that aligns its payload to
 * @align; the gap, if any, is at least MIN_SPAN and becomes a free block
 * of its own.
 */
static int tlsf_posix_memalign(struct uk_alloc *a, void **pp, size_t align,
			       size_t size)
{
	struct tlsf_alloc *ta = to_ta(a);
	size_t s = span_for(size), gap;
	struct tblock *b, *nb;
	uintptr_t p;

	if (!s || align > MAX_SPAN)
		return -UK_ENOMEM;
	b = find(ta, align <= ALIGN ? s : s + align + MIN_SPAN);
	if (!b)
		return -UK_ENOMEM;
	p = UK_ALIGN_UP((uintptr_t)payload(b), align);
	gap = p - (uintptr_t)payload(b);
	if (gap && gap < MIN_SPAN)
		gap = UK_ALIGN_UP((uintptr_t)payload(b) + MIN_SPAN, align) -
		      (uintptr_t)payload(b);
	unlink(ta, b);
	if (gap) {
		nb = (struct tblock *)((char *)b + gap);
		nb->head = (span(b) - gap) | (b->head & F_LAST);
		b->head = gap | (b->head & F_PREV_FREE);
		insert(ta, b);		/* also marks nb's F_PREV_FREE */
		b = nb;
	}
	trim(ta, b, s);
	*pp = payload(b);
	return 0;
}

#define TLSF_BUG(ta, p, what)						\
	UK_CRASH("%s allocator %p: %s %p", (ta)->a.name, (void *)(ta),	\
		 what, (const void *)(p))

/* A live block's header, or a crash naming the allocator. */
static struct tblock *live(struct tlsf_alloc *ta, const void *p)
{
	struct tblock *b = block_of(p);

	if (unlikely(!UK_IS_ALIGNED((uintptr_t)p, ALIGN)))
		TLSF_BUG(ta, p, "not an allocated block:");
	if (unlikely(b->head & F_FREE))
		TLSF_BUG(ta, p, "double free of");
	if (unlikely(span(b) < MIN_SPAN))
		TLSF_BUG(ta, p, "not an allocated block (or a corrupted one):");
	return b;
}

static void tlsf_free(struct uk_alloc *a, void *p)
{
	struct tlsf_alloc *ta = to_ta(a);
	struct tblock *b = live(ta, p), *n;

	if (b->head & F_PREV_FREE) {
		n = b->prev_phys;
		if (unlikely(!(n->head & F_FREE) || next_phys(n) != b))
			TLSF_BUG(ta, p, "corrupted header (overrun?) before");
		unlink(ta, n);
		n->head = (span(n) + span(b)) | (n->head & F_PREV_FREE) |
			  (b->head & F_LAST);
		b = n;
	}
	if (!(b->head & F_LAST)) {
		n = next_phys(b);
		if (n->head & F_FREE) {
			unlink(ta, n);
			b->head = (span(b) + span(n)) |
				  (b->head & F_PREV_FREE) | (n->head & F_LAST);
		}
	}
	insert(ta, b);
}

static size_t tlsf_getsize(struct uk_alloc *a, const void *p)
{
	return span(live(to_ta(a), p)) - OVERHEAD;
}

/*
 * Shrinks in place; grows in place into a free successor when that
 * suffices; otherwise moves.
 */
static void *tlsf_realloc(struct uk_alloc *a, void *p, size_t size)
{
	struct tlsf_alloc *ta = to_ta(a);
	struct tblock *b = live(ta, p), *n;
	size_t s = span_for(size), old = span(b);
	void *np;

	if (!s)
		return NULL;
	if (s > old && !(b->head & F_LAST)) {
		n = next_phys(b);
		if ((n->head & F_FREE) && old + span(n) >= s) {
			unlink(ta, n);
			b->head = (old + span(n)) | (b->head & F_PREV_FREE) |
				  (n->head & F_LAST);
			link_next(b);
		}
	}
	if (s <= span(b)) {
		trim(ta, b, s);
		return p;
	}
	np = tlsf_malloc(a, size);
	if (!np)
		return NULL;
	uk_memcpy(np, p, old - OVERHEAD);
	tlsf_free(a, p);
	return np;
}

/* ---- pools ---- */

/*
 * Makes [start, end) one free block, the last of its pool, or several if
 * it exceeds MAX_SPAN. Returns 0, or -EINVAL if not even one block fits.
 */
static int pool_fill(struct tlsf_alloc *ta, uintptr_t start, uintptr_t end)
{
	uintptr_t b = UK_ALIGN_UP(start, ALIGN);
	size_t s;
	int added = 0;

	/* the last 8 bytes hold the last block's payload tail */
	while (b < end && end - b >= MIN_SPAN + OVERHEAD) {
		s = UK_ALIGN_DOWN(UK_MIN(end - OVERHEAD - b, MAX_SPAN), ALIGN);
		((struct tblock *)b)->head = s | F_LAST;
		insert(ta, (struct tblock *)b);
		/* blocks of one pool part never merge across the cut */
		b += s;
		added++;
	}
	return added ? 0 : -UK_EINVAL;
}

/* Where a descriptor goes in memory from @base: aligned, and not at 0. */
static uintptr_t desc_addr(uintptr_t base)
{
	return UK_ALIGN_UP(base ? base : 1, ALIGN);
}

/*
 * Adds [base, base + len) as a new pool. Returns -EINVAL if it wraps
 * around, overlaps memory of the instance, or is too small for a block.
 */
static int tlsf_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct tlsf_alloc *ta = to_ta(a);
	uintptr_t b = (uintptr_t)base, d = desc_addr(b);
	struct tpool *pl, **tail;

	if (len > UINTPTR_MAX - b || d < b || d - b + sizeof(*pl) > len)
		return -UK_EINVAL;
	for (tail = &ta->pools; *tail; tail = &(*tail)->next)
		if (b < (*tail)->end && (*tail)->start < b + len)
			return -UK_EINVAL;
	if (pool_fill(ta, d + sizeof(*pl), b + len))
		return -UK_EINVAL;
	pl = (struct tpool *)d;
	pl->start = b;
	pl->end = b + len;
	pl->next = NULL;
	*tail = pl;
	return 0;
}

static size_t tlsf_availmem(struct uk_alloc *a)
{
	return to_ta(a)->free_bytes;
}

/* The usable size of the largest free block: scans the top class. */
static size_t tlsf_maxalloc(struct uk_alloc *a)
{
	struct tlsf_alloc *ta = to_ta(a);
	unsigned int fl, sl;
	struct tblock *b;
	size_t best = 0;

	if (!ta->fl_map)
		return 0;
	fl = 63 - __builtin_clzll(ta->fl_map);
	sl = 31 - __builtin_clz(ta->sl_map[fl]);
	for (b = ta->heads[fl][sl]; b; b = b->next_free)
		best = UK_MAX(best, span(b));
	return best - OVERHEAD;
}

static const struct uk_alloc_ops tlsf_ops = {
	.malloc = tlsf_malloc,
	.posix_memalign = tlsf_posix_memalign,
	.realloc = tlsf_realloc,
	.free = tlsf_free,
	.getsize = tlsf_getsize,
	.addmem = tlsf_addmem,
	.availmem = tlsf_availmem,
	.maxalloc = tlsf_maxalloc,
};

struct uk_alloc *uk_alloctlsf_init(void *base, size_t len)
{
	uintptr_t b = (uintptr_t)base, d = desc_addr(b);
	struct tlsf_alloc *ta;

	if (len > UINTPTR_MAX - b || d < b || d - b + sizeof(*ta) > len)
		return NULL;
	ta = (struct tlsf_alloc *)d;
	ta->pools = &ta->first;
	ta->first.start = b;
	ta->first.end = b + len;
	ta->first.next = NULL;
	ta->free_bytes = 0;
	ta->fl_map = 0;
	uk_memset(ta->sl_map, 0, sizeof(ta->sl_map));
	if (pool_fill(ta, d + sizeof(*ta), b + len))
		return NULL;
	if (uk_alloc_register(&ta->a, "tlsf", &tlsf_ops))
		return NULL;
	return &ta->a;
}
