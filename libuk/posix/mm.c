/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory system calls: anonymous mmap (and mmap of /dev/zero, which is
 * the same, private or shared) backed by the default allocator's pages
 * (zeroed, as Linux gives them), munmap, mremap, and brk.
 *
 * Memory is identity-mapped; protection is per page (uk/plat/paging.h):
 * unmapped pages and PROT_NONE pages fault, read-only pages fault on
 * write. A partially unmapped mapping gives its pages back to the
 * allocator when its last page goes (made accessible again first).
 * mprotect works on ranges mmap returned (ENOMEM elsewhere); a mapping
 * whose pages were given different protections keeps one byte per page
 * to remember them. Range operations (munmap, mprotect, madvise) visit
 * the mappings that overlap the range, never the range page by page,
 * so a huge range costs what the mappings in it cost. Lengths and
 * addresses are checked as Linux checks them: a length that wraps when
 * rounded up to pages, or a range past the end of the address space
 * (L_TASK_SIZE), is EINVAL or ENOMEM, never wrapped around.
 *
 * mremap moves [old, old + old_len) of one mapping to new pages with
 * the same protections (a PROT_NONE or read-only mapping stays so, its
 * grown part takes the protection of its last page) and sharing; it
 * never grows in place and cannot remap at a fixed address (EINVAL). brk never grows (it returns the current break), so
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
 *
 * mlock, mlock2, munlock, mlockall, munlockall succeed without doing
 * anything, since memory is never paged out, after Linux's checks: a
 * range that wraps is EINVAL, one with a page that is not mapped (in
 * an mmap mapping, or the image, heap and stacks as the page tables
 * show them) ENOMEM, and so is one with a PROT_NONE page for mlock and
 * mlock2 without MLOCK_ONFAULT (Linux faults the pages in); unknown
 * flags are EINVAL. The program is root: no
 * RLIMIT_MEMLOCK limit applies (as with CAP_IPC_LOCK).
 *
 * Files: MAP_PRIVATE of a regular file on any file system copies the
 * file's bytes into fresh pages at map time (later writes to the file
 * are not seen through the mapping, nor the reverse; past the end of
 * the file the pages are zeros). MAP_SHARED of a file whose file system
 * can share its pages (ramfs: vnode op map) maps the file's own pages:
 * writes through the mapping are the file's data at once, and msync has
 * nothing to do. Those pages are the kernel's too (read() and write()
 * copy to and from them), so their protection is never narrowed:
 * PROT_READ or PROT_NONE on them, by mmap or mprotect, is recorded (and
 * shown in /proc/self/maps) but not enforced. Elsewhere (9pfs)
 * MAP_SHARED without PROT_WRITE falls back to a private copy, and with
 * PROT_WRITE is ENODEV. mremap cannot grow a shared file mapping
 * (ENOMEM).
 */
#include <uk/syscall.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include <uk/plat/paging.h>
#include <uk/print.h>
#include <uk/vfs.h>
#include "posix.h"
#include "file.h"

/* The VFS is on demand (uk/link.h): a file mapping needs a descriptor
 * with a vnode, which only the VFS makes. */
#pragma weak uk_vfs_read
#pragma weak uk_vnode_get
#pragma weak uk_vnode_put

struct mapping;
static int apply_prots(const struct mapping *m);
static void release(struct mapping **pm);

struct mapping {
	uintptr_t base;
	size_t pages;		/* pages still mapped */
	void *alloc;		/* what palloc returned */
	size_t alloc_pages;
	int prot;		/* Linux PROT_* of every page, while prots is NULL */
	uint8_t *prots;		/* per page of alloc, after a partial mprotect */
	bool shared;
	/* MAP_SHARED of a file: the pages are the file's (a reference on
	 * it is held); their protection is not changed (see above) */
	struct uk_vnode *vn;
	struct mapping *next;
};

static struct mapping *mappings;

#define PAGE_MASK	(UK_PAGE_SIZE - 1)

