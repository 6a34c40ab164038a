/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The binary buddy allocator, private definitions (see buddy.c for the
 * design and the metadata footprint).
 *
 * Page layer (pages.c): blocks of 2^order pages, aligned to their size
 * in physical address, kept on one free list per order and per region.
 * Small-object layer (small.c): size classes up to SMALL_MAX bytes, each
 * slab one page cut into objects of one class.
 *
 * Every page of a region has a struct bpage in the region's metadata
 * array. Entries are written only when their page becomes the head of a
 * block (free or allocated); the free-head bitmap, zeroed when the
 * region is added, tells which entries may be read as free blocks.
 */
#ifndef BUDDY_H
#define BUDDY_H

#include <uk/alloc_impl.h>
#include <uk/assert.h>

#define BUDDY_ORDERS	32		/* orders 0..31 */
#define BUDDY_MAX_ORDER	(BUDDY_ORDERS - 1)
#define NIL		UINT32_MAX	/* end of a page list */
#define NIL16		UINT16_MAX	/* end of a slab's object list */

#define SMALL_MAX	2048		/* larger requests get pages */
#define NCLASSES	24

/* What a page's entry describes; 0 (fresh memory) is "nothing". */
enum bpage_kind {
	BP_NONE = 0,		/* not the head of a block */
	BP_FREE = 0xf4,		/* head of a free block (bit set) */
	BP_PAGES = 0xa7,	/* head of an allocated run of pages */
	BP_SMALL = 0x5c,	/* a slab of small objects */
};

struct bpage {
	uint32_t next;		/* list link; BP_PAGES: number of pages */
	uint32_t prev;		/* list link */
	uint8_t kind;		/* enum bpage_kind */
	uint8_t order;		/* BP_FREE: order; BP_SMALL: size class */
	uint16_t inuse;		/* BP_SMALL: live objects */
	uint16_t free;		/* BP_SMALL: first free object or NIL16 */
	uint16_t bump;		/* BP_SMALL: objects ever handed out */
};

UK_CTASSERT(sizeof(struct bpage) == 16);

/*
 * A region: one range given to init or addmem. The descriptor, the
 * free-head bitmap and the bpage array sit at its start; the managed
 * pages follow, from @base (page-aligned) for @npages pages.
 * List heads are valid only where their mask bit is set.
 */
struct bregion {
	struct bregion *next;		/* in order of addition */
	uintptr_t mem_start, mem_end;	/* all of it, metadata included */
	uintptr_t base;			/* page 0 */
	uint32_t npages;
	uint32_t order_mask;		/* bit o: free_head[o] non-empty */
	uint32_t class_mask;		/* bit c: partial[c] non-empty */
	uint64_t *freemap;		/* bit i: page i heads a free block */
	struct bpage *pg;
	uint32_t free_head[BUDDY_ORDERS];
	uint32_t partial[NCLASSES];	/* slabs with free objects */
};

struct buddy_alloc {
	struct uk_alloc a;
	struct bregion *regions;
	struct bregion *hint;		/* where the last lookup landed */
	size_t free_pages;
	struct bregion first;
};

static inline struct buddy_alloc *to_ba(struct uk_alloc *a)
{
	return uk_container_of(a, struct buddy_alloc, a);
}

static inline void *page_addr(const struct bregion *r, uint32_t i)
{
	return (void *)(r->base + ((uintptr_t)i << UK_PAGE_SHIFT));
}

static inline uint32_t page_index(const struct bregion *r, const void *p)
{
	return ((uintptr_t)p - r->base) >> UK_PAGE_SHIFT;
}

/* Crashes with the allocator's name and the address at fault. */
#define BUDDY_BUG(ba, p, what)						\
	UK_CRASH("%s allocator %p: %s %p", (ba)->a.name, (void *)(ba),	\
		 what, (const void *)(p))

/* pages.c */
uint32_t bregion_setup(struct bregion *r, uintptr_t meta, uintptr_t start,
		       uintptr_t end);
void *pages_alloc(struct buddy_alloc *ba, size_t npages,
		  unsigned int align_order, struct bregion **rp);
void pages_free(struct buddy_alloc *ba, struct bregion *r, uint32_t i);
void pages_trim(struct buddy_alloc *ba, struct bregion *r, uint32_t i,
		size_t npages);
bool pages_grow(struct buddy_alloc *ba, struct bregion *r, uint32_t i,
		size_t npages);
size_t pages_max_run(const struct buddy_alloc *ba);
void plist_push(struct bregion *r, uint32_t *head, uint32_t *mask,
		unsigned int bit, uint32_t i);
void plist_unlink(struct bregion *r, uint32_t *head, uint32_t *mask,
		  unsigned int bit, uint32_t i);

/* small.c */
int small_class(size_t size, size_t align);
size_t small_size(int c);
void *small_alloc(struct buddy_alloc *ba, int c);
void small_free(struct buddy_alloc *ba, struct bregion *r, uint32_t i,
		void *p);
size_t small_maxalloc(const struct buddy_alloc *ba);

#endif /* BUDDY_H */
