/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one-shot timer (aarch64 for now: the generic timer's virtual
 * timer; see <uk/plat/irq.h>).
 *
 * The timer raises interrupt ukplat_timer_irq() once the monotonic
 * clock (ukplat_monotonic_clock) reaches the deadline. The platform
 * disarms it before calling the handlers of that line, so a handler MAY
 * arm the next deadline. A deadline in the past fires at once.
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
