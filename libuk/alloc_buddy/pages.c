/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The buddy allocator's page layer: blocks of 2^order pages, each aligned
 * to its own size in the address space (a block of order o starts at a
 * page frame number that is a multiple of 2^o), so a block's buddy is at
 * pfn ^ 2^o and large alignments come for free.
 *
 * A run of n pages is carved from a block of order ceil(log2(n)) and the
 * unused tail is given back at once, so that pallocs and big mallocs cost
 * what they ask for, not the next power of two. A free splits a run back
 * into its maximal aligned blocks and merges each with its free buddies.
 *
 * Nothing here writes to the managed pages themselves: free-list links
 * live in the bpage array, so a free page is never touched.
 */
#include "buddy.h"
#include <uk/string.h>

static inline bool free_head(const struct bregion *r, uint32_t i)
{
	return (r->freemap[i >> 6] >> (i & 63)) & 1;
}

static inline void freemap_set(struct bregion *r, uint32_t i)
{
	r->freemap[i >> 6] |= 1ULL << (i & 63);
}

static inline void freemap_clear(struct bregion *r, uint32_t i)
{
	r->freemap[i >> 6] &= ~(1ULL << (i & 63));
}

static inline unsigned int log2_floor(size_t n)
{
	return 63 - __builtin_clzl(n);
}

static inline unsigned int log2_ceil(size_t n)
{
	return n <= 1 ? 0 : log2_floor(n - 1) + 1;
}

/* Pushes page @i on the list @head whose non-emptiness is @bit of @mask. */
void plist_push(struct bregion *r, uint32_t *head, uint32_t *mask,
		unsigned int bit, uint32_t i)
{
	struct bpage *p = &r->pg[i];

	if (*mask & (1U << bit)) {
		p->next = *head;
		r->pg[*head].prev = i;
	} else {
		p->next = NIL;
		*mask |= 1U << bit;
	}
	p->prev = NIL;
	*head = i;
}

void plist_unlink(struct bregion *r, uint32_t *head, uint32_t *mask,
		  unsigned int bit, uint32_t i)
{
	struct bpage *p = &r->pg[i];

	if (p->prev != NIL)
		r->pg[p->prev].next = p->next;
	else
		*head = p->next;
	if (p->next != NIL)
		r->pg[p->next].prev = p->prev;
	if (*head == NIL)
		*mask &= ~(1U << bit);
}

static void push_free(struct bregion *r, uint32_t i, unsigned int o)
{
	plist_push(r, &r->free_head[o], &r->order_mask, o, i);
	freemap_set(r, i);
	r->pg[i].kind = BP_FREE;
	r->pg[i].order = o;
}

static void unlink_free(struct bregion *r, uint32_t i, unsigned int o)
{
	plist_unlink(r, &r->free_head[o], &r->order_mask, o, i);
	freemap_clear(r, i);
	r->pg[i].kind = BP_NONE;
}

/* Frees the block of order @o at page @i, merging it with free buddies. */
static void free_block(struct bregion *r, uint32_t i, unsigned int o)
{
	uintptr_t base_pfn = r->base >> UK_PAGE_SHIFT, b;

	while (o < BUDDY_MAX_ORDER) {
		/* below the region, b wraps around to a huge index */
		b = ((base_pfn + i) ^ (1UL << o)) - base_pfn;
		/* a free head's whole block lies in the region */
		if (b >= r->npages || !free_head(r, b) || r->pg[b].order != o)
			break;
		unlink_free(r, b, o);
		if (b < i) {
			r->pg[i].kind = BP_NONE;
			i = b;
		}
		o++;
	}
	push_free(r, i, o);
}

/*
 * Frees pages [i, i + n) as their maximal aligned blocks, from the top
 * down: the lowest block of each order ends up first on its list.
 */
static void free_range(struct bregion *r, uint32_t i, size_t n)
{
	uintptr_t base_pfn = r->base >> UK_PAGE_SHIFT;
	uintptr_t end;
	unsigned int o;

	while (n) {
		end = i + n;
		o = UK_MIN((unsigned int)__builtin_ctzl(base_pfn + end),
			   log2_floor(n));
		o = UK_MIN(o, (unsigned int)BUDDY_MAX_ORDER);
		free_block(r, end - (1UL << o), o);
		n -= 1UL << o;
	}
}

/*
 * Places region @r's free-head bitmap and bpage array from @meta on, and
 * as many pages after them as fit before @end. Returns the number of
 * pages, 0 if none fits.
 */
