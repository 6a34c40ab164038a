/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What libuk's allocator sources need from the kernel when bench/alloc
 * compiles them for the host (alloc-trace.c, natively): uk_crash, the
 * target of UK_CRASH and UK_ASSERT. It prints the reason and aborts, so
 * a broken allocator stops the benchmark with its own message.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void uk_crash(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

void uk_crash(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "crash: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
