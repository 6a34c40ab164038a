/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PVH boot ABI (Xen's public/arch-x86/hvm/start_info.h, restated):
 * the loader passes the physical address of this structure in %ebx.
 */
#ifndef KVM_PVH_H
#define KVM_PVH_H

#include <uk/essentials.h>

#define PVH_START_MAGIC		0x336ec578
#define PVH_MEMMAP_RAM		1	/* E820 type of usable RAM */

struct pvh_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	/* version >= 1 */
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct pvh_module {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct pvh_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

/*
 * Reads the start info at physical address @si_paddr into the boot
 * information (plat/common.h): the command line (kept where it is,
 * reserved), the kernel image [@image_start, @image_end) as reserved,
 * the modules as INITRD regions, the RAM of the memory map (the first
 * 4 GiB as the boot page tables map it, the rest mapped by
 * x86_mmu_map_ram). Whatever the start info says, nothing outside what
 * pvh_phys() vouches for is read. Returns 0, or -EINVAL (reported)
 * when there is no start info or no memory map; a command line or
 * module that cannot be read is reported and ignored.
 */
int pvh_parse(uint64_t si_paddr, uint64_t image_start, uint64_t image_end);

/*
 * The bytes [@paddr, @paddr + @len) of physical memory, as a pointer the
 * kernel may read, or NULL when some of them cannot be read (not mapped,
 * the range wraps, or @paddr is 0). Defined by the board (setup.c).
 */
const void *pvh_phys(uint64_t paddr, uint64_t len);

#endif /* KVM_PVH_H */