static uint32_t layout(struct bregion *r, uintptr_t meta, uintptr_t end)
{
	/* one page costs 4096 bytes, 16 of bpage and 1/8 of bitmap */
	size_t n = (end - meta) / (UK_PAGE_SIZE + sizeof(struct bpage) + 1);
	uintptr_t fm, pg, base;

	n = UK_MIN(n, (size_t)1 << BUDDY_MAX_ORDER);
	for (; n; n--) {
		fm = UK_ALIGN_UP(meta, (uintptr_t)8);
		pg = UK_ALIGN_UP(fm + UK_ALIGN_UP(n, 64) / 8, (uintptr_t)16);
		base = UK_ALIGN_UP(pg + n * sizeof(struct bpage),
				   (uintptr_t)UK_PAGE_SIZE);
		if (base < end && (end - base) >> UK_PAGE_SHIFT >= n)
			break;
	}
	if (!n)
		return 0;
	r->freemap = (uint64_t *)fm;
	r->pg = (struct bpage *)pg;
	r->base = base;
	return n;
}

/*
 * Sets up the region whose descriptor is @r, metadata from @meta, over
 * [start, end) (the descriptor included): zeroes the bitmap, the only
 * metadata written in full (one bit per page), and frees every page.
 * The caller links it. Returns the number of pages, 0 when too small.
 */
uint32_t bregion_setup(struct bregion *r, uintptr_t meta, uintptr_t start,
		       uintptr_t end)
{
	uint32_t n = layout(r, meta, end);

	if (!n)
		return 0;
	r->next = NULL;
	r->mem_start = start;
	r->mem_end = end;
	r->npages = n;
	r->order_mask = 0;
	r->class_mask = 0;
	uk_memset(r->freemap, 0, UK_ALIGN_UP(n, 64) / 8);
	free_range(r, 0, n);
	return n;
}

/*
 * Finds the smallest free block of order >= @k; among regions with one of
 * that order, the lowest. Returns its region, or NULL.
 */
static struct bregion *pick(struct buddy_alloc *ba, unsigned int k,
			    unsigned int *op)
{
	struct bregion *r, *best = NULL;
	unsigned int o, best_o = BUDDY_ORDERS;
	uint32_t m;

	for (r = ba->regions; r; r = r->next) {
		m = r->order_mask & (UINT32_MAX << k);
		if (!m)
			continue;
		o = __builtin_ctz(m);
		if (o < best_o || (o == best_o && r->base < best->base)) {
			best = r;
			best_o = o;
		}
	}
	*op = best_o;
	return best;
}

/* The free block that ends right before page @i, or NIL. */
static uint32_t free_before(const struct bregion *r, size_t i)
{
	unsigned int o;
	size_t j;

	for (o = 0; o <= BUDDY_MAX_ORDER && (1UL << o) <= i; o++) {
		j = i - (1UL << o);
		if (free_head(r, j) && r->pg[j].order == o)
			return j;
	}
	return NIL;
}

/* The end of the run of consecutive free blocks from free head @i on. */
static size_t area_end(const struct bregion *r, size_t i)
{
	while (i < r->npages && free_head(r, i))
		i += 1UL << r->pg[i].order;
	return i;
}

/*
 * The first block aligned to 2^ao pages in the run of free blocks that
 * free head @h is part of, or NIL.
 */
static size_t area_start(const struct bregion *r, uint32_t h, unsigned int ao)
{
	size_t s = h, p, e;

	while ((p = free_before(r, s)) != NIL)
		s = p;
	e = area_end(r, h);
	while (s < e && r->pg[s].order < ao)
		s += 1UL << r->pg[s].order;
	return s < e ? s : NIL;
}

/*
 * Takes pages [i, i + n) off the free lists: they are the start of a run
 * of free blocks that is long enough.
 */
static void take(struct bregion *r, size_t i, size_t n)
{
	size_t q, end = i + n;
	unsigned int o;

	for (q = i; q < end; q += 1UL << o) {
		o = r->pg[q].order;
		unlink_free(r, q, o);
	}
	if (q > end)
		free_range(r, end, q - end);
}

/*
 * When no single block is large enough: finds @n pages in consecutive
 * free blocks, from a block aligned to 2^ao pages. Such a run of free
 * blocks holds a block of order >= log2(n) - 1 (any 2^(m+1) pages hold
 * an aligned block of 2^m), so only those are looked at, each with the
 * run it is part of. Returns the first page (and its region in @rp), or
 * NIL. Not O(1): this is the path of large requests near exhaustion.
 */
