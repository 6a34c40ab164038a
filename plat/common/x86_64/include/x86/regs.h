/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * struct x86_regs (x86/cpu.h) for the assembly code: its byte offsets,
 * and the one push/pop sequence that saves and restores the general
 * registers into it. regs.c asserts every offset against the C struct
 * at compile time.
 *
 * The frame, from low to high addresses: r15 ... rax (pushed by
 * X86_REGS_PUSH), then the vector and error code (pushed by the entry
 * before it), then rip, cs, rflags, rsp, ss (pushed by the CPU, or by
 * hand where the entry is not a trap).
 */
#ifndef X86_REGS_H
#define X86_REGS_H

#define X86_REGS_R15		0
#define X86_REGS_R14		8
#define X86_REGS_R13		16
#define X86_REGS_R12		24
#define X86_REGS_R11		32
#define X86_REGS_R10		40
#define X86_REGS_R9		48
#define X86_REGS_R8		56
#define X86_REGS_RBP		64
#define X86_REGS_RDI		72
#define X86_REGS_RSI		80
#define X86_REGS_RDX		88
#define X86_REGS_RCX		96
#define X86_REGS_RBX		104
#define X86_REGS_RAX		112
#define X86_REGS_VECTOR		120
#define X86_REGS_ERROR		128
#define X86_REGS_RIP		136
#define X86_REGS_CS		144
#define X86_REGS_RFLAGS		152
#define X86_REGS_RSP		160
#define X86_REGS_SS		168
#define X86_REGS_SIZE		176
#define X86_REGS_WORDS		(X86_REGS_SIZE / 8)

#ifdef __ASSEMBLY__
/*
 * Pushes the general registers below a vector and error code on the
 * stack: rsp then points at a struct x86_regs (with what is above).
 */
.macro X86_REGS_PUSH
	pushq %rax
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
.endm

/* Pops what X86_REGS_PUSH pushed: rsp then points at the vector. */
.macro X86_REGS_POP
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
.endm
#endif

#endif /* X86_REGS_H */
