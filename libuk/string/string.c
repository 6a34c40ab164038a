/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Freestanding string helpers. memcpy/memmove/memset/memcmp are also
 * provided as weak symbols, because the compiler may emit calls to them;
 * when a C library is linked, its own (strong, faster) versions win.
 */
#include <uk/string.h>

/*
 * Words copied through these types: an access through a plain unsigned
 * long * at an address not aligned for it is undefined (and faults on
 * aarch64 with the MMU off or on device memory). The unaligned one is one
 * move where the CPU allows it (x86_64), bytes under -mstrict-align.
 */
typedef unsigned long __attribute__((may_alias)) word_t;
typedef unsigned long __attribute__((may_alias, aligned(1))) uword_t;

void *uk_memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (!(((uintptr_t)d | (uintptr_t)s) & (sizeof(word_t) - 1))) {
		for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
			*(word_t *)d = *(const word_t *)s;
			d += sizeof(word_t);
			s += sizeof(word_t);
		}
	}
	for (; n >= sizeof(uword_t); n -= sizeof(uword_t)) {
		*(uword_t *)d = *(const uword_t *)s;
		d += sizeof(uword_t);
		s += sizeof(uword_t);
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *uk_memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return uk_memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *uk_memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned long w = (unsigned char)c * (~0UL / 0xff);

	while (n && ((uintptr_t)d & (sizeof(w) - 1))) {
		*d++ = (unsigned char)c;
		n--;
	}
	while (n >= sizeof(w)) {
		*(word_t *)d = w;
		d += sizeof(w);
		n -= sizeof(w);
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int uk_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t uk_strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

size_t uk_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int uk_strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int uk_strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *uk_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

size_t uk_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = uk_strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		uk_memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

/* What the compiler may call; a linked C library overrides these. */
__weak void *memcpy(void *dst, const void *src, size_t n);
__weak void *memmove(void *dst, const void *src, size_t n);
__weak void *memset(void *dst, int c, size_t n);
__weak int memcmp(const void *a, const void *b, size_t n);

__weak void *memcpy(void *dst, const void *src, size_t n)
{
	return uk_memcpy(dst, src, n);
}

__weak void *memmove(void *dst, const void *src, size_t n)
{
	return uk_memmove(dst, src, n);
}

__weak void *memset(void *dst, int c, size_t n)
{
	return uk_memset(dst, c, n);
}

__weak int memcmp(const void *a, const void *b, size_t n)
{
	return uk_memcmp(a, b, n);
}
