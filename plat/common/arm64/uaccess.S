/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The accesses to user memory that may fault (uk/uaccess.h). Each such
 * instruction has an entry {instruction, continuation} in .uk_extable;
 * arm64_sync_handler() resumes a data abort there at the continuation.
 */

.macro EXTABLE insn, cont
	.pushsection .uk_extable, "a"
	.balign 8
	.quad \insn, \cont
	.popsection
.endm

.section .text
/*
 * size_t uk_arch_user_copy(void *dst, const void *src, size_t n):
 * the number of bytes not copied (0 when all were; after a fault, up
 * to 7 more than the exact count).
 */
.globl uk_arch_user_copy
uk_arch_user_copy:
	cmp x2, #8
	b.lo 3f
1:	ldr x3, [x1], #8
2:	str x3, [x0], #8
	sub x2, x2, #8
	cmp x2, #8
	b.hs 1b
3:	cbz x2, 6f
4:	ldrb w3, [x1], #1
5:	strb w3, [x0], #1
	subs x2, x2, #1
	b.ne 4b
6:	mov x0, x2
	ret
	EXTABLE 1b, 6b
	EXTABLE 2b, 6b
	EXTABLE 4b, 6b
	EXTABLE 5b, 6b

/*
 * long uk_arch_user_strncpy(char *dst, const char *src, size_t n):
 * the length of the string when its NUL is among the n bytes copied,
 * n when it is not, -1 on a fault.
 */
.globl uk_arch_user_strncpy
uk_arch_user_strncpy:
	mov x4, #0
1:	cmp x4, x2
	b.eq 3f
2:	ldrb w3, [x1, x4]
	strb w3, [x0, x4]
	cbz w3, 3f
	add x4, x4, #1
	b 1b
3:	mov x0, x4
	ret
4:	mov x0, #-1
	ret
	EXTABLE 2b, 4b

.section .note.GNU-stack, "", @progbits
