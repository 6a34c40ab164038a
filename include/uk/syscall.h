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
 * for an unmodified libc, and uk_syscall() for a direct function call.
 */
#ifndef UK_SYSCALL_H
#define UK_SYSCALL_H

#include <uk/essentials.h>
#include <uk/syscall_nr.h>

typedef long (*uk_syscall_fn_t)(long, long, long, long, long, long);

struct uk_syscall_entry {
	long nr;
	const char *name;
	uk_syscall_fn_t fn;
};

#define UK_SYSCALL_REGISTER(name_, fn_)					\
	static const struct uk_syscall_entry				\
	__used __section(".uk_syscalltab") __aligned(8)			\
	__uk_syscall_##name_ = {					\
		UK_NR_##name_, #name_, (uk_syscall_fn_t)(void *)(fn_)	\
	}

/* Dispatches system call @nr; what the trap entries call. */
long uk_syscall6(long nr, long a0, long a1, long a2, long a3, long a4,
		 long a5);

/* The direct entry: uk_syscall(nr, up to six arguments). */
long uk_syscall(long nr, ...);

/*
 * System calls dispatched since boot (traps and uk_syscall() alike):
 * tests see with it whether a library call entered the kernel.
 */
uint64_t uk_syscall_count(void);

/* Name of system call @nr ("?" when unknown). */
const char *uk_syscall_name(long nr);

#endif /* UK_SYSCALL_H */
