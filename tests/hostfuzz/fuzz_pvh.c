/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: the PVH start info (plat/kvm/x86_64/start_info.c) and the
 * memory map it builds (plat/common/bootinfo.c, included for its
 * tables). The input is guest memory from physical address 0x1000 on,
 * the start info first; the rest of the first 4 GiB reads as zeros, as
 * in a fresh VM. pvh_phys() answers as the board's does; a range it
 * vouches for of up to 64 KiB is handed out as a heap copy of exactly
 * that size, so that ASan catches a read beyond what was asked for.
 * Checked after a successful parse: no region wraps; free RAM is in a
 * RAM entry of the map, not in page 0 and not under a reserved region;
 * an initrd lies in readable memory.
 */
#include <uk/string.h>
#include <uk/alloc.h>
#include "shim.h"
#include "../../plat/kvm/x86_64/pvh.h"
#include "../../plat/common/bootinfo.c"

extern void *mmap(void *addr, size_t len, int prot, int flags, int fd,
		  long off);
extern void *malloc(size_t n);
extern void free(void *p);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FOUR_GIB	(4ULL << 30)
#define GUEST_AT	0x1000
#define COPY_MAX	(64 * 1024)
#define RAM_TOP		(512ULL << 30)	/* what x86_mmu_map_ram can map */

static uint8_t *guest;		/* the first 4 GiB, lazily zero */
static void *copies[64];
static int ncopies;

const void *pvh_phys(uint64_t paddr, uint64_t len)
{
	void *c;

	if (!paddr || paddr > FOUR_GIB || len > FOUR_GIB - paddr)
		return NULL;
	if (len > COPY_MAX || ncopies == (int)UK_ARRAY_SIZE(copies))
		return guest + paddr;
	c = malloc(len ? len : 1);
	uk_memcpy(c, guest + paddr, len);
	copies[ncopies++] = c;
	return c;
}

uint64_t x86_mmu_map_ram(uint64_t base, uint64_t end)
{
	return end <= RAM_TOP ? end : UK_MAX(base, RAM_TOP);
}

void acpi_rsdp_set(uint64_t paddr)
{
}

static bool in_ram_entry(const struct pvh_start_info *si, uint64_t b,
			 uint64_t e)
{
	uint32_t n = UK_MIN(si->memmap_entries, 128U);
	struct pvh_memmap_entry m;

	if ((uint64_t)n * sizeof(m) > FOUR_GIB - si->memmap_paddr)
		return false;
	for (uint32_t i = 0; i < n; i++) {
		uk_memcpy(&m, guest + si->memmap_paddr + i * sizeof(m),
			  sizeof(m));
		if (m.type == PVH_MEMMAP_RAM && m.addr <= b &&
		    e - m.addr <= m.size)
			return true;
	}
	return false;
}

static void check(const struct pvh_start_info *si)
{
	for (int i = 0; i < nregions; i++) {
		const struct ukplat_memregion *r = &regions[i];

		if (r->base + r->len < r->base)
			shim_fail("%s region 0x%lx+0x%lx wraps\n", r->name,
				  (unsigned long)r->base,
				  (unsigned long)r->len);
		if (r->type == UKPLAT_MEMRT_INITRD &&
		    (!r->base || r->base + r->len > FOUR_GIB))
			shim_fail("initrd 0x%lx+0x%lx cannot be read\n",
				  (unsigned long)r->base,
				  (unsigned long)r->len);
		if (r->type != UKPLAT_MEMRT_FREE)
			continue;
		if (r->base < UK_PAGE_SIZE || r->base % UK_PAGE_SIZE ||
		    r->len % UK_PAGE_SIZE ||
		    !in_ram_entry(si, r->base, r->base + r->len))
			shim_fail("free region 0x%lx+0x%lx is not RAM of the map\n",
				  (unsigned long)r->base,
				  (unsigned long)r->len);
		for (int k = 0; k < nregions; k++) {
			const struct ukplat_memregion *o = &regions[k];

			if (o->type != UKPLAT_MEMRT_FREE &&
			    o->base < r->base + r->len &&
			    r->base < o->base + o->len)
				shim_fail("free region 0x%lx+0x%lx overlaps %s 0x%lx+0x%lx\n",
					  (unsigned long)r->base,
					  (unsigned long)r->len, o->name,
					  (unsigned long)o->base,
					  (unsigned long)o->len);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pvh_start_info si;

	if (size > 1024 * 1024)
		return 0;
	if (!guest) {
		/* PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE */
		guest = mmap(NULL, FOUR_GIB, 3, 0x02 | 0x20 | 0x4000, -1, 0);
		if (guest == (void *)-1)
			shim_fail("cannot map 4 GiB of guest memory\n");
	}
	uk_memcpy(guest + GUEST_AT, data, size);
	nregions = 0;
	cmdline = "";
	ncopies = 0;
	/* the image where the linker script puts it: 1 MiB, 1 MiB long */
	if (pvh_parse(GUEST_AT, 1 << 20, 2 << 20) == 0) {
		uk_memcpy(&si, guest + GUEST_AT, sizeof(si));
		check(&si);
	}
	while (ncopies)
		free(copies[--ncopies]);
	uk_memset(guest + GUEST_AT, 0, size);
	return 0;
}
