/* SPDX-License-Identifier: BSD-3-Clause */
/* lwIP's heap (MEM_LIBC_MALLOC) is the default allocator. */
#ifndef UK_LWIP_SHIM_STDLIB_H
#define UK_LWIP_SHIM_STDLIB_H
#include <uk/alloc.h>
#define malloc(n)	uk_malloc(uk_alloc_get_default(), (n))
#define calloc(n, s)	uk_calloc(uk_alloc_get_default(), (n), (s))
#define free(p)		uk_free(uk_alloc_get_default(), (p))
#endif
