/* SPDX-License-Identifier: BSD-3-Clause */
/* Clocks. */
#ifndef UK_PLAT_TIME_H
#define UK_PLAT_TIME_H

#include <uk/essentials.h>

#define UKPLAT_NSEC_PER_SEC	1000000000ULL

/* Nanoseconds since boot; never goes backwards. */
uint64_t ukplat_monotonic_clock(void);
/* Nanoseconds since the Unix epoch (RTC read at boot + monotonic). */
uint64_t ukplat_wall_clock(void);
/* Resolution of the monotonic clock in ns (at least 1). */
uint64_t ukplat_clock_resolution(void);
/* Monotonic time at which the platform entry point ran (ns). */
uint64_t ukplat_boot_entry_time(void);

#endif /* UK_PLAT_TIME_H */
