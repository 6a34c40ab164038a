/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform under kernel sources built on the host (contract in
 * shim.h). Only a few C library functions are used, declared here: the
 * kernel headers and the host's would clash.
 */
#include <uk/print.h>
#include <uk/assert.h>
#include <uk/alloc_impl.h>
#include <uk/errno.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/console.h>
#include "shim.h"

extern long write(int fd, const void *buf, size_t n);
extern char *getenv(const char *name);
extern void abort(void) __noreturn;
extern void *aligned_alloc(size_t align, size_t size);
extern void exit(int status) __noreturn;
extern void *malloc(size_t size);
extern void free(void *p);
extern size_t malloc_usable_size(void *p);
extern int posix_memalign(void **p, size_t align, size_t size);

bool shim_console_on;

__attribute__((constructor)) static void shim_init(void)
{
	shim_console_on = getenv("HOSTFUZZ_VERBOSE") != NULL;
}

int ukplat_coutk(const char *buf, unsigned int len)
{
	if (shim_console_on)
		write(1, buf, len);
	return len;
}

int ukplat_cink(char *buf, unsigned int maxlen)
{
	return 0;
}

void ukplat_terminate(int status)
{
	/* the kernel stops here: for a harness, an ending it did not ask for */
	shim_console_on = true;
	uk_pr_crit("ukplat_terminate(%d) called\n", status);
	abort();
}

void uk_crash(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	shim_console_on = true;
	uk_printk(UK_LOG_CRIT, "kernel crash at %s:%d: ", file, line);
	va_start(ap, fmt);
	uk_vprintk(UK_LOG_CRIT, fmt, ap);
	va_end(ap);
	abort();
}

void ukplat_backtrace(void)
{
}

void shim_fail(const char *fmt, ...)
{
	va_list ap;

	shim_console_on = true;
	va_start(ap, fmt);
	uk_vprintk(UK_LOG_CRIT, fmt, ap);
	va_end(ap);
	abort();
}

static void *arena;
static size_t arena_len;

struct uk_alloc *shim_alloc(size_t len)
{
	if (!arena) {
		arena_len = UK_ALIGN_UP(len, UK_PAGE_SIZE);
		arena = aligned_alloc(UK_PAGE_SIZE, arena_len);
		if (!arena)
			abort();
		shim_alloc_reset();
	}
	return uk_alloc_get_default();
}

void shim_alloc_reset(void)
{
	/* the old instance lives in the arena: forget it first */
	uk_alloc_set_default(NULL);
	if (!uk_alloctlsf_init(arena, arena_len))
		abort();
}

/* ---- the host allocator: every kernel block a host malloc ---- */

static void *host_malloc(struct uk_alloc *a, size_t size)
{
	return malloc(size);
}

static int host_memalign(struct uk_alloc *a, void **p, size_t align,
			 size_t size)
{
	return posix_memalign(p, align, size) ? -UK_ENOMEM : 0;
}

static void host_free(struct uk_alloc *a, void *p)
{
	free(p);
}

static size_t host_getsize(struct uk_alloc *a, const void *p)
{
	return malloc_usable_size((void *)p);
}

static int host_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return -UK_ENOTSUP;
}

static size_t host_availmem(struct uk_alloc *a)
{
	return 1UL << 30;
}

struct uk_alloc *shim_alloc_host(void)
{
	static const struct uk_alloc_ops ops = {
		.malloc = host_malloc, .posix_memalign = host_memalign,
		.free = host_free, .getsize = host_getsize,
		.addmem = host_addmem, .availmem = host_availmem,
	};
	static struct uk_alloc host;

	if (!host.ops && uk_alloc_register(&host, "host", &ops))
		abort();
	uk_alloc_set_default(&host);
	return &host;
}
