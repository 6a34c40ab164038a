/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What kernel sources compiled on the host (tests/hostfuzz) need from
 * the platform, and what the harnesses share: the console, the crash
 * path, a default allocator over host memory.
 */
#ifndef HOSTFUZZ_SHIM_H
#define HOSTFUZZ_SHIM_H

#include <uk/essentials.h>

/* Console output reaches stdout only when this is true (default: the
 * HOSTFUZZ_VERBOSE environment variable is set). */
extern bool shim_console_on;

/*
 * Makes a default allocator (TLSF over a fresh arena of @len bytes of
 * host memory) if there is none, and returns it. shim_alloc_reset()
 * throws the arena's contents away and starts again: a harness calls it
 * before every input, so that inputs do not leak into each other.
 */
struct uk_alloc *shim_alloc(size_t len);
void shim_alloc_reset(void);

/*
 * Makes the default allocator one whose every block is a host malloc,
 * and returns it: AddressSanitizer then sees the bounds of each kernel
 * allocation (an arena hides them) and LeakSanitizer what the kernel
 * code forgets to free. For harnesses whose code under test frees what
 * it allocates (shim_alloc_reset() does not apply).
 */
struct uk_alloc *shim_alloc_host(void);

/* Aborts (a finding) with a message: a harness's own invariant failed. */
void shim_fail(const char *fmt, ...) __printf_like(1, 2) __noreturn;

#endif /* HOSTFUZZ_SHIM_H */
