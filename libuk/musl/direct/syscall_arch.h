/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * musl's system calls as function calls of the kernel (--with-libc=
 * musl-direct). musl's src/internal/syscall.h includes "syscall_arch.h";
 * the build puts this directory first on the quote-include path
 * (-iquote), so this file stands in front of musl's own
 * arch/ARCH/syscall_arch.h, which is included below with its trapping
 * __syscall0..6 renamed __uk_trap_syscall0..6. No file of musl's is
 * edited.
 *
 *   - a constant number (nearly every call musl makes) becomes a call of
 *     the kernel's uk_sysdirect_NAME(), resolved at link time: the
 *     registered handler's direct entry, or a weak default that goes
 *     through the table (and returns ENOSYS for a missing call);
 *   - a number known only at run time (syscall(), the cancellation
 *     points' __syscall_cp) goes through the table: uk_syscall_direct();
 *   - clone, fork, vfork and rt_sigreturn still trap: they need the
 *     caller's register state, which only the trap saves;
 *   - musl's vDSO lookup stays: clock_gettime of the platform clocks
 *     calls the kernel's vDSO function (libuk/posix/vdso.c), as with
 *     the unmodified musl, and what it leaves (CPU-time and unknown
 *     clocks, a NULL timespec) is a direct call. (The handler through a
 *     direct call costs 17 empty calls against the vDSO's 9-11: it
 *     copies to the application with fault checks.)
 *
 * musl's own assembly that traps (__clone, __restore_rt, and the
 * cancellation points' __syscall_cp_asm when pthread_cancel is linked)
 * keeps trapping: the trap entry stays.
 */
#define __syscall0 __uk_trap_syscall0
#define __syscall1 __uk_trap_syscall1
#define __syscall2 __uk_trap_syscall2
#define __syscall3 __uk_trap_syscall3
#define __syscall4 __uk_trap_syscall4
#define __syscall5 __uk_trap_syscall5
#define __syscall6 __uk_trap_syscall6
#include_next "syscall_arch.h"
#undef __syscall0
#undef __syscall1
#undef __syscall2
#undef __syscall3
#undef __syscall4
#undef __syscall5
#undef __syscall6

#define __UK_INLINE static __inline __attribute__((__always_inline__))

long uk_syscall_direct(long, long, long, long, long, long, long);

/* generated: uk_sysdirect_NAME() and __uk_syscall_const() */
#include "uk_syscall_direct.h"

/* The calls that need the trap's register state. */
__UK_INLINE int __uk_syscall_traps(long n)
{
	return n == SYS_clone || n == SYS_rt_sigreturn
#ifdef SYS_fork
	       || n == SYS_fork
#endif
#ifdef SYS_vfork
	       || n == SYS_vfork
#endif
#ifdef SYS_clone3
	       || n == SYS_clone3
#endif
		;
}

__UK_INLINE long __syscall6(long n, long a, long b, long c, long d, long e,
			    long f)
{
	if (__uk_syscall_traps(n))
		return __uk_trap_syscall6(n, a, b, c, d, e, f);
	if (__builtin_constant_p(n))
		return __uk_syscall_const(n, a, b, c, d, e, f);
	return uk_syscall_direct(n, a, b, c, d, e, f);
}

__UK_INLINE long __syscall0(long n)
{
	return __syscall6(n, 0, 0, 0, 0, 0, 0);
}

__UK_INLINE long __syscall1(long n, long a)
{
	return __syscall6(n, a, 0, 0, 0, 0, 0);
}

__UK_INLINE long __syscall2(long n, long a, long b)
{
	return __syscall6(n, a, b, 0, 0, 0, 0);
}

__UK_INLINE long __syscall3(long n, long a, long b, long c)
{
	return __syscall6(n, a, b, c, 0, 0, 0);
}

__UK_INLINE long __syscall4(long n, long a, long b, long c, long d)
{
	return __syscall6(n, a, b, c, d, 0, 0);
}

__UK_INLINE long __syscall5(long n, long a, long b, long c, long d, long e)
{
	return __syscall6(n, a, b, c, d, e, 0);
}
