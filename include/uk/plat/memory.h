/* SPDX-License-Identifier: BSD-3-Clause */
/* The physical memory map the platform found at boot. */
#ifndef UK_PLAT_MEMORY_H
#define UK_PLAT_MEMORY_H

#include <uk/essentials.h>

#define UKPLAT_MEMRT_FREE	1	/* RAM nobody uses yet */
#define UKPLAT_MEMRT_KERNEL	2	/* the image itself */
#define UKPLAT_MEMRT_RESERVED	3	/* firmware, boot data */
#define UKPLAT_MEMRT_INITRD	4
#define UKPLAT_MEMRT_DEVICE	5

struct ukplat_memregion {
	uint64_t base;
	uint64_t len;
	int type;
	const char *name;
};

/* Number of regions, and region @i (0 <= i < count) or NULL. */
int ukplat_memregion_count(void);
const struct ukplat_memregion *ukplat_memregion_get(int i);

#endif /* UK_PLAT_MEMORY_H */
