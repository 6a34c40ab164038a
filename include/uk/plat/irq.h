/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupts: handler registration, the CPU's interrupt flag, counts.
 *
 * IRQ numbers are the platform's: IDT vectors 32..254 on x86_64 (the
 * local APIC timer is one of them; vector 255 is the APIC's spurious
 * vector and never reaches a handler), GIC interrupt IDs on aarch64-kvm
 * (PPIs 16..31, SPIs 32..), BCM2836 local sources 0..11 on aarch64-rpi3.
 * Code that must not know them asks, e.g. ukplat_timer_irq().
 *
 * Contract (every platform):
 * - Kernel code runs with interrupts disabled: during boot, in system
 *   calls and inside handlers. The application runs with them disabled
 *   under the `none` and `coop` schedulers (an interrupt is then taken
 *   only while the CPU halts, see ukplat_halt) and enabled under
 *   `preempt`.
 * - ukplat_irq_register() MAY be called at any time; it unmasks the line
 *   at the interrupt controller. Handlers of one line run in the order
 *   they were registered, on an interrupt stack (x86_64) or the
 *   interrupted stack (aarch64), with interrupts
 *   disabled; they MUST NOT block or use FP/SIMD registers. A handler
 *   returns 1 when the interrupt was its device's, 0 otherwise. The
 *   platform acknowledges the interrupt (EOI) after the handlers ran.
 * - Nothing here allocates; the table holds UKPLAT_IRQ_HANDLERS entries.
 * - Preemption (uk/plat/thread.h) happens at the end of an interrupt,
 *   after the handlers and the acknowledgement.
 */
#ifndef UK_PLAT_IRQ_H
#define UK_PLAT_IRQ_H

#include <uk/essentials.h>

#define UKPLAT_IRQ_HANDLERS	16

typedef int (*ukplat_irq_handler_t)(void *arg);

/*
 * Calls @fn(@arg) for every interrupt on line @irq. Returns 0, -EINVAL
 * (no such line, no interrupt controller, or @fn is NULL) or -ENOMEM
 * (table full).
 */
int ukplat_irq_register(unsigned int irq, ukplat_irq_handler_t fn,
			void *arg);

/* Enables / disables interrupts on this CPU. */
void ukplat_irq_enable(void);
void ukplat_irq_disable(void);
/* Disables them and returns the previous state, for ukplat_irq_restore. */
unsigned long ukplat_irq_save(void);
void ukplat_irq_restore(unsigned long flags);
bool ukplat_irq_enabled(void);

/* Interrupts seen on line @irq since boot (for tests and statistics). */
uint64_t ukplat_irq_count(unsigned int irq);

#endif /* UK_PLAT_IRQ_H */
