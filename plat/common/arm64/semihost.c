/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The semihosting call (the A64 "hlt #0xf000" convention): QEMU with
 * -semihosting-config enable=on, or a debugger, serves it; elsewhere the
 * instruction is undefined and the trap handler (traps.c) makes it
 * return -1 and sets arm64_semihost_missing. The exit driver
 * (plat/drivers/semihosting) is built on it.
 */
#include <arm64/cpu.h>

long arm64_semihost_call(unsigned long op, void *arg)
{
	register unsigned long x0 __asm__("x0") = op;
	register void *x1 __asm__("x1") = arg;

	__asm__ __volatile__(".globl arm64_semihost_insn\n"
			     "arm64_semihost_insn:\n\t"
			     "hlt #0xf000"
			     : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}
