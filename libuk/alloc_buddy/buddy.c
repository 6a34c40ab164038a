/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The binary buddy allocator: pages in power-of-two blocks with
 * splitting and coalescing (pages.c), small objects in one-page slabs of
 * size classes on top (small.c). This file holds the instance, the
 * operations and the lookup of a pointer's page.
 *
 * Layout. The instance (struct buddy_alloc) sits at the start of the
 * memory given to uk_allocbuddy_init(), followed by its first region's
 * metadata; each region added later starts with its own descriptor and
 * metadata. No static state: instances coexist.
 *
 *   | descriptor | free-head bitmap | bpage array | pad | pages ...     |
 *
 * Metadata footprint, per 4 KiB page managed: 16 bytes of bpage (0.39%)
 * and 1 bit of bitmap (0.003%), reserved at the region's start, plus a
 * 280-byte descriptor per region (456 bytes for the first, with the
 * instance). Only the bitmap is written when a region is added (32 KiB
 * per GiB); a bpage entry is written when its page becomes the head of a
 * block, so on a fresh 1 GiB region init writes the bitmap and a few
 * dozen entries. The allocator writes into managed pages only to chain
 * the freed objects of a slab; pages are otherwise touched only by the
 * users of its blocks.
 *
 * Blocks. uk_malloc up to 2048 bytes gets a slab object (24 classes, 16
 * bytes apart up to 128, then four per power of two; getsize is the
 * class size); larger requests, palloc and memalign above 2048 get a run
 * of whole pages (getsize is the run's size), carved from the smallest
 * free block that holds it - the lowest one among regions with a block
 * of that order - and trimmed to the pages asked for. When no block is
 * large enough, a run is taken from consecutive free blocks, so the
 * largest allocation is the longest run of free pages, not the largest
 * power of two. Alignments up to 2048 come from the slab classes, larger
 * ones from the blocks' natural alignment: memalign never pads.
 *
 * availmem is the bytes of free pages (free objects in partly used slabs
 * are not counted); maxalloc is exact: the longest run of free pages, or,
 * with no free page left, the largest class with a free object.
 * Not thread-safe (see alloc.c).
 */
#include "buddy.h"
#include <uk/errno.h>
#include <uk/string.h>

static bool in_region(const struct bregion *r, uintptr_t p)
{
	return p >= r->base && (p - r->base) >> UK_PAGE_SHIFT < r->npages;
}

/*
 * Finds the block that @p points to: returns its kind (BP_SMALL or
 * BP_PAGES) with its region and head page. Crashes, naming the
 * allocator, on a pointer it did not return or that is already free.
 */
static int lookup(struct buddy_alloc *ba, const void *p, struct bregion **rp,
		  uint32_t *ip)
{
	struct bregion *r = ba->hint;
	uint32_t i;

	if (!in_region(r, (uintptr_t)p)) {
		for (r = ba->regions; r; r = r->next)
			if (in_region(r, (uintptr_t)p))
				break;
		if (!r)
			BUDDY_BUG(ba, p, "pointer from elsewhere:");
		ba->hint = r;
	}
	i = page_index(r, p);
	*rp = r;
	*ip = i;
	switch (r->pg[i].kind) {
	case BP_SMALL:
		return BP_SMALL;
	case BP_PAGES:
		if (p == page_addr(r, i))
			return BP_PAGES;
		break;
	case BP_FREE:
		BUDDY_BUG(ba, p, "double free of");
	}
	BUDDY_BUG(ba, p, "not an allocated block (freed already?):");
}

static size_t to_pages(size_t size)
{
	return (size >> UK_PAGE_SHIFT) + !!(size & (UK_PAGE_SIZE - 1));
}

/* Pages for @size bytes aligned to @align (a power of two). */
static void *pages_for(struct buddy_alloc *ba, size_t size, size_t align)
{
	unsigned int ao = 0;
	struct bregion *r;

	if (align > UK_PAGE_SIZE)
		ao = __builtin_ctzl(align) - UK_PAGE_SHIFT;
	return pages_alloc(ba, to_pages(size), ao, &r);
}

static void *buddy_malloc(struct uk_alloc *a, size_t size)
{
	int c = small_class(size, UK_ALLOC_MIN_ALIGN);

	if (c >= 0)
		return small_alloc(to_ba(a), c);
	return pages_for(to_ba(a), size, UK_PAGE_SIZE);
}

static int buddy_posix_memalign(struct uk_alloc *a, void **pp, size_t align,
				size_t size)
{
	int c = small_class(size, align);
	void *p;

	if (c >= 0)
		p = small_alloc(to_ba(a), c);
	else
		p = pages_for(to_ba(a), size, align);
	if (!p)
		return -UK_ENOMEM;
	*pp = p;
	return 0;
}

static void buddy_free(struct uk_alloc *a, void *p)
{
	struct buddy_alloc *ba = to_ba(a);
	struct bregion *r;
	uint32_t i;

	if (lookup(ba, p, &r, &i) == BP_SMALL)
		small_free(ba, r, i, p);
	else
		pages_free(ba, r, i);
}

static size_t buddy_getsize(struct uk_alloc *a, const void *p)
{
	struct bregion *r;
	uint32_t i;

	if (lookup(to_ba(a), p, &r, &i) == BP_SMALL)
		return small_size(r->pg[i].order);
	return (size_t)r->pg[i].next << UK_PAGE_SHIFT;
}

/* Moves a block to a new one of @size bytes; NULL (and @p kept) if none. */
static void *move(struct uk_alloc *a, void *p, size_t old, size_t size)
{
	void *np = buddy_malloc(a, size);

	if (!np)
		return NULL;
	uk_memcpy(np, p, UK_MIN(old, size));
	buddy_free(a, p);
	return np;
}

/*
 * A slab object stays where it is unless it outgrows its class or
 * shrinks below half of it; a run of pages shrinks in place, grows in
 * place when the pages after it are free, and becomes a slab object
 * when it shrinks to SMALL_MAX or less (if a slab has room).
 */
static void *buddy_realloc(struct uk_alloc *a, void *p, size_t size)
{
	struct buddy_alloc *ba = to_ba(a);
	struct bregion *r;
	size_t old;
	void *np;
	uint32_t i;

	if (lookup(ba, p, &r, &i) == BP_SMALL) {
		old = small_size(r->pg[i].order);
		if (size > old)
			return move(a, p, old, size);
		if (size > old / 2)
			return p;
		np = move(a, p, old, size);
		return np ? np : p;
	}
	old = (size_t)r->pg[i].next << UK_PAGE_SHIFT;
	if (size <= SMALL_MAX) {
		np = move(a, p, old, size);
		if (np)
			return np;
	}
	if (size <= old) {
		pages_trim(ba, r, i, to_pages(size));
		return p;
	}
	if (pages_grow(ba, r, i, to_pages(size)))
		return p;
	return move(a, p, old, size);
}

static void *buddy_palloc(struct uk_alloc *a, unsigned long npages)
{
	struct bregion *r;

	return pages_alloc(to_ba(a), npages, 0, &r);
}

static void buddy_pfree(struct uk_alloc *a, void *p, unsigned long npages)
{
	struct buddy_alloc *ba = to_ba(a);
	struct bregion *r;
	uint32_t i;

	if (lookup(ba, p, &r, &i) != BP_PAGES || r->pg[i].next != npages)
		BUDDY_BUG(ba, p, "pfree with a wrong number of pages:");
	pages_free(ba, r, i);
}

/*
 * Sets up a region over [start, end) with its descriptor at @r and
 * metadata from @meta, and appends it. Returns 0, -EINVAL if no page fits.
 */
static int add_region(struct buddy_alloc *ba, struct bregion *r,
		      uintptr_t meta, uintptr_t start, uintptr_t end)
{
	struct bregion **tail;
	uint32_t n = bregion_setup(r, meta, start, end);

	if (!n)
		return -UK_EINVAL;
	for (tail = &ba->regions; *tail; tail = &(*tail)->next)
		;
	*tail = r;
	ba->free_pages += n;
	return 0;
}

/* Where a descriptor goes in memory from @base: aligned, and not at 0. */
static uintptr_t desc_addr(uintptr_t base)
{
	return UK_ALIGN_UP(base ? base : 1, (uintptr_t)16);
}

/*
 * Adds [base, base + len) as a new region. Returns -EINVAL if it wraps
 * around, overlaps memory of the instance, or cannot hold one page
 * after its metadata. A region larger than 8 TiB uses its first 8 TiB.
 */
static int buddy_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct buddy_alloc *ba = to_ba(a);
	uintptr_t b = (uintptr_t)base, d = desc_addr(b);
	struct bregion *r;

	if (len > UINTPTR_MAX - b || d < b || d - b + sizeof(*r) > len)
		return -UK_EINVAL;
	for (r = ba->regions; r; r = r->next)
		if (b < r->mem_end && r->mem_start < b + len)
			return -UK_EINVAL;
	r = (struct bregion *)d;
	return add_region(ba, r, d + sizeof(*r), b, b + len);
}

