/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rt_sigreturn with a frame the kernel must not follow: each mode makes
 * the system call itself (as a handler's return would) with
 *   frameoff   the stack pointer 64 bytes below an unmapped page: the
 *              frame above it runs into that page
 *   badsp      the stack pointer in an unmapped page
 *   kernelsp   the stack pointer in the first megabyte (unmapped)
 *   badfp      a frame on the stack whose FPU state pointer is unmapped
 *   badxstate  a frame whose FPU state is readable but invalid (MXCSR
 *              reserved bits, an XSAVE header with unknown components):
 *              restoring it would fault in the kernel (x86_64)
 * Linux kills the program with SIGSEGV (status 139 from uk-run); a
 * kernel crash (125) is the bug tests/sigreturn.test looks for.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096UL

static void sigreturn_at(unsigned long sp)
{
#if defined(__x86_64__)
	__asm__ __volatile__("mov %0, %%rsp\n\tmov $15, %%eax\n\tsyscall"
			     : : "r"(sp) : "memory");
#else
	__asm__ __volatile__("mov sp, %0\n\tmov x8, #139\n\tsvc #0"
			     : : "r"(sp) : "memory");
#endif
	__builtin_unreachable();
}

/*
 * A frame of zeros in @buf (rt_sigreturn's stack pointer is just above
 * the return address, buf + 8), with the x86_64 sigcontext's fpstate
 * (offset 224 of the ucontext, at frame + 8) set to @fp.
 */
static unsigned long frame_with_fp(unsigned char *buf, unsigned long fp)
{
#if defined(__x86_64__)
	memcpy(buf + 8 + 40 + 184, &fp, 8);
#else
	(void)fp;
#endif
	return (unsigned long)buf + 8;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	unsigned char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return 2;
	memset(p, 0, 4 * PAGE);
	munmap(p + 3 * PAGE, PAGE);	/* [3] unmapped */
	printf("mode %s\n", mode);
	fflush(stdout);
	if (!strcmp(mode, "frameoff"))
		sigreturn_at((unsigned long)p + 3 * PAGE - 64);
	if (!strcmp(mode, "badsp"))
		sigreturn_at((unsigned long)p + 3 * PAGE + 64);
	if (!strcmp(mode, "kernelsp"))
		sigreturn_at(0x1040);
	if (!strcmp(mode, "badfp"))
		sigreturn_at(frame_with_fp(p, (unsigned long)p + 3 * PAGE));
	if (!strcmp(mode, "badxstate")) {
		unsigned char *fp = p + 2 * PAGE;	/* 64-byte aligned */
		uint32_t mxcsr = 0xffffffff;
		uint64_t bv = ~0ULL;

		memcpy(fp + 24, &mxcsr, 4);
		memcpy(fp + 512, &bv, 8);	/* XSTATE_BV */
		memcpy(fp + 520, &bv, 8);	/* XCOMP_BV */
		memset(fp + 464, 0, 48);
		sigreturn_at(frame_with_fp(p, (unsigned long)fp));
	}
	printf("unknown mode\n");
	return 2;
}
