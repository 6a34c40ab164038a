/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory system calls: anonymous mmap backed by the default allocator's
 * pages (zeroed, as Linux gives them), munmap, mremap, and brk.
 *
 * Memory is identity-mapped; protection is per page (uk/plat/paging.h):
 * unmapped pages and PROT_NONE pages fault, read-only pages fault on
 * write. A partially unmapped mapping gives its pages back to the
 * allocator when its last page goes (made accessible again first).
 * mprotect works on ranges mmap returned (ENOMEM elsewhere); a mapping
 * whose pages were given different protections keeps one byte per page
 * to remember them. brk never grows (it returns the current break), so
 * a libc falls back to mmap, as it must when brk fails.
 *
 * madvise: MADV_DONTNEED zeroes private pages, as Linux's dropping them
 * does (the next access finds zero-fill pages), whatever their current
 * protection; shared anonymous pages keep their contents, as shmem does.
 * MADV_REMOVE punches a hole in shared pages (they read as zeroes
 * after) and is EINVAL on private ones, as on Linux. The other advice
 * (MADV_FREE included: its pages may keep or lose their contents)
 * changes nothing here, since memory is never paged out; the
 * memory-failure injections are EINVAL, as where Linux lacks them.
 */
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/plat/paging.h>
#include "posix.h"

struct mapping {
	uintptr_t base;
	size_t pages;		/* pages still mapped */
	void *alloc;		/* what palloc returned */
	size_t alloc_pages;
	int prot;		/* Linux PROT_* of every page, while prots is NULL */
	uint8_t *prots;		/* per page of alloc, after a partial mprotect */
	bool shared;
	struct mapping *next;
};

static struct mapping *mappings;

#define PAGE_MASK	(UK_PAGE_SIZE - 1)

#define PROT_ALL	(UKPLAT_PROT_READ | UKPLAT_PROT_WRITE | UKPLAT_PROT_EXEC)

static size_t to_pages(size_t len)
{
	return (len + PAGE_MASK) / UK_PAGE_SIZE;
}

/* Linux PROT_* to the platform's; PROT_WRITE implies read, as on x86. */
static int plat_prot(int prot)
{
	int p = 0;

	if (prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC))
		p |= UKPLAT_PROT_READ;
	if (prot & L_PROT_WRITE)
		p |= UKPLAT_PROT_WRITE;
	if (prot & L_PROT_EXEC)
		p |= UKPLAT_PROT_EXEC;
	return p;
}

static long uk_sys_mmap(unsigned long addr, size_t len, int prot,
			int flags, int fd, long off)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct mapping *m;
	size_t pages;
	void *p;

	if (!len || (off & PAGE_MASK))
		return -UK_EINVAL;
	if (len > (1UL << 46))
		return -UK_ENOMEM;	/* more than any address space */
	if ((flags & L_MAP_TYPE) != L_MAP_PRIVATE &&
	    (flags & L_MAP_TYPE) != L_MAP_SHARED)
		return -UK_EINVAL;
	if (!(flags & L_MAP_ANONYMOUS))
		return fd < 0 ? -UK_EBADF : -UK_ENODEV;
	if (flags & L_MAP_FIXED)
		return -UK_ENOMEM;	/* the address space is identity-mapped */
	pages = to_pages(len);
	m = uk_malloc(a, sizeof(*m));
	p = uk_palloc(a, pages);
	if (!m || !p) {
		uk_free(a, m);
		uk_pfree(a, p, pages);
		return -UK_ENOMEM;
	}
	uk_memset(p, 0, pages * UK_PAGE_SIZE);
	/* fresh pages are read/write/execute; only narrower needs work */
	if ((prot & (L_PROT_READ | L_PROT_WRITE)) !=
	    (L_PROT_READ | L_PROT_WRITE) &&
	    ukplat_page_protect((uintptr_t)p, pages * UK_PAGE_SIZE,
				plat_prot(prot)) < 0) {
		ukplat_page_protect((uintptr_t)p, pages * UK_PAGE_SIZE,
				    PROT_ALL);
		uk_free(a, m);
		uk_pfree(a, p, pages);
		return -UK_ENOMEM;
	}
	*m = (struct mapping){
		.base = (uintptr_t)p, .pages = pages,
		.alloc = p, .alloc_pages = pages,
		.prot = prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC),
		.shared = (flags & L_MAP_TYPE) == L_MAP_SHARED,
		.next = mappings,
	};
	mappings = m;
	return (long)p;
}
UK_SYSCALL_REGISTER(mmap, uk_sys_mmap);

