/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Page-table changes on top of the boot identity map (2 MiB pages over
 * the first 4 GiB, built by the platform's entry code): RAM above 4 GiB,
 * the NULL guard page and per-page protection (uk/plat/paging.h).
 *
 * RAM above 4 GiB is identity-mapped with 1 GiB pages in the boot PDPT
 * (one PDPT: up to 512 GiB), which needs no memory for page tables before
 * the allocator exists; a CPU without 1 GiB pages (CPUID 0x80000001 EDX
 * bit 26) leaves that RAM unused. A large page is split (1 GiB into
 * 2 MiB, 2 MiB into 4 KiB) the first time part of it changes.
 */
#include <x86/cpu.h>
#include <uk/plat/paging.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/memory.h>

#define PTE_P		0x001ULL
#define PTE_W		0x002ULL
#define PTE_PS		0x080ULL
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR	0x000ffffffffff000ULL
/* flags a 2 MiB entry passes on to its 4 KiB entries (PWT, PCD, G ...) */
#define PTE_LARGE_FLAGS	0x11fULL

#define PAGE_2M		(2ULL << 20)
#define PAGE_1G		(1ULL << 30)
#define PDPT_TOP	(512 * PAGE_1G)

/* The boot page tables: one PDPT, 4 x 512 entries of 2 MiB below 4 GiB. */
extern uint64_t x86_pdpt[];
extern uint64_t x86_pd[];

/* end of the identity map: 4 GiB, or more once x86_mmu_map_ram ran */
static uint64_t mapped_top = 4ULL << 30;

static uint64_t pt0[512] __aligned(4096);
static bool nx_enabled, nx_checked;

extern char __uk_image_start[], __uk_text_end[], __uk_rodata_end[];
extern char __uk_image_end[];

static void flush_all(void)
{
	uint64_t cr3;

	__asm__ __volatile__("mov %%cr3, %0; mov %0, %%cr3"
			     : "=r"(cr3) : : "memory");
}

static bool gbpages(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x80000001)
		return false;
	cpuid(0x80000001, 0, &a, &b, &c, &d);
	return d & (1 << 26);
}

uint64_t x86_mmu_map_ram(uint64_t base, uint64_t end)
{
	uint64_t top = end < PDPT_TOP ? end : PDPT_TOP;
	bool gb = gbpages();

	for (uint64_t a = UK_ALIGN_DOWN(base, PAGE_1G); a < top; a += PAGE_1G) {
		if (x86_pdpt[a / PAGE_1G] & PTE_P)
			continue;
		if (!gb) {
			top = a > base ? a : base;
			break;
		}
		x86_pdpt[a / PAGE_1G] = a | PTE_P | PTE_W | PTE_PS;
	}
	flush_all();
	if (top > mapped_top)
		mapped_top = UK_ALIGN_UP(top, PAGE_1G);
	return top > base ? top : base;
}

/*
 * Replaces large entry @e (a 1 GiB page when @size is PAGE_1G, else a
 * 2 MiB page) with a table @t of 512 equal entries of the next size down.
 */
static void split(uint64_t *e, uint64_t *t, uint64_t size)
{
	uint64_t base = *e & PTE_ADDR & ~(size - 1);
	uint64_t step = size / 512;
	/* 2 MiB entries are large pages too; in 4 KiB ones bit 7 is PAT */
	uint64_t flags = (*e & PTE_LARGE_FLAGS) |
			 (size == PAGE_1G ? PTE_PS : 0);

	for (int i = 0; i < 512; i++)
		t[i] = (base + i * step) | flags | (*e & PTE_NX);
	*e = (uint64_t)t | PTE_P | PTE_W;
}

void x86_mmu_guard_page0(void)
{
	split(&x86_pd[0], pt0, PAGE_2M);
	pt0[0] = 0;
	flush_all();
}

/*
 * Sets *@next to the table below entry @e (@size: PAGE_1G for a PDPT
 * entry, PAGE_2M for a page directory's), splitting a large page with a
 * fresh page if needed. Returns 0, -EINVAL if @e maps nothing, -ENOMEM.
 */
static int table_get(uint64_t *e, uint64_t size, uint64_t **next)
{
	uint64_t *t;

	if (!(*e & PTE_P))
		return -UK_EINVAL;
	if (*e & PTE_PS) {
		t = uk_palloc(uk_alloc_get_default(), 1);
		if (!t)
			return -UK_ENOMEM;
		split(e, t, size);
	}
	*next = (uint64_t *)(*e & PTE_ADDR);
	return 0;
}

