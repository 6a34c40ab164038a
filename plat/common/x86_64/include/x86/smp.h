/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The secondary CPUs' start-up code (smp_boot.S) and its data block,
 * the last X86_SMP_TR_SIZE bytes of the code that smp.c copies to a
 * page below 1 MiB. Every field is 64 bits.
 */
#ifndef X86_SMP_H
#define X86_SMP_H

#define X86_SMP_TR_CR3		0	/* below 4 GiB */
#define X86_SMP_TR_EFER		8	/* low 32 bits used */
#define X86_SMP_TR_CR0		16	/* low 32 bits used */
#define X86_SMP_TR_STACK	24	/* top of the CPU's first stack */
#define X86_SMP_TR_ENTRY	32	/* void entry(void *arg), no return */
#define X86_SMP_TR_ARG		40
#define X86_SMP_TR_SIZE		48

#ifndef __ASSEMBLY__
#include <uk/config.h>

extern const char x86_smp_trampoline[], x86_smp_trampoline_end[];

#if UK_CONFIG_SMP
/* Points the boot CPU's GS base at its per-CPU data (smp.c). */
void x86_smp_boot_cpu(void);
#else
static inline void x86_smp_boot_cpu(void)
{
}
#endif
#endif

#endif /* X86_SMP_H */
