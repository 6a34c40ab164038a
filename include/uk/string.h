/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Freestanding string helpers for kernel code. Kernel code never calls into
 * the C library (which may be absent or may be the application's own);
 * it uses these, under their own names.
 */
#ifndef UK_STRING_H
#define UK_STRING_H

#include <uk/essentials.h>

void *uk_memcpy(void *dst, const void *src, size_t n);
void *uk_memmove(void *dst, const void *src, size_t n);
void *uk_memset(void *dst, int c, size_t n);
int uk_memcmp(const void *a, const void *b, size_t n);
size_t uk_strlen(const char *s);
size_t uk_strnlen(const char *s, size_t max);
int uk_strcmp(const char *a, const char *b);
int uk_strncmp(const char *a, const char *b, size_t n);
char *uk_strchr(const char *s, int c);
/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t uk_strlcpy(char *dst, const char *src, size_t size);

/*
 * Parses an unsigned number in base 10, or 16 with a 0x prefix, with an
 * optional K/M/G suffix (powers of 1024) when @suffix is true.
 * Returns 0, or -EINVAL when @s is not entirely a number, -ERANGE on overflow.
 */
int uk_parse_u64(const char *s, uint64_t *out, bool suffix);

#endif /* UK_STRING_H */
