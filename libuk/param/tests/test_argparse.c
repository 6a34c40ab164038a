/* SPDX-License-Identifier: BSD-3-Clause */
/* Command-line splitting and kernel parameters. */
#include <uk/test.h>
#include <uk/param.h>
#include <uk/errno.h>
#include <uk/string.h>

static char line[256];
static char *argv[16];

static int split(const char *s, int max)
{
	uk_strlcpy(line, s, sizeof(line));
	return uk_argparse(line, argv, max);
}

UK_TESTCASE(argparse, blanks)
{
	UK_TEST_ASSERT_EQ(split("  a  bb\tccc \n", 8), 3);
	UK_TEST_EXPECT_STR_EQ(argv[0], "a");
	UK_TEST_EXPECT_STR_EQ(argv[1], "bb");
	UK_TEST_EXPECT_STR_EQ(argv[2], "ccc");
	UK_TEST_EXPECT_NULL(argv[3]);
	UK_TEST_EXPECT_EQ(split("", 8), 0);
	UK_TEST_EXPECT_NULL(argv[0]);
	UK_TEST_EXPECT_EQ(split("   ", 8), 0);
}

UK_TESTCASE(argparse, quoting)
{
	UK_TEST_ASSERT_EQ(split("'a b' \"c d\" e\\ f", 8), 3);
	UK_TEST_EXPECT_STR_EQ(argv[0], "a b");
	UK_TEST_EXPECT_STR_EQ(argv[1], "c d");
	UK_TEST_EXPECT_STR_EQ(argv[2], "e f");
	UK_TEST_ASSERT_EQ(split("x'y'\"z\" '' \"\"", 8), 3);
	UK_TEST_EXPECT_STR_EQ(argv[0], "xyz");
	UK_TEST_EXPECT_STR_EQ(argv[1], "");
	UK_TEST_EXPECT_STR_EQ(argv[2], "");
	UK_TEST_ASSERT_EQ(split("\"a\\\"b\\\\c\\n\" 'it'\\''s'", 8), 2);
	UK_TEST_EXPECT_STR_EQ(argv[0], "a\"b\\c\\n");
	UK_TEST_EXPECT_STR_EQ(argv[1], "it's");
}

UK_TESTCASE(argparse, double_dash)
{
	UK_TEST_ASSERT_EQ(split("print.level=debug -- --port 8080", 8), 4);
	UK_TEST_EXPECT_STR_EQ(argv[0], "print.level=debug");
	UK_TEST_EXPECT_STR_EQ(argv[1], "--");
	UK_TEST_EXPECT_STR_EQ(argv[2], "--port");
	UK_TEST_EXPECT_STR_EQ(argv[3], "8080");
}

UK_TESTCASE(argparse, bad_input)
{
	UK_TEST_EXPECT_EQ(split("a 'unterminated", 8), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(split("a \"unterminated", 8), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(split("trailing\\", 8), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(split("a b c d", 3), -UK_E2BIG);
	UK_TEST_EXPECT_EQ(split("a b c", 3), 3);
}

static uint64_t test_num;
UK_PARAM(testparam, num, UK_PARAM_U64, test_num, "a number");
static uint64_t test_small = 7;
UK_PARAM_U64_MAX(testparam, small, test_small, 1 << 20, "at most 1M");
static bool test_flag;
UK_PARAM(testparam, flag, UK_PARAM_BOOL, test_flag, "a flag");
static const char *test_str = "unset";
UK_PARAM(testparam, str, UK_PARAM_STR, test_str, "a string");

UK_TESTCASE(param, apply)
{
	char a1[] = "testparam.num=4K", a2[] = "testparam.flag=yes",
	     a3[] = "testparam.str=hello", a4[] = "env.HOME=/root",
	     a5[] = "nosuch.param=1", a6[] = "testparam.num=12x",
	     a7[] = "garbage";
	char *args[] = { a1, a2, a3, a4, a5, a6, a7 };
	char *envp[4];
	int n;

	n = uk_param_apply(7, args, envp, 3);
	UK_TEST_EXPECT_EQ(n, 1);
	UK_TEST_EXPECT_STR_EQ(envp[0], "HOME=/root");
	UK_TEST_EXPECT_NULL(envp[1]);
	/* the bad value 12x leaves the earlier 4K in place */
	UK_TEST_EXPECT_EQ(test_num, 4096);
	UK_TEST_EXPECT(test_flag);
	UK_TEST_EXPECT_STR_EQ(test_str, "hello");
}

UK_TESTCASE(param, parse_u64)
{
	uint64_t v = 0;

	UK_TEST_EXPECT_EQ(uk_parse_u64("0x10", &v, false), 0);
	UK_TEST_EXPECT_EQ(v, 16);
	UK_TEST_EXPECT_EQ(uk_parse_u64("2M", &v, true), 0);
	UK_TEST_EXPECT_EQ(v, 2 << 20);
	UK_TEST_EXPECT_EQ(uk_parse_u64("2M", &v, false), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_parse_u64("", &v, false), -UK_EINVAL);
	UK_TEST_EXPECT_EQ(uk_parse_u64("18446744073709551616", &v, false),
			  -UK_ERANGE);
	UK_TEST_EXPECT_EQ(uk_parse_u64("18446744073709551615", &v, false), 0);
	UK_TEST_EXPECT_UEQ(v, ~0ULL);
}

UK_TESTCASE(param, u64_max)
{
	char a1[] = "testparam.small=1M", a2[] = "testparam.small=1025K",
	     a3[] = "testparam.small=18446744073709551615";
	char *args[] = { a1, a2, a3 };
	char *envp[1];

	/* the largest value is accepted; above it, the value is refused
	 * and the parameter keeps what it had */
	uk_param_apply(1, args, envp, 0);
	UK_TEST_EXPECT_EQ(test_small, 1 << 20);
	test_small = 7;
	uk_param_apply(2, args + 1, envp, 0);
	UK_TEST_EXPECT_EQ(test_small, 7);
}

UK_TEST_MAIN()
