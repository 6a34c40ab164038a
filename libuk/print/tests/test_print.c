/* SPDX-License-Identifier: BSD-3-Clause */
/* The kernel formatter: conversions, flags, widths, truncation. */
#include <uk/test.h>
#include <uk/print.h>

#define EXPECT_FMT(want, ...)						\
	do {								\
		char buf[128];						\
		int n = uk_snprintf(buf, sizeof(buf), __VA_ARGS__);	\
		UK_TEST_EXPECT_STR_EQ(buf, want);			\
		UK_TEST_EXPECT_EQ(n, (int)sizeof(want) - 1);		\
	} while (0)

UK_TESTCASE(print, integers)
{
	EXPECT_FMT("42 -42 0", "%d %i %d", 42, -42, 0);
	EXPECT_FMT("-2147483648", "%d", (int)0x80000000);
	EXPECT_FMT("4294967295", "%u", 0xffffffffu);
	EXPECT_FMT("ff FF 777", "%x %X %o", 255, 255, 0777);
	EXPECT_FMT("-9223372036854775808", "%lld", (long long)(1ULL << 63));
	EXPECT_FMT("18446744073709551615", "%llu", ~0ULL);
	EXPECT_FMT("123456789012", "%ld", 123456789012L);
	EXPECT_FMT("4096", "%zu", (size_t)4096);
	EXPECT_FMT("-1", "%zd", (long)-1);
	EXPECT_FMT("255 -1", "%hhu %hhd", 0x1ff, 0xff);
	EXPECT_FMT("65535", "%hu", 0x1ffff);
}

UK_TESTCASE(print, widths_and_flags)
{
	EXPECT_FMT("[   42]", "[%5d]", 42);
	EXPECT_FMT("[42   ]", "[%-5d]", 42);
	EXPECT_FMT("[00042]", "[%05d]", 42);
	EXPECT_FMT("[-0042]", "[%05d]", -42);
	EXPECT_FMT("[+42]", "[%+d]", 42);
	EXPECT_FMT("[ 42]", "[% d]", 42);
	EXPECT_FMT("[0x1f]", "[%#x]", 31);
	EXPECT_FMT("[0X1F]", "[%#X]", 31);
	EXPECT_FMT("[017]", "[%#o]", 15);
	EXPECT_FMT("[  007]", "[%5.3d]", 7);
	EXPECT_FMT("[]", "[%.0d]", 0);
	EXPECT_FMT("[    7]", "[%*d]", 5, 7);
	EXPECT_FMT("[7    ]", "[%*d]", -5, 7);
	EXPECT_FMT("[0000000000001234]", "[%016lx]", 0x1234UL);
}

UK_TESTCASE(print, strings_chars_pointers)
{
	EXPECT_FMT("hello", "%s", "hello");
	EXPECT_FMT("[  abc]", "[%5s]", "abc");
	EXPECT_FMT("[abc  ]", "[%-5s]", "abc");
	EXPECT_FMT("[ab]", "[%.2s]", "abcdef");
	EXPECT_FMT("[ abc]", "[%*.*s]", 4, 3, "abcdef");
	EXPECT_FMT("(null)", "%s", (char *)NULL);
	EXPECT_FMT("x-y", "%c-%c", 'x', 'y');
	EXPECT_FMT("0x1000", "%p", (void *)0x1000);
	EXPECT_FMT("100%", "100%%");
}

UK_TESTCASE(print, unknown_conversion_is_verbatim)
{
	EXPECT_FMT("a %y b", "a %y b");
}

UK_TESTCASE(print, truncation)
{
	char buf[8];
	int n;

	buf[7] = 'Z';
	n = uk_snprintf(buf, 6, "%s", "truncated");
	UK_TEST_EXPECT_EQ(n, 9);
	UK_TEST_EXPECT_STR_EQ(buf, "trunc");
	UK_TEST_EXPECT_EQ(buf[7], 'Z');
	n = uk_snprintf(buf, 1, "%d", 12345);
	UK_TEST_EXPECT_EQ(n, 5);
	UK_TEST_EXPECT_EQ(buf[0], '\0');
	n = uk_snprintf(NULL, 0, "%d-%s", 10, "abc");
	UK_TEST_EXPECT_EQ(n, 6);
}

UK_TEST_MAIN()
