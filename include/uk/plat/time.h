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
/*
 * The monotonic clock's raw counter (TSC, CNTVCT) since the platform
 * entry point, and its conversion to ns. Sampling the raw counter costs
 * no calibration, so early boot can take timestamps and convert later.
 */
uint64_t ukplat_clock_raw(void);
uint64_t ukplat_clock_raw_to_ns(uint64_t raw);

#endif /* UK_PLAT_TIME_H */
