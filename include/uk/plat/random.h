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

/*
 * A device that gives entropy (virtio-rng), registered by its driver
 * from an init call. getrandom takes the CPU's instruction first, the
 * device when the CPU has none.
 */
struct ukplat_random_dev {
	const char *name;
	/* Fills @buf with @len bytes: 0 or a negative errno. May poll. */
	int (*read)(struct ukplat_random_dev *dev, void *buf, size_t len);
};

/* Makes @dev the device source (the last registered one is used). */
void ukplat_random_dev_register(struct ukplat_random_dev *dev);

/*
 * Fills @buf with @len bytes from the device source. Returns 0,
 * -ENODEV when there is none, or the device's error.
 */
int ukplat_random_dev(void *buf, size_t len);

/* Bytes the device source has given since boot (for tests). */
uint64_t ukplat_random_dev_bytes(void);

#endif /* UK_PLAT_RANDOM_H */
