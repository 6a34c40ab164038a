/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Clocks and the one-shot timer (uk/plat/time.h, uk/plat/timer.h).
 *
 * On Xen: the monotonic clock is the pvclock's system time less its
 * value at boot; the wall clock adds the shared info's wall-clock base
 * (the wall time at system time 0). The timer is VCPUOP_set_singleshot_
 * timer, whose event comes on VIRQ_TIMER through the upcall vector. As
 * the timer line must reach its handlers only once the deadline has
 * come, and the upcall vector carries every event channel, the VIRQ
 * handler checks the deadline (Xen may fire up to its timer slop early:
 * it re-arms then) and raises XEN_VEC_TIMER, the timer's own line, with
 * a self-IPI through the local APIC that Xen emulates for PVH guests.
 *
 * Elsewhere: the TSC clock, the local APIC timer and the RTC of the x86_64
 * kvm platform, as they are.
 */
#include <uk/plat/time.h>
#include <uk/plat/timer.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <x86/cpu.h>
#include <x86/irq.h>
#include "xen.h"
#include "native.h"

#define MSR_APIC_BASE		0x1b
#define MSR_X2APIC_SELF_IPI	0x83f
#define APIC_ICR_LO		0x300
#define ICR_DEST_SELF		(1u << 18)
#define APIC_BASE_ADDR		0xfffff000ULL

/* Xen system time at boot: monotonic 0 */
static uint64_t boot_system_ns;
/* the monotonic clock's last value, for a TSC Xen does not call stable */
static uint64_t last_ns;
/* the deadline (monotonic ns) the timer is armed for, 0 when disarmed */
static uint64_t armed;
static bool clock_ready;

static uint64_t xen_monotonic(void)
{
	uint64_t now = xen_system_time() - boot_system_ns, last;

	if (xen_shared->vcpu_info[0].time.flags & XEN_PVCLOCK_TSC_STABLE)
		return now;
	last = __atomic_load_n(&last_ns, __ATOMIC_RELAXED);
	do {
		if (now <= last)
			return last;
	} while (!__atomic_compare_exchange_n(&last_ns, &last, now, false,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return now;
}

uint64_t ukplat_monotonic_clock(void)
{
	if (!xen_present)
		return x86_tsc_monotonic_clock();
	return clock_ready ? xen_monotonic() : 0;
}

uint64_t ukplat_clock_raw(void)
{
	if (!xen_present)
		return x86_tsc_clock_raw();
	return rdtsc() - x86_boot_tsc;
}

uint64_t ukplat_clock_raw_to_ns(uint64_t raw)
{
	struct xen_vcpu_time_info t;

	if (!xen_present)
		return x86_tsc_clock_raw_to_ns(raw);
	if (!clock_ready)
		return 0;
	xen_pvclock_snapshot(&xen_shared->vcpu_info[0].time, &t);
	return xen_pvclock_scale(raw, t.tsc_to_system_mul, t.tsc_shift);
}

uint64_t ukplat_clock_resolution(void)
{
	uint64_t ns;

	if (!xen_present)
		return x86_tsc_clock_resolution();
	ns = ukplat_clock_raw_to_ns(1000) / 1000;
	return ns ? ns : 1;
}

uint64_t ukplat_wall_clock(void)
{
	volatile struct xen_shared_info *s = xen_shared;
	uint32_t version;
	uint64_t sec, nsec;

	if (!xen_present)
		return kvm_wall_clock();
	if (!clock_ready)
		return 0;
	do {
		version = s->wc_version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
		nsec = s->wc_nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != s->wc_version);
	return sec * UKPLAT_NSEC_PER_SEC + nsec + boot_system_ns +
	       ukplat_monotonic_clock();
}

/* Arms Xen's one-shot timer for monotonic time @deadline (past: now). */
static void arm(uint64_t deadline)
{
	struct xen_vcpu_set_singleshot_timer t = {
		.timeout_abs_ns = boot_system_ns + deadline,
	};

	xen_hypercall(XEN_HYPERCALL_VCPU_OP, XEN_VCPUOP_SET_SINGLESHOT_TIMER,
		      0, (uintptr_t)&t);
}

/* Raises vector @vec on this CPU (the local APIC's self IPI). */
static void self_ipi(uint8_t vec)
{
	volatile uint32_t *xapic;

	if (!uk_strcmp(x86_apic_mode(), "x2APIC")) {
		wrmsr(MSR_X2APIC_SELF_IPI, vec);
		return;
	}
	xapic = (volatile uint32_t *)(uintptr_t)(rdmsr(MSR_APIC_BASE) &
						 APIC_BASE_ADDR);
	xapic[APIC_ICR_LO / 4] = ICR_DEST_SELF | vec;
}

/* VIRQ_TIMER: runs in the upcall, interrupts disabled. */
static void timer_event(uint32_t port, void *arg)
{
	if (!armed)
		return;		/* stopped while the event was on its way */
	if (ukplat_monotonic_clock() < armed) {
		arm(armed);
		return;
	}
	armed = 0;
	self_ipi(XEN_VEC_TIMER);
}

unsigned int ukplat_timer_irq(void)
{
	return xen_present ? XEN_VEC_TIMER : x86_apic_timer_irq();
}

void ukplat_timer_set(uint64_t deadline_ns)
{
	if (!xen_present) {
		x86_apic_timer_set(deadline_ns);
		return;
	}
	armed = deadline_ns ? deadline_ns : 1;
	arm(armed);
}

void ukplat_timer_stop(void)
{
	if (!xen_present) {
		x86_apic_timer_stop();
		return;
	}
	armed = 0;
	xen_hypercall(XEN_HYPERCALL_VCPU_OP,
		      XEN_VCPUOP_STOP_SINGLESHOT_TIMER, 0, 0);
}

int xen_time_init(void)
{
	long port;

	boot_system_ns = xen_system_time();
	clock_ready = true;
	/* HVM vCPUs may start with a periodic timer on VIRQ_TIMER */
	xen_hypercall(XEN_HYPERCALL_VCPU_OP, XEN_VCPUOP_STOP_PERIODIC_TIMER,
		      0, 0);
	if (!uk_strcmp(x86_apic_mode(), "none"))
		return -UK_ENODEV;	/* no local APIC for the timer line */
	port = xen_evtchn_bind_virq(XEN_VIRQ_TIMER);
	if (port < 0)
		return port;
	return xen_evtchn_handle(port, timer_event, NULL);
}