static uint32_t area_find(struct buddy_alloc *ba, size_t n, unsigned int ao,
			  struct bregion **rp)
{
	unsigned int o = UK_MAX(log2_floor(n), 1U) - 1;
	struct bregion *r;
	uint32_t h, m;
	size_t s;

	for (r = ba->regions; r; r = r->next) {
		for (m = r->order_mask & (UINT32_MAX << o); m; m &= m - 1) {
			h = r->free_head[__builtin_ctz(m)];
			for (; h != NIL; h = r->pg[h].next) {
				s = area_start(r, h, ao);
				if (s != NIL && area_end(r, s) - s >= n) {
					*rp = r;
					return s;
				}
			}
		}
	}
	return NIL;
}

/*
 * Allocates a run of @npages pages aligned to 2^align_order pages: from
 * the smallest block that holds it or, failing that, from consecutive
 * free blocks. Returns it (and its region in @rp), or NULL.
 */
void *pages_alloc(struct buddy_alloc *ba, size_t npages,
		  unsigned int align_order, struct bregion **rp)
{
	struct bregion *r;
	unsigned int k, o;
	uint32_t i;

	if (!npages || npages > (size_t)1 << BUDDY_MAX_ORDER ||
	    align_order > BUDDY_MAX_ORDER)
		return NULL;
	k = UK_MAX(log2_ceil(npages), align_order);
	r = pick(ba, k, &o);
	if (r) {
		i = r->free_head[o];
		unlink_free(r, i, o);
		while (o > k) {
			o--;
			push_free(r, i + (1U << o), o);
		}
		if (npages < (1UL << k))
			free_range(r, i + npages, (1UL << k) - npages);
	} else {
		i = area_find(ba, npages, align_order, &r);
		if (i == NIL)
			return NULL;
		take(r, i, npages);
	}
	r->pg[i].kind = BP_PAGES;
	r->pg[i].next = npages;
	ba->free_pages -= npages;
	*rp = r;
	return page_addr(r, i);
}

/* Frees the run of pages whose head is page @i. */
void pages_free(struct buddy_alloc *ba, struct bregion *r, uint32_t i)
{
	uint32_t n = r->pg[i].next;

	r->pg[i].kind = BP_NONE;
	free_range(r, i, n);
	ba->free_pages += n;
}

/* Shrinks the run at page @i to @npages (> 0) pages, in place. */
void pages_trim(struct buddy_alloc *ba, struct bregion *r, uint32_t i,
		size_t npages)
{
	uint32_t n = r->pg[i].next;

	if (npages >= n)
		return;
	free_range(r, i + npages, n - npages);
	r->pg[i].next = npages;
	ba->free_pages += n - npages;
}

/*
 * Grows the run at page @i to @npages pages in place, if the pages after
 * it are free. Those form consecutive free blocks (a free block next to
 * a run cannot start before the run's end), O(log n) of them.
 */
bool pages_grow(struct buddy_alloc *ba, struct bregion *r, uint32_t i,
		size_t npages)
{
	uint32_t n = r->pg[i].next;

	if (npages <= n)
		return true;
	if (npages > r->npages - i || area_end(r, i + n) < i + npages)
		return false;
	take(r, i + n, npages - n);
	r->pg[i].next = npages;
	ba->free_pages -= npages - n;
	return true;
}

/*
 * The longest run of consecutive free pages of all regions: what
 * pages_alloc can serve without alignment. That run is at least as long
 * as the largest free block, of order top, so it holds a block of order
 * top - 1 or more: only the runs of those blocks are measured.
 */
size_t pages_max_run(const struct buddy_alloc *ba)
{
	const struct bregion *r;
	unsigned int top = 0;
	uint32_t h, m;
	size_t best = 0;

	for (r = ba->regions; r; r = r->next)
		if (r->order_mask)
			top = UK_MAX(top, 31U - __builtin_clz(r->order_mask));
	for (r = ba->regions; r; r = r->next) {
		m = r->order_mask & (UINT32_MAX << (top ? top - 1 : 0));
		for (; m; m &= m - 1) {
			h = r->free_head[__builtin_ctz(m)];
			for (; h != NIL; h = r->pg[h].next)
				best = UK_MAX(best, area_end(r, h) -
						    area_start(r, h, 0));
		}
	}
	return best;
}
