/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The floor of bench/boot: the least a PVH guest can do. QEMU loads it,
 * jumps to it in 32-bit protected mode, and it asks isa-debug-exit
 * (port 0xf4) to stop QEMU at once with exit status (0 << 1) | 1 = 1.
 * Whatever a real image costs beyond this is the image's own cost.
 *
 * Link with floor.ld: the code is loaded at 1 MiB, and the PT_NOTE
 * holds XEN_ELFNOTE_PHYS32_ENTRY, which is how QEMU's -kernel knows an
 * ELF is a PVH kernel and where to enter it.
 */
#define XEN_ELFNOTE_PHYS32_ENTRY	18

	.section .note.Xen, "a", @note
	.p2align 2
	.long 4				/* namesz: "Xen\0" */
	.long 4				/* descsz: a 32-bit address */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.long _start

	.text
	.code32
	.globl _start
_start:
	mov $0, %al
	out %al, $0xf4
1:	hlt				/* not reached */
	jmp 1b

	.section .note.GNU-stack, "", @progbits
