/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Entry of aarch64 images. A loader enters at EL3 (QEMU raspi3b with an
 * ELF image), EL2 (the Raspberry Pi firmware, QEMU virt with
 * virtualization=on) or EL1 (QEMU virt), with the MMU off, possibly on
 * every core at once. x0 holds a DTB pointer on Linux-style boots and 0
 * otherwise; it is handed to the platform untouched.
 *
 * Secondary cores are parked in a wfi loop (with --enable-smp, smp.c
 * starts them later through PSCI, at arm64_secondary_entry). The boot
 * core drops to EL1
 * (AArch64, nothing trapped to EL2, the counters readable, the virtual
 * counter offset 0), takes the boot stack, zeroes .bss, installs the
 * vectors, enables FP/ASIMD, turns the MMU and caches on
 * (arm64_mmu_boot) and calls the platform's arm64_plat_entry(x0).
 */
#include <uk/config.h>
#include <arm64/cpu.h>
#include <plat/smp_arch.h>

/* Tells uk-run (and people) which platform the image is for. */
.section .note.libuk, "a", @note
	.balign 4
	.long 4f - 3f
	.long 6f - 5f
	.long 1
3:	.asciz "libuk"
4:	.balign 4
5:	.ascii UK_ARCH_NAME, "-", UK_PLAT_NAME
	.byte 0
6:	.balign 4

#define SCR_EL3_VALUE	0x5b1		/* NS, SMD, HCE, RW, RES1 */
#define SPSR_EL2H_DAIF	0x3c9
#define SPSR_EL1H_DAIF	0x3c5
#define HCR_EL2_RW	(1 << 31)
#define CPTR_EL2_RES1	0x33ff		/* TFP (bit 10) clear */
#define SCTLR_EL1_RES1	0x30d00800	/* MMU and caches off */
#define CPACR_FPEN	(3 << 20)
#define ICC_SRE_ALL	0xf		/* SRE, DFB, DIB, Enable */

/* ICC_SRE_EL3 / ICC_SRE_EL2, by encoding */
#define ICC_SRE_EL3	S3_6_C12_C12_5
#define ICC_SRE_EL2	S3_4_C12_C9_5

/* EL2 -> EL1 (AArch64, nothing trapped, counters readable) at \target */
.macro EL2_TO_EL1 target
	mov x1, #HCR_EL2_RW
	msr hcr_el2, x1
	mov x1, #3			/* EL1PCTEN, EL1PCEN */
	msr cnthctl_el2, x1
	msr cntvoff_el2, xzr
	mov x1, #CPTR_EL2_RES1
	msr cptr_el2, x1
	msr hstr_el2, xzr
	msr vttbr_el2, xzr
	mrs x1, midr_el1
	msr vpidr_el2, x1
	mrs x1, mpidr_el1
	msr vmpidr_el2, x1
	mrs x1, id_aa64pfr0_el1
	ubfx x1, x1, #24, #4
	cbz x1, 1f
	mov x1, #ICC_SRE_ALL
	msr ICC_SRE_EL2, x1
	isb
1:	mov x1, #SPSR_EL1H_DAIF
	msr spsr_el2, x1
	adr x1, \target
	msr elr_el2, x1
	eret
.endm

/* At EL1: everything masked, SP_EL1, MMU off, FP/ASIMD on, the vectors */
.macro EL1_SETUP
	msr daifset, #0xf
	msr spsel, #1
	ldr x1, =SCTLR_EL1_RES1
	msr sctlr_el1, x1
	mov x1, #CPACR_FPEN
	msr cpacr_el1, x1
	ldr x1, =arm64_vectors
	msr vbar_el1, x1
	isb
.endm

.section .text.boot, "ax"
.globl _ukplat_entry
_ukplat_entry:
	mov x19, x0
	/* Aff2..Aff0 == 0 is the boot core; the others wait forever */
	mrs x1, mpidr_el1
	tst x1, #0xffffff
	b.ne park

	mrs x1, CurrentEL
	lsr x1, x1, #2
	cmp x1, #3
	b.eq from_el3
	cmp x1, #2
	b.eq from_el2
	b at_el1

