/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stdio formatting, as an unmodified program sees it: integers, strings,
 * floating point (%f %e %g %a, widths, precisions, flags), positional
 * arguments, snprintf's truncation contract, and a little of libm.
 * The output is compared with the same source run as a static musl
 * program on the host (tests/apps-compare.test).
 *
 *   stdio            the formatting cases
 *   stdio bulk N     N numbered lines (console throughput and integrity)
 */
#include <float.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void integers(void)
{
	printf("[%d] [%i] [%u] [%x] [%X] [%o]\n", -42, 42, 42u, 0xbeefu,
	       0xbeefu, 8u);
	printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d]\n", 42, 42, 42, 42, 42,
	       -42);
	printf("[%#x] [%#o] [%#X] [%#x]\n", 255u, 8u, 255u, 0u);
	printf("[%.3d] [%.0d] [%8.3d] [%-8.3d|]\n", 7, 0, -7, 7);
	printf("[%hhd] [%hd] [%ld] [%lld] [%zu] [%td] [%jd]\n",
	       (signed char)-1, (short)-32768, LONG_MIN, LLONG_MAX,
	       (size_t)SIZE_MAX, (ptrdiff_t)-1, (intmax_t)INTMAX_MIN);
	printf("[%lu] [%llx] [%" PRIu64 "] [%" PRIx32 "]\n", ULONG_MAX,
	       0x123456789abcdefULL, UINT64_MAX, UINT32_MAX);
	printf("[%*d] [%-*d] [%.*d]\n", 6, 1, 6, 2, 4, 3);
}

static void strings(void)
{
	printf("[%s] [%10s] [%-10s] [%.3s] [%10.2s]\n", "abc", "right", "left",
	       "truncate", "xy-z");
	printf("[%c] [%3c] [%-3c] [%%]\n", 'A', 'B', 'C');
	printf("[%ls] [%lc]\n", L"wide", (wint_t)L'w');
	printf("[%s]\n", "");
}

static void floats(void)
{
	static const double v[] = {
		0.0, -0.0, 1.0, -1.5, 0.1, 2.5, 3.5, 123456.789, 1e-5,
		1e-300, 1e300, 5e-324, DBL_MAX, DBL_MIN, 1.0 / 3.0,
		0.000123456789, 9.9999999, 1e15, 1e16, 1e21,
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		printf("%zu: [%f] [%.2f] [%e] [%.3E] [%g] [%G] [%.17g]\n", i,
		       v[i], v[i], v[i], v[i], v[i], v[i], v[i]);
	printf("[%10.3f] [%-10.3f|] [%010.3f] [%+.1f] [% .1f] [%#.0f] [%.0f]\n",
	       3.14159, 3.14159, -3.14159, 2.0, 2.0, 3.0, 2.5);
	printf("[%#g] [%#.3g] [%.0e] [%#.0e] [%.10g] [%g]\n", 1.0, 1.0, 12345.0,
	       12345.0, 1.0 / 7.0, 100000.0);
	printf("[%g] [%g] [%.3g] [%g]\n", 1000000.0, 0.0001, 0.0001234,
	       0.00001);
	printf("[%f] [%f] [%F] [%e] [%g] [%5.1f] [%-6f|]\n", INFINITY,
	       -INFINITY, INFINITY, NAN, -NAN, INFINITY, NAN);
	printf("[%a] [%A] [%a] [%.2a] [%a] [%a]\n", 1.0, 255.5, -0.1, 1.0 / 3.0,
	       0.0, DBL_MIN);
	printf("[%Lf] [%Le] [%.20Lg]\n", 1.25L, 1e-10L, 1.0L / 3.0L);
	printf("[%.60f]\n", 0.1);
	printf("[%.40e]\n", 1.0 / 3.0);
	printf("[%f]\n", 1e300);
	printf("[%.3f] [%.3f] [%.2f] [%.1f]\n", 1.0005, 2.0005, 0.125, 0.25);
	printf("[%f] [%e]\n", (double)FLT_MAX, (double)FLT_MIN);
}

static void positional(void)
{
	printf("%2$s %1$s %2$s\n", "world", "hello");
	printf("%1$*2$d|%3$-*2$s|\n", 42, 6, "ab");
}

static void counts(void)
{
	int n1 = -1, n2 = -1;
	int r;

	r = printf("abc%nde%nf\n", &n1, &n2);
	printf("printf returned %d, %%n gave %d and %d\n", r, n1, n2);
}

static void show_snprintf(size_t size, const char *what, int r,
			  const char *buf)
{
	printf("snprintf(size %zu, %s) = %d, buf \"%s\"\n", size, what, r, buf);
}

static void truncation(void)
{
	char buf[16];
	/* volatile: the compiler would warn of the truncation we test */
	volatile size_t sizes[] = { 16, 12, 11, 5, 1 };
	size_t i;
	int r;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(buf, 'X', sizeof(buf));
		r = snprintf(buf, sizes[i], "hello world");
		show_snprintf(sizes[i], "\"hello world\"", r, buf);
		printf("  byte after the terminator: %s\n",
		       sizes[i] < sizeof(buf) ?
		       (buf[sizes[i]] == 'X' ? "untouched" : "CLOBBERED") :
		       "n/a");
	}
	memset(buf, 'X', sizeof(buf));
	r = snprintf(buf, 0, "%d", 12345);
	printf("snprintf(size 0, 12345) = %d, buf[0] %s\n", r,
	       buf[0] == 'X' ? "untouched" : "CLOBBERED");
	r = snprintf(NULL, 0, "%s-%d-%.2f", "abc", -17, 2.5);
	printf("snprintf(NULL, 0, ...) = %d\n", r);
	r = snprintf(buf, sizes[0], "%.3f|%10d", 3.14159, 7);
	show_snprintf(sizeof(buf), "\"%.3f|%10d\"", r, buf);
}

