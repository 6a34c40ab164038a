/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform entropy. */
#ifndef UK_PLAT_RANDOM_H
#define UK_PLAT_RANDOM_H

#include <uk/essentials.h>

/*
 * Fills @buf with @len bytes from the CPU's random number instruction
 * (RDRAND / RNDR). Returns 0, or -ENOTSUP when the CPU has none.
 */
int ukplat_random_hw(void *buf, size_t len);

#endif /* UK_PLAT_RANDOM_H */
