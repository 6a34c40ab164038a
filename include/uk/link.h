/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What links a file of the kernel into an image.
 *
 * The kernel comes in two archives. libuk-PLAT.a (boot, the core) is
 * linked whole. libuk-ondemand-PLAT.a (pipes, epoll, sockets, the file
 * systems ...) is an ordinary archive, searched with the C library: one
 * of its files is linked only when something the program links asks for
 * it, and then registers its system calls, file systems and init calls
 * through the linker sections as any other file does.
 *
 *   UK_LINK_WHEN(sym)   links this file when the program, or the C
 *                       library on its behalf (popen() calls pipe2()),
 *                       calls the C library function @sym. pkg-config's
 *                       Libs wrap @sym (ld --wrap, generated from these
 *                       lines): a call goes to a two-instruction
 *                       __wrap_@sym here, which jumps to the C
 *                       library's own @sym, unchanged.
 *   UK_LINK_ANCHOR(n)   names this file n for UK_LINK_PULL.
 *   UK_LINK_PULL(n)     links the file of UK_LINK_ANCHOR(n) whenever
 *                       this one is linked (costs nothing in the image).
 *
 * A system call of a file that is not linked is ENOSYS, reported once
 * with the functions that would have linked it (libuk/syscall).
 * UK_LINK_WHEN must be at file scope, at the start of a line (the
 * build collects the names with grep), in a file of the on-demand
 * archive; it is empty in a build without a C library, which links
 * both archives whole.
 */
#ifndef UK_LINK_H
#define UK_LINK_H

#include <uk/config.h>
#include <uk/essentials.h>

#if defined(UK_CONFIG_LIBC_MUSL)
#if defined(__x86_64__)
#define UK_LINK_JUMP_ "jmp"
#else
#define UK_LINK_JUMP_ "b"
#endif
#define UK_LINK_WHEN(sym_)						\
	__asm__(".pushsection .text.__wrap_" #sym_ ",\"ax\",%progbits\n"\
		".globl __wrap_" #sym_ "\n"				\
		".type __wrap_" #sym_ ", %function\n"			\
		"__wrap_" #sym_ ":\n"					\
		"\t" UK_LINK_JUMP_ " __real_" #sym_ "\n"		\
		".size __wrap_" #sym_ ", . - __wrap_" #sym_ "\n"	\
		".popsection")
#else
#define UK_LINK_WHEN(sym_) struct uk_link_when_##sym_##_unused_
#endif

#if defined(UK_CONFIG_LINK_NONE)
/* a build that links every file itself (tests/hostfuzz) */
#define UK_LINK_ANCHOR(name_) struct uk_link_anchor_##name_##_unused_
#define UK_LINK_PULL(name_) struct uk_link_pull_##name_##_unused_
#else
#define UK_LINK_ANCHOR(name_)						\
	const char __uk_link_anchor_##name_ __used			\
		__section(".rodata.uk_link_anchor." #name_) = 0

#define UK_LINK_PULL(name_)						\
	extern const char __uk_link_anchor_##name_;			\
	static const char *const __uk_link_pull_##name_ __used		\
		__section(".rodata.uk_link_pull." #name_) =		\
		&__uk_link_anchor_##name_
#endif

#endif /* UK_LINK_H */
