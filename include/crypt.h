/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <crypt.h>, which Debian's musl does not ship (nor crypt() in its
 * libc.a): the declarations glibc and upstream musl give, with musl's
 * struct crypt_data. Installed next to <uk/...> in the include directory
 * pkg-config's Cflags name, so programs that include it (nginx) build.
 *
 * libuk's crypt() and crypt_r() (libuk/musl/crypt.c) know no hashing
 * method yet: they MUST be treated as failing for every setting -- they
 * return NULL with errno EINVAL, which POSIX allows ("the algorithm is
 * not supported"); no program gets a hash it could mistake for a real
 * one.
 */
#ifndef _CRYPT_H
#define _CRYPT_H

#ifdef __cplusplus
extern "C" {
#endif

struct crypt_data {
	int initialized;
	char __buf[256];
};

char *crypt(const char *key, const char *setting);
char *crypt_r(const char *key, const char *setting, struct crypt_data *data);

#ifdef __cplusplus
}
#endif

#endif /* _CRYPT_H */
