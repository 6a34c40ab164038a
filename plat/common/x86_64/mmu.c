/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Page-table changes on top of the boot identity map (2 MiB pages over
 * the first 4 GiB, built by the platform's entry code).
 */
#include <x86/cpu.h>

#define PTE_P	0x001
#define PTE_W	0x002

/* The boot page directories: 4 x 512 entries of 2 MiB. */
extern uint64_t x86_pd[];

static uint64_t pt0[512] __aligned(4096);

void x86_mmu_guard_page0(void)
{
	uint64_t cr3;

	/* the first 2 MiB as 4 KiB pages, page 0 not present */
	for (int i = 1; i < 512; i++)
		pt0[i] = ((uint64_t)i << 12) | PTE_P | PTE_W;
	pt0[0] = 0;
	x86_pd[0] = (uint64_t)pt0 | PTE_P | PTE_W;
	__asm__ __volatile__("mov %%cr3, %0; mov %0, %%cr3"
			     : "=r"(cr3) : : "memory");
}
