/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal interfaces of the x86_64-xen board and its Xen drivers
 * (plat/drivers/xen-*).
 *
 * x86_64-xen is the PVH boot of x86_64-kvm with a driver list that has
 * Xen's devices before the kvm ones (COM1, TSC clock, local APIC timer,
 * RTC, isa-debug-exit). The hypervisor driver (xen.c) decides once,
 * from CPUID, whether Xen is there; each Xen driver's probe fails
 * without it, and the kvm drivers bind instead.
 *
 * The functions marked "pure" touch no hardware and no hypervisor: the
 * tests (tests/xen/test_xen.c) call them directly.
 */
#ifndef XEN_XEN_H
#define XEN_XEN_H

#include <uk/essentials.h>
#include "abi.h"

/* Interrupt vectors (see plat/common/x86_64/include/x86/irq.h) */
#define XEN_VEC_UPCALL		0xf0	/* every event channel */
#define XEN_VEC_TIMER		0xee	/* ukplat_timer_irq() on Xen */

/* True once Xen was found and its hypercall page installed. */
extern bool xen_present;

/* ---- boot (xen.c) ---- */
/*
 * Says what the platform runs on: Xen's version and devices, or why a
 * Xen that CPUID shows is not used. Called by the last Xen driver the
 * PVH boot probes (the timer), once the console is final.
 */
void xen_report(void);

/*
 * Gives a PVH start info without a memory map (version 0) Xen's map
 * (XENMEM_memory_map), before the boot code reads it (memmap.c).
 */
void xen_memmap_fixup(void);

/* ---- hypercalls (hypercall.c) ---- */
/* Calls hypercall @nr; returns Xen's result (0 or a negative errno). */
long xen_hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
		   unsigned long a3);
/* The hypercall page, installed by xen_hypercall_page_init. */
extern char xen_hypercall_page[];
int xen_hypercall_page_init(uint32_t msr);
long xen_hvm_get_param(uint32_t index, uint64_t *value);
long xen_hvm_set_param(uint32_t index, uint64_t value);
/* Stops the domain with SHUTDOWN_@reason; returns only on failure. */
void xen_shutdown(uint32_t reason);

/* ---- event channels (plat/drivers/xen-evtchn) ---- */
typedef void (*xen_evtchn_fn_t)(uint32_t port, void *arg);
/*
 * The shared info page, NULL until the event-channel driver's probe
 * maps it (on Xen, when the PVH boot probes the irqchip class).
 */
extern volatile struct xen_shared_info *xen_shared;
/* Binds VIRQ @virq of vCPU 0; returns the port or a negative errno. */
long xen_evtchn_bind_virq(uint32_t virq);
/*
 * Calls @fn(@port, @arg) for each event on @port from now on, and
 * unmasks it. Returns 0, -EINVAL or -ENOMEM (table full).
 */
int xen_evtchn_handle(uint32_t port, xen_evtchn_fn_t fn, void *arg);
/* Notifies the other end of @port. */
void xen_evtchn_notify(uint32_t port);
/*
 * Pure. The 2-level ABI's scan: takes the selector word *@sel (zeroing
 * it); for each bit i set in it, lowest first, each port of word i that
 * is pending and not masked, lowest first, has its pending bit cleared
 * and is passed to @fn. Masked ports stay pending. Returns the number
 * of ports passed to @fn.
 */
unsigned int xen_evtchn_scan(volatile unsigned long *sel,
			     volatile unsigned long *pending,
			     const volatile unsigned long *mask,
			     xen_evtchn_fn_t fn, void *arg);

/* ---- pvclock (plat/drivers/xen-pvclock) ---- */
/* Pure. Ticks to ns with a pvclock's scale: (delta << shift) * mul >> 32. */
uint64_t xen_pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift);
/*
 * Pure. The system time (ns) at TSC value @tsc from a consistent copy
 * @t of a vcpu_time_info; a @tsc before t->tsc_timestamp counts as it.
 */
uint64_t xen_pvclock_at(const struct xen_vcpu_time_info *t, uint64_t tsc);
/* Copies @src consistently (version even and unchanged) into @dst. */
void xen_pvclock_snapshot(const volatile struct xen_vcpu_time_info *src,
			  struct xen_vcpu_time_info *dst);
/* Xen system time now (ns since Xen's boot). */
uint64_t xen_system_time(void);

/* ---- console (plat/drivers/xen-console) ---- */
/* True when the console is the ring (else console_io). */
bool xen_console_ring(void);
/*
 * Pure. Copies up to @len bytes of @buf into @ring of @size bytes (a
 * power of 2) at producer index *@prod, advancing it, without passing
 * consumer index @cons. Indices run freely and wrap at 2^32. Returns the
 * number of bytes copied; 0 as well when the indices are inconsistent
 * (more than @size apart).
 */
uint32_t xen_ring_put(char *ring, uint32_t size, uint32_t cons,
		      uint32_t *prod, const char *buf, uint32_t len);
/*
 * Pure. Copies up to @len bytes out of @ring at consumer index *@cons,
 * advancing it, up to producer index @prod. Inconsistent indices (more
 * than @size apart) drop what is in the ring: *@cons becomes @prod and
 * 0 is returned.
 */
uint32_t xen_ring_get(const char *ring, uint32_t size, uint32_t prod,
		      uint32_t *cons, char *buf, uint32_t len);

#endif /* XEN_XEN_H */
