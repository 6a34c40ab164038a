/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Building the memory map and the command line (bootinfo.c), for the
 * aarch64 platforms' boot code.
 */
#ifndef ARM64_BOOTINFO_H
#define ARM64_BOOTINFO_H

#include <uk/essentials.h>
#include <uk/plat/memory.h>

/*
 * Records [base, base + len) (rounded out to pages) as a region that is
 * not free: the image, the DTB, firmware reservations. Call it before
 * arm64_mem_add_ram() for the RAM it lies in.
 */
void arm64_mem_reserve(uint64_t base, uint64_t len, int type,
		       const char *name);

/*
 * Adds RAM [base, base + len) as free regions, leaving out page 0 and
 * what was reserved before.
 */
void arm64_mem_add_ram(uint64_t base, uint64_t len);

/* Copies the command line (@len bytes, not NUL-terminated). */
void arm64_cmdline_set(const char *s, size_t len);

struct uk_fdt;
/*
 * The device tree the board booted with, for drivers that look for
 * their devices in it (virtio-mmio, PCI); NULL on a board without one.
 */
void arm64_fdt_set(const struct uk_fdt *fdt);
const struct uk_fdt *arm64_fdt(void);

#endif /* ARM64_BOOTINFO_H */
