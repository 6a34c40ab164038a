/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread context switch, thread start, preemption from an interrupt and
 * the FPU/SIMD save area (uk/plat/thread.h, x86/irq.h).
 */
#include <x86/cpu.h>
#include <x86/regs.h>

/* struct ukplat_ctx */
#define CTX_SP		0
#define CTX_TLS		8

/* vector registers of a thread switched out in a system call */
#define SYSCALL_AREA	512

.section .text

/*
 * void ukplat_ctx_switch(struct ukplat_ctx *prev, struct ukplat_ctx *next)
 *
 * Stack of a switched-out thread, from ctx->sp up: MXCSR (4 bytes), x87
 * control word (2), in-syscall flag (2), then r15, r14, r13, r12, rbx,
 * rbp and the return address.
 *
 * A coop switch keeps only what the C ABI asks a callee to keep. A
 * thread switched out inside a trapped system call (x86_in_syscall, set
 * by syscall_entry.S) is owed more: Linux returns from a system call
 * with every register but rax, rcx and r11 as it was, and the kernel
 * itself never touches the SSE/AVX registers (-mgeneral-regs-only), so
 * what is live here is still the application's. Its vector registers
 * then go on its stack too, between the flag word and r15:
 *   word, rsp before the area, (pad), area (64-aligned, 512 bytes)
 * ymm0-15 when AVX is on (XCR0 enables x87, SSE and AVX only), else
 * xmm0-15; MXCSR and the control word are in the word already. The x87
 * data registers are left out: musl enters the kernel from C code that
 * holds no long double across its system calls, and XSAVE/XRSTOR,
 * which would take them too, cost about 1 us each under TCG against
 * some 30 ns for the moves. The flag travels with the thread, so each
 * thread resumes with its own.
 *
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
	cmpb $0, x86_in_syscall(%rip)
	jne 5f
	pushq $0			/* flag 0 */
4:	stmxcsr (%rsp)
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
	mov (%rsp), %rdx		/* the next one's */
	mov %rdx, %rcx
	shr $48, %rcx
	mov %cl, x86_in_syscall(%rip)	/* its flag */
	test %ecx, %ecx
	jnz 6f
	shl $16, %rax			/* MXCSR and control word only */
	shl $16, %rdx
	cmp %rdx, %rax			/* load them only if different */
	je 3f
	ldmxcsr (%rsp)
	fldcw 4(%rsp)
3:	add $8, %rsp
7:	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	/* inside a system call: the full state below the registers */
5:	mov %rsp, %rbx			/* saved above; restored with them */
	sub $SYSCALL_AREA, %rsp
	and $-64, %rsp
	cmpb $0, x86_fpu_avx(%rip)
	je 8f
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vmovdqa %ymm\n, 32*\n(%rsp)
	.endr
	jmp 9f
8:	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqa %xmm\n, 16*\n(%rsp)
	.endr
9:	pushq %rbx			/* rsp before the area */
	pushq $0
	movw $1, 6(%rsp)		/* flag 1 */
	jmp 4b
6:	ldmxcsr (%rsp)
	fldcw 4(%rsp)
	mov 8(%rsp), %rbx		/* rsp before the area */
	lea -SYSCALL_AREA(%rbx), %rdi
	and $-64, %rdi
	cmpb $0, x86_fpu_avx(%rip)
	je 10f
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	vmovdqa 32*\n(%rdi), %ymm\n
	.endr
	jmp 11f
10:	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	movdqa 16*\n(%rdi), %xmm\n
	.endr
11:	mov %rbx, %rsp
	jmp 7b

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
	X86_REGS_POP
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
	mov X86_REGS_RSP(%rsi), %rdi
	sub $128, %rdi
	and $-16, %rdi
	sub $X86_REGS_SIZE, %rdi
	mov %rdi, %rsp
	mov $X86_REGS_WORDS, %ecx
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
	cmpb $0, x86_syscall_exit_pending(%rip)
	je regs_pop
	/* a signal may be due (uk/plat/signal.h): its frame would go
	 * where this one is, so x86_irq_exit runs on the exit stack */
	mov %rbx, %rsi
	jmp x86_irq_exit_regs

/*
 * rsi: the struct x86_regs of an interrupt that returns to a thread it
 * preempted: x86_irq_exit() on the exit stack, then iretq.
 */
#define SYSREGS_SIZE	320	/* struct ukplat_syscall_regs: 40 words */
#define EXIT_STACK	8192
x86_irq_exit_regs:
	lea x86_syscall_exit_stack+EXIT_STACK-SYSREGS_SIZE(%rip), %rdi
	mov %rdi, %rsp
	mov $X86_REGS_WORDS, %ecx
	cld
	rep movsq
	mov %rsp, %rdi
	call x86_irq_exit
	mov %rsp, %rdi
	jmp x86_regs_resume

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

/*
 * The exit stack: the system-call exit hook's (syscall_entry.S) and the
 * interrupt hook's after a preemption. Interrupts stay disabled while
 * either runs there, and neither blocks: one stack serves every thread.
 */
.section .bss
.balign 64
.globl x86_syscall_exit_stack
x86_syscall_exit_stack:
	.skip EXIT_STACK

.section .note.GNU-stack, "", @progbits
