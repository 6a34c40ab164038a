/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Event channels, 2-level ABI, on vCPU 0. The shared info page is mapped
 * over a page of the image; every port starts masked and is unmasked
 * when a handler is set. Events arrive as one interrupt vector
 * (XEN_VEC_UPCALL) set with HVMOP_set_evtchn_upcall_vector, or, on a Xen
 * older than 4.6, with HVM_PARAM_CALLBACK_IRQ. The upcall handler runs
 * with interrupts disabled, like every interrupt handler. The PVH boot
 * probes this driver (class irqchip) once the local APIC is up; the
 * other Xen drivers but the console_io one need it.
 */
#include <uk/plat/driver.h>
#include <uk/plat/irq.h>
#include <uk/errno.h>
#include <uk/print.h>
#include "../../xen/x86_64/xen.h"

#define MAX_HANDLERS	8

struct handler {
	uint32_t port;
	xen_evtchn_fn_t fn;
	void *arg;
};

volatile struct xen_shared_info *xen_shared;
static uint8_t shared_page[XEN_PAGE_SIZE] __aligned(XEN_PAGE_SIZE);
static struct handler handlers[MAX_HANDLERS];
static unsigned int nhandlers;

unsigned int xen_evtchn_scan(volatile unsigned long *sel,
			     volatile unsigned long *pending,
			     const volatile unsigned long *mask,
			     xen_evtchn_fn_t fn, void *arg)
{
	unsigned long words = __atomic_exchange_n(sel, 0, __ATOMIC_SEQ_CST);
	unsigned int n = 0;

	while (words) {
		unsigned int w = __builtin_ctzl(words);
		unsigned long ready = pending[w] & ~mask[w];

		words &= words - 1;
		while (ready) {
			unsigned int b = __builtin_ctzl(ready);

			ready &= ready - 1;
			__atomic_fetch_and(&pending[w], ~(1UL << b),
					   __ATOMIC_SEQ_CST);
			fn(w * 64 + b, arg);
			n++;
		}
	}
	return n;
}

static void dispatch(uint32_t port, void *arg)
{
	for (unsigned int i = 0; i < nhandlers; i++)
		if (handlers[i].port == port)
			handlers[i].fn(port, handlers[i].arg);
}

static int upcall(void *arg)
{
	volatile struct xen_vcpu_info *v = &xen_shared->vcpu_info[0];

	/* an event set after this store raises the upcall again */
	do {
		v->evtchn_upcall_pending = 0;
		xen_evtchn_scan(&v->evtchn_pending_sel,
				xen_shared->evtchn_pending,
				xen_shared->evtchn_mask, dispatch, NULL);
	} while (v->evtchn_upcall_pending);
	return 1;
}

static long evtchn_op(unsigned int cmd, void *arg)
{
	return xen_hypercall(XEN_HYPERCALL_EVENT_CHANNEL_OP, cmd,
			     (uintptr_t)arg, 0);
}

long xen_evtchn_bind_virq(uint32_t virq)
{
	struct xen_evtchn_bind_virq b = { .virq = virq, .vcpu = 0 };
	long rc = evtchn_op(XEN_EVTCHNOP_BIND_VIRQ, &b);

	return rc < 0 ? rc : (long)b.port;
}

int xen_evtchn_handle(uint32_t port, xen_evtchn_fn_t fn, void *arg)
{
	struct xen_evtchn_port u = { .port = port };
	unsigned long flags;

	if (!fn || port >= XEN_EVTCHN_PORTS)
		return -UK_EINVAL;
	flags = ukplat_irq_save();
	if (nhandlers == MAX_HANDLERS) {
		ukplat_irq_restore(flags);
		return -UK_ENOMEM;
	}
	handlers[nhandlers++] = (struct handler){ port, fn, arg };
	ukplat_irq_restore(flags);
	/* Xen raises the upcall for an event that came while masked */
	evtchn_op(XEN_EVTCHNOP_UNMASK, &u);
	return 0;
}

void xen_evtchn_notify(uint32_t port)
{
	struct xen_evtchn_port s = { .port = port };

	evtchn_op(XEN_EVTCHNOP_SEND, &s);
}

static long map_shared_info(void)
{
	struct xen_add_to_physmap m = {
		.domid = XEN_DOMID_SELF,
		.space = XEN_XENMAPSPACE_SHARED_INFO,
		.idx = 0,
		.gpfn = (uintptr_t)shared_page / XEN_PAGE_SIZE,
	};

	return xen_hypercall(XEN_HYPERCALL_MEMORY_OP,
			     XEN_XENMEM_ADD_TO_PHYSMAP, (uintptr_t)&m, 0);
}

static long set_upcall_vector(void)
{
	struct xen_hvm_evtchn_upcall_vector u = { .vcpu = 0,
						  .vector = XEN_VEC_UPCALL };
	long rc;

	rc = xen_hypercall(XEN_HYPERCALL_HVM_OP,
			   XEN_HVMOP_SET_EVTCHN_UPCALL_VECTOR,
			   (uintptr_t)&u, 0);
	if (rc == 0)
		return 0;
	/* Xen < 4.6: the domain-wide callback, also a vector */
	return xen_hvm_set_param(XEN_HVM_PARAM_CALLBACK_IRQ,
				 XEN_HVM_CALLBACK_VECTOR(XEN_VEC_UPCALL));
}

static int probe(void)
{
	long rc;

	if (!xen_present)
		return -UK_ENODEV;
	rc = map_shared_info();
	if (rc < 0)
		return rc;
	xen_shared = (volatile struct xen_shared_info *)shared_page;
	for (unsigned int i = 0; i < XEN_EVTCHN_WORDS; i++)
		xen_shared->evtchn_mask[i] = ~0UL;
	rc = ukplat_irq_register(XEN_VEC_UPCALL, upcall, NULL);
	if (rc < 0)
		return rc;
	rc = set_upcall_vector();
	if (rc < 0)
		return rc;
	xen_shared->vcpu_info[0].evtchn_upcall_mask = 0;
	return 0;
}

UKPLAT_DRIVER(xen_evtchn, UKPLAT_DRIVER_IRQCHIP, UKPLAT_DRIVER_PRIO_PV, probe,
	      NULL);
