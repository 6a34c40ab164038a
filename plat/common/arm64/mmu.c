/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The identity map: 4 KiB granule, 39-bit addresses (T0SZ 25), so the
 * walk starts at level 1 with 1 GiB blocks; a range that does not fill
 * whole gigabytes takes a level-2 table of 2 MiB blocks. The boot map
 * uses static tables: one level-1 table and up to POOL_TABLES more
 * (16 KiB in all). ukplat_page_protect() splits blocks into tables of
 * the next level on demand, from the pool and then from the default
 * allocator.
 *
 * A page made inaccessible keeps its descriptor with the valid bit
 * cleared (hardware ignores the rest), so giving access back restores
 * its address and memory type. Blocks are split without
 * break-before-make: the new table maps the same addresses with the same
 * attributes, which QEMU and the Cortex-A53 accept.
 *
 * arm64_mmu_boot() runs with the MMU off, before .data is relied on by
 * anything else: it only does aligned 64-bit accesses (device memory
 * semantics apply until the MMU is on).
 */
#include <arm64/cpu.h>
#include <uk/plat/paging.h>
#include <uk/alloc.h>
#include <uk/errno.h>
#include <uk/init.h>
#include <uk/print.h>

#define POOL_TABLES	3
#define ENTRIES		512
#define L1_SHIFT	30
#define L2_SHIFT	21
#define L3_SHIFT	12
#define ADDR_MASK	0x0000fffffffff000ULL

#define DESC_INVALID	0
#define DESC_BLOCK	1
#define DESC_TABLE	3
#define DESC_PAGE	3	/* at level 3 */
#define DESC_VALID	1
#define ATTR_IDX(i)	((uint64_t)(i) << 2)
#define ATTR_IDX_OF(d)	(((d) >> 2) & 7)
#define ATTR_AP_RO	(1ULL << 7)
#define ATTR_SH_INNER	(3ULL << 8)
#define ATTR_AF		(1ULL << 10)
#define ATTR_PXN	(1ULL << 53)
#define ATTR_UXN	(1ULL << 54)

/* MAIR_EL1: 0 device-nGnRnE, 1 device-nGnRE, 2 normal write-back */
#define MAIR_VALUE	0x0000000000ff0400ULL
#define MAIR_DEVICE	1
#define MAIR_NORMAL	2

#define TCR_T0SZ	25
#define TCR_IRGN0_WBWA	(1ULL << 8)
#define TCR_ORGN0_WBWA	(1ULL << 10)
#define TCR_SH0_INNER	(3ULL << 12)
#define TCR_EPD1	(1ULL << 23)
#define TCR_IPS_SHIFT	32

#define SCTLR_M		(1 << 0)
#define SCTLR_A		(1 << 1)
#define SCTLR_C		(1 << 2)
#define SCTLR_SA	(1 << 3)
#define SCTLR_I		(1 << 12)
#define SCTLR_WXN	(1 << 19)

static uint64_t l1[ENTRIES] __aligned(4096);
static uint64_t pool[POOL_TABLES][ENTRIES] __aligned(4096);
static int pool_used;

extern char __uk_image_start[], __uk_image_end[];
extern char __uk_text_end[], __uk_rodata_end[];
void arm64_mmu_boot(void);

static uint64_t block_attrs(int type)
{
	if (type == ARM64_MEM_DEVICE)
		return ATTR_IDX(MAIR_DEVICE) | ATTR_AF | ATTR_PXN | ATTR_UXN;
	return ATTR_IDX(MAIR_NORMAL) | ATTR_SH_INNER | ATTR_AF | ATTR_UXN;
}

static void tlb_flush(void)
{
	__asm__ __volatile__("dsb ishst; tlbi vmalle1; dsb ish; isb"
			     ::: "memory");
}

static uint64_t *table_alloc(void)
{
	struct uk_alloc *a;

	if (pool_used < POOL_TABLES)
		return pool[pool_used++];
	a = uk_alloc_get_default();
	return a ? uk_palloc(a, 1) : NULL;
}

/*
 * The table under entry *@e, whose block covers 1 << @shift bytes; a
 * block (valid or made inaccessible) is split into a table of the next
 * level that maps the same. NULL when *@e maps nothing or there is no
 * memory for a table.
 */
static uint64_t *next_table(uint64_t *e, int shift)
{
	uint64_t d = *e, *t;
	int sub = shift - 9;

	if ((d & 3) == DESC_TABLE)
		return (uint64_t *)(d & ADDR_MASK);
	if (!(d & ATTR_AF) || !(t = table_alloc()))
		return NULL;	/* nothing mapped here, or no memory */
	for (unsigned int j = 0; j < ENTRIES; j++)
		t[j] = (d & ~ADDR_MASK) + (d & ADDR_MASK) +
		       ((uint64_t)j << sub) +
		       (sub == L3_SHIFT ? 2 : 0);	/* a page */
	__asm__ __volatile__("dsb ishst" ::: "memory");
	*e = (uint64_t)t | DESC_TABLE;
	tlb_flush();
	return t;
}

