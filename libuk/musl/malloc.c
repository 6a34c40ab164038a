/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The C library's malloc family on the default allocator instance,
 * replacing musl's mallocng (musl supports replacing malloc in a static
 * link). musl's internal entry points (__libc_malloc ...) are served too,
 * so none of musl's allocator objects is linked in.
 *
 * This is the POSIX layer: it reports failures through errno. Allocator
 * instances are not thread-safe: every call runs with preemption off.
 *
 * The definitions are weak: an application that brings its own malloc
 * (or links musl's mallocng objects explicitly, as bench/alloc does)
 * overrides them.
 */
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/sched.h>

int *__errno_location(void);

void *malloc(size_t size);
void free(void *ptr);
void *calloc(size_t n, size_t size);
void *realloc(void *ptr, size_t size);
void *aligned_alloc(size_t align, size_t size);
int posix_memalign(void **res, size_t align, size_t size);
void *memalign(size_t align, size_t size);
size_t malloc_usable_size(void *ptr);
void *__libc_malloc(size_t size);
void *__libc_malloc_impl(size_t size);
void __libc_free(void *ptr);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *ptr, size_t size);

static void *check(void *p)
{
	if (!p)
		*__errno_location() = UK_ENOMEM;
	return p;
}

/* Evaluates @expr with preemption off. */
#define LOCKED(expr)							\
	({								\
		__typeof__(expr) __r;					\
		uk_preempt_disable();					\
		__r = (expr);						\
		uk_preempt_enable();					\
		__r;							\
	})

__weak void *malloc(size_t size)
{
	return check(LOCKED(uk_malloc(uk_alloc_get_default(), size)));
}

__weak void free(void *ptr)
{
	uk_preempt_disable();
	uk_free(uk_alloc_get_default(), ptr);
	uk_preempt_enable();
}

__weak void *calloc(size_t n, size_t size)
{
	return check(LOCKED(uk_calloc(uk_alloc_get_default(), n, size)));
}

__weak void *realloc(void *ptr, size_t size)
{
	return check(LOCKED(uk_realloc(uk_alloc_get_default(), ptr, size)));
}

__weak int posix_memalign(void **res, size_t align, size_t size)
{
	/* returns the error instead of setting errno (POSIX) */
	return -LOCKED(uk_posix_memalign(uk_alloc_get_default(), res, align,
					 size));
}

__weak void *aligned_alloc(size_t align, size_t size)
{
	void *p = NULL;
	int rc = posix_memalign(&p, align < sizeof(void *) ? sizeof(void *)
							   : align, size);

	if (rc) {
		*__errno_location() = rc;
		return NULL;
	}
	return p;
}

__weak void *memalign(size_t align, size_t size)
{
	return aligned_alloc(align, size);
}

__weak size_t malloc_usable_size(void *ptr)
{
	return LOCKED(uk_getsize(uk_alloc_get_default(), ptr));
}

__weak void *__libc_malloc(size_t size)
{
	return malloc(size);
}

__weak void *__libc_malloc_impl(size_t size)
{
	return malloc(size);
}

__weak void __libc_free(void *ptr)
{
	free(ptr);
}

__weak void *__libc_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

__weak void *__libc_realloc(void *ptr, size_t size)
{
	return realloc(ptr, size);
}