static size_t buddy_availmem(struct uk_alloc *a)
{
	return to_ba(a)->free_pages << UK_PAGE_SHIFT;
}

static size_t buddy_maxalloc(struct uk_alloc *a)
{
	size_t n = pages_max_run(to_ba(a));

	if (n)
		return n << UK_PAGE_SHIFT;
	return small_maxalloc(to_ba(a));
}

static const struct uk_alloc_ops buddy_ops = {
	.malloc = buddy_malloc,
	.posix_memalign = buddy_posix_memalign,
	.realloc = buddy_realloc,
	.free = buddy_free,
	.getsize = buddy_getsize,
	.palloc = buddy_palloc,
	.pfree = buddy_pfree,
	.addmem = buddy_addmem,
	.availmem = buddy_availmem,
	.maxalloc = buddy_maxalloc,
};

struct uk_alloc *uk_allocbuddy_init(void *base, size_t len)
{
	uintptr_t b = (uintptr_t)base, d = desc_addr(b);
	struct buddy_alloc *ba;

	if (len > UINTPTR_MAX - b || d < b || d - b + sizeof(*ba) > len)
		return NULL;
	ba = (struct buddy_alloc *)d;
	ba->regions = NULL;
	ba->free_pages = 0;
	if (add_region(ba, &ba->first, d + sizeof(*ba), b, b + len))
		return NULL;
	ba->hint = &ba->first;
	if (uk_alloc_register(&ba->a, "buddy", &buddy_ops))
		return NULL;
	return &ba->a;
}
