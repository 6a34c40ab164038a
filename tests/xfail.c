/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A deliberately failing image (listed in XFAIL_TESTS): proves that the
 * harness sees a failed check, reported as "not ok" with both values.
 * It holds only the failing case: under XFAIL_TESTS a passing one would
 * count as an unexpected pass.
 */
#include <uk/test.h>

UK_TESTCASE(xfail, fails_on_purpose)
{
	int answer = 41;

	UK_TEST_EXPECT_EQ(answer, 42);
}

UK_TEST_MAIN()