/* The level-2 table under l1[i] (a boot-time helper). */
static uint64_t *l2_table(unsigned int i)
{
	uint64_t *t;

	if (l1[i] & ATTR_AF || (l1[i] & 3) == DESC_TABLE)
		return next_table(&l1[i], L1_SHIFT);
	t = table_alloc();
	if (!t)
		return NULL;
	for (unsigned int j = 0; j < ENTRIES; j++)
		t[j] = DESC_INVALID;
	l1[i] = (uint64_t)t | DESC_TABLE;
	return t;
}

static void map_range(const struct arm64_mem_range *r)
{
	uint64_t attrs = block_attrs(r->type) | DESC_BLOCK;
	uint64_t p = r->base & ~((1ULL << L2_SHIFT) - 1);
	uint64_t end = r->base + r->len;

	while (p < end && p < (1ULL << (L1_SHIFT + 9))) {
		unsigned int i = p >> L1_SHIFT;
		uint64_t *t;

		if (!(p & ((1ULL << L1_SHIFT) - 1)) &&
		    end - p >= (1ULL << L1_SHIFT)) {
			l1[i] = p | attrs;
			p += 1ULL << L1_SHIFT;
			continue;
		}
		t = l2_table(i);
		if (!t)
			return;	/* out of tables: left unmapped */
		t[(p >> L2_SHIFT) & (ENTRIES - 1)] = p | attrs;
		p += 1ULL << L2_SHIFT;
	}
}

void arm64_dcache_flush(const void *p, size_t len)
{
	uint64_t ctr = SYSREG_READ(ctr_el0);
	uint64_t line = 4ULL << ((ctr >> 16) & 0xf);
	uint64_t a = (uint64_t)p & ~(line - 1);

	for (; a < (uint64_t)p + len; a += line)
		__asm__ __volatile__("dc civac, %0" : : "r"(a) : "memory");
	__asm__ __volatile__("dsb sy" ::: "memory");
}

static void dcache_invalidate(uint64_t start, uint64_t end)
{
	uint64_t ctr = SYSREG_READ(ctr_el0);
	uint64_t line = 4ULL << ((ctr >> 16) & 0xf);

	for (start &= ~(line - 1); start < end; start += line)
		__asm__ __volatile__("dc ivac, %0" : : "r"(start) : "memory");
	__asm__ __volatile__("dsb sy" ::: "memory");
}

void arm64_mmu_boot(void)
{
	const struct arm64_mem_range *map;
	uint64_t pa_range, sctlr;
	int n;

	map = arm64_plat_boot_map(&n);
	for (int i = 0; i < n; i++)
		map_range(&map[i]);

	/* stale lines from a boot loader that ran with caches on */
	dcache_invalidate((uint64_t)__uk_image_start,
			  (uint64_t)__uk_image_end);
	pa_range = SYSREG_READ(id_aa64mmfr0_el1) & 7;
	if (pa_range > 5)
		pa_range = 5;
	SYSREG_WRITE(mair_el1, MAIR_VALUE);
	SYSREG_WRITE(tcr_el1, TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
		     TCR_SH0_INNER | TCR_EPD1 | (pa_range << TCR_IPS_SHIFT));
	SYSREG_WRITE(ttbr0_el1, (uint64_t)l1);
	isb();
	tlb_flush();
	__asm__ __volatile__("ic iallu; dsb ish; isb" ::: "memory");
	sctlr = SYSREG_READ(sctlr_el1);
	sctlr |= SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_SA;
	sctlr &= ~(uint64_t)(SCTLR_A | SCTLR_WXN);
	SYSREG_WRITE(sctlr_el1, sctlr);
	isb();
}

void arm64_mmu_trim_ram(uint64_t ram_base, uint64_t ram_end)
{
	uint64_t normal = block_attrs(ARM64_MEM_NORMAL) | DESC_BLOCK;

	for (unsigned int i = 0; i < ENTRIES; i++) {
		uint64_t lo = (uint64_t)i << L1_SHIFT;
		uint64_t hi = lo + (1ULL << L1_SHIFT);

		if ((l1[i] & ~0xfffffffff000ULL) == normal &&
		    (hi <= ram_base || lo >= ram_end))
			l1[i] = DESC_INVALID;
	}
	tlb_flush();
}

/* The descriptor that maps @a (an invalid one when none does). */
static uint64_t lookup(uint64_t a, int *shift)
{
	uint64_t d = l1[(a >> L1_SHIFT) & (ENTRIES - 1)];

	*shift = L1_SHIFT;
	while ((d & 3) == DESC_TABLE && *shift > L3_SHIFT) {
		*shift -= 9;
		d = ((uint64_t *)(d & ADDR_MASK))
			[(a >> *shift) & (ENTRIES - 1)];
	}
	return d;
}

bool arm64_mmu_is_ram(uint64_t p, uint64_t len)
{
	uint64_t end = p + len;
	int shift;

	if (end < p || end > (1ULL << (L1_SHIFT + 9)))
		return false;
	for (uint64_t a = p & ~0xfffULL; a < end; a += 4096) {
		uint64_t d = lookup(a, &shift);

		if (!(d & DESC_VALID) || ATTR_IDX_OF(d) != MAIR_NORMAL)
			return false;
	}
	return true;
}

