/* SPDX-License-Identifier: BSD-3-Clause */
/* x86_64's part of struct plat_cpu (plat/smp.h): the CPU's own tables. */
#ifndef PLAT_SMP_ARCH_H
#define PLAT_SMP_ARCH_H

#include <x86/cpu.h>

struct plat_cpu_arch {
	uint64_t gdt[X86_GDT_WORDS] __aligned(16);
	struct x86_tss tss __aligned(16);
	uint8_t *stacks;	/* first stack, IST trap, IST critical */
};

#endif /* PLAT_SMP_ARCH_H */
