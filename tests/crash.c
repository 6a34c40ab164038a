/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Faults on purpose: tests/crash.test checks the crash report (vector,
 * fault address, registers, a backtrace naming these functions) and the
 * crash exit status. With the argument "guard" (musl builds), it touches
 * a page made inaccessible with mprotect(PROT_NONE) instead; with "null",
 * it reads address 0; with "mremap-ro", it writes to the grown part of a
 * read-only mapping that mremap moved (which must stay read-only); with
 * "clash SIZE BELOW" (boot.stack=SIZE), it allocates with alloca() what
 * reaches BELOW bytes below the main stack and writes the lowest byte:
 * the stack pointer jumps past any single guard page, and must land in
 * the gap below the stack, whatever lies below it. W^X (musl builds):
 * "write-text" writes into the image's text, "write-rodata" into its
 * read-only data, "exec-data" calls code placed in .data; each must
 * fault. "heap-overflow" writes past the end of a buffer into a
 * PROT_NONE page while the stack pointer is just below that end (the
 * buffer is where the stack is): the fault is above the stack pointer,
 * so the report must not call it a stack overflow. "kernel" faults in
 * the kernel's own code (uk_memset on an unmapped address).
 *
 * These are faults of the application's code: in musl builds (where
 * the POSIX layer turns them into signals) the program dies by SIGSEGV
 * (139) after the same report; without libc they are kernel crashes.
 */
#include <uk/essentials.h>
#include <uk/string.h>
#if __STDC_HOSTED__
#define _GNU_SOURCE	/* mremap */
#include <sys/mman.h>
#include <alloca.h>
#include <stdlib.h>
#include <sys/auxv.h>
#include <string.h>
#define HAVE_MMAN 1
#endif

#define BAD_ADDRESS 0x7ffff0000000UL	/* never mapped */

__noinline int deliberate_fault(volatile int *p);
__noinline int deliberate_fault(volatile int *p)
{
	return *p + 1;
}

__noinline int crash_caller(volatile int *p);
__noinline int crash_caller(volatile int *p)
{
	return deliberate_fault(p) + 1;
}

__noinline void deliberate_write(volatile int *p);
__noinline void deliberate_write(volatile int *p)
{
	*p = 1;
}

/*
 * The main stack's top is just above AT_RANDOM's bytes (libuk/musl's
 * initial stack puts them first); its bottom @size below.
 */
__noinline int stack_clash(size_t size, size_t below);
__noinline int stack_clash(size_t size, size_t below)
{
#ifdef HAVE_MMAN
	uintptr_t top = UK_ALIGN_UP(getauxval(AT_RANDOM) + 16, 4096);
	volatile char here, *p;

	p = alloca((uintptr_t)&here - (top - size) + below);
	p[0] = 1;	/* the lowest byte: no page in between touched */
	return p[0];
#else
	return 0;
#endif
}

#ifdef HAVE_MMAN
static const int rodata_word = 1;
/* a function that returns at once, in writable data */
#if defined(__x86_64__)
static unsigned char data_code[16] __aligned(16) = { 0xc3 };	/* ret */
#else
static unsigned int data_code[4] __aligned(16) = { 0xd65f03c0 };	/* ret */
#endif
#endif

/* Writes to @p with the stack pointer at @sp, then restores it. */
static __noinline void write_above_sp(char *sp, char *p)
{
#if defined(__x86_64__)
	__asm__ __volatile__("mov %%rsp, %%r12\n\tmov %0, %%rsp\n\t"
			     "movl $1, (%1)\n\tmov %%r12, %%rsp"
			     : : "r"(sp), "r"(p) : "r12", "memory");
#else
	__asm__ __volatile__("mov x9, sp\n\tmov sp, %0\n\t"
			     "str wzr, [%1]\n\tmov sp, x9"
			     : : "r"(sp), "r"(p) : "x9", "memory");
#endif
}

static volatile int *target(int argc, char **argv)
{
#ifdef HAVE_MMAN
	if (argc > 3 && !strcmp(argv[1], "clash")) {
		stack_clash(strtoul(argv[2], NULL, 0),
			    strtoul(argv[3], NULL, 0));
		return NULL;	/* it did not fault */
	}
	if (argc > 1 && !strcmp(argv[1], "mremap-ro")) {
		char *p = mmap(0, 4096, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			return NULL;
		p = mremap(p, 4096, 3 * 4096, MREMAP_MAYMOVE);
		if (p == MAP_FAILED)
			return NULL;
		deliberate_write((volatile int *)(p + 2 * 4096 + 32));
		return NULL;	/* it did not fault */
	}
	if (argc > 1 && !strcmp(argv[1], "guard")) {
		char *p = mmap(0, 2 * 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || mprotect(p + 4096, 4096, PROT_NONE))
			return NULL;
		p[0] = 1;	/* the first page stays accessible */
		return (volatile int *)(p + 4096 + 16);
	}
	if (argc > 1 && !strcmp(argv[1], "null"))
		return (volatile int *)0;
	if (argc > 1 && !strcmp(argv[1], "write-text")) {
		deliberate_write((volatile int *)(uintptr_t)&deliberate_fault);
		exit(6);	/* it did not fault */
	}
	if (argc > 1 && !strcmp(argv[1], "write-rodata")) {
		deliberate_write((volatile int *)(uintptr_t)&rodata_word);
		exit(7);
	}
	if (argc > 1 && !strcmp(argv[1], "heap-overflow")) {
		char *p = mmap(0, 2 * 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || mprotect(p + 4096, 4096, PROT_NONE))
			exit(9);
		write_above_sp(p + 4096 - 256, p + 4096);
		exit(9);
	}
	if (argc > 1 && !strcmp(argv[1], "exec-data")) {
		((void (*)(void))(uintptr_t)data_code)();
		exit(8);
	}
#endif
	return (volatile int *)BAD_ADDRESS;
}

int main(int argc, char **argv)
{
	volatile int *p;

	/* a fault in the kernel's own code: a kernel crash, always */
	if (argc > 1 && !uk_strcmp(argv[1], "kernel"))
		uk_memset((void *)BAD_ADDRESS, 0, 16);
	p = target(argc, argv);

	/* the modes that should have faulted in target() */
	if (!p && argc > 1 && argv[1][0] == 'g')
		return 3;	/* mmap or mprotect failed */
	if (!p && argc > 1 && argv[1][0] == 'm')
		return 4;	/* mmap or mremap failed, or the write went */
	if (!p && argc > 1 && argv[1][0] == 'c')
		return 5;	/* the write landed below the stack */
	return crash_caller(p);
}
