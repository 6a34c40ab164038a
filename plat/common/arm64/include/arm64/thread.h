/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * aarch64 side of uk/plat/thread.h: the frames thread.c, switch.S and
 * vectors.S share.
 *
 * struct ukplat_syscall_regs on aarch64 is struct arm64_regs
 * (<arm64/cpu.h>) followed by zeros, as the SVC entry saved it on the
 * calling thread's stack:
 *
 *	w[0..30]	x0..x30 at the SVC (w[0] is x0, the first argument,
 *			not the result; w[8] is the system-call number)
 *	w[31]		sp at the SVC
 *	w[32]		pc: ELR_EL1, the instruction after the svc
 *	w[33]		pstate: SPSR_EL1 (NZCV, DAIF, M = EL1h)
 *	w[34]		ESR_EL1 (EC 0x15, the svc immediate in ISS)
 *	w[35]		FAR_EL1 (meaningless for an SVC)
 *	w[36..37]	a frame record for backtraces (x29, pc)
 *	w[38..39]	0
 *
 * The FP/SIMD state (v0..v31, FPCR, FPSR) is not in the frame: the
 * kernel is compiled with -mgeneral-regs-only and never touches those
 * registers, so during a system call they hold the application's values
 * in the CPU itself. A system call that blocks keeps them that way:
 * ukplat_ctx_switch saves all of v0..v31 when the thread it switches
 * away from is inside a system call (arm64_svc_frame set), and restores
 * them when the thread resumes. A signal frame built at the end of a
 * system call can therefore read them directly (mrs fpcr / stp q).
 *
 * While arm64_svc_exit_pending is set, a system call ends through the
 * exit hook of uk/plat/signal.h instead: vectors.S copies the frame to
 * a stack of its own as a struct ukplat_sysregs, whose w[38] is x0 at
 * the svc (orig_x0, kept in x19 meanwhile) and w[39] the number.
 *
 * arm64_svc_frame points at that frame while the running thread is
 * inside an SVC system call, NULL otherwise (including a call that came
 * through the direct function-call entry); ukplat_ctx_switch keeps it
 * per thread. ukplat_syscall_regs_get copies it for every SVC system
 * call, not only clone.
 */
#ifndef ARM64_THREAD_H
#define ARM64_THREAD_H

#include <arm64/cpu.h>

/* The switch frame of ukplat_ctx_switch, from ctx->sp up. */
#define SWITCH_X19		0	/* x19..x28 */
#define SWITCH_X29		80	/* x29, x30 */
#define SWITCH_FPCR		96	/* FPCR, FPSR */
#define SWITCH_D8		112	/* d8..d15 */
#define SWITCH_SVC		176	/* arm64_svc_frame of the thread */
#define SWITCH_SIZE		192
/* above it (from ctx->sp + SWITCH_SIZE), when SWITCH_SVC is not 0: q0..q31 */
#define SWITCH_VREGS_SIZE	512

/* The preemption frame below struct arm64_regs: FPCR, FPSR, q0..q31. */
#define PREEMPT_FPCR		0
#define PREEMPT_VREGS		16
#define PREEMPT_SIZE		528

/*
 * The exit hook's stack (vectors.S): a struct ukplat_syscall_regs at its
 * top, the hook below it.
 */
#define SVC_EXIT_STACK		8192
#define SVC_SYSREGS_SIZE	320

/* ukplat_fpu_state_save/restore: Linux's struct fpsimd_context */
#define FPSIMD_FPSR		8	/* FPSR, FPCR: 32 bits each */
#define FPSIMD_VREGS		16
#define FPSIMD_SIZE		528

/* struct ukplat_ctx */
#define CTX_SP			0
#define CTX_TLS			8

#ifdef __ASSEMBLY__
/*
 * VREGS stp|ldp, off[, base]: stores / loads q0..q31 at [base, #off] and
 * up (base: sp by default).
 */
.macro VREGS op, off, base=sp
	\op q0, q1, [\base, #\off + 0]
	\op q2, q3, [\base, #\off + 32]
	\op q4, q5, [\base, #\off + 64]
	\op q6, q7, [\base, #\off + 96]
	\op q8, q9, [\base, #\off + 128]
	\op q10, q11, [\base, #\off + 160]
	\op q12, q13, [\base, #\off + 192]
	\op q14, q15, [\base, #\off + 224]
	\op q16, q17, [\base, #\off + 256]
	\op q18, q19, [\base, #\off + 288]
	\op q20, q21, [\base, #\off + 320]
	\op q22, q23, [\base, #\off + 352]
	\op q24, q25, [\base, #\off + 384]
	\op q26, q27, [\base, #\off + 416]
	\op q28, q29, [\base, #\off + 448]
	\op q30, q31, [\base, #\off + 480]
.endm

/* LOAD_X2_X29 base: loads x2..x29 of the struct arm64_regs at base. */
.macro LOAD_X2_X29 base
	ldp x2, x3, [\base, #16 * 1]
	ldp x4, x5, [\base, #16 * 2]
	ldp x6, x7, [\base, #16 * 3]
	ldp x8, x9, [\base, #16 * 4]
	ldp x10, x11, [\base, #16 * 5]
	ldp x12, x13, [\base, #16 * 6]
	ldp x14, x15, [\base, #16 * 7]
	ldp x16, x17, [\base, #16 * 8]
	ldp x18, x19, [\base, #16 * 9]
	ldp x20, x21, [\base, #16 * 10]
	ldp x22, x23, [\base, #16 * 11]
	ldp x24, x25, [\base, #16 * 12]
	ldp x26, x27, [\base, #16 * 13]
	ldp x28, x29, [\base, #16 * 14]
.endm
#else
extern struct arm64_regs *arm64_svc_frame;

/* Nonzero: the next SVC system calls end through arm64_svc_exit(). */
extern unsigned char arm64_svc_exit_pending;

/* Restores @regs (sp included) and returns from the exception to it. */
void arm64_regs_resume(const struct arm64_regs *regs) __noreturn;
#endif

#endif /* ARM64_THREAD_H */
