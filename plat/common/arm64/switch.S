/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread context switch, thread start, the return into an application
 * frame (uk/plat/thread.h, <arm64/thread.h>) and the FP/SIMD state of
 * signal frames (uk/plat/signal.h).
 */
#include <arm64/thread.h>

.section .text

/*
 * The switch frame at sp (SWITCH_*): x19..x30, FPCR and FPSR (in x11,
 * x12 around the macro), d8..d15; OP is stp or ldp.
 */
.macro CALLEE_SAVED op
	\op x19, x20, [sp, #SWITCH_X19]
	\op x21, x22, [sp, #SWITCH_X19 + 16]
	\op x23, x24, [sp, #SWITCH_X19 + 32]
	\op x25, x26, [sp, #SWITCH_X19 + 48]
	\op x27, x28, [sp, #SWITCH_X19 + 64]
	\op x29, x30, [sp, #SWITCH_X29]
	\op x11, x12, [sp, #SWITCH_FPCR]
	\op d8, d9, [sp, #SWITCH_D8]
	\op d10, d11, [sp, #SWITCH_D8 + 16]
	\op d12, d13, [sp, #SWITCH_D8 + 32]
	\op d14, d15, [sp, #SWITCH_D8 + 48]
.endm

/*
 * void ukplat_ctx_switch(struct ukplat_ctx *prev, struct ukplat_ctx *next)
 *
 * Saves what AAPCS64 asks a callee to keep (x19..x29, lr, sp, d8..d15,
 * FPCR/FPSR) and TPIDR_EL0. A thread switched away inside a system call
 * keeps all of v0..v31 as well: the svc instruction promised the
 * application all of them, and the kernel never touches them.
 */
.balign 16
.globl ukplat_ctx_switch
ukplat_ctx_switch:
	adrp x9, arm64_svc_frame
	ldr x10, [x9, :lo12:arm64_svc_frame]
	cbz x10, 1f
	sub sp, sp, #SWITCH_VREGS_SIZE
	VREGS stp, 0
1:	sub sp, sp, #SWITCH_SIZE
	mrs x11, fpcr
	mrs x12, fpsr
	CALLEE_SAVED stp
	str x10, [sp, #SWITCH_SVC]
	mov x11, sp
	mrs x12, tpidr_el0
	stp x11, x12, [x0, #CTX_SP]

	ldp x11, x12, [x1, #CTX_SP]
	mov sp, x11
	msr tpidr_el0, x12
	CALLEE_SAVED ldp
	msr fpcr, x11
	msr fpsr, x12
	ldr x10, [sp, #SWITCH_SVC]
	str x10, [x9, :lo12:arm64_svc_frame]
	add sp, sp, #SWITCH_SIZE
	cbz x10, 2f
	VREGS ldp, 0
	add sp, sp, #SWITCH_VREGS_SIZE
2:	ret

/*
 * First code of a thread (see ukplat_ctx_init in thread.c): the switch
 * "returned" here with x19 = entry, x20 = argument.
 */
.balign 16
.globl arm64_ctx_start
arm64_ctx_start:
	mov x0, x20
	mov x29, xzr
	mov x30, xzr
	blr x19
	brk #0

/*
 * void arm64_regs_resume(const struct arm64_regs *regs)
 *
 * Interrupts are masked (the caller's contract); once sp moved up past
 * the frame, nothing can write below it before the eret.
 */
.balign 16
.globl arm64_regs_resume
arm64_regs_resume:
	ldp x1, x2, [x0, #ARM64_REGS_ELR]
	msr elr_el1, x1
	msr spsr_el1, x2
	ldr x1, [x0, #ARM64_REGS_SP]
	mov sp, x1
	LOAD_X2_X29 x0
	ldr x30, [x0, #8 * 30]
	ldp x0, x1, [x0, #16 * 0]
	eret

/*
 * void ukplat_fpu_state_save(void *area)
 * void ukplat_fpu_state_restore(const void *area)
 *
 * FPSR, FPCR and v0..v31 into / out of a struct fpsimd_context at
 * area, 16-byte aligned; its header is the caller's. The kernel never
 * touches them (-mgeneral-regs-only): they are the application's.
 */
.balign 16
.globl ukplat_fpu_state_save
ukplat_fpu_state_save:
	mrs x1, fpsr
	mrs x2, fpcr
	stp w1, w2, [x0, #FPSIMD_FPSR]
	add x0, x0, #FPSIMD_VREGS
	VREGS stp, 0, x0
	ret

.balign 16
.globl ukplat_fpu_state_restore
ukplat_fpu_state_restore:
	ldp w1, w2, [x0, #FPSIMD_FPSR]
	msr fpsr, x1
	msr fpcr, x2
	add x0, x0, #FPSIMD_VREGS
	VREGS ldp, 0, x0
	ret

.section .note.GNU-stack, "", @progbits