/* a page unmapped in the middle of a mapping, in prots[] */
#define HOLE	0xff

static size_t page_index(const struct mapping *m, uintptr_t addr)
{
	return (addr - (uintptr_t)m->alloc) / UK_PAGE_SIZE;
}

/* The Linux PROT_* of the page at @addr of @m (HOLE: unmapped). */
static int page_prot(const struct mapping *m, uintptr_t addr)
{
	return m->prots ? m->prots[page_index(m, addr)] : m->prot;
}

/* Remembers @prot for the pages of [addr, end) of @m. */
static long record_prot(struct mapping *m, uintptr_t addr, uintptr_t end,
			int prot)
{
	struct uk_alloc *a = uk_alloc_get_default();
	size_t i;

	if (!m->prots) {
		if (prot != HOLE && addr == m->base &&
		    end == m->base + m->pages * UK_PAGE_SIZE) {
			m->prot = prot;		/* still one for all */
			return 0;
		}
		m->prots = uk_malloc(a, m->alloc_pages);
		if (!m->prots)
			return -UK_ENOMEM;
		uk_memset(m->prots, m->prot, m->alloc_pages);
	}
	for (i = page_index(m, addr); i < page_index(m, end); i++)
		m->prots[i] = prot;
	return 0;
}

static struct mapping **find(uintptr_t addr)
{
	struct mapping **pm;

	for (pm = &mappings; *pm; pm = &(*pm)->next)
		if (addr >= (*pm)->base &&
		    addr < (*pm)->base + (*pm)->pages * UK_PAGE_SIZE)
			return page_prot(*pm, addr) == HOLE ? NULL : pm;
	return NULL;
}

static void release(struct mapping **pm)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct mapping *m = *pm;

	*pm = m->next;
	/* the allocator gets its pages back accessible */
	ukplat_page_protect((uintptr_t)m->alloc, m->alloc_pages * UK_PAGE_SIZE,
			    PROT_ALL);
	uk_pfree(a, m->alloc, m->alloc_pages);
	uk_free(a, m->prots);
	uk_free(a, m);
}

static long uk_sys_munmap(unsigned long addr, size_t len)
{
	uintptr_t end;
	struct mapping **pm;

	if ((addr & PAGE_MASK) || !len)
		return -UK_EINVAL;
	end = addr + to_pages(len) * UK_PAGE_SIZE;
	/* each mapping that overlaps [addr, end) loses that part */
	while ((pm = find(addr)) || (addr < end && (pm = find(end - 1)))) {
		struct mapping *m = *pm;
		uintptr_t mend = m->base + m->pages * UK_PAGE_SIZE;

		if (addr <= m->base && end >= mend) {
			release(pm);
		} else if (addr <= m->base) {
			ukplat_page_protect(m->base, end - m->base,
					    UKPLAT_PROT_NONE);
			m->pages -= (end - m->base) / UK_PAGE_SIZE;
			m->base = end;
		} else {
			/* keep the head; a hole in the middle stays in the
			 * record (with its tail) but is inaccessible */
			ukplat_page_protect(addr, UK_MIN(end, mend) - addr,
					    UKPLAT_PROT_NONE);
			record_prot(m, addr, UK_MIN(end, mend), HOLE);
			if (end >= mend)
				m->pages = (addr - m->base) / UK_PAGE_SIZE;
			break;
		}
	}
	return 0;
}
UK_SYSCALL_REGISTER(munmap, uk_sys_munmap);

