/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Basic types and helper macros shared by every micro-library.
 * Freestanding: only the compiler's own headers are used.
 */
#ifndef UK_ESSENTIALS_H
#define UK_ESSENTIALS_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdarg.h>
#include <uk/config.h>

#ifndef __ssize_t_defined_uk
#define __ssize_t_defined_uk
typedef long uk_ssize_t;
#endif
typedef uint64_t __nsec;
typedef uint64_t __paddr_t;
typedef uintptr_t __vaddr_t;

#define __unused		__attribute__((unused))
#define __used			__attribute__((used))
#define __noreturn		__attribute__((noreturn))
#define __packed		__attribute__((packed))
#define __aligned(x)		__attribute__((aligned(x)))
#define __section(s)		__attribute__((section(s)))
#define __weak			__attribute__((weak))
#define __printf_like(f, a)	__attribute__((format(printf, f, a)))
#define __noinline		__attribute__((noinline))

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define UK_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define UK_ALIGN_UP(v, a)	(((v) + (a) - 1) & ~((__typeof__(v))(a) - 1))
#define UK_ALIGN_DOWN(v, a)	((v) & ~((__typeof__(v))(a) - 1))
#define UK_IS_ALIGNED(v, a)	(((v) & ((__typeof__(v))(a) - 1)) == 0)
#define UK_IS_POW2(v)		((v) != 0 && ((v) & ((v) - 1)) == 0)
#define UK_MIN(a, b)		((a) < (b) ? (a) : (b))
#define UK_MAX(a, b)		((a) > (b) ? (a) : (b))
#define UK_STRINGIFY_(x)	#x
#define UK_STRINGIFY(x)		UK_STRINGIFY_(x)
#define UK_CONCAT_(a, b)	a##b
#define UK_CONCAT(a, b)		UK_CONCAT_(a, b)

#define uk_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define UK_PAGE_SHIFT		12
#define UK_PAGE_SIZE		(1UL << UK_PAGE_SHIFT)

#define UK_KiB			(1024UL)
#define UK_MiB			(1024UL * 1024UL)
#define UK_GiB			(1024UL * 1024UL * 1024UL)

/* Tells the CPU we are in a busy-wait loop. */
static inline void uk_cpu_relax(void)
{
#if defined(UK_ARCH_X86_64)
	__asm__ __volatile__("pause" ::: "memory");
#elif defined(UK_ARCH_AARCH64)
	__asm__ __volatile__("yield" ::: "memory");
#endif
}

/* Static assertion usable at file scope. */
#define UK_CTASSERT(x)		_Static_assert(x, #x)

#endif /* UK_ESSENTIALS_H */
