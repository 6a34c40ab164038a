/* SPDX-License-Identifier: BSD-3-Clause */
/* lwIP is compiled freestanding: its <string.h> is the kernel's helpers. */
#ifndef UK_LWIP_SHIM_STRING_H
#define UK_LWIP_SHIM_STRING_H
#include <uk/string.h>
#define memcpy	uk_memcpy
#define memmove	uk_memmove
#define memset	uk_memset
#define memcmp	uk_memcmp
#define strlen	uk_strlen
#define strcmp	uk_strcmp
#define strncmp	uk_strncmp
#endif
