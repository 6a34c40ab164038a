/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System calls. The kernel serves the C library's system calls from one
 * table indexed by the architecture's Linux system-call number. Each
 * entry is a plain C function with Linux semantics (same numbers, flags,
 * structure layouts; it returns a value >= 0 or a negative errno).
 *
 * A library implements a system call in its own folder:
 *
 *     static long uk_sys_getpid(void) { return 1; }
 *     UK_SYSCALL_REGISTER(getpid, uk_sys_getpid);
 *
 * UK_NR_<name> is the number (generated from the C library's own
 * <bits/syscall.h> for the architecture). A number nobody registered
 * returns -ENOSYS and is reported once on the console, by name; one
 * whose file is on demand and was not linked (uk/link.h) is reported
 * with the C library functions that would have linked it.
 *
 * Entries: the trap (x86_64 SYSCALL through MSR_LSTAR, aarch64 SVC #0)
 * for an unmodified libc, uk_syscall() for a direct function call, and
 * for a C library built against the kernel (--with-libc=musl-direct,
 * libuk/musl/direct/syscall_arch.h) one function per system call:
 *
 *     long uk_sysdirect_NAME(long a0, ..., long a5);
 *
 * UK_SYSCALL_REGISTER defines it for the handler it registers; every
 * other name of the architecture has a weak default that dispatches
 * through the table (libuk/syscall/direct.c, generated names), so a call
 * nobody implements links and returns -ENOSYS. A direct entry runs the
 * handler as the trap does (interrupts disabled under `preempt`; under
 * `coop` and `none` the application runs with them disabled already)
 * and, when the exit hook is requested (a signal is pending), ends
 * through the trap so that the hook sees a complete register state.
 */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <uk/essentials.h>
#include <uk/syscall_nr.h>
#include <uk/plat/irq.h>
#include <uk/plat/signal.h>

typedef long (*uk_syscall_fn_t)(long, long, long, long, long, long);

struct uk_syscall_entry {
	long nr;
	const char *name;
	uk_syscall_fn_t fn;
};

#define UK_SYSCALL_REGISTER(name_, fn_)					\
	long uk_sysdirect_##name_(long a0, long a1, long a2, long a3,	\
				  long a4, long a5);			\
	long uk_sysdirect_##name_(long a0, long a1, long a2, long a3,	\
				  long a4, long a5)			\
	{								\
		return uk_syscall_direct_call(UK_NR_##name_,		\
			(uk_syscall_fn_t)(void *)(fn_),			\
			a0, a1, a2, a3, a4, a5);			\
	}								\
	static const struct uk_syscall_entry				\
	__used __section(".uk_syscalltab") __aligned(8)			\
	__uk_syscall_##name_ = {					\
		UK_NR_##name_, #name_, (uk_syscall_fn_t)(void *)(fn_)	\
	}

/*
 * The direct entry of a number known only at run time: a dispatch
 * through the table, as uk_syscall_direct_call() runs a handler (not
 * counted by uk_syscall_count()).
 */
long uk_syscall_direct(long nr, long a0, long a1, long a2, long a3,
		       long a4, long a5);

/*
 * The end of a direct entry while the exit hook is requested: the call
 * @nr with its arguments goes through the trap, which returns @r (the
 * handler's result) without running the handler again; the hook at its
 * end delivers what is pending, turns a restart code into EINTR or
 * restarts the call, as for a trapped call. Returns what the
 * application gets.
 */
long uk_syscall_direct_exit(long nr, long r, long a0, long a1, long a2,
			    long a3, long a4, long a5);

/* Runs handler @fn of system call @nr for a direct entry. */
static inline __attribute__((always_inline)) long
uk_syscall_direct_call(long nr, uk_syscall_fn_t fn, long a0, long a1,
		       long a2, long a3, long a4, long a5)
{
	unsigned long flags = 0;
	long r;

#if defined(UK_CONFIG_SCHED_PREEMPT)
	flags = ukplat_irq_save();
#endif
	r = fn(a0, a1, a2, a3, a4, a5);
#if defined(UK_CONFIG_SCHED_PREEMPT)
	ukplat_irq_restore(flags);
#endif
	(void)flags;
	if (unlikely(ukplat_syscall_exit_requested()))
		r = uk_syscall_direct_exit(nr, r, a0, a1, a2, a3, a4, a5);
	return r;
}

/* Dispatches system call @nr; what the trap entries call. */
long uk_syscall6(long nr, long a0, long a1, long a2, long a3, long a4,
		 long a5);

/* The direct entry: uk_syscall(nr, up to six arguments). */
long uk_syscall(long nr, ...);

/*
 * System calls dispatched since boot through the trap and uk_syscall()
 * (not the direct entries of --with-libc=musl-direct):
 * tests see with it whether a library call entered the kernel.
 */
uint64_t uk_syscall_count(void);

/* Name of system call @nr ("?" when unknown). */
const char *uk_syscall_name(long nr);

#endif /* UK_SYSCALL_H */