bool ukplat_page_accessible(uintptr_t addr, size_t len, int prot)
{
	uint64_t a = addr, end = addr + len, d;
	int shift;

	if (!len || end < a || end > (1ULL << (L1_SHIFT + 9)))
		return false;
	while (a < end) {
		d = lookup(a, &shift);
		if (!(d & DESC_VALID) || ATTR_IDX_OF(d) != MAIR_NORMAL ||
		    ((prot & UKPLAT_PROT_WRITE) && (d & ATTR_AP_RO)) ||
		    ((prot & UKPLAT_PROT_EXEC) && (d & ATTR_PXN)))
			return false;
		a = (a & ~((1ULL << shift) - 1)) + (1ULL << shift);
	}
	return true;
}

static void set_prot(uint64_t *e, int prot)
{
	uint64_t d = *e & ~(ATTR_AP_RO | ATTR_PXN | DESC_VALID);

	if (prot & (UKPLAT_PROT_READ | UKPLAT_PROT_WRITE |
		    UKPLAT_PROT_EXEC))
		d |= DESC_VALID;
	if (!(prot & UKPLAT_PROT_WRITE))
		d |= ATTR_AP_RO;
	if (!(prot & UKPLAT_PROT_EXEC))
		d |= ATTR_PXN;
	*e = d;
}

int ukplat_page_protect(uintptr_t addr, size_t len, int prot)
{
	uint64_t a = addr, end = addr + len;
	int err = 0;

	if ((addr | len) & (UK_PAGE_SIZE - 1) || end < a ||
	    end > (1ULL << (L1_SHIFT + 9)))
		return -UK_EINVAL;
	while (a < end) {
		uint64_t *t = l1, *e;
		int shift = L1_SHIFT;

		/* down to the largest entry that [a, end) covers whole */
		for (;;) {
			bool table;

			e = &t[(a >> shift) & (ENTRIES - 1)];
			/* at level 3, 0b11 is a page, not a table */
			table = shift > L3_SHIFT && (*e & 3) == DESC_TABLE;
			if (!table && !(*e & ATTR_AF)) {
				err = -UK_EINVAL;	/* not mapped */
				goto out;
			}
			if (!table && (shift == L3_SHIFT ||
				       (!(a & ((1ULL << shift) - 1)) &&
					end - a >= (1ULL << shift))))
				break;
			t = next_table(e, shift);
			if (!t) {
				err = -UK_ENOMEM;
				goto out;
			}
			shift -= 9;
		}
		set_prot(e, prot);
		a += 1ULL << shift;
	}
out:
	tlb_flush();
	return err;
}

/*
 * Sets PXN on every valid normal-memory block and page under table @t
 * of level @shift (mapping from @base on) but those that overlap
 * [@xs, @xe). Device memory is PXN already.
 */
static void pxn_all(uint64_t *t, int shift, uint64_t base, uint64_t xs,
		    uint64_t xe)
{
	for (uint64_t i = 0; i < ENTRIES; i++) {
		uint64_t a = base + (i << shift), d = t[i];

		if (shift > L3_SHIFT && (d & 3) == DESC_TABLE) {
			pxn_all((uint64_t *)(d & ADDR_MASK), shift - 9, a,
				xs, xe);
			continue;
		}
		if (!(d & ATTR_AF) || (a + (1ULL << shift) > xs && a < xe))
			continue;
		t[i] = d | ATTR_PXN;
	}
}

/*
 * W^X, once page tables can be allocated (an early init call): the
 * image's text (with the ELF headers before it) read+execute, its
 * read-only data read-only, every other page not executable at EL1,
 * and an ARM64_HEAP_GAP gap after the image (kept out of the heap by
 * the board) unmapped.
 */
static int wx_init(void)
{
	uintptr_t start = (uintptr_t)__uk_image_start;
	uintptr_t text = (uintptr_t)__uk_text_end;
	uintptr_t ro = (uintptr_t)__uk_rodata_end;
	uintptr_t gap = UK_ALIGN_UP((uintptr_t)__uk_image_end, UK_PAGE_SIZE);
	int rc;

	rc = ukplat_page_protect(start, text - start,
				 UKPLAT_PROT_READ | UKPLAT_PROT_EXEC);
	if (!rc) {
		pxn_all(l1, L1_SHIFT, 0, start, text);
		tlb_flush();
		rc = ukplat_page_protect(text, ro - text, UKPLAT_PROT_READ);
	}
	if (!rc)
		rc = ukplat_page_protect(gap, ARM64_HEAP_GAP,
					 UKPLAT_PROT_NONE);
	if (rc)
		uk_pr_warn("W^X: the image's pages keep their access (%d)\n",
			   rc);
	__asm__ __volatile__("ic iallu; dsb ish; isb" ::: "memory");
	return 0;
}
uk_initcall_prio(wx_init, 1, 0);
