/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The first bytes of an aarch64-rpi3 image, at 0x80000: the Raspberry Pi
 * firmware jumps here in kernel8.img (the ELF image turned into a raw
 * binary, which carries no ELF header), so the image's header is made by
 * hand, in the image. Like the Linux arm64 Image header, it starts with
 * a branch to the entry point instead of the ELF magic; what follows is
 * laid out as an ELF64 header and program headers (PT_LOAD, PT_TLS,
 * PT_GNU_STACK) computed by the linker (link.ld), which is all the C
 * library reads through AT_PHDR (libuk/musl/start.c passes e_phoff,
 * e_phentsize and e_phnum of the header at __uk_image_start).
 */
#define EM_AARCH64	183
#define PT_LOAD		1
#define PT_TLS		7
#define PT_GNU_STACK	0x6474e551

.section .text.head, "ax"
.globl _ukplat_rpi3_head
_ukplat_rpi3_head:
	b _ukplat_entry			/* e_ident[0..3]: an instruction */
	.byte 2, 1, 1, 0		/* 64-bit, little-endian, v1 */
	.quad 0				/* e_ident[8..15] */
	.short 2			/* e_type: ET_EXEC */
	.short EM_AARCH64
	.long 1				/* e_version */
	.quad _ukplat_entry		/* e_entry */
	.quad 1f - _ukplat_rpi3_head	/* e_phoff */
	.quad 0				/* e_shoff */
	.long 0				/* e_flags */
	.short 64			/* e_ehsize */
	.short 56			/* e_phentsize */
	.short (2f - 1f) / 56		/* e_phnum */
	.short 0, 0, 0			/* no section headers */
1:	/* the whole image */
	.long PT_LOAD, 7
	.quad 0, __uk_image_start, __uk_image_start
	.quad __uk_rpi3_filesz, __uk_rpi3_memsz, 0x1000
	/* the TLS initialization image */
	.long PT_TLS, 4
	.quad 0, __uk_tls_start, __uk_tls_start
	.quad __uk_tls_filesz, __uk_tls_memsz, __uk_tls_align
	.long PT_GNU_STACK, 6
	.quad 0, 0, 0, 0, 0, 16
2:

.section .note.GNU-stack, "", @progbits
