/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Page protection on the kernel's identity map. Memory starts mapped
 * read/write/execute; a range can be made inaccessible (guard pages,
 * munmap) or read-only, and back.
 */
#ifndef UK_PLAT_PAGING_H
#define UK_PLAT_PAGING_H

#include <uk/essentials.h>

#define UKPLAT_PROT_NONE	0
#define UKPLAT_PROT_READ	1
#define UKPLAT_PROT_WRITE	2
#define UKPLAT_PROT_EXEC	4

/*
 * Sets the protection of the pages of [addr, addr + len); @addr and @len
 * are page-aligned. Large pages covering the range are split as needed
 * (the page tables come from the default allocator). Returns 0, -EINVAL
 * for a misaligned or unmapped range, -ENOMEM when a page table cannot be
 * allocated (the range may then be partly changed).
 */
int ukplat_page_protect(uintptr_t addr, size_t len, int prot);

/*
 * True when every page of [addr, addr + len) is mapped and allows @prot
 * (UKPLAT_PROT_READ, _WRITE, _EXEC, or'ed) now; false for an empty,
 * wrapping or non-canonical range. Reads the page tables only.
 */
bool ukplat_page_accessible(uintptr_t addr, size_t len, int prot);

#endif /* UK_PLAT_PAGING_H */
