/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hypercalls through the hypercall page. x86_64 convention: RAX holds
 * the result, RDI, RSI, RDX the arguments; Xen may clobber RCX, R11 and
 * (debug builds do so on purpose) the argument registers.
 */
#include <uk/errno.h>
#include <x86/cpu.h>
#include "xen.h"

long xen_hypercall(unsigned int nr, unsigned long a1, unsigned long a2,
		   unsigned long a3)
{
	void *entry = xen_hypercall_page + nr * XEN_HYPERCALL_ENTRY_SIZE;
	long ret;

	__asm__ __volatile__("call *%[entry]"
			     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3)
			     : [entry] "r"(entry)
			     : "rcx", "r8", "r10", "r11", "memory");
	return ret;
}

int xen_hypercall_page_init(uint32_t msr)
{
	/* Xen writes the stubs synchronously, from the MSR write. */
	wrmsr(msr, (uintptr_t)xen_hypercall_page);
	__asm__ __volatile__("" ::: "memory");
	/* ud2 (0f 0b) still at the start of entry 0: nothing was written */
	if (xen_hypercall_page[0] == 0x0f && xen_hypercall_page[1] == 0x0b)
		return -UK_ENODEV;
	return 0;
}

long xen_hvm_get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = XEN_DOMID_SELF, .index = index };
	long rc;

	rc = xen_hypercall(XEN_HYPERCALL_HVM_OP, XEN_HVMOP_GET_PARAM,
			   (uintptr_t)&p, 0);
	if (rc == 0)
		*value = p.value;
	return rc;
}

long xen_hvm_set_param(uint32_t index, uint64_t value)
{
	struct xen_hvm_param p = { .domid = XEN_DOMID_SELF, .index = index,
				   .value = value };

	return xen_hypercall(XEN_HYPERCALL_HVM_OP, XEN_HVMOP_SET_PARAM,
			     (uintptr_t)&p, 0);
}

void xen_shutdown(uint32_t reason)
{
	struct xen_sched_shutdown s = { .reason = reason };

	xen_hypercall(XEN_HYPERCALL_SCHED_OP, XEN_SCHEDOP_SHUTDOWN,
		      (uintptr_t)&s, 0);
}
