/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xen's pvclock: vcpu_time_info gives the system time (ns) at a TSC
 * value and the TSC's scale, a shift then a 32.32 multiplier:
 *
 *   time = system_time + ((tsc - tsc_timestamp) << shift) * mul >> 32
 *
 * with a negative shift meaning a right shift. Xen updates the record
 * between two increments of version, so a reader copies it until it saw
 * the same even version before and after.
 */
#include <x86/cpu.h>
#include "../../xen/x86_64/xen.h"

uint64_t xen_pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift >= 0)
		delta <<= shift;
	else
		delta >>= -shift;
	/* the 96-bit product's bits 32..95, from two 64-bit products */
	return (delta >> 32) * mul + (((delta & 0xffffffffULL) * mul) >> 32);
}

uint64_t xen_pvclock_at(const struct xen_vcpu_time_info *t, uint64_t tsc)
{
	uint64_t delta = tsc > t->tsc_timestamp ? tsc - t->tsc_timestamp : 0;

	return t->system_time +
	       xen_pvclock_scale(delta, t->tsc_to_system_mul, t->tsc_shift);
}

void xen_pvclock_snapshot(const volatile struct xen_vcpu_time_info *src,
			  struct xen_vcpu_time_info *dst)
{
	uint32_t version;

	do {
		version = src->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		dst->tsc_timestamp = src->tsc_timestamp;
		dst->system_time = src->system_time;
		dst->tsc_to_system_mul = src->tsc_to_system_mul;
		dst->tsc_shift = src->tsc_shift;
		dst->flags = src->flags;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != src->version);
	dst->version = version;
}

uint64_t xen_system_time(void)
{
	struct xen_vcpu_time_info t;
	uint64_t tsc;

	/* the TSC is read inside the consistent window */
	do {
		xen_pvclock_snapshot(&xen_shared->vcpu_info[0].time, &t);
		tsc = rdtsc();
	} while (t.version != xen_shared->vcpu_info[0].time.version);
	return xen_pvclock_at(&t, tsc);
}
