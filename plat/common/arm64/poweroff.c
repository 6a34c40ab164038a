/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ways out of the VM: semihosting SYS_EXIT (QEMU with
 * -semihosting-config enable=on exits with the status) and PSCI
 * SYSTEM_OFF (QEMU exits with 0).
 */
#include <arm64/cpu.h>

#define SEMIHOST_SYS_EXIT		0x18
#define ADP_STOPPED_APPLICATION_EXIT	0x20026
#define PSCI_SYSTEM_OFF			0x84000008

extern bool arm64_semihost_missing;

/* The call; its hlt is recognised by the trap handler (traps.c). */
static long semihost_call(unsigned long op, void *arg)
{
	register unsigned long x0 __asm__("x0") = op;
	register void *x1 __asm__("x1") = arg;

	__asm__ __volatile__(".globl arm64_semihost_insn\n"
			     "arm64_semihost_insn:\n\t"
			     "hlt #0xf000"
			     : "+r"(x0) : "r"(x1) : "memory");
	return x0;
}

void arm64_semihost_exit(int status)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT,
			      (uint64_t)(unsigned int)status };

	if (arm64_semihost_missing)
		return;
	semihost_call(SEMIHOST_SYS_EXIT, block);
}

void arm64_psci_system_off(bool use_smc)
{
	register unsigned long x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	if (use_smc)
		__asm__ __volatile__("smc #0" : "+r"(x0) : : "memory");
	else
		__asm__ __volatile__("hvc #0" : "+r"(x0) : : "memory");
}
