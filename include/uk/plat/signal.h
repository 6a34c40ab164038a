/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the POSIX layer needs from the architecture to deliver signals to
 * application handlers (libuk/posix/signal.c is the user):
 *
 *   - an exit hook on the system-call trap: while requested, every
 *     system call entered through the trap ends by calling the hook
 *     with the application's complete register state, which the hook
 *     MAY change (to enter a handler, to return from one, to restart
 *     the call); the application then resumes with all of it;
 *   - the layout of that register state, per architecture, for the
 *     frame builders (libuk/posix/sigframe_ARCH.c);
 *   - saving and restoring the FPU/SIMD state into a signal frame.
 *
 * UKPLAT_SIGNAL_HOOK is 1 where the platform has all of this; where it
 * is 0 the functions are stubs and signal handlers cannot be entered.
 */
#ifndef UK_PLAT_SIGNAL_H
#define UK_PLAT_SIGNAL_H

#include <uk/essentials.h>
#include <uk/plat/thread.h>

#if defined(UK_ARCH_X86_64)
#define UKPLAT_SIGNAL_HOOK	1

/*
 * struct ukplat_syscall_regs as the exit hook sees it on x86_64 (the
 * trap frame, struct x86_regs inside plat/). After SYSCALL, rcx holds
 * the return address and r11 the flags, as on Linux; rip and rflags
 * are what the application resumes with.
 */
struct ukplat_sysregs {
	unsigned long r15, r14, r13, r12, r11, r10, r9, r8;
	unsigned long rbp, rdi, rsi, rdx, rcx, rbx, rax;
	unsigned long nr;	/* the system call's number */
	unsigned long error;	/* 0 */
	unsigned long rip, cs, rflags, rsp, ss;
};
#elif defined(UK_ARCH_AARCH64)
#define UKPLAT_SIGNAL_HOOK	1

/*
 * struct ukplat_syscall_regs as the exit hook sees it on aarch64: the
 * SVC's exception frame (struct arm64_regs inside plat/), then what a
 * restart needs. x[0] is the result; x[8] and nr the number; pc is the
 * instruction after the svc; pstate is SPSR_EL1 (the application runs
 * at EL1 too: only NZCV is the application's to change).
 */
struct ukplat_sysregs {
	unsigned long x[31];	/* x0..x30 */
	unsigned long sp, pc, pstate;
	unsigned long esr, far;	/* of the svc */
	unsigned long frame[2];	/* a frame record for backtraces */
	unsigned long orig_x0;	/* x0 at the svc: the first argument */
	unsigned long nr;	/* the system call's number */
};
#else
#define UKPLAT_SIGNAL_HOOK	0
#endif

/*
 * @r: the registers of the system call that ends, its result already
 * in the result register. Called with interrupts disabled, on a stack
 * of the platform's (never the application's: the hook may write below
 * the application's stack pointer). The hook MUST NOT block or switch
 * threads; it MAY end the system (uk_boot_exit).
 */
typedef void (*ukplat_syscall_exit_fn_t)(struct ukplat_syscall_regs *r);

#if UKPLAT_SIGNAL_HOOK
/* Sets the exit hook (one; NULL removes it). */
void ukplat_syscall_exit_set(ukplat_syscall_exit_fn_t fn);

/*
 * @on: whether the system calls that end from now on call the hook, and
 * the interrupts that return to the application's code the interrupt
 * hook. Cheap; the fast path of the trap tests one byte.
 */
void ukplat_syscall_exit_request(bool on);

/*
 * The interrupt hook (one; NULL removes it): while requested, an
 * interrupt that returns to the application's code (ukplat_kernel_text
 * false for its pc; after any preemption it caused, when the thread it
 * interrupted runs again) calls it with the interrupted registers, as
 * the exit hook is called; @r's number slot is not a system call's.
 * The same rules as the exit hook's: interrupts disabled, a stack of
 * the platform's, MUST NOT block, MAY change @r, MAY end the system.
 */
void ukplat_irq_exit_set(ukplat_syscall_exit_fn_t fn);

