/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The system-call exit hook (uk/plat/signal.h); the SVC path of
 * vectors.S takes it while arm64_svc_exit_pending is set.
 */
#include <arm64/thread.h>
#include <uk/plat/signal.h>

void arm64_svc_exit(struct ukplat_syscall_regs *regs);

unsigned char arm64_svc_exit_pending;
static ukplat_syscall_exit_fn_t exit_fn;

void ukplat_syscall_exit_set(ukplat_syscall_exit_fn_t fn)
{
	exit_fn = fn;
}

void ukplat_syscall_exit_request(bool on)
{
	arm64_svc_exit_pending = on;
}

void arm64_irq_exit(struct ukplat_syscall_regs *regs);

static ukplat_syscall_exit_fn_t irq_exit_fn;

void ukplat_irq_exit_set(ukplat_syscall_exit_fn_t fn)
{
	irq_exit_fn = fn;
}

/*
 * The end of an interrupt while the hooks are requested (vectors.S,
 * on the exit stack): the interrupt hook, if it returns to the
 * application's code.
 */
void arm64_irq_exit(struct ukplat_syscall_regs *regs)
{
	const struct arm64_regs *r = (const struct arm64_regs *)regs;

	if (irq_exit_fn && !ukplat_kernel_text(r->elr))
		irq_exit_fn(regs);
}

/* On the exit stack of vectors.S, interrupts masked. */
void arm64_svc_exit(struct ukplat_syscall_regs *regs)
{
	if (exit_fn)
		exit_fn(regs);
	else
		arm64_svc_exit_pending = 0;
}

unsigned long ukplat_syscall_sp(void)
{
	return arm64_svc_frame ? arm64_svc_frame->sp : 0;
}

long ukplat_syscall_trap(long nr, long a0, long a1, long a2, long a3,
			 long a4, long a5)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;
	register long x3 __asm__("x3") = a3;
	register long x4 __asm__("x4") = a4;
	register long x5 __asm__("x5") = a5;

	__asm__ __volatile__("svc #0"
			     : "+r"(x0)
			     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4),
			       "r"(x5)
			     : "memory");
	return x0;
}