static long uk_sys_mremap(unsigned long old, size_t oldlen, size_t newlen,
			  int flags, unsigned long newaddr)
{
	struct mapping **pm;
	long p;

	if ((old & PAGE_MASK) || !newlen ||
	    (flags & ~(L_MREMAP_MAYMOVE | L_MREMAP_FIXED)))
		return -UK_EINVAL;
	if (flags & L_MREMAP_FIXED)
		return -UK_EINVAL;
	pm = find(old);
	if (!pm || (*pm)->base != old)
		return -UK_EFAULT;
	if (to_pages(newlen) <= (*pm)->pages) {
		if (to_pages(newlen) < (*pm)->pages)
			uk_sys_munmap(old + to_pages(newlen) * UK_PAGE_SIZE,
				      ((*pm)->pages - to_pages(newlen)) *
				      UK_PAGE_SIZE);
		return old;
	}
	if (!(flags & L_MREMAP_MAYMOVE))
		return -UK_ENOMEM;
	p = uk_sys_mmap(0, newlen, L_PROT_READ | L_PROT_WRITE,
			L_MAP_PRIVATE | L_MAP_ANONYMOUS, -1, 0);
	if (p < 0)
		return p;
	uk_memcpy((void *)p, (void *)old,
		  UK_MIN(oldlen, (*pm)->pages * UK_PAGE_SIZE));
	uk_sys_munmap(old, (*find(old))->pages * UK_PAGE_SIZE);
	return p;
}
UK_SYSCALL_REGISTER(mremap, uk_sys_mremap);

static long uk_sys_mprotect(unsigned long addr, size_t len, int prot)
{
	struct mapping **pm;
	uintptr_t end;
	long r;

	if ((addr & PAGE_MASK) ||
	    (prot & ~(L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC)))
		return -UK_EINVAL;
	if (!len)
		return 0;
	end = addr + to_pages(len) * UK_PAGE_SIZE;
	pm = find(addr);
	if (end < addr || !pm ||
	    end > (*pm)->base + (*pm)->pages * UK_PAGE_SIZE)
		return -UK_ENOMEM;	/* not (entirely) a mapping of ours */
	r = record_prot(*pm, addr, end, prot);
	if (r < 0)
		return r;
	return ukplat_page_protect(addr, end - addr, plat_prot(prot));
}
UK_SYSCALL_REGISTER(mprotect, uk_sys_mprotect);

#define L_MADV_DONTNEED	4
#define L_MADV_REMOVE	9

/* Zeroes the page at @addr of private mapping @m, as a fresh page. */
static void zero_page(const struct mapping *m, uintptr_t addr)
{
	int prot = page_prot(m, addr);

	if (prot & L_PROT_WRITE) {
		uk_memset((void *)addr, 0, UK_PAGE_SIZE);
		return;
	}
	ukplat_page_protect(addr, UK_PAGE_SIZE, PROT_ALL);
	uk_memset((void *)addr, 0, UK_PAGE_SIZE);
	ukplat_page_protect(addr, UK_PAGE_SIZE, plat_prot(prot));
}

static bool known_advice(int advice)
{
	/* NORMAL ... WILLNEED, DONTNEED, FREE ... POPULATE_WRITE */
	return (advice >= 0 && advice <= 4) || (advice >= 8 && advice <= 23);
}

static long uk_sys_madvise(unsigned long addr, size_t len, int advice)
{
	uintptr_t end, p;
	struct mapping **pm;
	long r = 0;

	if ((addr & PAGE_MASK) || !known_advice(advice))
		return -UK_EINVAL;
	end = addr + to_pages(len) * UK_PAGE_SIZE;
	if (end < addr)
		return -UK_EINVAL;
	/* the advice applies to what is mapped; a hole is ENOMEM */
	for (p = addr; p < end; p += UK_PAGE_SIZE) {
		pm = find(p);
		if (!pm) {
			r = -UK_ENOMEM;
			continue;
		}
		if (advice == L_MADV_REMOVE && !(*pm)->shared)
			return -UK_EINVAL;
		if ((advice == L_MADV_DONTNEED && !(*pm)->shared) ||
		    advice == L_MADV_REMOVE)
			zero_page(*pm, p);
	}
	return r;
}
UK_SYSCALL_REGISTER(madvise, uk_sys_madvise);

static long uk_sys_brk(unsigned long brk)
{
	extern char __uk_image_end[];

	/* the break never moves: callers see failure and use mmap */
	return UK_ALIGN_UP((unsigned long)__uk_image_end, UK_PAGE_SIZE);
}
UK_SYSCALL_REGISTER(brk, uk_sys_brk);
