/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory map of a PVH start info that has none. A Xen that starts
 * the image with a version-0 hvm_start_info (a PVH dom0 on Xen 4.17, and
 * older toolstacks) gives the map through XENMEM_memory_map, as E820
 * entries; they are converted here into the version-1 memory map that
 * the PVH boot code (plat/kvm/x86_64/setup.c) reads, and the start info
 * is updated to point at it. Runs before that code reads the start info.
 */
#include <uk/print.h>
#include "xen.h"
#include "../../kvm/x86_64/pvh.h"

#define MAX_ENTRIES		64

/* the loader's %ebx, saved by the PVH entry */
extern uint64_t x86_pvh_start_info;

static struct xen_e820_entry e820[MAX_ENTRIES];
static struct pvh_memmap_entry memmap[MAX_ENTRIES];

void xen_memmap_fixup(void)
{
	struct pvh_start_info *si =
		(struct pvh_start_info *)(uintptr_t)x86_pvh_start_info;
	struct xen_memory_map m = { .nr_entries = MAX_ENTRIES,
				    .buffer = (uintptr_t)e820 };
	long rc;

	if (!si || si->magic != PVH_START_MAGIC ||
	    (si->version >= 1 && si->memmap_paddr))
		return;
	rc = xen_hypercall(XEN_HYPERCALL_MEMORY_OP, XEN_XENMEM_MEMORY_MAP,
			   (uintptr_t)&m, 0);
	if (rc < 0 || !m.nr_entries) {
		uk_pr_err("Xen: no memory map in the start info, and XENMEM_memory_map failed (%ld)\n",
			  rc);
		return;
	}
	for (uint32_t i = 0; i < m.nr_entries && i < MAX_ENTRIES; i++)
		memmap[i] = (struct pvh_memmap_entry){
			.addr = e820[i].addr,
			.size = e820[i].size,
			.type = e820[i].type,
		};
	si->memmap_paddr = (uintptr_t)memmap;
	si->memmap_entries = UK_MIN(m.nr_entries, MAX_ENTRIES);
	si->version = 1;
}
