/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The region allocator: a bump allocator over one or more regions.
 *
 * Layout. The instance (struct region_alloc) sits at the start of the
 * memory given to uk_allocregion_init(), so it needs no static storage
 * and several instances may coexist; each region added later begins
 * with its own descriptor. Blocks are carved upwards from a region's
 * bump pointer:
 *
 *   start                     ptr               ptr + size
 *   | padding | struct blk     | data ...        | <- next
 *
 * The 16-byte header keeps the usable size (a multiple of 16) and the
 * bump pointer before the block. Freeing the block at the top of its
 * region (ptr + size == next) rewinds the bump pointer to that start,
 * so alloc/free loops do not leak and LIFO frees give everything back;
 * any other free is a no-op. realloc of a top block grows or shrinks it
 * in place.
 *
 * palloc blocks have no header (pfree is told their size), so
 * consecutive pallocs are adjacent pages. pfree of a top palloc block
 * rewinds the bump pointer to it, or to before its alignment padding if
 * it is the most recent palloc that needed padding (the instance keeps
 * that one record), so LIFO pallocs give everything back too.
 *
 * An allocation tries the region of the previous one, then every region
 * in the order they were added; leftovers of earlier regions stay usable.
 *
 * The allocator writes nothing but its descriptors and block headers:
 * memory is not zeroed, and untouched memory stays untouched.
 * Not thread-safe (see alloc.c).
 */
#include <uk/alloc_impl.h>
#include <uk/errno.h>
#include <uk/string.h>

#define BLK_ALIGN	UK_ALLOC_MIN_ALIGN

struct blk {
	size_t size;		/* usable bytes, a multiple of BLK_ALIGN */
	uintptr_t start;	/* the bump pointer before this block */
};

UK_CTASSERT(sizeof(struct blk) == BLK_ALIGN);

struct region {
	uintptr_t next;		/* bump pointer: first free byte */
	uintptr_t end;		/* one past the last byte */
	uintptr_t base;		/* first byte, descriptor included */
	struct region *link;	/* next region, in the order of addition */
};

struct region_alloc {
	struct uk_alloc a;
	struct region *cur;	/* where the last allocation was carved */
	/* The most recent palloc that needed padding: [pad_start, pad_end) */
	uintptr_t pad_start, pad_end;
	struct region first;	/* the memory of uk_allocregion_init */
};

/* The smallest useful region after its descriptor: one minimal block. */
#define REGION_MIN	(sizeof(struct blk) + BLK_ALIGN)

static inline struct region_alloc *to_ra(struct uk_alloc *a)
{
	return uk_container_of(a, struct region_alloc, a);
}

static inline struct blk *blk_of(const void *ptr)
{
	return (struct blk *)ptr - 1;
}

/*
 * Where a block of @size bytes aligned to @align, with @hdr bytes of
 * header below it, would start in @r; 0 if it does not fit.
 * Every step is checked against r->end, so nothing can wrap around.
 */
static uintptr_t fit_in(const struct region *r, size_t hdr, size_t align,
			size_t size)
{
	uintptr_t p;
	size_t pad;

	if (r->end - r->next < hdr)
		return 0;
	p = r->next + hdr;
	pad = (0 - p) & (align - 1);
	if (pad > r->end - p)
		return 0;
	p += pad;
	if (size > r->end - p)
		return 0;
	return p;
}

/* Finds a region for the block; returns it and the address in @pp. */
static struct region *fit(struct region_alloc *ra, size_t hdr, size_t align,
			  size_t size, uintptr_t *pp)
{
	struct region *r;

	*pp = fit_in(ra->cur, hdr, align, size);
	if (*pp)
		return ra->cur;
	for (r = &ra->first; r; r = r->link) {
		*pp = fit_in(r, hdr, align, size);
		if (*pp)
			return r;
	}
	return NULL;
}

/* The region in which a block ending at @end is the most recent one. */
static struct region *region_topped_by(struct region_alloc *ra,
				       uintptr_t end)
{
	struct region *r;

	if (ra->cur->next == end)
		return ra->cur;
	for (r = &ra->first; r; r = r->link)
		if (r->next == end)
			return r;
	return NULL;
}

static void *blk_alloc(struct region_alloc *ra, size_t align, size_t size)
{
	struct region *r;
	struct blk *b;
	uintptr_t p;

	if (size > SIZE_MAX - (BLK_ALIGN - 1))
		return NULL;
	size = UK_ALIGN_UP(size, BLK_ALIGN);
	r = fit(ra, sizeof(*b), align, size, &p);
	if (!r)
		return NULL;
	b = blk_of((void *)p);
	b->size = size;
	b->start = r->next;
	r->next = p + size;
	ra->cur = r;
	return (void *)p;
}

static void *region_malloc(struct uk_alloc *a, size_t size)
{
	return blk_alloc(to_ra(a), BLK_ALIGN, size);
}

static int region_posix_memalign(struct uk_alloc *a, void **pp,
				 size_t align, size_t size)
{
	void *p = blk_alloc(to_ra(a), UK_MAX(align, (size_t)BLK_ALIGN), size);

	if (!p)
		return -UK_ENOMEM;
	*pp = p;
	return 0;
}

