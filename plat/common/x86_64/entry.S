/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trap entry stubs. Every vector enters on an IST stack (see cpu.c), so
 * the interrupted code's red zone is never overwritten. Each stub pushes
 * a dummy error code when the CPU does not, then the vector number, and
 * jumps to the common path that saves the registers as struct x86_regs.
 */
#include <x86/cpu.h>
#include <x86/regs.h>

.macro TRAP_NOERR vec
	.balign 16
	pushq $0
	pushq $\vec
	jmp trap_common
.endm

.macro TRAP_ERR vec
	.balign 16
	pushq $\vec
	jmp trap_common
.endm

.section .text
.balign 16
.globl x86_trap_stubs
x86_trap_stubs:
	/* vectors with an error code: 8, 10-14, 17, 21, 29, 30 */
	.irp v, 0,1,2,3,4,5,6,7
	TRAP_NOERR \v
	.endr
	TRAP_ERR 8
	TRAP_NOERR 9
	.irp v, 10,11,12,13,14
	TRAP_ERR \v
	.endr
	TRAP_NOERR 15
	TRAP_NOERR 16
	TRAP_ERR 17
	.irp v, 18,19,20
	TRAP_NOERR \v
	.endr
	TRAP_ERR 21
	.irp v, 22,23,24,25,26,27,28
	TRAP_NOERR \v
	.endr
	TRAP_ERR 29
	TRAP_ERR 30
	TRAP_NOERR 31
	/* external interrupts and software vectors 32..255 */
	.set v, 32
	.rept 224
	TRAP_NOERR v
	.set v, v + 1
	.endr

trap_common:
	X86_REGS_PUSH
	cld
	mov %rsp, %rdi
	/* the IST stack top is 16-aligned; X86_REGS_WORDS (22) keep it so */
	call x86_trap_handler
	X86_REGS_POP
	add $16, %rsp		/* vector, error code */
	iretq

/* void ukarch_jump(void *sp, void (*fn)(void)) */
.globl ukarch_jump
ukarch_jump:
	mov %rdi, %rsp
	xor %ebp, %ebp
	jmp *%rsi

.section .note.GNU-stack, "", @progbits
