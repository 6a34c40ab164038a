/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one-shot timer: x86_64's local APIC timer (TSC-deadline mode when
 * the CPU has it, else one-shot mode calibrated against the TSC), the
 * generic timer's virtual timer on aarch64. There is no periodic tick:
 * the scheduler arms the next deadline it needs, or none.
 *
 * The timer raises interrupt ukplat_timer_irq() once the monotonic
 * clock (ukplat_monotonic_clock) reaches the deadline; the handlers of
 * that line never run before it (a platform whose hardware fires early,
 * e.g. because the deadline is beyond its counter's range, re-arms
 * silently). The platform disarms the timer before calling the
 * handlers, so a handler MAY arm the next deadline. A deadline in the
 * past fires at once.
 */
#ifndef UK_PLAT_TIMER_H
#define UK_PLAT_TIMER_H

#include <uk/essentials.h>

/* The interrupt line of the timer (for ukplat_irq_register). */
unsigned int ukplat_timer_irq(void);

/* Arms the timer for monotonic time @deadline_ns (replaces any other). */
void ukplat_timer_set(uint64_t deadline_ns);

/* Disarms it. */
void ukplat_timer_stop(void);

#endif /* UK_PLAT_TIMER_H */