static void region_free(struct uk_alloc *a, void *ptr)
{
	struct blk *b = blk_of(ptr);
	struct region *r;

	r = region_topped_by(to_ra(a), (uintptr_t)ptr + b->size);
	if (r)
		r->next = b->start;
}

static size_t region_getsize(struct uk_alloc *a, const void *ptr)
{
	return blk_of(ptr)->size;
}

static void *region_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct region_alloc *ra = to_ra(a);
	struct blk *b = blk_of(ptr);
	uintptr_t p = (uintptr_t)ptr;
	struct region *r;
	void *np;

	if (size > SIZE_MAX - (BLK_ALIGN - 1))
		return NULL;
	size = UK_ALIGN_UP(size, BLK_ALIGN);
	r = region_topped_by(ra, p + b->size);
	if (r && size <= r->end - p) {
		b->size = size;
		r->next = p + size;
		return ptr;
	}
	if (size <= b->size)
		return ptr;
	/* Not in @r (no room there): freeing ptr below still rewinds @r. */
	np = blk_alloc(ra, BLK_ALIGN, size);
	if (!np)
		return NULL;
	uk_memcpy(np, ptr, b->size);
	region_free(a, ptr);
	return np;
}

static void *region_palloc(struct uk_alloc *a, unsigned long npages)
{
	struct region_alloc *ra = to_ra(a);
	struct region *r;
	uintptr_t p;
	size_t len;

	if (npages > SIZE_MAX >> UK_PAGE_SHIFT)
		return NULL;
	len = (size_t)npages << UK_PAGE_SHIFT;
	r = fit(ra, 0, UK_PAGE_SIZE, len, &p);
	if (!r)
		return NULL;
	if (p != r->next) {
		ra->pad_start = r->next;
		ra->pad_end = p;
	} else if (p == ra->pad_end) {
		ra->pad_end = 0;
	}
	r->next = p + len;
	ra->cur = r;
	return (void *)p;
}

static void region_pfree(struct uk_alloc *a, void *ptr, unsigned long npages)
{
	struct region_alloc *ra = to_ra(a);
	uintptr_t p = (uintptr_t)ptr;
	struct region *r;

	r = region_topped_by(ra, p + ((size_t)npages << UK_PAGE_SHIFT));
	if (r)
		r->next = p == ra->pad_end ? ra->pad_start : p;
}

/* A descriptor is never placed at address 0: its pointer must not be NULL. */
static uintptr_t desc_addr(uintptr_t base)
{
	return UK_ALIGN_UP(base ? base : 1, (uintptr_t)BLK_ALIGN);
}

/*
 * Adds [base, base + len) as a new region, after all others.
 * Returns -EINVAL if it is too small, wraps around the address space or
 * overlaps memory the instance already has.
 */
static int region_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct region_alloc *ra = to_ra(a);
	uintptr_t b = (uintptr_t)base, d = desc_addr(b);
	struct region *r, *last = NULL;

	if (len > UINTPTR_MAX - b || d < b ||
	    len < d - b + sizeof(*r) + REGION_MIN)
		return -UK_EINVAL;
	for (r = &ra->first; r; r = r->link) {
		if (b < r->end && r->base < b + len)
			return -UK_EINVAL;
		last = r;
	}
	r = (struct region *)d;
	r->base = b;
	r->next = d + sizeof(*r);
	r->end = b + len;
	r->link = NULL;
	last->link = r;
	return 0;
}

static size_t region_availmem(struct uk_alloc *a)
{
	struct region *r;
	size_t n = 0;

	for (r = &to_ra(a)->first; r; r = r->link)
		n += r->end - r->next;
	return n;
}

/* Exact: uk_malloc of this many bytes succeeds, one more fails. */
static size_t region_maxalloc(struct uk_alloc *a)
{
	struct region *r;
	size_t best = 0;
	uintptr_t p;

	for (r = &to_ra(a)->first; r; r = r->link) {
		p = fit_in(r, sizeof(struct blk), BLK_ALIGN, 0);
		if (p)
			best = UK_MAX(best, UK_ALIGN_DOWN(r->end - p,
						(uintptr_t)BLK_ALIGN));
	}
	return best;
}

static const struct uk_alloc_ops region_ops = {
	.malloc = region_malloc,
	.posix_memalign = region_posix_memalign,
	.realloc = region_realloc,
	.free = region_free,
	.getsize = region_getsize,
	.palloc = region_palloc,
	.pfree = region_pfree,
	.addmem = region_addmem,
	.availmem = region_availmem,
	.maxalloc = region_maxalloc,
};

struct uk_alloc *uk_allocregion_init(void *base, size_t len)
{
	uintptr_t b = (uintptr_t)base, d = desc_addr(b);
	struct region_alloc *ra;

	if (len > UINTPTR_MAX - b || d < b ||
	    len < d - b + sizeof(*ra) + REGION_MIN)
		return NULL;
	ra = (struct region_alloc *)d;
	ra->first.base = b;
	ra->first.next = d + sizeof(*ra);
	ra->first.end = b + len;
	ra->first.link = NULL;
	ra->cur = &ra->first;
	ra->pad_start = ra->pad_end = 0;
	if (uk_alloc_register(&ra->a, "region", &region_ops))
		return NULL;
	return &ra->a;
}
