/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Access to memory named by a system call's pointer arguments. The
 * application and the kernel share one address space, so a pointer is
 * "bad" when it names no memory (page 0 and the first megabyte, a gap,
 * an unmapped or PROT_NONE page, a non-canonical address) or memory
 * that may not be accessed that way (a write into the image's text or
 * read-only data). System calls get -EFAULT for those, as on Linux,
 * instead of a kernel crash.
 *
 * The copy routines are the exact way: each access that may fault is
 * listed in an exception table (section .uk_extable: {instruction,
 * continuation} pairs); the page-fault and data-abort handlers resume a
 * fault at such an instruction at its continuation, which returns the
 * error. A fault anywhere else in the kernel stays a crash.
 *
 * uk_user_ok() is the check for buffers that deeper code (a file
 * system, the network stack) fills or reads directly: it reads the page
 * tables. It cannot see a concurrent munmap() by another thread after
 * the check; such a race remains a crash.
 */
#ifndef UK_UACCESS_H
#define UK_UACCESS_H

#include <uk/essentials.h>

/* Copies @n bytes from user address @usrc to @dst: 0 or -EFAULT. */
int uk_copy_from_user(void *dst, const void *usrc, size_t n);

/* Copies @n bytes from @src to user address @udst: 0 or -EFAULT. */
int uk_copy_to_user(void *udst, const void *src, size_t n);

/*
 * Copies the NUL-terminated string at user address @usrc into @dst
 * (@size bytes, @size > 0). Returns its length, -EFAULT, or
 * -ENAMETOOLONG when no NUL is within @size bytes.
 */
long uk_strncpy_from_user(char *dst, const char *usrc, size_t size);

/*
 * True when the @n bytes at @p may be read (and written, when @write)
 * at the time of the call. @n == 0 is always true.
 */
bool uk_user_ok(const void *p, size_t n, bool write);

/*
 * The length of the NUL-terminated string at user address @s, checked
 * in place (as uk_user_ok: for strings that deeper code reads directly):
 * its length, @max when no NUL is within @max bytes, or -EFAULT.
 */
long uk_user_strnlen(const char *s, size_t max);

/* @name if it is a readable string (crash reports), else a placeholder. */
const char *uk_crash_name(const char *name);

/*
 * Crash reports: true when a fault at @addr with stack pointer @sp looks
 * like a stack overflow (the faulting page holds sp, or is at most a
 * page below it); a fault above sp's page is not one.
 */
bool uk_stack_fault_near(uintptr_t addr, uintptr_t sp);

/* The continuation of a fault at @pc when @pc is a listed access, or 0. */
uintptr_t uk_extable_find(uintptr_t pc);

#endif /* UK_UACCESS_H */
