/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel argument alloc.stats=1: at exit, after every other termination
 * hook, prints one line per allocator instance, whatever print.level:
 *
 *   # alloc tlsf 0x1000 (default): 529248 bytes in use, peak 534248;
 *     7 allocs, 2 frees, 0 failed; 66017992 bytes free, largest 65908680
 *
 * (one line; "failed" counts allocations that returned NULL/ENOMEM).
 */
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/param.h>
#include <uk/print.h>

static bool show_stats;
UK_PARAM(alloc, stats, UK_PARAM_BOOL, show_stats,
	 "print each allocator's statistics at exit");

static void comment(const char *fmt, ...) __printf_like(1, 2);

static void comment(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vcomment(fmt, ap);
	va_end(ap);
}

static void alloc_stats_print(int status)
{
	struct uk_alloc *a, *def = uk_alloc_get_default();
	struct uk_alloc_stats s;

	if (!show_stats)
		return;
	for (a = uk_alloc_first(); a; a = a->next) {
		uk_alloc_stats_get(a, &s);
		comment("alloc %s %p%s: %zu bytes in use, peak %zu; "
			"%llu allocs, %llu frees, %llu failed; "
			"%zu bytes free, largest %zu\n",
			a->name, (void *)a, a == def ? " (default)" : "",
			s.cur_mem_use, s.max_mem_use,
			(unsigned long long)s.nb_allocs,
			(unsigned long long)s.nb_frees,
			(unsigned long long)s.nb_enomem,
			uk_alloc_availmem(a), uk_alloc_maxalloc(a));
	}
}
/* class EARLY, priority 0: the last hook to run */
uk_termcall_prio(alloc_stats_print, 1, 0);
