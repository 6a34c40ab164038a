/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cntvct: aarch64's virtual counter (CNTVCT_EL0), the bench programs'
 * stand-in for x86_64's TSC. Readable at EL1 (a libuk image) and, as
 * Linux sets CNTKCTL_EL1, at EL0 (a Linux program). Under QEMU (TCG) it
 * starts at 0 with the VM and runs at 62.5 MHz, in user mode too.
 */
#ifndef BENCH_CNTVCT_H
#define BENCH_CNTVCT_H

#include <stdint.h>

/* the counter, read after every earlier instruction (isb) */
static inline uint64_t cntvct(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) :: "memory");
	return v;
}

#endif