static void wide_and_misc(void)
{
	char buf[64];
	wchar_t w[32];
	int r;

	r = swprintf(w, 32, L"%d-%ls", 5, L"wide");
	printf("swprintf = %d, %ls\n", r, w);
	r = sprintf(buf, "%08.3f|%-+8d|%x", -1.5, 99, 48879u);
	printf("sprintf = %d, %s\n", r, buf);
	r = puts("puts adds a newline");
	printf("puts returned non-negative: %s\n", r >= 0 ? "yes" : "no");
	fputs("fputs ", stdout);
	putchar('x');
	putc('\n', stdout);
	fwrite("fwrite 12345\n", 1, 13, stdout);
	fprintf(stdout, "%s\n", "fprintf to stdout");
}

static void scanning(void)
{
	int a = 0, n = 0;
	unsigned x = 0;
	double d = 0;
	char s[16] = "", c = 0;
	int r;

	r = sscanf("  42 0x1f 2.5e3 word!", "%d %x %lf %15[a-z]%c%n", &a, &x,
		   &d, s, &c, &n);
	printf("sscanf = %d: %d %u %g %s %c, consumed %d\n", r, a, x, d, s, c,
	       n);
	r = sscanf("abc", "%d", &a);
	printf("sscanf of no number = %d\n", r);
	r = sscanf("", "%d", &a);
	printf("sscanf of empty = %d\n", r);
}

static void maths(void)
{
	/* the same code on both sides: results must be bit for bit equal */
	printf("sqrt(2) = %.17g\n", sqrt(2.0));
	printf("sin(1) = %.17g, cos(1) = %.17g\n", sin(1.0), cos(1.0));
	printf("exp(1) = %.17g, log(10) = %.17g\n", exp(1.0), log(10.0));
	printf("pow(2, 0.5) = %.17g, pow(10, -3) = %.17g\n", pow(2, 0.5),
	       pow(10, -3));
	printf("atan2(1, 1) * 4 = %.17g\n", atan2(1, 1) * 4);
	printf("floor(-2.5) = %g, ceil(-2.5) = %g, round(2.5) = %g, "
	       "trunc(-2.7) = %g\n", floor(-2.5), ceil(-2.5), round(2.5),
	       trunc(-2.7));
	printf("fmod(10, 3) = %g, hypot(3, 4) = %g, cbrt(27) = %g\n",
	       fmod(10, 3), hypot(3, 4), cbrt(27));
	printf("sqrtf(2) = %.9g, expf(1) = %.9g\n", (double)sqrtf(2.0f),
	       (double)expf(1.0f));
	printf("isnan(0/0) = %d, isinf(1/0) = %d, signbit(-0.0) = %d\n",
	       isnan(strtod("nan", NULL)), isinf(strtod("inf", NULL)),
	       !!signbit(-0.0));
	printf("lrint(2.5) = %ld, lrint(3.5) = %ld, nearbyint(-0.5) = %g\n",
	       lrint(2.5), lrint(3.5), nearbyint(-0.5));
	printf("long double: sqrtl(2) = %.21Lg\n", sqrtl(2.0L));
}

static int bulk(long n)
{
	long i;

	for (i = 0; i < n; i++)
		printf("line %06ld: %s\n", i,
		       "the quick brown fox jumps over the lazy dog");
	printf("bulk done: %ld lines\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "bulk"))
		return bulk(strtol(argv[2], NULL, 10));
	integers();
	strings();
	floats();
	positional();
	counts();
	truncation();
	wide_and_misc();
	scanning();
	maths();
	return 0;
}