/* the heap's pages: read/write, not executable (W^X) */
#define PROT_ALL	(UKPLAT_PROT_READ | UKPLAT_PROT_WRITE)

static uintptr_t map_end(const struct mapping *m)
{
	return m->base + m->pages * UK_PAGE_SIZE;
}

/* @len rounded up to whole pages in *@out; false when that wraps. */
static bool page_align(size_t len, size_t *out)
{
	if (len > SIZE_MAX - PAGE_MASK)
		return false;
	*out = (len + PAGE_MASK) & ~(size_t)PAGE_MASK;
	return true;
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

/* True when Linux protection @prot needs no change to fresh pages
 * (read/write, not executable). */
static bool prot_is_fresh(int prot)
{
	return (prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC)) ==
	       (L_PROT_READ | L_PROT_WRITE);
}

/*
 * Maps @pages fresh zeroed pages with Linux protection @prot; returns
 * the new mapping (first in the list) or NULL when memory is short.
 */
static struct mapping *map_new(size_t pages, int prot, bool shared)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct mapping *m;
	void *p;

	m = uk_malloc(a, sizeof(*m));
	p = uk_palloc(a, pages);
	if (!m || !p)
		goto out_free;
	uk_memset(p, 0, pages * UK_PAGE_SIZE);
	/* fresh pages are read/write/execute; only narrower needs work */
	if (!prot_is_fresh(prot) &&
	    ukplat_page_protect((uintptr_t)p, pages * UK_PAGE_SIZE,
				plat_prot(prot)) < 0) {
		ukplat_page_protect((uintptr_t)p, pages * UK_PAGE_SIZE,
				    PROT_ALL);
		goto out_free;
	}
	*m = (struct mapping){
		.base = (uintptr_t)p, .pages = pages,
		.alloc = p, .alloc_pages = pages,
		.prot = prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC),
		.shared = shared,
		.next = mappings,
	};
	mappings = m;
	return m;

out_free:
	uk_free(a, m);
	if (p)
		uk_pfree(a, p, pages);
	return NULL;
}

/*
 * Linux's checks of a mapping of descriptor @fd; *@vn is the regular
 * file to map, or NULL for /dev/zero (anonymous memory, as its mmap
 * gives on Linux); nothing else maps.
 */
static long file_mapping(int fd, int prot, int flags, struct uk_vnode **vn)
{
	struct uk_ofile *of = uk_posix_fd_get(fd);
	int acc;

	*vn = NULL;
	if (!of || (of->flags & L_O_PATH))
		return -UK_EBADF;
	acc = of->flags & L_O_ACCMODE;
	if ((flags & L_MAP_TYPE) == L_MAP_SHARED && (prot & L_PROT_WRITE) &&
	    (acc != L_O_RDWR || (of->flags & L_O_APPEND)))
		return -UK_EACCES;
	if (acc == L_O_WRONLY)
		return -UK_EACCES;
	if (of->node->maps_anon)
		return 0;
	if (!of->vn || !uk_vnode_is_reg(of->vn) || of->file)
		return -UK_ENODEV;
	*vn = of->vn;
	return 0;
}

/* MAP_PRIVATE of @vn from @off: fresh pages with the file's bytes. */
static long map_copy(struct uk_vnode *vn, size_t pages, int prot, long off)
{
	struct mapping *m = map_new(pages, L_PROT_READ | L_PROT_WRITE, false);
	long r = 0;

	if (!m)
		return -UK_ENOMEM;
	if (off < vn->size)
		r = uk_vfs_read(vn, (void *)m->base,
				UK_MIN((uint64_t)(vn->size - off),
				       pages * UK_PAGE_SIZE), off);
	m->prot = prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC);
	if (r >= 0)
		r = apply_prots(m);
	if (r < 0) {
		m->prot = L_PROT_READ | L_PROT_WRITE;
		release(&mappings);	/* m is first */
		return r;
	}
	return m->base;
}

