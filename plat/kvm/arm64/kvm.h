/* SPDX-License-Identifier: BSD-3-Clause */
/* Internal interfaces of the aarch64 kvm platform (QEMU virt). */
#ifndef KVM_ARM64_KVM_H
#define KVM_ARM64_KVM_H

#include <uk/fdt.h>

/*
 * Finds the GIC (v2 or v3) in the device tree, initializes it for the
 * boot CPU and makes it the interrupt controller. 0 or a negative errno.
 */
int gic_init(const struct uk_fdt *fdt);

/*
 * The generic timer (its interrupt from the /timer node) and the wall
 * clock (PL031 RTC, or the epoch without one).
 */
void kvm_time_init(const struct uk_fdt *fdt);
/* Which PSCI conduit (hvc or smc) the /psci node names. */
void kvm_psci_init(const struct uk_fdt *fdt);

#endif /* KVM_ARM64_KVM_H */
