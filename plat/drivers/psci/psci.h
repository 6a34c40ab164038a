/* SPDX-License-Identifier: BSD-3-Clause */
/* PSCI calls other than termination (the device tree's conduit). */
#ifndef PSCI_PSCI_H
#define PSCI_PSCI_H

#include <uk/essentials.h>

/*
 * CPU_ON: starts the CPU whose MPIDR affinity is @mpidr at physical
 * address @entry, MMU off, x0 = @context. Returns 0 (the call was taken:
 * the CPU may start later), -ENODEV without PSCI in the device tree,
 * -EINVAL, -EBUSY (already on or starting), -ENOTSUP, -EIO.
 */
int psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);

#endif /* PSCI_PSCI_H */
