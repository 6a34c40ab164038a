/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The start-up code of the secondary CPUs (smp.c). A start-up IPI
 * starts a CPU in real mode at a page below 1 MiB: smp.c copies this
 * code there, fills the data block at its end, and sends the IPI. The
 * code is position independent: %ebx holds the page's address (CS * 16)
 * from the first instructions on. It goes to protected mode with a GDT
 * of its own (64-bit code at X86_GDT_CODE and data at X86_GDT_DATA, as
 * in the kernel's GDT, plus 32-bit code), loads the boot CPU's CR3, EFER
 * and CR0 -- long mode, paging on -- and jumps to the kernel's entry on
 * the stack given, with the argument given.
 */
#include <x86/cpu.h>
#include <x86/smp.h>

#define GDT_CODE32	0x18
#define OFF(label)	((label) - x86_smp_trampoline)

.section .rodata
.balign 16
.globl x86_smp_trampoline
x86_smp_trampoline:
.code16
	cli
	cld
	mov %cs, %ax
	mov %ax, %ds
	xor %ebx, %ebx
	mov %ax, %bx
	shl $4, %ebx
	/* the linear addresses the jumps and the GDT pointer need */
	lea OFF(tr_gdt)(%ebx), %eax
	mov %eax, OFF(tr_gdtr) + 2
	lea OFF(tr_pm32)(%ebx), %eax
	mov %eax, OFF(tr_pm32_ptr)
	lea OFF(tr_lm64)(%ebx), %eax
	mov %eax, OFF(tr_lm64_ptr)
	lgdtl OFF(tr_gdtr)
	mov %cr0, %eax
	or $X86_CR0_PE, %eax
	mov %eax, %cr0
	ljmpl *OFF(tr_pm32_ptr)

.code32
tr_pm32:
	mov $X86_GDT_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $(X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT), %eax
	mov %eax, %cr4
	mov OFF(tr_data) + X86_SMP_TR_CR3(%ebx), %eax
	mov %eax, %cr3
	mov $X86_MSR_EFER, %ecx
	mov OFF(tr_data) + X86_SMP_TR_EFER(%ebx), %eax
	xor %edx, %edx
	wrmsr
	mov OFF(tr_data) + X86_SMP_TR_CR0(%ebx), %eax
	mov %eax, %cr0
	ljmpl *OFF(tr_lm64_ptr)(%ebx)

.code64
tr_lm64:
	mov $X86_GDT_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %eax, %eax
	mov %ax, %fs
	mov %ax, %gs
	mov OFF(tr_data) + X86_SMP_TR_STACK(%rbx), %rsp
	mov OFF(tr_data) + X86_SMP_TR_ARG(%rbx), %rdi
	xor %ebp, %ebp
	jmp *OFF(tr_data) + X86_SMP_TR_ENTRY(%rbx)

.balign 8
tr_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* X86_GDT_CODE: 64-bit code */
	.quad 0x00cf92000000ffff	/* X86_GDT_DATA: data */
	.quad 0x00cf9a000000ffff	/* GDT_CODE32: 32-bit code */
tr_gdtr:
	.word 4 * 8 - 1
	.long 0
tr_pm32_ptr:
	.long 0
	.word GDT_CODE32
tr_lm64_ptr:
	.long 0
	.word X86_GDT_CODE
.balign 8
tr_data:
	.skip X86_SMP_TR_SIZE
.globl x86_smp_trampoline_end
x86_smp_trampoline_end:

.section .note.GNU-stack, "", @progbits
