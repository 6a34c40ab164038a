/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory allocator API. An allocator instance is a struct uk_alloc with an
 * operations table; the static inline wrappers below are the only way
 * users call it. Several instances may live in one image; one of them is
 * the default, which serves the kernel heap and libc's malloc family.
 *
 * Contract (every backend):
 * - uk_malloc/uk_calloc/uk_realloc/uk_memalign return NULL when they
 *   cannot allocate; they never crash on exhaustion. Returned pointers are
 *   aligned to at least UK_ALLOC_MIN_ALIGN.
 * - uk_malloc(a, 0) returns a unique pointer that may be freed.
 * - uk_free(a, NULL) and uk_pfree(a, NULL, n) do nothing.
 * - uk_calloc fails (NULL) when n * size overflows.
 * - uk_posix_memalign returns 0, -EINVAL (alignment not a power of two
 *   multiple of sizeof(void *)) or -ENOMEM; it does not touch errno.
 * - A NULL allocator is accepted by every wrapper and treated as "no
 *   memory" (allocation returns NULL, free does nothing).
 * - uk_realloc(a, p, 0) returns a unique freeable pointer (musl's
 *   behaviour), never NULL; shrinking never fails. uk_palloc(a, 0) is NULL.
 * - Statistics: nb_allocs - nb_frees is the number of live blocks; a
 *   realloc of a live block counts as neither; pages count as 4096 bytes.
 * - Instances are not thread-safe: callers serialize (there is one CPU
 *   and no preemption until a scheduler brings locking).
 */
#ifndef UK_ALLOC_H
#define UK_ALLOC_H

#include <uk/essentials.h>
#include <uk/errno.h>

#define UK_ALLOC_MIN_ALIGN	16

struct uk_alloc;

struct uk_alloc_stats {
	size_t cur_mem_use;	/* bytes handed out and not yet freed */
	size_t max_mem_use;	/* peak of cur_mem_use */
	uint64_t nb_allocs;
	uint64_t nb_frees;
	uint64_t nb_enomem;	/* failed allocations */
};

struct uk_alloc_ops {
	void *(*malloc)(struct uk_alloc *a, size_t size);
	void *(*calloc)(struct uk_alloc *a, size_t n, size_t size);
	int (*posix_memalign)(struct uk_alloc *a, void **p,
			      size_t align, size_t size);
	void *(*realloc)(struct uk_alloc *a, void *ptr, size_t size);
	void (*free)(struct uk_alloc *a, void *ptr);
	/* Usable size of a live block (>= the size asked for). */
	size_t (*getsize)(struct uk_alloc *a, const void *ptr);
	void *(*palloc)(struct uk_alloc *a, unsigned long npages);
	void (*pfree)(struct uk_alloc *a, void *ptr, unsigned long npages);
	int (*addmem)(struct uk_alloc *a, void *base, size_t len);
	/* Bytes still available, and the largest single allocation. */
	size_t (*availmem)(struct uk_alloc *a);
	size_t (*maxalloc)(struct uk_alloc *a);
};

struct uk_alloc {
	/* Counting dispatcher shared by all instances; calls impl. */
	const struct uk_alloc_ops *ops;
	/* The backend's operations, completed with adapters. */
	struct uk_alloc_ops impl;
	const char *name;
	struct uk_alloc_stats stats;
	struct uk_alloc *next;		/* list of all instances */
};

/* The default instance (NULL before the boot sequence set one up). */
struct uk_alloc *uk_alloc_get_default(void);
void uk_alloc_set_default(struct uk_alloc *a);
/* Iterates over every registered instance: first, then next. */
struct uk_alloc *uk_alloc_first(void);
/* Copies an instance's statistics. */
void uk_alloc_stats_get(struct uk_alloc *a, struct uk_alloc_stats *out);

/*
 * Fault injection, for tests; only in images built with
 * --enable-alloc-debug (elsewhere uk_alloc_fault_set(n > 0) returns
 * -ENOTSUP and nothing fails). The @n-th allocation from now on
 * (malloc, calloc, memalign, realloc, palloc; any instance) fails as if
 * memory were exhausted, once; 0 turns it off. uk_alloc_fault_count()
 * is the number of allocations made since, so that a test knows whether
 * the failure happened. The kernel argument alloc.fail_at=N does the
 * same from the point of the boot where kernel arguments are applied.
 */
int uk_alloc_fault_set(unsigned long n);
unsigned long uk_alloc_fault_count(void);

static inline void *uk_malloc(struct uk_alloc *a, size_t size)
{
	return a ? a->ops->malloc(a, size) : NULL;
}

static inline void *uk_calloc(struct uk_alloc *a, size_t n, size_t size)
{
	return a ? a->ops->calloc(a, n, size) : NULL;
}

static inline int uk_posix_memalign(struct uk_alloc *a, void **p,
				    size_t align, size_t size)
{
	if (!a)
		return -UK_ENOMEM;
	return a->ops->posix_memalign(a, p, align, size);
}

static inline void *uk_memalign(struct uk_alloc *a, size_t align,
				size_t size)
{
	void *p = NULL;

	if (uk_posix_memalign(a, &p, align, size) != 0)
		return NULL;
	return p;
}

static inline void *uk_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	return a ? a->ops->realloc(a, ptr, size) : NULL;
}

static inline void uk_free(struct uk_alloc *a, void *ptr)
{
	if (a && ptr)
		a->ops->free(a, ptr);
}

static inline size_t uk_getsize(struct uk_alloc *a, const void *ptr)
{
	return (a && ptr) ? a->ops->getsize(a, ptr) : 0;
}

static inline void *uk_palloc(struct uk_alloc *a, unsigned long npages)
{
	return a ? a->ops->palloc(a, npages) : NULL;
}

static inline void uk_pfree(struct uk_alloc *a, void *ptr,
			    unsigned long npages)
{
	if (a && ptr)
		a->ops->pfree(a, ptr, npages);
}

static inline int uk_alloc_addmem(struct uk_alloc *a, void *base,
				  size_t len)
{
	return a ? a->ops->addmem(a, base, len) : -UK_EINVAL;
}

static inline size_t uk_alloc_availmem(struct uk_alloc *a)
{
	return a ? a->ops->availmem(a) : 0;
}

static inline size_t uk_alloc_maxalloc(struct uk_alloc *a)
{
	return a ? a->ops->maxalloc(a) : 0;
}

#endif /* UK_ALLOC_H */
