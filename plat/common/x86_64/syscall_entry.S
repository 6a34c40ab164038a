/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SYSCALL entry (MSR_LSTAR). Everything runs in ring 0, so the return is
 * not SYSRET (which would drop to ring 3) but a restore of RFLAGS from
 * r11 and a jump to rcx. As on Linux, only rax (result), rcx and r11
 * change; rcx and r11 hold the return address and the flags afterwards.
 *
 * The entry stays on the caller's stack, below its 128-byte red zone;
 * the caller's stack pointer is kept in x86_syscall_sp.
 * x86_in_syscall is 1 while the call runs: a thread switched out in it
 * keeps its FPU/SIMD registers (ukplat_ctx_switch in switch.S).
 *
 * clone takes a path of its own: it saves every register as a struct
 * x86_regs, published in x86_syscall_frame for the duration of the call
 * (ukplat_syscall_regs_get), and returns through iretq, which restores
 * RFLAGS, rsp and rip together.
 *
 * The exit hook (uk/plat/signal.h): when x86_syscall_exit_pending is
 * set, a system call ends on the slow path instead: its complete
 * register state becomes a struct x86_regs (the callee-saved registers
 * are still the application's after the C call; the vector slot holds
 * the system call's number) on a stack of its own, x86_syscall_exit()
 * runs there, and iretq resumes whatever registers it left. The hook
 * writes signal frames below the application's stack pointer, which is
 * why it cannot run on the application's stack. Interrupts stay
 * disabled from the trap to the iretq and the hook never blocks, so one
 * such stack serves every thread (one CPU).
 */
#include <x86/cpu.h>
#include <x86/regs.h>
#include <uk/syscall_nr.h>

#define SYSREGS_SIZE	320	/* struct ukplat_syscall_regs: 40 words */
#define EXIT_STACK	8192	/* x86_syscall_exit_stack (switch.S) */

/* the fast path's frame, from rbx up */
#define F_R9		0
#define F_R8		8
#define F_R10		16
#define F_RDX		24
#define F_RSI		32
#define F_RDI		40
#define F_RBX		48
#define F_NR		56
#define F_RCX		64
#define F_R11		72
#define F_SIZE		80

.section .text
.balign 16
.globl x86_syscall_entry
x86_syscall_entry:
	mov %rsp, x86_syscall_sp(%rip)	/* ukplat_syscall_sp */
	cmp $UK_NR_clone, %rax
	je syscall_clone
	lea -128(%rsp), %rsp	/* skip the red zone (lea keeps flags) */
	pushq %r11		/* caller's RFLAGS */
	pushq %rcx		/* return address */
	pushq %rax		/* the number, for the exit hook */
	pushq %rbx
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %r10
	pushq %r8
	pushq %r9
	mov %rsp, %rbx
	and $-16, %rsp
	sub $8, %rsp
	pushq %r9		/* 7th C argument: a5 */
	mov %r8, %r9		/* a4 */
	mov %r10, %r8		/* a3 */
	mov %rdx, %rcx		/* a2 */
	mov %rsi, %rdx		/* a1 */
	mov %rdi, %rsi		/* a0 */
	mov %rax, %rdi		/* number */
	movb $1, x86_in_syscall(%rip)
	call uk_syscall6
	movb $0, x86_in_syscall(%rip)
	mov %rbx, %rsp
	cmpb $0, x86_syscall_exit_pending(%rip)
	jne syscall_exit_slow
	popq %r9
	popq %r8
	popq %r10
	popq %rdx
	popq %rsi
	popq %rdi
	popq %rbx
	lea 8(%rsp), %rsp	/* the number */
	popq %rcx
	mov (%rsp), %r11
	popfq
	lea 128(%rsp), %rsp
	jmp *%rcx

/*
 * The fast path's frame at rbx, the result in rax, the callee-saved
 * registers live: a struct x86_regs below the frame, then the hook.
 */
syscall_exit_slow:
	pushq $X86_GDT_DATA	/* ss */
	lea F_SIZE+128(%rbx), %rcx
	pushq %rcx		/* rsp at the syscall */
	pushq F_R11(%rbx)	/* rflags */
	pushq $X86_GDT_CODE	/* cs */
	pushq F_RCX(%rbx)	/* rip */
	pushq $0		/* error code */
	pushq F_NR(%rbx)	/* vector slot: the number */
	/* rax is the result; the others as the application left them */
	mov F_RCX(%rbx), %rcx	/* rcx: the return address, as after SYSCALL */
	mov F_RDX(%rbx), %rdx
	mov F_RSI(%rbx), %rsi
	mov F_RDI(%rbx), %rdi
	mov F_R8(%rbx), %r8
	mov F_R9(%rbx), %r9
	mov F_R10(%rbx), %r10
	mov F_R11(%rbx), %r11	/* r11: the flags, as after SYSCALL */
	mov F_RBX(%rbx), %rbx
	X86_REGS_PUSH
	mov %rsp, %rsi
	/* fall through */

/* rsi: a struct x86_regs; moved to the exit stack, then the hook */
syscall_exit_regs:
	lea x86_syscall_exit_stack+EXIT_STACK-SYSREGS_SIZE(%rip), %rdi
	mov %rdi, %rsp		/* 16-aligned */
	mov $X86_REGS_WORDS, %ecx
	cld
	rep movsq
	mov %rsp, %rdi
	call x86_syscall_exit
	mov %rsp, %rdi
	jmp x86_regs_resume

syscall_clone:
	lea -128(%rsp), %rsp
	pushq $X86_GDT_DATA	/* ss */
	lea 136(%rsp), %rax
	pushq %rax		/* rsp at the syscall */
	pushq %r11		/* rflags */
	pushq $X86_GDT_CODE	/* cs */
	pushq %rcx		/* rip */
	pushq $0		/* error code */
	pushq $UK_NR_clone	/* vector slot: the number */
	mov $UK_NR_clone, %eax	/* rax, used for rsp above */
	X86_REGS_PUSH
	mov %rsp, x86_syscall_frame(%rip)
	mov %rsp, %rbx
	and $-16, %rsp
	sub $8, %rsp
	pushq %r9		/* a5 */
	mov %r8, %r9		/* a4 */
	mov %r10, %r8		/* a3 */
	mov %rdx, %rcx		/* a2 */
	mov %rsi, %rdx		/* a1 */
	mov %rdi, %rsi		/* a0 */
	mov $UK_NR_clone, %edi
	movb $1, x86_in_syscall(%rip)
	call uk_syscall6
	movb $0, x86_in_syscall(%rip)
	movq $0, x86_syscall_frame(%rip)
	mov %rbx, %rdi
	mov %rax, X86_REGS_RAX(%rdi)
	mov %rdi, %rsi
	cmpb $0, x86_syscall_exit_pending(%rip)
	jne syscall_exit_regs
	jmp x86_regs_resume

.section .bss
.balign 8
.globl x86_syscall_sp
x86_syscall_sp:
	.skip 8


.section .note.GNU-stack, "", @progbits
