/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lwIP's heap (MEM_LIBC_MALLOC) is the default allocator, and so are the
 * glue's buffers (netif.c, sys_arch.c). The allocator is not reentrant:
 * under `preempt` the stack's threads run with interrupts enabled, and
 * one preempted inside it while another thread allocates corrupts the
 * heap (a crash in tcp_input under wrk -c64), so every call here holds
 * preemption off, as the C library's malloc does.
 */
#ifndef UK_LWIP_SHIM_STDLIB_H
#define UK_LWIP_SHIM_STDLIB_H
#include <uk/alloc.h>
#include <uk/sched.h>

static inline void *uk_lwip_malloc(size_t n)
{
	void *p;

	uk_preempt_disable();
	p = uk_malloc(uk_alloc_get_default(), n);
	uk_preempt_enable();
	return p;
}

static inline void *uk_lwip_calloc(size_t n, size_t s)
{
	void *p;

	uk_preempt_disable();
	p = uk_calloc(uk_alloc_get_default(), n, s);
	uk_preempt_enable();
	return p;
}

static inline void uk_lwip_free(void *p)
{
	uk_preempt_disable();
	uk_free(uk_alloc_get_default(), p);
	uk_preempt_enable();
}

#define malloc(n)	uk_lwip_malloc(n)
#define calloc(n, s)	uk_lwip_calloc((n), (s))
#define free(p)		uk_lwip_free(p)
#endif