/*
 * The application's stack pointer at the system call being served, when
 * it came through the trap (valid until the call blocks); 0 for one
 * that came through the direct function-call entry.
 */
unsigned long ukplat_syscall_sp(void);

/*
 * FPU/SIMD state for signal frames: the size of the save area (its
 * address MUST be 64-byte aligned), and save/restore of the running
 * thread's state (x86_64: XSAVE with every component, or FXSAVE; the
 * first 512 bytes are the FXSAVE layout either way. aarch64: Linux's
 * struct fpsimd_context, 528 bytes: the first 8, the record's header,
 * are the caller's; then FPSR, FPCR (32 bits each) and v0..v31).
 */
size_t ukplat_fpu_state_size(void);
void ukplat_fpu_state_save(void *area);
void ukplat_fpu_state_restore(const void *area);

/*
 * A fault (an exception) of the application's own code: any code
 * outside the kernel's archives (ukplat_kernel_text is false for its
 * pc). What Linux makes of it for a user-mode program: the signal and
 * si_code (Linux's numbers) and si_addr; and what the architecture's
 * ucontext tells (x86_64: the vector as trapno, the error code as a
 * user-mode access gives it, CR2; aarch64: ESR_EL1 as an exception
 * from EL0 gives it, the fault address).
 */
struct ukplat_fault {
	int signo;
	int code;
	unsigned long addr;
	unsigned long trapno;
	unsigned long error;
	unsigned long fault_address;
};

/*
 * The fault hook: called with @r, the registers of the faulting code
 * (its pc at the faulting instruction), on a stack of the platform's,
 * interrupts disabled. It MAY change @r (to enter a signal handler) and
 * return true: the code resumes with them. It returns false when the
 * fault is not the application's to handle (a thread of the kernel's):
 * the platform reports a kernel crash. It MAY end the system: for a
 * fault the application has no handler for, after
 * ukplat_fault_report().
 */
typedef bool (*ukplat_fault_fn_t)(struct ukplat_syscall_regs *r,
				  const struct ukplat_fault *f);
void ukplat_fault_set(ukplat_fault_fn_t fn);

/*
 * Prints the crash report of an application's fault @f (the exception,
 * the registers of @r, a backtrace) as a diagnostic; returns.
 */
void ukplat_fault_report(const struct ukplat_syscall_regs *r,
			 const struct ukplat_fault *f);

/* True when @pc is in the kernel's code (not the application's). */
bool ukplat_kernel_text(unsigned long pc);

/*
 * Whether ukplat_syscall_exit_request(true) is in force: a direct entry
 * (uk/syscall.h), which has no trap to end in, then ends through
 * ukplat_syscall_trap() so that the hook runs.
 */
static inline bool ukplat_syscall_exit_requested(void)
{
#if defined(UK_ARCH_X86_64)
	extern unsigned char x86_syscall_exit_pending;

	return x86_syscall_exit_pending;
#else
	extern unsigned char arm64_svc_exit_pending;

	return arm64_svc_exit_pending;
#endif
}

/*
 * Makes system call @nr through the trap, as an unmodified C library
 * does (x86_64 SYSCALL, aarch64 SVC #0): its end runs the exit hook
 * when requested. For kernel code that must look like a trapped call.
 */
long ukplat_syscall_trap(long nr, long a0, long a1, long a2, long a3,
			 long a4, long a5);
#else
static inline bool ukplat_syscall_exit_requested(void)
{
	return false;
}

static inline void ukplat_syscall_exit_set(ukplat_syscall_exit_fn_t fn)
{
}

static inline void ukplat_syscall_exit_request(bool on)
{
}

static inline void ukplat_irq_exit_set(ukplat_syscall_exit_fn_t fn)
{
}

struct ukplat_fault;
typedef bool (*ukplat_fault_fn_t)(struct ukplat_syscall_regs *r,
				  const struct ukplat_fault *f);
static inline void ukplat_fault_set(ukplat_fault_fn_t fn)
{
}
#endif

#endif /* UK_PLAT_SIGNAL_H */
