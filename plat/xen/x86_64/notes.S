/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ELF notes of an x86_64-xen image, besides XEN_ELFNOTE_PHYS32_ENTRY
 * (in the PVH entry, plat/kvm/x86_64/pvh.S) and the .note.libuk naming
 * the platform. PHYS32_ENTRY alone makes the image a PVH kernel to Xen's
 * loader (libelf, for xl's type = "pvh" and a PVH dom0); these describe
 * it the way Xen's tools print and check guest kernels.
 *
 * And the hypercall page: Xen fills it with one 32-byte stub per
 * hypercall when its address is written to the MSR that CPUID names.
 * Until then every stub is ud2, so an early hypercall is a loud crash.
 */
#include "abi.h"

.macro XEN_NOTE type, str
	.section .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f		/* namesz */
	.long 4f - 3f		/* descsz */
	.long \type
1:	.asciz "Xen"
2:	.balign 4
3:	.asciz "\str"
4:	.balign 4
.endm

	XEN_NOTE XEN_ELFNOTE_GUEST_OS, "libuk"
	XEN_NOTE XEN_ELFNOTE_XEN_VERSION, "xen-3.0"
	XEN_NOTE XEN_ELFNOTE_LOADER, "generic"

.section .text.xen_hypercall_page, "ax", @progbits
.balign XEN_PAGE_SIZE
.globl xen_hypercall_page
xen_hypercall_page:
	.fill XEN_PAGE_SIZE / 2, 2, 0x0b0f	/* ud2 */

.section .note.GNU-stack, "", @progbits
