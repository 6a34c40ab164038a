/* SPDX-License-Identifier: BSD-3-Clause */
/* --with-alloc=region: the default heap is a region allocator. */
#include <uk/alloc_impl.h>

struct uk_alloc *uk_boot_heap_create(void *base, size_t len);

struct uk_alloc *uk_boot_heap_create(void *base, size_t len)
{
	return uk_allocregion_init(base, len);
}
