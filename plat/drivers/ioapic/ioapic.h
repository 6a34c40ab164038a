/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 I/O APICs: device interrupt lines (GSIs) to local APIC vectors.
 * The IOAPICs and the ISA overrides come from the ACPI MADT; without
 * one, a single IOAPIC at 0xfec00000 for GSIs 0..23 is assumed.
 */
#ifndef IOAPIC_IOAPIC_H
#define IOAPIC_IOAPIC_H

#include <uk/essentials.h>

#define IOAPIC_LEVEL		1	/* level-triggered (else edge) */
#define IOAPIC_ACTIVE_LOW	2	/* active low (else high) */

/*
 * Routes GSI @gsi to a vector of the boot CPU and unmasks it: register
 * the handler (ukplat_irq_register) before the device can interrupt.
 * Routing the same GSI again returns the same vector.
 * Returns the vector (the platform IRQ number) or -ENODEV (no IOAPIC
 * has that GSI), -ENOSPC (no vector left).
 */
int ioapic_route(unsigned int gsi, unsigned int flags);

/*
 * A free vector of the boot CPU for a device interrupt (MSI-X uses
 * them too): the vector, or -ENOSPC.
 */
int ioapic_vector_alloc(void);

/* The GSI an ISA IRQ (0..15) arrives on, after the MADT's overrides. */
unsigned int ioapic_isa_gsi(unsigned int isa_irq, unsigned int *flags);

#endif /* IOAPIC_IOAPIC_H */
