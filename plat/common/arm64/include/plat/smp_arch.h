/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * aarch64's part of struct plat_cpu (plat/smp.h): what a secondary CPU's
 * entry (entry.S) loads before its MMU is on, and its SGI target. The
 * offsets from the start of struct plat_cpu are checked in smp.c.
 */
#ifndef PLAT_SMP_ARCH_H
#define PLAT_SMP_ARCH_H

#define ARM64_PCPU_STACK	48
#define ARM64_PCPU_MAIR		56
#define ARM64_PCPU_TCR		64
#define ARM64_PCPU_TTBR0	72
#define ARM64_PCPU_SCTLR	80

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

struct plat_cpu_arch {
	uint64_t stack;		/* top of its stack */
	uint64_t mair, tcr, ttbr0, sctlr;	/* the boot CPU's */
	uint64_t sgi_target;	/* from the irqchip's cpu_init */
};
#endif

#endif /* PLAT_SMP_ARCH_H */
