/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * In-image test framework. Test cases register through a linker section
 * and run from main() (UK_TEST_MAIN). Output is TAP version 13:
 *
 *   TAP version 13
 *   1..N
 *   ok 1 - suite.name
 *   not ok 2 - suite.other
 *   # file.c:42: expected a == b: 3 != 4
 *
 * Every other console line (kernel messages included) starts with "# ".
 * The image exits with 0 when every test passed, 1 otherwise.
 *
 * UK_TEST_EXPECT_* record a failure and go on; UK_TEST_ASSERT_* record
 * it and leave the test case at once. Kernel arguments:
 *   test.filter=PATTERN  run only "suite.name" containing PATTERN
 */
#ifndef UK_TEST_H
#define UK_TEST_H

#include <uk/essentials.h>

struct uk_testcase {
	const char *suite;
	const char *name;
	void (*fn)(void);
};

#define UK_TESTCASE(suite_, name_)					\
	static void __uk_test_##suite_##_##name_(void);			\
	static const struct uk_testcase					\
	__used __section(".uk_testtab") __aligned(8)			\
	__uk_testcase_##suite_##_##name_ = {				\
		#suite_, #name_, __uk_test_##suite_##_##name_		\
	};								\
	static void __uk_test_##suite_##_##name_(void)

/* Defines main() running every registered test case. */
#define UK_TEST_MAIN()							\
	int main(int argc, char **argv)					\
	{								\
		return uk_test_main(argc, argv);			\
	}

int uk_test_main(int argc, char **argv);

/* Internal: record a failed check and print the diagnosis. */
void uk_test_fail(const char *file, int line, const char *fmt, ...)
	__printf_like(3, 4);
/* Internal: leave the current test case (after a failed assertion). */
void uk_test_abort(void) __noreturn;
/* Prints a "# "-prefixed diagnostic line into the TAP stream. */
void uk_test_diag(const char *fmt, ...) __printf_like(1, 2);

#define UK_TEST_EXPECT_(cond, ...)					\
	({								\
		bool __ok = (cond);					\
		if (!__ok)						\
			uk_test_fail(__FILE__, __LINE__, __VA_ARGS__);	\
		__ok;							\
	})

#define UK_TEST_EXPECT(c)						\
	UK_TEST_EXPECT_((c), "expected %s", #c)

#define UK_TEST_CMP_(a, op, b, fmt, type)				\
	({								\
		type __a = (type)(a);				\
		type __b = (type)(b);			\
		UK_TEST_EXPECT_(__a op __b,				\
			"expected %s %s %s: " fmt " vs " fmt,		\
			#a, #op, #b, __a, __b);				\
	})

#define UK_TEST_EXPECT_EQ(a, b)	UK_TEST_CMP_(a, ==, b, "%lld", long long)
#define UK_TEST_EXPECT_NE(a, b)	UK_TEST_CMP_(a, !=, b, "%lld", long long)
#define UK_TEST_EXPECT_LT(a, b)	UK_TEST_CMP_(a, <, b, "%lld", long long)
#define UK_TEST_EXPECT_LE(a, b)	UK_TEST_CMP_(a, <=, b, "%lld", long long)
#define UK_TEST_EXPECT_GT(a, b)	UK_TEST_CMP_(a, >, b, "%lld", long long)
#define UK_TEST_EXPECT_GE(a, b)	UK_TEST_CMP_(a, >=, b, "%lld", long long)
#define UK_TEST_EXPECT_UEQ(a, b)					\
	UK_TEST_CMP_(a, ==, b, "%llu", unsigned long long)
#define UK_TEST_EXPECT_PTR_EQ(a, b)	UK_TEST_CMP_(a, ==, b, "%p", void *)
#define UK_TEST_EXPECT_PTR_NE(a, b)	UK_TEST_CMP_(a, !=, b, "%p", void *)
#define UK_TEST_EXPECT_NULL(a)		UK_TEST_EXPECT_PTR_EQ(a, NULL)
#define UK_TEST_EXPECT_NOT_NULL(a)	UK_TEST_EXPECT_PTR_NE(a, NULL)

/* Compares two NUL-terminated strings; prints both on failure. */
#define UK_TEST_EXPECT_STR_EQ(a, b)					\
	({								\
		const char *__a = (a), *__b = (b);			\
		UK_TEST_EXPECT_(uk_test_streq(__a, __b),		\
			"expected %s == %s: \"%s\" vs \"%s\"",		\
			#a, #b, __a, __b);				\
	})

/* Compares @n bytes. */
#define UK_TEST_EXPECT_MEM_EQ(a, b, n)					\
	UK_TEST_EXPECT_(uk_test_memeq((a), (b), (n)),			\
			"expected %zu bytes of %s == %s", (size_t)(n),	\
			#a, #b)

#define UK_TEST_ASSERT_(ok)						\
	do {								\
		if (!(ok))						\
			uk_test_abort();				\
	} while (0)

#define UK_TEST_ASSERT(c)		UK_TEST_ASSERT_(UK_TEST_EXPECT(c))
#define UK_TEST_ASSERT_EQ(a, b)		UK_TEST_ASSERT_(UK_TEST_EXPECT_EQ(a, b))
#define UK_TEST_ASSERT_NOT_NULL(a)	UK_TEST_ASSERT_(UK_TEST_EXPECT_NOT_NULL(a))

bool uk_test_streq(const char *a, const char *b);
bool uk_test_memeq(const void *a, const void *b, size_t n);

#endif /* UK_TEST_H */
