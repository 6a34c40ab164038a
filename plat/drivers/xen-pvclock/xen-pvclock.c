/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Xen's clock, wall clock and one-shot timer drivers.
 *
 * The monotonic clock is the pvclock's system time less its
 * value at boot; the wall clock adds the shared info's wall-clock base
 * (the wall time at system time 0). The timer is VCPUOP_set_singleshot_
 * timer, whose event comes on VIRQ_TIMER through the upcall vector. As
 * the timer line must reach its handlers only once the deadline has
 * come, and the upcall vector carries every event channel, the VIRQ
 * handler checks the deadline (Xen may fire up to its timer slop early:
 * it re-arms then) and raises XEN_VEC_TIMER, the timer's own line, with
 * a self-IPI through the local APIC that Xen emulates for PVH guests.
 *
 * Without Xen (or its event channels) the probes fail, and the TSC
 * clock, the local APIC timer and the RTC bind.
 */
#include <uk/plat/driver.h>
#include <uk/plat/time.h>
#include <uk/plat/timer.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <x86/cpu.h>
#include <x86/irq.h>
#include "../../xen/x86_64/xen.h"

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

static uint64_t clock_raw(void)
{
	return rdtsc() - x86_boot_tsc;
}

static uint64_t clock_raw_to_ns(uint64_t raw)
{
	struct xen_vcpu_time_info t;

	xen_pvclock_snapshot(&xen_shared->vcpu_info[0].time, &t);
	return xen_pvclock_scale(raw, t.tsc_to_system_mul, t.tsc_shift);
}

static uint64_t clock_resolution(void)
{
	uint64_t ns = clock_raw_to_ns(1000) / 1000;

	return ns ? ns : 1;
}

/* The wall-clock time at Xen system time 0 plus the boot's system time. */
static uint64_t wall_boot_time(void)
{
	volatile struct xen_shared_info *s = xen_shared;
	uint32_t version;
	uint64_t sec, nsec;

	do {
		version = s->wc_version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		sec = ((uint64_t)s->wc_sec_hi << 32) | s->wc_sec;
		nsec = s->wc_nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != s->wc_version);
	return sec * UKPLAT_NSEC_PER_SEC + nsec + boot_system_ns;
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

static unsigned int timer_irq(void)
{
	return XEN_VEC_TIMER;
}

static void timer_set(uint64_t deadline_ns)
{
	armed = deadline_ns ? deadline_ns : 1;
	arm(armed);
}

static void timer_stop(void)
{
	armed = 0;
	xen_hypercall(XEN_HYPERCALL_VCPU_OP,
		      XEN_VCPUOP_STOP_SINGLESHOT_TIMER, 0, 0);
}

static int clock_probe(void)
{
	if (!xen_present || !xen_shared)
		return -UK_ENODEV;
	boot_system_ns = xen_system_time();
	clock_ready = true;
	return 0;
}

static int timer_probe(void)
{
	long port;
	int rc;

	if (!clock_ready) {
		xen_report();
		return -UK_ENODEV;
	}
	/* HVM vCPUs may start with a periodic timer on VIRQ_TIMER */
	xen_hypercall(XEN_HYPERCALL_VCPU_OP, XEN_VCPUOP_STOP_PERIODIC_TIMER,
		      0, 0);
	if (!uk_strcmp(x86_apic_mode(), "none"))
		return -UK_ENODEV;	/* no local APIC for the timer line */
	port = xen_evtchn_bind_virq(XEN_VIRQ_TIMER);
	if (port < 0)
		return port;
	rc = xen_evtchn_handle(port, timer_event, NULL);
	if (rc == 0)
		xen_report();
	return rc;
}

static int wall_probe(void)
{
	return clock_ready ? 0 : -UK_ENODEV;
}

static const struct ukplat_clock_ops clock_ops = {
	.monotonic = xen_monotonic,
	.raw = clock_raw,
	.raw_to_ns = clock_raw_to_ns,
	.resolution = clock_resolution,
};

static const struct ukplat_timer_ops timer_ops = {
	.irq = timer_irq,
	.set = timer_set,
	.stop = timer_stop,
};

static const struct ukplat_wallclock_ops wall_ops = {
	.boot_time = wall_boot_time,
};

UKPLAT_DRIVER(xen_pvclock, UKPLAT_DRIVER_CLOCK, UKPLAT_DRIVER_PRIO_PV,
	      clock_probe, &clock_ops);
UKPLAT_DRIVER(xen_timer, UKPLAT_DRIVER_TIMER, UKPLAT_DRIVER_PRIO_PV,
	      timer_probe, &timer_ops);
UKPLAT_DRIVER(xen_wallclock, UKPLAT_DRIVER_WALLCLOCK, UKPLAT_DRIVER_PRIO_PV,
	      wall_probe, &wall_ops);
