/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EL1 exception vectors. The kernel and the application both run at EL1
 * on SP_EL1 (aarch64 code has no red zone, so an exception may push its
 * frame onto the interrupted stack). Every entry saves the registers as
 * struct arm64_regs (see <arm64/cpu.h>).
 *
 * Synchronous exceptions: `svc #0` (ESR_EL1.EC 0x15) is a Linux system
 * call: uk_syscall6(x8, x0..x5), result in x0, every other register
 * (and NZCV, through SPSR) preserved, as Linux does. FP/SIMD registers
 * are untouched: the kernel is built with -mgeneral-regs-only. Anything
 * else goes to arm64_sync_handler() (a crash report, the semihosting
 * fix-up, or for a fault of the application's code its signal, through
 * fault_exit). Interrupts stay masked during a system call, as on x86_64.
 * While arm64_svc_exit_pending is set, a system call ends through the
 * exit hook of uk/plat/signal.h (svc_exit_slow below).
 *
 * Interrupts: arm64_irq_handler() runs the handlers; when it asks for a
 * preemption, the FP/SIMD state is saved below the frame and
 * arm64_preempt_call() runs there, on the interrupted thread's stack,
 * so that the scheduler may switch away and resume it later.
 *
 * If saving the frame itself faults (the stack pointer points at no
 * memory, or a thread's stack overflowed into its guard page), the
 * nested exception finds its ELR inside the save code and goes to
 * arm64_stack_fault() on a stack of its own instead of looping, with
 * the interrupted general registers; the first exception's ELR, SPSR,
 * ESR and FAR are in arm64_sync_first (saved before its frame), its sp
 * a frame's size above the one at the nested fault.
 * SP_EL0 and TPIDRRO_EL0 serve as scratch registers there; nothing else
 * uses them (musl uses TPIDR_EL0 only).
 */
#include <arm64/thread.h>

.macro VENTRY label
	.balign 0x80
	b \label
.endm

.macro BAD_VENTRY kind
	.balign 0x80
	msr sp_el0, x0
	msr tpidrro_el0, x1
	mov x0, #\kind
	b bad_entry
.endm

.section .text.exceptions, "ax"
.balign 0x800
.globl arm64_vectors
arm64_vectors:
	/* current EL with SP_EL0: never used */
	BAD_VENTRY 0
	BAD_VENTRY 1
	BAD_VENTRY 2
	BAD_VENTRY 3
	/* current EL with SP_ELx: the kernel and the application */
	VENTRY el1_sync
	VENTRY el1_irq
	BAD_VENTRY 6
	BAD_VENTRY 7
	/* lower EL, AArch64 and AArch32: nothing runs there */
	BAD_VENTRY 8
	BAD_VENTRY 9
	BAD_VENTRY 10
	BAD_VENTRY 11
	BAD_VENTRY 12
	BAD_VENTRY 13
	BAD_VENTRY 14
	BAD_VENTRY 15

/* Saves x0..x29 below sp: the code that may fault on a bad stack. */
.macro SAVE_GPRS
	sub sp, sp, #ARM64_REGS_SIZE
	stp x0, x1, [sp, #16 * 0]
	stp x2, x3, [sp, #16 * 1]
	stp x4, x5, [sp, #16 * 2]
	stp x6, x7, [sp, #16 * 3]
	stp x8, x9, [sp, #16 * 4]
	stp x10, x11, [sp, #16 * 5]
	stp x12, x13, [sp, #16 * 6]
	stp x14, x15, [sp, #16 * 7]
	stp x16, x17, [sp, #16 * 8]
	stp x18, x19, [sp, #16 * 9]
	stp x20, x21, [sp, #16 * 10]
	stp x22, x23, [sp, #16 * 11]
	stp x24, x25, [sp, #16 * 12]
	stp x26, x27, [sp, #16 * 13]
	stp x28, x29, [sp, #16 * 14]
.endm

/* The rest of the frame: lr, the interrupted sp, ELR, SPSR, ESR, FAR. */
.macro SAVE_SYSREGS
	add x0, sp, #ARM64_REGS_SIZE
	stp x30, x0, [sp, #ARM64_REGS_SP - 8]
	mrs x0, elr_el1
	mrs x1, spsr_el1
	stp x0, x1, [sp, #ARM64_REGS_ELR]
	mrs x0, esr_el1
	mrs x1, far_el1
	stp x0, x1, [sp, #ARM64_REGS_ESR]
	/* a frame record, so that backtraces go through the exception */
	ldr x0, [sp, #ARM64_REGS_ELR]
	stp x29, x0, [sp, #ARM64_REGS_FRAME]
	add x29, sp, #ARM64_REGS_FRAME
.endm

el1_sync:
	/* did the save code below fault (a bad stack pointer)? */
	msr sp_el0, x0
	msr tpidrro_el0, x1
	mrs x0, elr_el1
	adr x1, save_start
	sub x0, x0, x1
	cmp x0, #(save_end - save_start)
	b.lo stack_fault
	/* for stack_fault: what this exception was, should its save fault */
	adrp x1, arm64_sync_first
	add x1, x1, :lo12:arm64_sync_first
	mrs x0, elr_el1
	str x0, [x1, #0]
	mrs x0, spsr_el1
	str x0, [x1, #8]
	mrs x0, esr_el1
	str x0, [x1, #16]
	mrs x0, far_el1
	str x0, [x1, #24]
	mrs x0, sp_el0
	mrs x1, tpidrro_el0
save_start:
	SAVE_GPRS
save_end:
	SAVE_SYSREGS
	mrs x0, esr_el1
	lsr x0, x0, #ESR_EC_SHIFT
	cmp x0, #ESR_EC_SVC64
	b.ne 1f

	/*
	 * system call: uk_syscall6(x8, x0, x1, x2, x3, x4, x5), with the
	 * frame published in arm64_svc_frame meanwhile (see <arm64/thread.h>)
	 */
	.weak uk_syscall6
	ldr x9, =uk_syscall6
	cbz x9, 2f			/* no system-call layer linked */
	mov x0, sp
	adrp x10, arm64_svc_frame
	str x0, [x10, :lo12:arm64_svc_frame]
	ldp x1, x2, [sp, #16 * 0]
	ldp x3, x4, [sp, #16 * 1]
	ldp x5, x6, [sp, #16 * 2]
	ldr x0, [sp, #8 * 8]
	mov x19, x1			/* orig_x0, for a restart */
	blr x9
	str x0, [sp]
	adrp x10, arm64_svc_frame
	str xzr, [x10, :lo12:arm64_svc_frame]
	adrp x10, arm64_svc_exit_pending
	ldrb w10, [x10, :lo12:arm64_svc_exit_pending]
	cbnz w10, svc_exit_slow
	b restore
2:	mov x0, #-38			/* -ENOSYS */
	str x0, [sp]
	b restore

1:	mov x0, sp
	bl arm64_sync_handler
	cbz x0, restore
	b fault_exit

el1_irq:
	SAVE_GPRS
	SAVE_SYSREGS
	mov x0, sp
	bl arm64_irq_handler
	cbz x0, irq_done
	/*
	 * Preemption (uk/plat/thread.h): the frame already is on the
	 * interrupted thread's stack; the FP/SIMD state goes below it, and
	 * the function runs below that, free to switch threads.
	 */
	sub sp, sp, #PREEMPT_SIZE
	VREGS stp, PREEMPT_VREGS
	mrs x0, fpcr
	mrs x1, fpsr
	stp x0, x1, [sp, #PREEMPT_FPCR]
	bl arm64_preempt_call
	ldp x0, x1, [sp, #PREEMPT_FPCR]
	msr fpcr, x0
	msr fpsr, x1
	VREGS ldp, PREEMPT_VREGS
	add sp, sp, #PREEMPT_SIZE
	/* fall through */

/* a signal may be due (uk/plat/signal.h's interrupt hook) */
irq_done:
	adrp x10, arm64_svc_exit_pending
	ldrb w10, [x10, :lo12:arm64_svc_exit_pending]
	cbnz w10, irq_exit_slow
	/* fall through */

restore:
	ldp x0, x1, [sp, #ARM64_REGS_ELR]
	msr elr_el1, x0
	msr spsr_el1, x1
	ldp x0, x1, [sp, #16 * 0]
	LOAD_X2_X29 sp
	ldr x30, [sp, #ARM64_REGS_SP - 8]
	add sp, sp, #ARM64_REGS_SIZE
	eret

/*
 * The exit hook's path (uk/plat/signal.h): the frame at sp, with the
 * result in x0, moves to the exit stack as a struct ukplat_sysregs
 * (plus orig_x0 from x19 and the number), arm64_svc_exit() runs there,
 * and arm64_regs_resume() returns to whatever registers it left. The
 * hook writes signal frames below the application's sp, over the frame
 * this SVC saved: hence the copy. Interrupts stay masked from the svc
 * to the eret and the hook never blocks, so one exit stack serves every
 * thread (one CPU).
 */
/* The frame at sp to the exit stack: x0 = the copy, x2 = its end. */
.macro TO_EXIT_STACK
	adrp x0, svc_exit_stack_top
	add x0, x0, :lo12:svc_exit_stack_top
	sub x0, x0, #SVC_SYSREGS_SIZE
	mov x1, sp
	mov x2, x0
	mov x3, #ARM64_REGS_SIZE / 16
1:	ldp x4, x5, [x1], #16
	stp x4, x5, [x2], #16
	subs x3, x3, #1
	b.ne 1b
.endm

svc_exit_slow:
	TO_EXIT_STACK
	ldr x3, [sp, #8 * 8]		/* the number */
	stp x19, x3, [x2]		/* orig_x0, nr */
	mov sp, x0
	add x29, sp, #ARM64_REGS_FRAME
	bl arm64_svc_exit
	mov x0, sp
	b arm64_regs_resume

/*
 * A fault of the application's code (arm64_sync_handler said so): the
 * fault hook of uk/plat/signal.h runs on the exit stack, as the exit
 * hook does (it writes a signal frame below the interrupted sp), and
 * the registers it left are resumed. No system call: orig_x0 and the
 * number are 0.
 */
/* The frame at sp to the exit stack, no system call; then fn there. */
.macro HOOK_EXIT fn
	TO_EXIT_STACK
	stp xzr, xzr, [x2]
	mov sp, x0
	add x29, sp, #ARM64_REGS_FRAME
	bl \fn
	mov x0, sp
	b arm64_regs_resume
.endm

fault_exit:
	HOOK_EXIT arm64_fault_exit

/*
 * The end of an interrupt while the exit hook is requested: the
 * interrupt hook may write a signal frame below the interrupted sp,
 * where this frame is; it runs on the exit stack too.
 */
irq_exit_slow:
	HOOK_EXIT arm64_irq_exit

/* An exception from a state we never run in: x0 = vector index. */
bad_entry:
	ldr x1, =arm64_crash_stack_top
	mov sp, x1
	stp x0, xzr, [sp, #-16]!	/* the vector index */
	mrs x0, sp_el0
	mrs x1, tpidrro_el0
	SAVE_GPRS
	SAVE_SYSREGS
	mov x0, sp
	ldr x1, [sp, #ARM64_REGS_SIZE]
	bl arm64_bad_exception
	b .

/* Saving the frame faulted: report from the crash stack. */
stack_fault:
	mov x0, sp
	ldr x1, =arm64_crash_stack_top
	mov sp, x1
	stp x0, xzr, [sp, #-16]!	/* the bad stack pointer */
	mrs x0, sp_el0
	mrs x1, tpidrro_el0
	SAVE_GPRS
	SAVE_SYSREGS
	ldr x1, [sp, #ARM64_REGS_SIZE]
	str x1, [sp, #ARM64_REGS_SP]
	mov x0, sp
	bl arm64_stack_fault
	b .

.section .bss
.balign 16
svc_exit_stack:
	.skip SVC_EXIT_STACK
svc_exit_stack_top:

/* ELR, SPSR, ESR and FAR of the last synchronous exception entered */
.balign 16
.globl arm64_sync_first
arm64_sync_first:
	.skip 32

.balign 16
arm64_crash_stack:
	.skip 8192
.globl arm64_crash_stack_top
arm64_crash_stack_top:

.section .note.GNU-stack, "", @progbits