/* Sets *@pte to the 4 KiB entry of @addr, splitting large pages. */
static int pte_get(uintptr_t addr, uint64_t **pte)
{
	uint64_t *pd, *pt;
	int rc;

	rc = table_get(&x86_pdpt[addr / PAGE_1G], PAGE_1G, &pd);
	if (!rc)
		rc = table_get(&pd[(addr / PAGE_2M) & 511], PAGE_2M, &pt);
	if (!rc)
		*pte = &pt[(addr >> 12) & 511];
	return rc;
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
	uint64_t *pte;
	int rc;

	if ((addr | len) & (UK_PAGE_SIZE - 1) || addr + len < addr ||
	    addr + len > mapped_top || addr < UK_PAGE_SIZE)
		return -UK_EINVAL;
	if (!nx_checked) {
		nx_enable();
		nx_checked = true;
	}
	for (uintptr_t p = addr; p < addr + len; p += UK_PAGE_SIZE) {
		rc = pte_get(p, &pte);
		if (rc)
			return rc;
		*pte = (*pte & ~(PTE_P | PTE_W | PTE_NX)) |
		       (prot ? PTE_P : 0) |
		       ((prot & UKPLAT_PROT_WRITE) ? PTE_W : 0) |
		       (nx_enabled && !(prot & UKPLAT_PROT_EXEC) ? PTE_NX : 0);
		__asm__ __volatile__("invlpg (%0)" : : "r"(p) : "memory");
	}
	return 0;
}

/*
 * The protection (UKPLAT_PROT_*) of the page of @a, or -1 when it is
 * not mapped; *@span is the size of the entry that maps it.
 */
static int prot_at(uintptr_t a, uint64_t *span)
{
	uint64_t e, w = PTE_W, nx = 0, *t = x86_pdpt;
	unsigned int shift = 30;

	for (;;) {
		e = t[(a >> shift) & 511];
		*span = 1ULL << shift;
		if (!(e & PTE_P))
			return -1;
		w &= e;
		nx |= e & PTE_NX;
		if (shift == 12 || (e & PTE_PS))
			break;
		t = (uint64_t *)(e & PTE_ADDR);
		shift -= 9;
	}
	return UKPLAT_PROT_READ | (w ? UKPLAT_PROT_WRITE : 0) |
	       (nx ? 0 : UKPLAT_PROT_EXEC);
}

bool ukplat_page_accessible(uintptr_t addr, size_t len, int prot)
{
	uint64_t a = addr, end = addr + len, span;
	int p;

	if (!len || end < a || end > PDPT_TOP)
		return false;
	while (a < end) {
		p = prot_at(a, &span);
		if (p < 0 || (p & prot) != prot)
			return false;
		a = UK_ALIGN_DOWN(a, span) + span;
	}
	return true;
}

/*
 * Sets NX on every leaf entry under table @t of level @shift (mapping
 * from @base on) but those that overlap [@xs, @xe).
 */
static void nx_all(uint64_t *t, unsigned int shift, uint64_t base,
		   uint64_t xs, uint64_t xe)
{
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t a = base + (i << shift);
		bool leaf = shift == 12 || (t[i] & PTE_PS);

		if (leaf && !(a + (1ULL << shift) <= xs || a >= xe))
			continue;
		if (leaf)
			t[i] |= PTE_NX;
		else if (t[i] & PTE_P)
			nx_all((uint64_t *)(t[i] & PTE_ADDR), shift - 9, a,
			       xs, xe);
	}
}

/*
 * W^X, once page tables can be allocated (an early init call): every
 * page is non-executable but the image's text (and the ELF headers and
 * notes before it), which is read+execute; its read-only data is
 * read-only; an X86_HEAP_GAP gap after the image (kept out of the heap
 * by the platform) is unmapped. The rest of the first megabyte goes in
 * x86_mmu_low_unmap, once the drivers have read the firmware's tables.
 */
static int wx_init(void)
{
	uintptr_t start = (uintptr_t)__uk_image_start;
	uintptr_t text = (uintptr_t)__uk_text_end;
	uintptr_t ro = (uintptr_t)__uk_rodata_end;
	uintptr_t gap = UK_ALIGN_UP((uintptr_t)__uk_image_end, UK_PAGE_SIZE);
	int rc;

	/* the text first: its large pages split, so that the rest can
	 * become non-executable around the code running this */
	rc = ukplat_page_protect(start, text - start,
				 UKPLAT_PROT_READ | UKPLAT_PROT_EXEC);
	if (!rc && nx_enabled) {
		nx_all(x86_pdpt, 30, 0, start, text);
		flush_all();
	}
	if (!rc)
		rc = ukplat_page_protect(text, ro - text, UKPLAT_PROT_READ);
	if (!rc)
		rc = ukplat_page_protect(gap, X86_HEAP_GAP, UKPLAT_PROT_NONE);
	if (rc)
		uk_pr_warn("W^X: the image's pages keep their access (%d)\n",
			   rc);
	else if (!nx_enabled)
		uk_pr_warn("W^X: the CPU has no NX bit: data is executable\n");
	return 0;
}
uk_initcall_prio(wx_init, 1, 0);

/*
 * The first megabyte (BIOS data, the firmware's tables) is unmapped
 * last, once every driver has probed: a stray pointer to a low address
 * faults and a system call gets EFAULT.
 */
static int low_unmap(void)
{
	if (ukplat_page_protect(UK_PAGE_SIZE, X86_LOW_END - UK_PAGE_SIZE,
				UKPLAT_PROT_NONE))
		uk_pr_warn("the first megabyte stays mapped\n");
	return 0;
}
uk_late_initcall(low_unmap);
