/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * crypt() and crypt_r(), missing from Debian's musl libc.a (its build
 * leaves src/crypt out): present so that programs which call them link
 * (nginx's auth_basic), failing with EINVAL for every setting (<crypt.h>
 * states the contract). The POSIX layer: failures go to errno.
 *
 * Weak, like the malloc family: a program that links its own crypt()
 * (libxcrypt built for libuk) overrides them.
 */
#include <uk/errno.h>
#include <crypt.h>

int *__errno_location(void);

__attribute__((weak)) char *crypt_r(const char *key, const char *setting,
				    struct crypt_data *data)
{
	*__errno_location() = UK_EINVAL;
	return (char *)0;
}

__attribute__((weak)) char *crypt(const char *key, const char *setting)
{
	return crypt_r(key, setting, (struct crypt_data *)0);
}
