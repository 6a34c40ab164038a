/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Faults of the application's code (uk/plat/signal.h): which code is the
 * kernel's, and the hook the trap handlers of plat/common/ARCH call.
 */
#include <uk/plat/signal.h>
#include <uk/plat/smp.h>
#include <plat/common.h>

/* the kernel's archives' text (link.ld) */
extern char __uk_ktext_start[], __uk_ktext_end[];

static ukplat_fault_fn_t fault_fn;

bool ukplat_kernel_text(unsigned long pc)
{
	return pc >= (unsigned long)__uk_ktext_start &&
	       pc < (unsigned long)__uk_ktext_end;
}

void ukplat_fault_set(ukplat_fault_fn_t fn)
{
	fault_fn = fn;
}

/*
 * Threads run on CPU 0 only (uk/plat/smp.h): what another CPU runs is a
 * function handed to it by the kernel (ukplat_cpu_run), whatever
 * archive its code is in, and a fault there is a kernel crash.
 */
bool plat_fault_is_app(unsigned long pc)
{
	if (ukplat_cpu_found() > 1 && ukplat_cpu_id() != 0)
		return false;
	return fault_fn && !ukplat_kernel_text(pc);
}

bool plat_fault_to_app(unsigned long pc, struct ukplat_syscall_regs *r,
		       const struct ukplat_fault *f)
{
	return plat_fault_is_app(pc) && fault_fn(r, f);
}
