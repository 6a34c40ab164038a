/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread context switch, thread start and the return into an
 * application frame (uk/plat/thread.h, <arm64/thread.h>).
 */
#include <arm64/thread.h>

.section .text

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
	stp x19, x20, [sp, #SWITCH_X19]
	stp x21, x22, [sp, #SWITCH_X19 + 16]
	stp x23, x24, [sp, #SWITCH_X19 + 32]
	stp x25, x26, [sp, #SWITCH_X19 + 48]
	stp x27, x28, [sp, #SWITCH_X19 + 64]
	stp x29, x30, [sp, #SWITCH_X29]
	mrs x11, fpcr
	mrs x12, fpsr
	stp x11, x12, [sp, #SWITCH_FPCR]
	stp d8, d9, [sp, #SWITCH_D8]
	stp d10, d11, [sp, #SWITCH_D8 + 16]
	stp d12, d13, [sp, #SWITCH_D8 + 32]
	stp d14, d15, [sp, #SWITCH_D8 + 48]
	str x10, [sp, #SWITCH_SVC]
	mov x11, sp
	mrs x12, tpidr_el0
	stp x11, x12, [x0, #CTX_SP]

	ldp x11, x12, [x1, #CTX_SP]
	mov sp, x11
	msr tpidr_el0, x12
	ldp x19, x20, [sp, #SWITCH_X19]
	ldp x21, x22, [sp, #SWITCH_X19 + 16]
	ldp x23, x24, [sp, #SWITCH_X19 + 32]
	ldp x25, x26, [sp, #SWITCH_X19 + 48]
	ldp x27, x28, [sp, #SWITCH_X19 + 64]
	ldp x29, x30, [sp, #SWITCH_X29]
	ldp x11, x12, [sp, #SWITCH_FPCR]
	msr fpcr, x11
	msr fpsr, x12
	ldp d8, d9, [sp, #SWITCH_D8]
	ldp d10, d11, [sp, #SWITCH_D8 + 16]
	ldp d12, d13, [sp, #SWITCH_D8 + 32]
	ldp d14, d15, [sp, #SWITCH_D8 + 48]
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
	ldp x2, x3, [x0, #16 * 1]
	ldp x4, x5, [x0, #16 * 2]
	ldp x6, x7, [x0, #16 * 3]
	ldp x8, x9, [x0, #16 * 4]
	ldp x10, x11, [x0, #16 * 5]
	ldp x12, x13, [x0, #16 * 6]
	ldp x14, x15, [x0, #16 * 7]
	ldp x16, x17, [x0, #16 * 8]
	ldp x18, x19, [x0, #16 * 9]
	ldp x20, x21, [x0, #16 * 10]
	ldp x22, x23, [x0, #16 * 11]
	ldp x24, x25, [x0, #16 * 12]
	ldp x26, x27, [x0, #16 * 13]
	ldp x28, x29, [x0, #16 * 14]
	ldr x30, [x0, #8 * 30]
	ldp x0, x1, [x0, #16 * 0]
	eret

.section .note.GNU-stack, "", @progbits