from_el3:
	mov x1, #SCR_EL3_VALUE
	msr scr_el3, x1
	msr cptr_el3, xzr
	mrs x1, id_aa64pfr0_el1
	ubfx x1, x1, #24, #4		/* GIC system registers? */
	cbz x1, 1f
	mov x1, #ICC_SRE_ALL
	msr ICC_SRE_EL3, x1
	isb
	/* to EL2 when the CPU has it, else straight to EL1 */
1:	mrs x1, id_aa64pfr0_el1
	ubfx x1, x1, #8, #4
	cbz x1, 2f
	mov x1, #SPSR_EL2H_DAIF
	msr spsr_el3, x1
	adr x1, from_el2
	msr elr_el3, x1
	eret
2:	mov x1, #SPSR_EL1H_DAIF
	msr spsr_el3, x1
	adr x1, at_el1
	msr elr_el3, x1
	eret

from_el2:
	EL2_TO_EL1 at_el1

at_el1:
	EL1_SETUP
	mrs x20, cntvct_el0
	ldr x1, =arm64_boot_stack_top
	mov sp, x1

	/* .bss bounds are 16-byte aligned (link.ld) */
	ldr x1, =__bss_start
	ldr x2, =__bss_end
1:	cmp x1, x2
	b.hs 2f
	stp xzr, xzr, [x1], #16
	b 1b
2:	ldr x1, =arm64_boot_cnt
	str x20, [x1]

	mov x29, xzr
	mov x30, xzr
	bl arm64_mmu_boot
#if UK_CONFIG_SMP
	bl arm64_smp_boot_cpu
#endif
	mov x0, x19
	bl arm64_plat_entry
	b park

#if UK_CONFIG_SMP
/*
 * A secondary CPU, started by PSCI CPU_ON (smp.c) with x0 = its struct
 * plat_cpu, MMU off, at EL2 or EL1: the boot CPU's MMU settings (read
 * with the MMU off: smp.c cleaned them to memory), its stack, TPIDR_EL1,
 * then arm64_smp_entry(x0).
 */
.globl arm64_secondary_entry
arm64_secondary_entry:
	mov x19, x0
	mrs x1, CurrentEL
	lsr x1, x1, #2
	cmp x1, #2
	b.ne secondary_el1
	EL2_TO_EL1 secondary_el1
secondary_el1:
	EL1_SETUP
	ldr x1, [x19, #ARM64_PCPU_MAIR]
	msr mair_el1, x1
	ldr x1, [x19, #ARM64_PCPU_TCR]
	msr tcr_el1, x1
	ldr x1, [x19, #ARM64_PCPU_TTBR0]
	msr ttbr0_el1, x1
	isb
	tlbi vmalle1
	dsb nsh
	ic iallu
	dsb ish
	isb
	ldr x1, [x19, #ARM64_PCPU_SCTLR]
	msr sctlr_el1, x1
	isb
	msr tpidr_el1, x19
	ldr x1, [x19, #ARM64_PCPU_STACK]
	mov sp, x1
	mov x0, x19
	mov x29, xzr
	mov x30, xzr
	bl arm64_smp_entry
	b park
#endif

/*
 * Parked for good (no SMP yet): wfi, unlike wfe, really stops a TCG
 * vCPU in QEMU, so the parked cores cost the boot core nothing.
 */
park:
	wfi
	b park

/* void ukarch_jump(void *sp, void (*fn)(void)): sp is used as is */
.section .text
.globl ukarch_jump
ukarch_jump:
	mov sp, x0
	mov x29, xzr
	mov x30, xzr
	br x1

.section .bss
.balign 16
arm64_boot_stack:
	.skip 16384
.globl arm64_boot_stack_top
arm64_boot_stack_top:

.section .note.GNU-stack, "", @progbits
