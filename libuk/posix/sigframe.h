/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The architecture's part of signal delivery: Linux's signal frame on
 * the application's stack, and the registers of a system call that
 * ends (what uk/plat/signal.h's exit hook gets). One implementation
 * per architecture, sigframe_ARCH.c; signal.c is the user.
 */
#ifndef UK_POSIX_SIGFRAME_H
#define UK_POSIX_SIGFRAME_H

#include <uk/plat/signal.h>
#include <uk/plat/paging.h>
#include "linux.h"

#if UKPLAT_SIGNAL_HOOK
/* @r as this architecture lays it out (uk/plat/signal.h) */
static inline struct ukplat_sysregs *
sigframe_regs(struct ukplat_syscall_regs *r)
{
	return (struct ukplat_sysregs *)r;
}

static inline const struct ukplat_sysregs *
sigframe_cregs(const struct ukplat_syscall_regs *r)
{
	return (const struct ukplat_sysregs *)r;
}

/* The number of the system call that ends. */
static inline long sigframe_nr(const struct ukplat_syscall_regs *r)
{
	return sigframe_cregs(r)->nr;
}
#endif

/* The result of the system call that ends. */
long sigframe_result(const struct ukplat_syscall_regs *r);
void sigframe_set_result(struct ukplat_syscall_regs *r, long ret);

/* Makes the system call start again: same number, same arguments. */
void sigframe_restart(struct ukplat_syscall_regs *r);

/* True when @ss lies in the address space (sp + size does not wrap). */
static inline bool sigframe_altstack_ok(const struct l_sigaltstack *ss)
{
	return (unsigned long)ss->sp <= L_TASK_SIZE &&
	       ss->size <= L_TASK_SIZE - (unsigned long)ss->sp;
}

/* The application's stack pointer. */
unsigned long sigframe_sp(const struct ukplat_syscall_regs *r);

/*
 * Builds Linux's rt signal frame for @ka's handler below the stack
 * pointer of @r (below the red zone), or at the top of @ss when @ka
 * has SA_ONSTACK and @ss is enabled and not in use: siginfo @info, a
 * ucontext with @r's registers, the FPU/SIMD state and @mask, and the
 * return address @ka->restorer. Then points @r at the handler, called
 * as handler(signo, &info, &ucontext). @fault, for a signal of a fault
 * (else NULL), fills the ucontext's fault fields (x86_64: trapno, err,
 * cr2; aarch64: fault_address and an esr_context record). Returns 0, or
 * -EFAULT when the handler cannot be entered (x86_64 without
 * SA_RESTORER; aarch64 then returns through a trampoline of the
 * kernel's, as Linux's vDSO does; an alternate stack that wraps or
 * ends past the address space, or a frame that would not land on
 * writable memory, where Linux's frame write would fault).
 */
int sigframe_push(struct ukplat_syscall_regs *r, const struct l_siginfo *info,
		  const struct l_sigaction *ka, uint64_t mask,
		  const struct l_sigaltstack *ss,
		  const struct ukplat_fault *fault);

/* True when the frame [@lo, @hi) can be written. */
static inline bool sigframe_writable(unsigned long lo, unsigned long hi)
{
	return lo < hi && ukplat_page_accessible(lo, hi - lo,
						 UKPLAT_PROT_READ |
						 UKPLAT_PROT_WRITE);
}

/*
 * rt_sigreturn: @r (the registers of that system call, whose stack
 * pointer is just above the frame's return address) takes the registers
 * and the FPU/SIMD state saved in the frame, as the handler may have
 * changed them; *@mask gets the frame's signal mask. Returns 0, or
 * -EFAULT for a frame that cannot be one of ours.
 */
int sigframe_pop(struct ukplat_syscall_regs *r, uint64_t *mask);

#endif /* UK_POSIX_SIGFRAME_H */
