/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SYSCALL entry (MSR_LSTAR). Everything runs in ring 0, so the return is
 * not SYSRET (which would drop to ring 3) but a restore of RFLAGS from
 * r11 and a jump to rcx. As on Linux, only rax (result), rcx and r11
 * change; rcx and r11 hold the return address and the flags afterwards.
 *
 * The entry stays on the caller's stack, below its 128-byte red zone.
 *
 * clone takes a path of its own: it saves every register as a struct
 * x86_regs, published in x86_syscall_frame for the duration of the call
 * (ukplat_syscall_regs_get), and returns through iretq, which restores
 * RFLAGS, rsp and rip together.
 */
#include <x86/cpu.h>
#include <uk/syscall_nr.h>

#define REGS_RAX	112

.section .text
.balign 16
.globl x86_syscall_entry
x86_syscall_entry:
	cmp $UK_NR_clone, %rax
	je syscall_clone
	lea -128(%rsp), %rsp	/* skip the red zone (lea keeps flags) */
	pushq %r11		/* caller's RFLAGS */
	pushq %rcx		/* return address */
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
	call uk_syscall6
	mov %rbx, %rsp
	popq %r9
	popq %r8
	popq %r10
	popq %rdx
	popq %rsi
	popq %rdi
	popq %rbx
	popq %rcx
	mov (%rsp), %r11
	popfq
	lea 128(%rsp), %rsp
	jmp *%rcx

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
	pushq $UK_NR_clone	/* rax */
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
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
	call uk_syscall6
	movq $0, x86_syscall_frame(%rip)
	mov %rbx, %rdi
	mov %rax, REGS_RAX(%rdi)
	jmp x86_regs_resume

.section .note.GNU-stack, "", @progbits
