/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The buddy allocator's small objects: requests up to SMALL_MAX bytes are
 * served from slabs, pages cut into objects of one size class, instead of
 * costing a page each.
 *
 * A slab's state is its page's bpage entry (class, live objects, first
 * free object, objects ever handed out), so a slab has no header and
 * power-of-two classes fill their page exactly; an object of a class
 * that is a multiple of A is A-aligned, which is how memalign up to
 * SMALL_MAX is served here. Freed objects are chained through their
 * first two bytes; never-used objects are taken in order (bump), so a new
 * slab is not written in advance. Slabs with free objects sit on their
 * region's list for the class; a slab whose last object is freed goes
 * back to the page layer at once, so freeing everything gives every page
 * back. A request wastes less than a fifth of its object, and a slab the
 * tail of its page that no object fills: 512 bytes at most, but for the
 * 1536-byte class (two objects, 1 KiB left).
 */
#include "buddy.h"

/*
 * The classes: 16 bytes apart up to 128, then four per power of two. An
 * object's index in its slab is its offset times the reciprocal of the
 * class size (exact for offsets below 4096), not a division.
 */
#define CLASSES(X)							\
	X(16) X(32) X(48) X(64) X(80) X(96) X(112) X(128)		\
	X(160) X(192) X(224) X(256) X(320) X(384) X(448) X(512)	\
	X(640) X(768) X(896) X(1024) X(1280) X(1536) X(1792) X(2048)
#define SIZE_OF(s)	s,
#define RECIP_OF(s)	(uint32_t)((0x100000000ULL + (s) - 1) / (s)),

static const uint16_t class_size[NCLASSES] = { CLASSES(SIZE_OF) };
static const uint32_t class_recip[NCLASSES] = { CLASSES(RECIP_OF) };

UK_CTASSERT(sizeof(class_size) / sizeof(class_size[0]) == NCLASSES);
UK_CTASSERT(SMALL_MAX == 2048 && NCLASSES <= 32);

/* The link in a free object, which held data of any type before. */
typedef uint16_t __attribute__((may_alias)) link16_t;

/*
 * The smallest class that holds @size bytes and whose objects are
 * @align-aligned (a power of two >= 16), or -1 when there is none.
 */
int small_class(size_t size, size_t align)
{
	unsigned int t;
	int c;

	if (size > SMALL_MAX || align > SMALL_MAX)
		return -1;
	if (size <= 128) {
		c = size ? (int)((size - 1) >> 4) : 0;
	} else {
		t = 63 - __builtin_clzl(size - 1);	/* 7..10 */
		c = 8 + 4 * (t - 7) + (((size - 1) >> (t - 2)) & 3);
	}
	while (c < NCLASSES && class_size[c] % align)
		c++;
	return c < NCLASSES ? c : -1;
}

size_t small_size(int c)
{
	return class_size[c];
}

static inline uint16_t capacity(int c)
{
	return UK_PAGE_SIZE / class_size[c];
}

static inline void *object(const struct bregion *r, uint32_t i, int c,
			   unsigned int idx)
{
	return (char *)page_addr(r, i) + (size_t)idx * class_size[c];
}

/* A slab of class @c with a free object, or a new one; NULL if none. */
static struct bregion *slab_get(struct buddy_alloc *ba, int c, uint32_t *ip)
{
	struct bregion *r;
	struct bpage *e;
	void *page;

	for (r = ba->regions; r; r = r->next) {
		if (r->class_mask & (1U << c)) {
			*ip = r->partial[c];
			return r;
		}
	}
	page = pages_alloc(ba, 1, 0, &r);
	if (!page)
		return NULL;
	*ip = page_index(r, page);
	e = &r->pg[*ip];
	e->kind = BP_SMALL;
	e->order = c;
	e->inuse = 0;
	e->free = NIL16;
	e->bump = 0;
	plist_push(r, &r->partial[c], &r->class_mask, c, *ip);
	return r;
}

void *small_alloc(struct buddy_alloc *ba, int c)
{
	struct bregion *r;
	struct bpage *e;
	unsigned int idx;
	uint32_t i;
	void *p;

	r = slab_get(ba, c, &i);
	if (!r)
		return NULL;
	e = &r->pg[i];
	if (e->free != NIL16) {
		idx = e->free;
		p = object(r, i, c, idx);
		e->free = *(link16_t *)p;
	} else {
		idx = e->bump++;
		p = object(r, i, c, idx);
	}
	if (++e->inuse == capacity(c))
		plist_unlink(r, &r->partial[c], &r->class_mask, c, i);
	return p;
}

/* Frees object @p of the slab at page @i of region @r. */
void small_free(struct buddy_alloc *ba, struct bregion *r, uint32_t i,
		void *p)
{
	struct bpage *e = &r->pg[i];
	int c = e->order;
	uint32_t off = (uintptr_t)p - (uintptr_t)page_addr(r, i);
	uint32_t idx = ((uint64_t)off * class_recip[c]) >> 32;

	if (idx * class_size[c] != off || idx >= e->bump || !e->inuse)
		BUDDY_BUG(ba, p, "not an allocated object (freed already?):");
	if (e->inuse == capacity(c))
		plist_push(r, &r->partial[c], &r->class_mask, c, i);
	*(link16_t *)p = e->free;
	e->free = idx;
	if (--e->inuse)
		return;
	plist_unlink(r, &r->partial[c], &r->class_mask, c, i);
	e->kind = BP_PAGES;
	e->next = 1;
	pages_free(ba, r, i);
}

/* The largest class with a free object in a slab, 0 if none. */
size_t small_maxalloc(const struct buddy_alloc *ba)
{
	const struct bregion *r;
	uint32_t m = 0;

	for (r = ba->regions; r; r = r->next)
		m |= r->class_mask;
	return m ? class_size[31 - __builtin_clz(m)] : 0;
}
