/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH entry for x86_64-kvm. A PVH loader (QEMU's -kernel on microvm, pc,
 * q35; Firecracker; Cloud Hypervisor) finds XEN_ELFNOTE_PHYS32_ENTRY and
 * enters here in 32-bit protected mode, paging off, with %ebx holding the
 * physical address of struct hvm_start_info.
 *
 * We zero .bss, identity-map the first 4 GiB with 2 MiB pages (the
 * 3..4 GiB hole uncached, for MMIO), enter long mode, enable SSE and, when
 * the CPU has it, AVX through XSAVE, and call the C entry.
 */
#include <uk/config.h>
#include <x86/cpu.h>

#define XEN_ELFNOTE_PHYS32_ENTRY 18

.section .note.Xen, "a", @note
	.balign 4
	.long 4f - 3f		/* namesz */
	.long 6f - 5f		/* descsz */
	.long XEN_ELFNOTE_PHYS32_ENTRY
3:	.asciz "Xen"
4:	.balign 4
5:	.long _ukplat_pvh_entry
6:	.balign 4

/* Tells uk-run (and people) which platform the image is for. */
.section .note.libuk, "a", @note
	.balign 4
	.long 4f - 3f
	.long 6f - 5f
	.long 1
3:	.asciz "libuk"
4:	.balign 4
5:	.ascii UK_ARCH_NAME, "-", UK_PLAT_NAME
	.byte 0
6:	.balign 4

#define PTE_P		0x001
#define PTE_W		0x002
#define PTE_PWT		0x008
#define PTE_PCD		0x010
#define PTE_PS		0x080

.section .text.boot, "ax"
.code32
.globl _ukplat_pvh_entry
_ukplat_pvh_entry:
	cli
	cld
	/* first thing: the boot timestamp (edx:eax) */
	rdtsc
	mov %eax, %esi
	mov %edx, %ebp

	/* zero .bss (page tables and stacks live there) */
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb

	mov %esi, x86_boot_tsc
	mov %ebp, x86_boot_tsc + 4
	mov %ebx, x86_pvh_start_info

	/* PML4[0] -> PDPT; PDPT[0..3] -> 4 page directories */
	mov $x86_pdpt, %eax
	or $(PTE_P | PTE_W), %eax
	mov %eax, x86_pml4
	mov $x86_pd, %eax
	or $(PTE_P | PTE_W), %eax
	xor %ecx, %ecx
1:	mov %eax, x86_pdpt(,%ecx,8)
	add $4096, %eax
	inc %ecx
	cmp $4, %ecx
	jb 1b

	/* 2048 2-MiB pages: 0..4 GiB, uncached from 3 GiB on */
	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_P | PTE_W | PTE_PS), %eax
	cmp $1536, %ecx
	jb 3f
	or $(PTE_PWT | PTE_PCD), %eax
3:	mov %eax, x86_pd(,%ecx,8)
	inc %ecx
	cmp $2048, %ecx
	jb 2b

	mov %cr4, %eax
	or $(X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT), %eax
	mov %eax, %cr4
	mov $x86_pml4, %eax
	mov %eax, %cr3
	mov $X86_MSR_EFER, %ecx
	rdmsr
	or $(X86_EFER_LME | X86_EFER_SCE), %eax
	wrmsr
	mov %cr0, %eax
	and $~(X86_CR0_EM | X86_CR0_TS), %eax
	or $(X86_CR0_PG | X86_CR0_PE | X86_CR0_MP | X86_CR0_NE | X86_CR0_WP), %eax
	mov %eax, %cr0

	lgdt x86_gdt_ptr
	ljmp $X86_GDT_CODE, $entry64

.code64
entry64:
	mov $X86_GDT_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	lea x86_boot_stack_top(%rip), %rsp
	xor %ebp, %ebp

	/* AVX: needs CPUID.1:ECX.XSAVE (26) and .AVX (28) */
	mov $1, %eax
	cpuid
	mov %ecx, %esi
	and $((1 << 26) | (1 << 28)), %esi
	cmp $((1 << 26) | (1 << 28)), %esi
	jne 4f
	mov %cr4, %rax
	or $X86_CR4_OSXSAVE, %rax
	mov %rax, %cr4
	xor %ecx, %ecx
	mov $7, %eax		/* XCR0: x87 | SSE | AVX */
	xor %edx, %edx
	xsetbv
4:	fninit
	mov x86_pvh_start_info(%rip), %edi
	call _ukplat_kvm_entry
	ud2

.section .data
.balign 16
.globl x86_gdt
x86_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0, 0			/* 0x18: TSS, filled by x86_cpu_init */
x86_gdt_end:
.globl x86_gdt_ptr
x86_gdt_ptr:
	.word x86_gdt_end - x86_gdt - 1
	.quad x86_gdt

.section .bss
.balign 4096
.globl x86_pml4
x86_pml4:	.skip 4096
.globl x86_pdpt
x86_pdpt:	.skip 4096
.globl x86_pd
x86_pd:		.skip 4 * 4096
.balign 16
x86_boot_stack:	.skip 16384
x86_boot_stack_top:
.balign 8
.globl x86_boot_tsc
x86_boot_tsc:	.skip 8
.globl x86_pvh_start_info
x86_pvh_start_info:	.skip 8

.section .note.GNU-stack, "", @progbits
