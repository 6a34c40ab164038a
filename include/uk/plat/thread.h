/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Architecture hooks of the scheduler (libuk/sched is their only user):
 * thread contexts and their switch, the system-call frame through which
 * a thread made by clone() enters the application, and preemption at
 * the end of an interrupt. plat/common/ARCH implements them.
 *
 * All of them are called with interrupts disabled.
 */
#ifndef UK_PLAT_THREAD_H
#define UK_PLAT_THREAD_H

#include <uk/essentials.h>

/*
 * What a switch leaves behind: the stack pointer (the callee-saved
 * registers and the FP control state -- MXCSR and the x87 control word;
 * FPCR and FPSR -- are pushed on that stack) and the TLS pointer (FS
 * base on x86_64, TPIDR_EL0 on aarch64).
 */
struct ukplat_ctx {
	unsigned long sp;
	unsigned long tls;
};

/*
 * Prepares @ctx so that the first switch to it calls @entry(@arg) on the
 * stack whose highest address is @stack_top, with TLS pointer @tls, FP
 * control state at its reset values and interrupts disabled. @entry
 * MUST NOT return.
 */
void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack_top,
		     unsigned long tls, void (*entry)(void *), void *arg);

/*
 * Saves the running thread's callee-saved registers, FP control state
 * and current TLS pointer into @prev and resumes @next; returns when a
 * later switch resumes @prev. Only what a function call must preserve
 * is saved (the vector registers are caller-saved), except that aarch64
 * saves all of v0..v31 for a thread switched away inside an SVC system
 * call, which promised the application all of them.
 */
void ukplat_ctx_switch(struct ukplat_ctx *prev, struct ukplat_ctx *next);

/* The running thread's TLS pointer, as the application last set it. */
unsigned long ukplat_tls_get(void);

/*
 * The registers the application had when it entered the current system
 * call through the trap (x86_64: SYSCALL; aarch64: SVC), for clone().
 * Opaque; large enough for every architecture.
 */
#define UKPLAT_SYSCALL_REGS_WORDS	40

struct ukplat_syscall_regs {
	unsigned long w[UKPLAT_SYSCALL_REGS_WORDS];
};

/*
 * Copies the current system call's registers into @r. Returns 0, or
 * -ENOTSUP when the platform keeps no frame for this system call (it was
 * not clone, or it came through the direct function-call entry). x86_64
 * keeps the frame of clone only, aarch64 that of every SVC system call
 * (layout: <arm64/thread.h> in plat/common/arm64/include).
 */
int ukplat_syscall_regs_get(struct ukplat_syscall_regs *r);

/*
 * Enters the application as if the system call of @r returned @ret in
 * the calling thread, with stack pointer @sp; every other register is
 * @r's. @r MAY be modified. Never returns.
 */
void ukplat_syscall_regs_resume(struct ukplat_syscall_regs *r, long ret,
				unsigned long sp) __noreturn;

/*
 * Preemption. After an interrupt's handlers ran, if a preemption was
 * requested (ukplat_preempt_request, typically from a handler) and a
 * function is set, the platform clears the request and calls @fn on the
 * interrupted thread's own stack (never an interrupt stack; below the
 * x86_64 red zone), with interrupts disabled and the interrupted
 * thread's complete register and FPU/SIMD state saved (xsave with the
 * size from CPUID 0xD, or fxsave; the V registers, FPCR and FPSR).
 * @fn MAY switch threads; when it returns, the interrupted code resumes
 * with exactly that state.
 */
typedef void (*ukplat_preempt_fn_t)(void);
void ukplat_preempt_set(ukplat_preempt_fn_t fn);
void ukplat_preempt_request(void);

#endif /* UK_PLAT_THREAD_H */
