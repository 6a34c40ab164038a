/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <crypt.h> builds and crypt()/crypt_r() link (Debian's musl has
 * neither); every setting -- DES, MD5, SHA-512, empty -- fails with
 * EINVAL and no hash, and crypt_r leaves its data as it found it.
 */
#include <uk/test.h>
#include <crypt.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

static const char *const settings[] = {
	"ab", "$1$saltsalt$", "$6$saltsalt$", "", "*",
};

UK_TESTCASE(crypt, every_setting_fails_with_einval)
{
	size_t i;

	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		errno = 0;
		UK_TEST_EXPECT_NULL(crypt("password", settings[i]));
		UK_TEST_EXPECT_EQ(errno, EINVAL);
	}
}

UK_TESTCASE(crypt, crypt_r_fails_and_leaves_data)
{
	struct crypt_data d;

	memset(&d, 0x5a, sizeof(d));
	d.initialized = 0;
	errno = 0;
	UK_TEST_EXPECT_NULL(crypt_r("password", "$6$saltsalt$", &d));
	UK_TEST_EXPECT_EQ(errno, EINVAL);
	UK_TEST_EXPECT_EQ(d.initialized, 0);
	UK_TEST_EXPECT_EQ(d.__buf[0], 0x5a);
}

UK_TEST_MAIN()
