/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Page-table changes on top of the boot identity map (2 MiB pages over
 * the first 4 GiB, built by the platform's entry code): the NULL guard
 * page and per-page protection (uk/plat/paging.h). A 2 MiB page is split
 * into 4 KiB pages the first time part of it changes.
 */
#include <x86/cpu.h>
#include <uk/plat/paging.h>
#include <uk/alloc.h>
#include <uk/errno.h>

#define PTE_P		0x001ULL
#define PTE_W		0x002ULL
#define PTE_PS		0x080ULL
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR	0x000ffffffffff000ULL
/* flags a 2 MiB entry passes on to its 4 KiB entries (PWT, PCD, G ...) */
#define PTE_LARGE_FLAGS	0x11fULL

#define MAPPED_TOP	(4ULL << 30)
#define PAGE_2M		(2ULL << 20)

/* The boot page directories: 4 x 512 entries of 2 MiB. */
extern uint64_t x86_pd[];

static uint64_t pt0[512] __aligned(4096);
static bool nx_enabled;

static void flush_all(void)
{
	uint64_t cr3;

	__asm__ __volatile__("mov %%cr3, %0; mov %0, %%cr3"
			     : "=r"(cr3) : : "memory");
}

/* Replaces 2 MiB entry @pde with a table of 512 equal 4 KiB entries. */
static void split(uint64_t *pde, uint64_t *pt)
{
	uint64_t base = *pde & PTE_ADDR & ~(PAGE_2M - 1);
	uint64_t flags = *pde & PTE_LARGE_FLAGS & ~PTE_PS;

	for (int i = 0; i < 512; i++)
		pt[i] = (base + ((uint64_t)i << 12)) | flags |
			(*pde & PTE_NX);
	*pde = (uint64_t)pt | PTE_P | PTE_W;
}

void x86_mmu_guard_page0(void)
{
	split(&x86_pd[0], pt0);
	pt0[0] = 0;
	flush_all();
}

/* Returns the 4 KiB entry of @addr, splitting its 2 MiB page if needed. */
static uint64_t *pte_get(uintptr_t addr)
{
	uint64_t *pde = &x86_pd[addr / PAGE_2M];
	uint64_t *pt;

	if (*pde & PTE_PS) {
		pt = uk_palloc(uk_alloc_get_default(), 1);
		if (!pt)
			return NULL;
		split(pde, pt);
	}
	pt = (uint64_t *)(*pde & PTE_ADDR);
	return &pt[(addr >> 12) & 511];
}

static void nx_enable(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000001)
		return;
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	if (d & (1 << 20)) {
		wrmsr(X86_MSR_EFER, rdmsr(X86_MSR_EFER) | X86_EFER_NXE);
		nx_enabled = true;
	}
}

int ukplat_page_protect(uintptr_t addr, size_t len, int prot)
{
	static bool nx_checked;
	uint64_t *pte;

	if ((addr | len) & (UK_PAGE_SIZE - 1) || addr + len < addr ||
	    addr + len > MAPPED_TOP || addr < UK_PAGE_SIZE)
		return -UK_EINVAL;
	if (!nx_checked) {
		nx_enable();
		nx_checked = true;
	}
	for (uintptr_t p = addr; p < addr + len; p += UK_PAGE_SIZE) {
		pte = pte_get(p);
		if (!pte)
			return -UK_ENOMEM;
		*pte = (*pte & ~(PTE_P | PTE_W | PTE_NX)) |
		       (prot ? PTE_P : 0) |
		       ((prot & UKPLAT_PROT_WRITE) ? PTE_W : 0) |
		       (nx_enabled && !(prot & UKPLAT_PROT_EXEC) ? PTE_NX : 0);
		__asm__ __volatile__("invlpg (%0)" : : "r"(p) : "memory");
	}
	return 0;
}
