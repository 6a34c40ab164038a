/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Number parsing: the strtol family and strtod/strtof, with errno
 * (ERANGE, EINVAL) and the end pointer, plus the ato* wrappers.
 * Compared with the host's static musl build by tests/apps-compare.test.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case 0: return "0";
	case ERANGE: return "ERANGE";
	case EINVAL: return "EINVAL";
	default:
		snprintf(buf, sizeof(buf), "errno %d", e);
		return buf;
	}
}

/* @s in C notation (the inputs hold tabs and newlines); two buffers
 * so that one printf may show two strings. */
static const char *q(const char *s)
{
	static char bufs[2][128];
	static int which;
	char *b = bufs[which ^= 1], *p = b;

	for (*p++ = '"'; *s && p < b + sizeof(bufs[0]) - 4; s++) {
		if (*s == '\t' || *s == '\n') {
			*p++ = '\\';
			*p++ = *s == '\t' ? 't' : 'n';
		} else {
			*p++ = *s;
		}
	}
	*p++ = '"';
	*p = 0;
	return b;
}

static void l(const char *s, int base)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, base);
	printf("strtol(%s, %d) = %ld, %s, end +%td %s\n", q(s), base, v,
	       errname(errno), end - s, q(end));
}

static void ul(const char *s, int base)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, base);
	printf("strtoul(%s, %d) = %lu, %s, end +%td\n", q(s), base, v,
	       errname(errno), end - s);
}

static void ll(const char *s, int base)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, base);
	printf("strtoll(%s, %d) = %lld, %s, end +%td\n", q(s), base, v,
	       errname(errno), end - s);
}

static void ull(const char *s, int base)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, base);
	printf("strtoull(%s, %d) = %llu, %s, end +%td\n", q(s), base, v,
	       errname(errno), end - s);
}

static void d(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	printf("strtod(%s) = %.17g (%a), %s, end +%td\n", q(s), v, v,
	       errname(errno), end - s);
}

static void f(const char *s)
{
	char *end;
	float v;

	errno = 0;
	v = strtof(s, &end);
	printf("strtof(%s) = %.9g, %s, end +%td\n", q(s), (double)v,
	       errname(errno), end - s);
}

static void ld(const char *s)
{
	char *end;
	long double v;

	errno = 0;
	v = strtold(s, &end);
	printf("strtold(%s) = %.21Lg, %s, end +%td\n", q(s), v,
	       errname(errno), end - s);
}

int main(void)
{
	static const char *const ints[] = {
		"0", "42", "-42", "+7", "   \t\n 123xyz", "9223372036854775807",
		"9223372036854775808", "-9223372036854775808",
		"-9223372036854775809", "99999999999999999999999", "", "   ",
		"abc", "-", "+", "0x", "0x1A", "0X1a", "017", "08", "1e5",
		"  -0", "--5",
	};
	size_t i;
	char *end;
	intmax_t im;
	uintmax_t um;

	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		l(ints[i], 10);
		l(ints[i], 0);
	}
	l("ff", 16);
	l("0xff", 16);
	l("0x", 16);
	l("0xg", 16);
	l("zz", 36);
	l("ZZ", 36);
	l("101", 2);
	l("102", 2);
	l("777", 8);
	l("12", 1);
	l("12", 37);
	l("12", -1);
	l("7fffffffffffffff", 16);
	l("8000000000000000", 16);
	l("-8000000000000000", 16);

	ul("18446744073709551615", 10);
	ul("18446744073709551616", 10);
	ul("-1", 10);
	ul("-18446744073709551615", 10);
	ul("-18446744073709551616", 10);
	ul("0xffffffffffffffff", 0);
	ul("  +12", 0);

	ll("-9223372036854775808", 10);
	ll("9223372036854775808", 10);
	ull("18446744073709551615", 0);
	ull("1" "0000000000000000000000", 0);
	ull("-0x1", 0);

	errno = 0;
	im = strtoimax("-123456789012", &end, 10);
	printf("strtoimax = %jd, %s, rest \"%s\"\n", im, errname(errno), end);
	errno = 0;
	um = strtoumax("0777", &end, 0);
	printf("strtoumax = %ju, %s, rest \"%s\"\n", um, errname(errno), end);

	d("0");
	d("-0");
	d("3.14159");
	d("  -2.5e-3xyz");
	d("1e308");
	d("1e309");
	d("-1e309");
	d("1e-320");
	d("1e-400");
	d("2.2250738585072011e-308");
	d("0x1p-3");
	d("0x1.8p1");
	d("0x");
	d("inf");
	d("-Infinity");
	d("nan");
	d("NAN(123)");
	d(".5");
	d("5.");
	d(".");
	d("e5");
	d("1e");
	d("1e+");
	d("0.1");
	d("123456789012345678901234567890");
	d("4.9406564584124654e-324");
	d("2.4703282292062328e-324");
	d("");
	f("3.4028235e38");
	f("3.5e38");
	f("1e-46");
	f("1.17549435e-38");
	f("0.1");
	ld("1.18973149535723176502e+4932");
	ld("1e5000");
	ld("0.1");

	printf("atoi(\"  42abc\") = %d, atoi(\"-17\") = %d, atoi(\"x\") = %d\n",
	       atoi("  42abc"), atoi("-17"), atoi("x"));
	printf("atol(\"-9223372036854775807\") = %ld\n",
	       atol("-9223372036854775807"));
	printf("atoll(\"123456789012\") = %lld\n", atoll("123456789012"));
	printf("atof(\"2.5e2\") = %g\n", atof("2.5e2"));
	return 0;
}
