/* SPDX-License-Identifier: BSD-3-Clause */
/* --with-alloc=buddy: the default heap is a BUDDY allocator. */
#include <uk/alloc_impl.h>

struct uk_alloc *uk_boot_heap_create(void *base, size_t len);

struct uk_alloc *uk_boot_heap_create(void *base, size_t len)
{
	return uk_allocbuddy_init(base, len);
}
