/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread context switch, thread start, preemption from an interrupt and
 * the FPU/SIMD save area (uk/plat/thread.h, x86/irq.h).
 */
#include <x86/cpu.h>

/* struct x86_regs */
#define REGS_RSP	160
#define REGS_SIZE	176
#define REGS_WORDS	22

/* struct ukplat_ctx */
#define CTX_SP		0
#define CTX_TLS		8

.section .text

/*
 * void ukplat_ctx_switch(struct ukplat_ctx *prev, struct ukplat_ctx *next)
 *
 * Stack of a switched-out thread, from ctx->sp up: MXCSR (4 bytes), x87
 * control word (2 + 2), r15, r14, r13, r12, rbx, rbp, return address.
 * The FS base is written only when it differs (RDFSBASE/WRFSBASE when
 * the CPU has them, x86_fsgsbase, else the MSR), and so are MXCSR and
 * the control word: loading them is slow, and threads rarely differ.
 */
.balign 16
.globl ukplat_ctx_switch
ukplat_ctx_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq $0			/* the 2 bytes above the control word: 0 */
	stmxcsr (%rsp)
	fnstcw 4(%rsp)
	mov %rsp, CTX_SP(%rdi)
	cmpb $0, x86_fsgsbase(%rip)
	je 2f
	rdfsbase %rax
	mov %rax, CTX_TLS(%rdi)
	mov CTX_TLS(%rsi), %rdx
	cmp %rax, %rdx
	je 1f
	wrfsbase %rdx
	jmp 1f
2:	mov $X86_MSR_FS_BASE, %ecx
	rdmsr
	shl $32, %rdx
	or %rdx, %rax
	mov %rax, CTX_TLS(%rdi)
	mov CTX_TLS(%rsi), %rdx
	cmp %rax, %rdx
	je 1f
	mov %edx, %eax
	shr $32, %rdx
	wrmsr
1:	mov (%rsp), %rax		/* this thread's MXCSR and control word */
	mov CTX_SP(%rsi), %rsp
	cmp (%rsp), %rax		/* the next one's: load only if different */
	je 3f
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
3:	add $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/*
 * First code of a thread (see ukplat_ctx_init in thread.c): the switch
 * "returned" here with r12 = entry, r13 = argument and rsp 16-aligned.
 */
.balign 16
.globl x86_ctx_start
x86_ctx_start:
	xor %ebp, %ebp
	mov %r13, %rdi
	call *%r12
	ud2

/* void x86_regs_resume(struct x86_regs *regs) -- pops it and irets */
.balign 16
.globl x86_regs_resume
x86_regs_resume:
	mov %rdi, %rsp
regs_pop:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	add $16, %rsp		/* vector, error code */
	iretq

/*
 * void x86_irq_preempt(struct x86_regs *regs)
 *
 * Called on the IST stack at the end of an interrupt. The frame moves to
 * the interrupted stack, below its 128-byte red zone, and everything
 * else happens there: the IST stack is free again for the next
 * interrupt, and the thread can be switched out with its frame.
 */
.balign 16
.globl x86_irq_preempt
x86_irq_preempt:
	mov %rdi, %rsi
	mov REGS_RSP(%rsi), %rdi
	sub $128, %rdi
	and $-16, %rdi
	sub $REGS_SIZE, %rdi
	mov %rdi, %rsp
	mov $REGS_WORDS, %ecx
	cld
	rep movsq
	mov %rsp, %rbx		/* the frame; callee-saved from here on */
	sub x86_fpu_size(%rip), %rsp
	and $-64, %rsp
	mov %rsp, %rdi
	call x86_fpu_save
	call x86_irq_preempt_call
	mov %rsp, %rdi
	call x86_fpu_restore
	mov %rbx, %rsp
	jmp regs_pop

/* void x86_fpu_save(void *area) -- area 64-aligned, x86_fpu_size bytes */
.balign 16
.globl x86_fpu_save
x86_fpu_save:
	cmpb $0, x86_fpu_xsave(%rip)
	je 1f
	/* the XSAVE header must be valid for XRSTOR: zero it first */
	xor %eax, %eax
	.irp off, 512, 520, 528, 536, 544, 552, 560, 568
	mov %rax, \off(%rdi)
	.endr
	mov $-1, %eax
	mov $-1, %edx
	xsave64 (%rdi)
	ret
1:	fxsave64 (%rdi)
	ret

/* void x86_fpu_restore(const void *area) */
.balign 16
.globl x86_fpu_restore
x86_fpu_restore:
	cmpb $0, x86_fpu_xsave(%rip)
	je 1f
	mov $-1, %eax
	mov $-1, %edx
	xrstor64 (%rdi)
	ret
1:	fxrstor64 (%rdi)
	ret

.section .note.GNU-stack, "", @progbits
