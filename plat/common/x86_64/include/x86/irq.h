/* SPDX-License-Identifier: BSD-3-Clause */
/* Interrupt vectors and the local APIC, inside plat/. */
#ifndef X86_IRQ_H
#define X86_IRQ_H

/* IRQ numbers are IDT vectors; 32..254 can have handlers. */
#define X86_VEC_FIRST_IRQ	32
#define X86_VEC_TIMER		0xef	/* local APIC timer */
#define X86_VEC_WAKEUP		0xfd	/* wakes a halted CPU; no handler */
#define X86_VEC_ERROR		0xfe	/* local APIC error (masked) */
#define X86_VEC_SPURIOUS	0xff	/* no EOI, no handler */

#ifndef __ASSEMBLY__
#include <x86/cpu.h>

/* Enables the local APIC (x2APIC when the CPU has it) and its timer. */
void x86_apic_init(void);
/* This CPU's local APIC ID (0 without an APIC). */
uint32_t x86_apic_id(void);
/* Interrupt command register values (SDM 10.6.1) for x86_apic_ipi. */
#define X86_ICR_INIT		0x00000500
#define X86_ICR_STARTUP		0x00000600
#define X86_ICR_LEVEL_ASSERT	0x00004000
#define X86_ICR_LEVEL_TRIGGER	0x00008000
/*
 * Sends command @cmd (X86_ICR_..., with a vector for a start-up IPI) to
 * the CPU whose APIC ID is @apic_id. Returns 0, -ENODEV without an
 * APIC, -EINVAL for an ID xAPIC mode cannot address, -ETIMEDOUT when
 * the xAPIC never reports the IPI delivered.
 */
int x86_apic_ipi(uint32_t apic_id, uint32_t cmd);
/* Signals the end of the interrupt being handled. */
void x86_apic_eoi(void);
/*
 * For the timer's interrupt: true when the deadline has come (and the
 * timer is now disarmed); false for an early or cancelled interrupt,
 * the timer then being re-armed for what is left.
 */
bool x86_apic_timer_due(void);
/* "x2APIC", "xAPIC" or "none"; "TSC-deadline", "one-shot" or "none". */
const char *x86_apic_mode(void);
const char *x86_apic_timer_mode(void);

/*
 * The end of interrupt @regs, on a stack that is not the interrupted
 * one: uk/plat/signal.h's interrupt hook (syscall.c).
 */
void x86_irq_exit(struct x86_regs *regs);

/* Runs the handlers of the interrupt in @regs (vector >= 32). */
void x86_irq_handle(struct x86_regs *regs);

/*
 * Moves the interrupt frame @regs from the interrupt stack to the
 * interrupted stack (below its red zone), saves the FPU/SIMD state
 * there, calls the preemption function, then restores everything and
 * returns from the interrupt. Never returns to its caller.
 */
void x86_irq_preempt(struct x86_regs *regs) __noreturn;
/* Pops a struct x86_regs at @regs and returns from it with iretq. */
void x86_regs_resume(struct x86_regs *regs) __noreturn;

/* FPU/SIMD state: size of the save area (xsave or fxsave), set up once. */
extern unsigned long x86_fpu_size;
extern unsigned char x86_fpu_xsave;
void x86_fpu_init(void);
#endif

#endif /* X86_IRQ_H */
