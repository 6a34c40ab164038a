/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The in-image test runner: runs every UK_TESTCASE and prints TAP
 * version 13 straight to the console (contract in uk/test.h).
 */
#include <uk/test.h>
#include <uk/print.h>
#include <uk/param.h>
#include <uk/string.h>

extern const struct uk_testcase __uk_testtab_start[], __uk_testtab_end[];

static const char *filter = "";
UK_PARAM(test, filter, UK_PARAM_STR, filter,
	 "run only the tests whose suite.name contains this");

static int case_failures;
static void *case_jmpbuf[5];

static void out(const char *fmt, ...) __printf_like(1, 2);
static void out(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uk_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	uk_console_write(buf, UK_MIN((size_t)n, sizeof(buf) - 1));
}

static bool contains(const char *hay, const char *needle)
{
	size_t n = uk_strlen(needle);

	for (; *hay; hay++)
		if (!uk_strncmp(hay, needle, n))
			return true;
	return n == 0;
}

static bool selected(const struct uk_testcase *t)
{
	char name[128];

	uk_snprintf(name, sizeof(name), "%s.%s", t->suite, t->name);
	return contains(name, filter);
}

bool uk_test_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return uk_strcmp(a, b) == 0;
}

bool uk_test_memeq(const void *a, const void *b, size_t n)
{
	return uk_memcmp(a, b, n) == 0;
}

void uk_test_fail(const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	uk_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	case_failures++;
	uk_test_diag("%s:%d: %s\n", file, line, msg);
}

void uk_test_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vcomment(fmt, ap);
	va_end(ap);
}

void uk_test_abort(void)
{
	__builtin_longjmp(case_jmpbuf, 1);
}

static void run_one(const struct uk_testcase *t)
{
	case_failures = 0;
	if (__builtin_setjmp(case_jmpbuf) == 0)
		t->fn();
}

int uk_test_main(int argc, char **argv)
{
	const struct uk_testcase *t;
	int planned = 0, n = 0, failed = 0;

	for (t = __uk_testtab_start; t < __uk_testtab_end; t++)
		planned += selected(t);
	out("TAP version 13\n1..%d\n", planned);
	for (t = __uk_testtab_start; t < __uk_testtab_end; t++) {
		if (!selected(t))
			continue;
		run_one(t);
		failed += case_failures > 0;
		out("%sok %d - %s.%s\n", case_failures ? "not " : "", ++n,
		    t->suite, t->name);
	}
	if (failed)
		uk_pr_info("%d of %d tests failed\n", failed, n);
	return failed ? 1 : 0;
}
