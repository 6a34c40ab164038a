/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>

void uk_crash(const char *file, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	uk_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	uk_crash_print("kernel crash at %s:%d: %s", file, line, msg);
	ukplat_backtrace();
	ukplat_terminate(UK_STATUS_CRASH);
}
