/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For allocator implementers. A backend fills the operations it does
 * natively and leaves the others NULL; uk_alloc_register() completes the
 * table with adapters built on what is there:
 *
 *   calloc          <- malloc (overflow check, zeroing)
 *   malloc          <- posix_memalign (UK_ALLOC_MIN_ALIGN)
 *   posix_memalign  <- malloc (over-allocate and align; needs free of
 *                      the adjusted pointer, so a backend without native
 *                      memalign gets a small header in front)
 *   realloc         <- malloc + getsize + free
 *   palloc/pfree    <- posix_memalign/free at page alignment
 *   maxalloc        <- availmem
 *
 * A backend must provide at least malloc or posix_memalign, free, getsize,
 * addmem and availmem. The adapters keep the statistics of uk_alloc_stats
 * for every instance.
 */
#ifndef UK_ALLOC_IMPL_H
#define UK_ALLOC_IMPL_H

#include <uk/alloc.h>

/*
 * Registers @a: copies @ops into a->impl, completes it with adapters,
 * points a->ops at the statistics-keeping dispatcher and makes @a the
 * default if there is none yet. The backend's private state lives in the
 * structure that embeds @a. Returns 0, or -EINVAL when a mandatory
 * operation is missing.
 */
int uk_alloc_register(struct uk_alloc *a, const char *name,
		      const struct uk_alloc_ops *ops);

/*
 * The region allocator: a bump allocator over one or more regions that
 * never reuses freed memory (except the most recent allocation, which
 * is given back). Fast and tiny; for boot and short-lived images.
 * Initializes @a with the region [base, base + len) and registers it.
 */
struct uk_alloc *uk_allocregion_init(void *base, size_t len);

/*
 * The binary buddy allocator: pages in power-of-two blocks that split and
 * coalesce, small objects (up to 2 KiB) in one-page slabs of size
 * classes. Its metadata takes 16 bytes + 1 bit per page at the start of
 * each region, written only as pages are used (libuk/alloc_buddy/).
 * Built in when UK_CONFIG_ALLOC_HAVE_BUDDY is 1.
 */
struct uk_alloc *uk_allocbuddy_init(void *base, size_t len);

/*
 * TLSF, two-level segregated fit: O(1) malloc and free, immediate
 * coalescing, an 8-byte header per block, about 8.5 KiB per instance
 * (libuk/alloc_tlsf/). Built in when UK_CONFIG_ALLOC_HAVE_TLSF is 1.
 */
struct uk_alloc *uk_alloctlsf_init(void *base, size_t len);

#endif /* UK_ALLOC_IMPL_H */
