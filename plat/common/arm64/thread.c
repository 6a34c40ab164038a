/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread contexts (uk/plat/thread.h): a new thread's first switch frame,
 * the system-call frame clone() copies, and the size of a signal frame's
 * FP/SIMD state. The switch itself is in switch.S, the preemption path
 * in vectors.S and irq.c; the frame layouts are described in
 * <arm64/thread.h>.
 */
#include <arm64/thread.h>
#include <uk/plat/thread.h>
#include <uk/plat/signal.h>
#include <uk/string.h>
#include <uk/errno.h>

UK_CTASSERT(sizeof(struct arm64_regs) <= sizeof(struct ukplat_syscall_regs));
/* uk/plat/signal.h restates the frame for the signal frames */
UK_CTASSERT(sizeof(struct ukplat_sysregs) ==
	    sizeof(struct ukplat_syscall_regs));
UK_CTASSERT(sizeof(struct ukplat_sysregs) == SVC_SYSREGS_SIZE);
UK_CTASSERT(offsetof(struct arm64_regs, sp) ==
	    offsetof(struct ukplat_sysregs, sp));
UK_CTASSERT(offsetof(struct arm64_regs, elr) ==
	    offsetof(struct ukplat_sysregs, pc));
UK_CTASSERT(offsetof(struct arm64_regs, spsr) ==
	    offsetof(struct ukplat_sysregs, pstate));
UK_CTASSERT(offsetof(struct arm64_regs, frame) ==
	    offsetof(struct ukplat_sysregs, frame));
UK_CTASSERT(offsetof(struct ukplat_sysregs, orig_x0) == ARM64_REGS_SIZE);

void arm64_ctx_start(void);

/* Set by vectors.S for the duration of an SVC system call. */
struct arm64_regs *arm64_svc_frame;

void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack_top,
		     unsigned long tls, void (*entry)(void *), void *arg)
{
	unsigned long *sp = (unsigned long *)(UK_ALIGN_DOWN(
		(uintptr_t)stack_top, 16) - SWITCH_SIZE);

	uk_memset(sp, 0, SWITCH_SIZE);	/* FPCR 0: round to nearest */
	sp[SWITCH_X19 / 8] = (unsigned long)entry;
	sp[SWITCH_X19 / 8 + 1] = (unsigned long)arg;
	sp[SWITCH_X29 / 8 + 1] = (unsigned long)arm64_ctx_start;
	ctx->sp = (unsigned long)sp;
	ctx->tls = tls;
}

unsigned long ukplat_tls_get(void)
{
	return SYSREG_READ(tpidr_el0);
}

int ukplat_syscall_regs_get(struct ukplat_syscall_regs *r)
{
	if (!arm64_svc_frame)
		return -UK_ENOTSUP;
	uk_memset(r, 0, sizeof(*r));
	uk_memcpy(r, arm64_svc_frame, sizeof(struct arm64_regs));
	return 0;
}

void ukplat_syscall_regs_resume(struct ukplat_syscall_regs *r, long ret,
				unsigned long sp)
{
	struct arm64_regs *regs = (struct arm64_regs *)r;

	regs->x[0] = ret;
	regs->sp = sp;
	arm64_regs_resume(regs);
}

size_t ukplat_fpu_state_size(void)
{
	return FPSIMD_SIZE;
}
