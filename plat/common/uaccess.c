/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uk/uaccess.h on top of the architecture's faulting copies
 * (plat/common/ARCH/uaccess.S) and page-table check.
 */
#include <uk/uaccess.h>
#include <uk/plat/paging.h>
#include <uk/errno.h>

struct extable_entry {
	uintptr_t insn;
	uintptr_t cont;
};

extern const struct extable_entry __uk_extable_start[], __uk_extable_end[];

size_t uk_arch_user_copy(void *dst, const void *src, size_t n);
long uk_arch_user_strncpy(char *dst, const char *src, size_t n);

uintptr_t uk_extable_find(uintptr_t pc)
{
	for (const struct extable_entry *e = __uk_extable_start;
	     e < __uk_extable_end; e++)
		if (e->insn == pc)
			return e->cont;
	return 0;
}

int uk_copy_from_user(void *dst, const void *usrc, size_t n)
{
	return uk_arch_user_copy(dst, usrc, n) ? -UK_EFAULT : 0;
}

int uk_copy_to_user(void *udst, const void *src, size_t n)
{
	return uk_arch_user_copy(udst, src, n) ? -UK_EFAULT : 0;
}

long uk_strncpy_from_user(char *dst, const char *usrc, size_t size)
{
	long n = uk_arch_user_strncpy(dst, usrc, size);

	if (n < 0)
		return -UK_EFAULT;
	if ((size_t)n == size)
		return -UK_ENAMETOOLONG;
	return n;
}

bool uk_user_ok(const void *p, size_t n, bool write)
{
	uintptr_t a = (uintptr_t)p;

	if (!n)
		return true;
	if (a + n < a)
		return false;
	return ukplat_page_accessible(a, n, write ? UKPLAT_PROT_WRITE :
						    UKPLAT_PROT_READ);
}

long uk_user_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max) {
		uintptr_t a = (uintptr_t)s + n;
		size_t left = UK_PAGE_SIZE - (a & (UK_PAGE_SIZE - 1));

		if (!uk_user_ok(s + n, 1, false))
			return -UK_EFAULT;
		for (; left && n < max; left--, n++)
			if (!s[n])
				return n;
	}
	return max;
}

const char *uk_crash_name(const char *name)
{
	long n = name ? uk_user_strnlen(name, 64) : -1;

	return n >= 0 && n < 64 ? name : "(unreadable)";
}

bool uk_stack_fault_near(uintptr_t addr, uintptr_t sp)
{
	uintptr_t mask = ~(uintptr_t)(UK_PAGE_SIZE - 1);

	return (addr & mask) == (sp & mask) ||
	       (addr < sp && sp - addr <= UK_PAGE_SIZE);
}
