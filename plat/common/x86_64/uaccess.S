/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The accesses to user memory that may fault (uk/uaccess.h). Each such
 * instruction has an entry {instruction, continuation} in .uk_extable;
 * x86_trap_handler() resumes a page fault or general protection fault
 * (a non-canonical address) there at the continuation.
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
 * the number of bytes not copied (0 when all were). Eight bytes at a
 * time, then the rest: the structures copied are small, and QEMU's TCG
 * runs a rep movs iteration by iteration.
 */
.globl uk_arch_user_copy
uk_arch_user_copy:
	mov %rdx, %rcx
	shr $3, %rcx
1:	rep movsq
	mov %edx, %ecx
	and $7, %ecx
2:	rep movsb
3:	mov %rcx, %rax
	ret
4:	and $7, %edx		/* a fault in the qwords: they and the rest */
	lea (%rdx,%rcx,8), %rax
	ret
	EXTABLE 1b, 4b
	EXTABLE 2b, 3b

/*
 * long uk_arch_user_strncpy(char *dst, const char *src, size_t n):
 * the length of the string when its NUL is among the n bytes copied,
 * n when it is not, -1 on a fault.
 */
.globl uk_arch_user_strncpy
uk_arch_user_strncpy:
	xor %eax, %eax
1:	cmp %rdx, %rax
	je 3f
2:	movzbl (%rsi,%rax), %ecx
	mov %cl, (%rdi,%rax)
	test %cl, %cl
	jz 3f
	inc %rax
	jmp 1b
3:	ret
4:	mov $-1, %rax
	ret
	EXTABLE 2b, 4b

.section .note.GNU-stack, "", @progbits