/* MAP_SHARED of @vn from @off: the file's own pages. */
static long map_shared(struct uk_vnode *vn, size_t pages, int prot, long off)
{
	struct mapping *m;
	void *p;
	long r;

	if (!vn->ops->map)
		return (prot & L_PROT_WRITE) ? -UK_ENODEV :
		       map_copy(vn, pages, prot, off);
	m = uk_malloc(uk_alloc_get_default(), sizeof(*m));
	if (!m)
		return -UK_ENOMEM;
	r = vn->ops->map(vn, off / UK_PAGE_SIZE, pages, &p);
	if (r < 0) {
		uk_free(uk_alloc_get_default(), m);
		return r;
	}
	*m = (struct mapping){
		.base = (uintptr_t)p, .pages = pages,
		.alloc = p, .alloc_pages = pages,
		.prot = prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC),
		.shared = true, .vn = vn,
		.next = mappings,
	};
	uk_vnode_get(vn);
	mappings = m;
	return m->base;
}

static long uk_sys_mmap(unsigned long addr, size_t len, int prot,
			int flags, int fd, long off)
{
	struct uk_vnode *vn = NULL;
	struct mapping *m;
	size_t alen;
	long r;

	if (!len || (off & PAGE_MASK))
		return -UK_EINVAL;
	if (!page_align(len, &alen) || alen > (1UL << 46))
		return -UK_ENOMEM;	/* more than any address space */
	if ((flags & L_MAP_TYPE) != L_MAP_PRIVATE &&
	    (flags & L_MAP_TYPE) != L_MAP_SHARED)
		return -UK_EINVAL;
	if (!(flags & L_MAP_ANONYMOUS)) {
		r = file_mapping(fd, prot, flags, &vn);
		if (r < 0)
			return r;
	}
	if (flags & L_MAP_FIXED)
		return -UK_ENOMEM;	/* the address space is identity-mapped */
	if (vn && off < 0)
		return -UK_EINVAL;
	if (vn && (flags & L_MAP_TYPE) == L_MAP_SHARED)
		return map_shared(vn, alen / UK_PAGE_SIZE, prot, off);
	if (vn)
		return map_copy(vn, alen / UK_PAGE_SIZE, prot, off);
	m = map_new(alen / UK_PAGE_SIZE, prot,
		    (flags & L_MAP_TYPE) == L_MAP_SHARED);
	return m ? (long)m->base : -UK_ENOMEM;
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
		if (prot != HOLE && addr == m->base && end == map_end(m)) {
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

/*
 * Applies the recorded protections of @m's pages, run by run, to fresh
 * pages (read/write/execute): read/write runs are left alone, since
 * each page-table change may split a large page.
 */
static int apply_prots(const struct mapping *m)
{
	size_t i, j;
	int r = 0;

	if (!m->prots)
		return prot_is_fresh(m->prot) ? 0 :
		       ukplat_page_protect(m->base, m->pages * UK_PAGE_SIZE,
					   plat_prot(m->prot));
	for (i = page_index(m, m->base); !r && i < page_index(m, map_end(m));
	     i = j) {
		for (j = i + 1; j < page_index(m, map_end(m)) &&
		     m->prots[j] == m->prots[i]; j++)
			;
		if (m->prots[i] != HOLE && prot_is_fresh(m->prots[i]))
			continue;
		r = ukplat_page_protect((uintptr_t)m->alloc + i * UK_PAGE_SIZE,
					(j - i) * UK_PAGE_SIZE,
					m->prots[i] == HOLE ? UKPLAT_PROT_NONE
					: plat_prot(m->prots[i]));
	}
	return r;
}

static struct mapping **find(uintptr_t addr)
{
	struct mapping **pm;

	for (pm = &mappings; *pm; pm = &(*pm)->next)
		if (addr >= (*pm)->base && addr < map_end(*pm))
			return page_prot(*pm, addr) == HOLE ? NULL : pm;
	return NULL;
}

/* The pages of [addr, end) that @m maps (its holes left out). */
static size_t mapped_in(const struct mapping *m, uintptr_t addr,
			uintptr_t end)
{
	uintptr_t lo = UK_MAX(addr, m->base), hi = UK_MIN(end, map_end(m));
	size_t n = 0;

	if (lo >= hi)
		return 0;
	if (!m->prots)
		return (hi - lo) / UK_PAGE_SIZE;
	for (; lo < hi; lo += UK_PAGE_SIZE)
		n += m->prots[page_index(m, lo)] != HOLE;
	return n;
}

/* True when every page of [addr, end) is mapped. */
static bool all_mapped(uintptr_t addr, uintptr_t end)
{
	const struct mapping *m;
	size_t n = 0;

	for (m = mappings; m; m = m->next)
		n += mapped_in(m, addr, end);
	return n == (end - addr) / UK_PAGE_SIZE;
}

static void release(struct mapping **pm)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct mapping *m = *pm;

	*pm = m->next;
	if (m->vn) {
		/* the pages stay the file's */
		uk_vnode_put(m->vn);
		uk_free(a, m->prots);
		uk_free(a, m);
		return;
	}
	/* the allocator gets its pages back accessible (untouched ones
	 * are: a page-table change may split a large page) */
	if (m->prots || !prot_is_fresh(m->prot) ||
	    m->base != (uintptr_t)m->alloc || m->pages != m->alloc_pages)
		ukplat_page_protect((uintptr_t)m->alloc,
				    m->alloc_pages * UK_PAGE_SIZE, PROT_ALL);
	uk_pfree(a, m->alloc, m->alloc_pages);
	uk_free(a, m->prots);
	uk_free(a, m);
}

/*
 * Unmaps the part of *@pm in [addr, end). Returns 1 when that released
 * the mapping (*@pm is then the next one), 0, or -ENOMEM when a hole in
 * the middle cannot be recorded (nothing changed).
 */
static int cut(struct mapping **pm, uintptr_t addr, uintptr_t end)
{
	struct mapping *m = *pm;
	uintptr_t lo = UK_MAX(addr, m->base), hi = UK_MIN(end, map_end(m));

	if (lo >= hi)
		return 0;
	if (lo == m->base) {
		m->pages -= (hi - lo) / UK_PAGE_SIZE;
		m->base = hi;
	} else if (hi == map_end(m)) {
		m->pages = (lo - m->base) / UK_PAGE_SIZE;
	} else if (record_prot(m, lo, hi, HOLE) < 0) {
		return -UK_ENOMEM;
	}
	/* holes that became the ends go with them */
	while (m->pages && page_prot(m, m->base) == HOLE) {
		m->base += UK_PAGE_SIZE;
		m->pages--;
	}
	while (m->pages && page_prot(m, map_end(m) - UK_PAGE_SIZE) == HOLE)
		m->pages--;
	if (!m->pages) {
		release(pm);
		return 1;
	}
	if (!m->vn)
		ukplat_page_protect(lo, hi - lo, UKPLAT_PROT_NONE);
	return 0;
}

/* Unmaps whatever is mapped in [addr, end); 0 or -ENOMEM. */
static int unmap_range(uintptr_t addr, uintptr_t end)
{
	struct mapping **pm = &mappings;
	int r;

	while (*pm) {
		r = cut(pm, addr, end);
		if (r < 0)
			return r;
		if (!r)
			pm = &(*pm)->next;
	}
	return 0;
}

/* munmap's checks (Linux's): EINVAL unless [addr, addr + len) lies in
 * the address space; the rounded-up end in *@end. */
static long check_range(uintptr_t addr, size_t len, uintptr_t *end)
{
	if ((addr & PAGE_MASK) || addr > L_TASK_SIZE ||
	    len > L_TASK_SIZE - addr)
		return -UK_EINVAL;
	page_align(len, &len);	/* cannot wrap: len <= L_TASK_SIZE */
	if (!len)
		return -UK_EINVAL;
	*end = addr + len;
	return 0;
}

static long uk_sys_munmap(unsigned long addr, size_t len)
{
	uintptr_t end;
	long r = check_range(addr, len, &end);

	return r ? r : unmap_range(addr, end);
}
UK_SYSCALL_REGISTER(munmap, uk_sys_munmap);

/* Moves [old, old + len) of @m to @n (as long or longer), protections
 * and contents. */
static int move_pages(struct mapping *m, uintptr_t old, size_t len,
		      struct mapping *n)
{
	struct uk_alloc *a = uk_alloc_get_default();
	size_t i, first = page_index(m, old), moved = len / UK_PAGE_SIZE;

	/* the source may be read-protected; it is unmapped after */
	if (m->prots || !(m->prot & (L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC)))
		ukplat_page_protect(old, len, PROT_ALL);
	uk_memcpy((void *)n->base, (void *)old, len);
	if (!m->prots) {
		n->prot = m->prot;
	} else {
		n->prots = uk_malloc(a, n->alloc_pages);
		if (!n->prots)
			return -UK_ENOMEM;
		for (i = 0; i < n->alloc_pages; i++)
			n->prots[i] = m->prots[first + UK_MIN(i, moved - 1)];
	}
	return apply_prots(n);
}

static long uk_sys_mremap(unsigned long old, size_t oldlen, size_t newlen,
			  int flags, unsigned long newaddr)
{
	struct mapping **pm, *m, *n;
	size_t olen, nlen;
	long r;

	if ((flags & ~(L_MREMAP_MAYMOVE | L_MREMAP_FIXED)) ||
	    ((flags & L_MREMAP_FIXED) && !(flags & L_MREMAP_MAYMOVE)) ||
	    (old & PAGE_MASK))
		return -UK_EINVAL;
	if (!page_align(oldlen, &olen))
		olen = 0;		/* as Linux's PAGE_ALIGN wraps */
	if (!page_align(newlen, &nlen) || !nlen || nlen > L_TASK_SIZE)
		return -UK_EINVAL;
	if (flags & L_MREMAP_FIXED)
		return -UK_EINVAL;
	if (olen >= nlen) {
		/* shrinking always works: it unmaps the rest */
		if (olen == nlen)
			return old;
		r = uk_sys_munmap(old + nlen, olen - nlen);
		return r < 0 ? r : (long)old;
	}
	pm = find(old);
	if (!pm)
		return -UK_EFAULT;
	m = *pm;
	if (!olen)
		return -UK_EINVAL;	/* a second view of private pages */
	if (olen > map_end(m) - old ||
	    mapped_in(m, old, old + olen) != olen / UK_PAGE_SIZE)
		return -UK_EFAULT;	/* more than one mapping */
	if (m->vn)
		return -UK_ENOMEM;	/* the file's pages cannot move */
	if (!(flags & L_MREMAP_MAYMOVE) || nlen > (1UL << 46))
		return -UK_ENOMEM;	/* never grows in place */
	n = map_new(nlen / UK_PAGE_SIZE, L_PROT_READ | L_PROT_WRITE,
		    m->shared);
	if (!n)
		return -UK_ENOMEM;
	r = move_pages(m, old, olen, n);
	if (r < 0) {
		release(&mappings);	/* n is first */
		apply_prots(m);
		return r;
	}
	unmap_range(old, old + olen);
	return n->base;
}
UK_SYSCALL_REGISTER(mremap, uk_sys_mremap);

static long uk_sys_mprotect(unsigned long addr, size_t len, int prot)
{
	struct mapping *m;
	uintptr_t end, lo, hi;
	long r;

	if ((addr & PAGE_MASK) ||
	    (prot & ~(L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC)))
		return -UK_EINVAL;
	if (!len)
		return 0;
	if (!page_align(len, &len) || addr + len <= addr)
		return -UK_ENOMEM;
	end = addr + len;
	if (!all_mapped(addr, end))
		return -UK_ENOMEM;	/* not (entirely) mappings of ours */
	for (m = mappings; m; m = m->next) {
		lo = UK_MAX(addr, m->base);
		hi = UK_MIN(end, map_end(m));
		if (lo >= hi)
			continue;
		r = record_prot(m, lo, hi, prot);
		if (!r && !m->vn)
			r = ukplat_page_protect(lo, hi - lo, plat_prot(prot));
		if (r < 0)
			return r;
	}
	return 0;
}
UK_SYSCALL_REGISTER(mprotect, uk_sys_mprotect);

#define L_MS_ASYNC	1
#define L_MS_INVALIDATE	2
#define L_MS_SYNC	4

/* Shared file pages are the file's already: only Linux's checks. */
static long uk_sys_msync(unsigned long addr, size_t len, int flags)
{
	size_t alen;

	if ((addr & PAGE_MASK) ||
	    (flags & ~(L_MS_ASYNC | L_MS_INVALIDATE | L_MS_SYNC)) ||
	    ((flags & L_MS_ASYNC) && (flags & L_MS_SYNC)))
		return -UK_EINVAL;
	if (!page_align(len, &alen) || addr + alen < addr)
		return -UK_ENOMEM;
	if (!alen)
		return 0;
	return all_mapped(addr, addr + alen) ? 0 : -UK_ENOMEM;
}
UK_SYSCALL_REGISTER(msync, uk_sys_msync);

#define L_MADV_DONTNEED	4
#define L_MADV_REMOVE	9

/* Zeroes the page at @addr of private mapping @m, as a fresh page. */
static void zero_page(const struct mapping *m, uintptr_t addr)
{
	int prot = page_prot(m, addr);

	if ((prot & L_PROT_WRITE) || m->vn) {
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
	const struct mapping *m;
	uintptr_t end, lo, hi;
	size_t alen;

	if ((addr & PAGE_MASK) || !known_advice(advice))
		return -UK_EINVAL;
	if (!page_align(len, &alen) || addr + alen < addr)
		return -UK_EINVAL;
	end = addr + alen;
	if (end == addr)
		return 0;
	if (advice == L_MADV_REMOVE)
		for (m = mappings; m; m = m->next)
			if (!m->shared && mapped_in(m, addr, end))
				return -UK_EINVAL;
	/* the advice applies to what is mapped; a hole is ENOMEM */
	for (m = mappings; m; m = m->next) {
		if ((advice != L_MADV_DONTNEED || m->shared) &&
		    advice != L_MADV_REMOVE)
			continue;
		lo = UK_MAX(addr, m->base);
		hi = UK_MIN(end, map_end(m));
		for (; lo < hi; lo += UK_PAGE_SIZE)
			if (page_prot(m, lo) != HOLE)
				zero_page(m, lo);
	}
	return all_mapped(addr, end) ? 0 : -UK_ENOMEM;
}
UK_SYSCALL_REGISTER(madvise, uk_sys_madvise);

/* ---- mlock family: Linux's checks, nothing to do ---- */

#define L_MLOCK_ONFAULT	1
#define L_MCL_CURRENT	1
#define L_MCL_FUTURE	2
#define L_MCL_ONFAULT	4

/*
 * mlock's and munlock's range: 0, -EINVAL when it wraps, -ENOMEM when
 * a page of it is not mapped, or with @populate (mlock, which faults
 * the pages in on Linux) not readable. The length is rounded as Linux
 * rounds it, wrapping (a length near SIZE_MAX becomes 0: nothing to do).
 */
static long lock_range(unsigned long addr, size_t len, bool populate)
{
	uintptr_t start = addr & ~(uintptr_t)PAGE_MASK, end;

	len = (len + (addr & PAGE_MASK) + PAGE_MASK) & ~(size_t)PAGE_MASK;
	end = start + len;
	if (end < start)
		return -UK_EINVAL;
	if (end == start)
		return 0;
	/* readable memory, or an mmap mapping (PROT_NONE included) */
	if (uk_user_ok((const void *)start, end - start, false) ||
	    (!populate && all_mapped(start, end)))
		return 0;
	return -UK_ENOMEM;
}

static long uk_sys_mlock(unsigned long addr, size_t len)
{
	return lock_range(addr, len, true);
}
UK_SYSCALL_REGISTER(mlock, uk_sys_mlock);

static long uk_sys_munlock(unsigned long addr, size_t len)
{
	return lock_range(addr, len, false);
}
UK_SYSCALL_REGISTER(munlock, uk_sys_munlock);

static long uk_sys_mlock2(unsigned long addr, size_t len, int flags)
{
	if (flags & ~L_MLOCK_ONFAULT)
		return -UK_EINVAL;
	return lock_range(addr, len, !(flags & L_MLOCK_ONFAULT));
}
UK_SYSCALL_REGISTER(mlock2, uk_sys_mlock2);

static long uk_sys_mlockall(int flags)
{
	if (!flags || flags == L_MCL_ONFAULT ||
	    (flags & ~(L_MCL_CURRENT | L_MCL_FUTURE | L_MCL_ONFAULT)))
		return -UK_EINVAL;
	return 0;
}
UK_SYSCALL_REGISTER(mlockall, uk_sys_mlockall);

static long uk_sys_munlockall(void)
{
	return 0;
}
UK_SYSCALL_REGISTER(munlockall, uk_sys_munlockall);

static long uk_sys_brk(unsigned long brk)
{
	extern char __uk_image_end[];

	/* the break never moves: callers see failure and use mmap */
	return UK_ALIGN_UP((unsigned long)__uk_image_end, UK_PAGE_SIZE);
}
UK_SYSCALL_REGISTER(brk, uk_sys_brk);

size_t uk_posix_mm_bytes(void)
{
	extern char __uk_image_start[], __uk_image_end[];
	size_t n = __uk_image_end - __uk_image_start;

	for (const struct mapping *m = mappings; m; m = m->next)
		n += mapped_in(m, m->base, map_end(m)) * UK_PAGE_SIZE;
	return n;
}

/* One line of /proc/self/maps into @buf[*len..size). */
static void maps_line(char *buf, size_t size, size_t *len, uintptr_t lo,
		      uintptr_t hi, int prot, bool shared, const char *path)
{
	size_t at = UK_MIN(*len, size);

	*len += uk_snprintf(buf + at, size - at,
			    "%08lx-%08lx %c%c%c%c 00000000 00:00 0%s%s\n",
			    (unsigned long)lo, (unsigned long)hi,
			    prot & L_PROT_READ ? 'r' : '-',
			    prot & L_PROT_WRITE ? 'w' : '-',
			    prot & L_PROT_EXEC ? 'x' : '-',
			    shared ? 's' : 'p', path[0] ? "    " : "", path);
}

void uk_posix_mm_maps(char *buf, size_t size, size_t *len, const char *name)
{
	extern char __uk_image_start[], __uk_image_end[];
	char path[UK_VFS_NAME_MAX + 2];

	uk_snprintf(path, sizeof(path), "/%s", name);
	maps_line(buf, size, len, (uintptr_t)__uk_image_start,
		  UK_ALIGN_UP((uintptr_t)__uk_image_end, UK_PAGE_SIZE),
		  L_PROT_READ | L_PROT_WRITE | L_PROT_EXEC, false, path);
	/* the newest first, as they are kept; run by run of protections */
	for (const struct mapping *m = mappings; m; m = m->next) {
		uintptr_t lo = m->base, hi;

		while (lo < map_end(m)) {
			int prot = page_prot(m, lo);

			for (hi = lo + UK_PAGE_SIZE; hi < map_end(m) &&
			     page_prot(m, hi) == prot; hi += UK_PAGE_SIZE)
				;
			if (prot != HOLE)
				maps_line(buf, size, len, lo, hi, prot,
					  m->shared, "");
			lo = hi;
		}
	}
}
