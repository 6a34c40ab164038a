/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread contexts (uk/plat/thread.h): a new thread's first stack frame,
 * the system-call frame clone() copies, and the FPU/SIMD save area size.
 * The switch itself and the preemption path are in switch.S.
 */
#include <uk/plat/thread.h>
#include <uk/plat/signal.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <x86/irq.h>
#include <x86/regs.h>

#define MXCSR_DEFAULT	0x1f80
#define FCW_DEFAULT	0x037f

UK_CTASSERT(sizeof(struct x86_regs) <= sizeof(struct ukplat_syscall_regs));
/* uk/plat/signal.h restates the trap frame for the signal frames */
UK_CTASSERT(sizeof(struct x86_regs) == sizeof(struct ukplat_sysregs));
UK_CTASSERT(offsetof(struct x86_regs, rax) ==
	    offsetof(struct ukplat_sysregs, rax));
UK_CTASSERT(offsetof(struct x86_regs, vector) ==
	    offsetof(struct ukplat_sysregs, nr));
UK_CTASSERT(offsetof(struct x86_regs, rip) ==
	    offsetof(struct ukplat_sysregs, rip));
UK_CTASSERT(offsetof(struct x86_regs, rsp) ==
	    offsetof(struct ukplat_sysregs, rsp));

/* the offsets x86/regs.h gives the assembly code */
#define REGS_AT(field, off) \
	UK_CTASSERT(offsetof(struct x86_regs, field) == (off))

REGS_AT(r15, X86_REGS_R15);
REGS_AT(r14, X86_REGS_R14);
REGS_AT(r13, X86_REGS_R13);
REGS_AT(r12, X86_REGS_R12);
REGS_AT(r11, X86_REGS_R11);
REGS_AT(r10, X86_REGS_R10);
REGS_AT(r9, X86_REGS_R9);
REGS_AT(r8, X86_REGS_R8);
REGS_AT(rbp, X86_REGS_RBP);
REGS_AT(rdi, X86_REGS_RDI);
REGS_AT(rsi, X86_REGS_RSI);
REGS_AT(rdx, X86_REGS_RDX);
REGS_AT(rcx, X86_REGS_RCX);
REGS_AT(rbx, X86_REGS_RBX);
REGS_AT(rax, X86_REGS_RAX);
REGS_AT(vector, X86_REGS_VECTOR);
REGS_AT(error, X86_REGS_ERROR);
REGS_AT(rip, X86_REGS_RIP);
REGS_AT(cs, X86_REGS_CS);
REGS_AT(rflags, X86_REGS_RFLAGS);
REGS_AT(rsp, X86_REGS_RSP);
REGS_AT(ss, X86_REGS_SS);
UK_CTASSERT(sizeof(struct x86_regs) == X86_REGS_SIZE);

void x86_fpu_save(void *area);
void x86_fpu_restore(const void *area);

void x86_ctx_start(void);

/*
 * The full register frame of the system call being served, set by the
 * clone path of syscall_entry.S for the duration of the call (one CPU;
 * the call does not block before clone reads it).
 */
struct x86_regs *x86_syscall_frame;

/*
 * Nonzero while the running thread is inside a trapped system call
 * (syscall_entry.S); ukplat_ctx_switch then keeps its FPU/SIMD state,
 * and saves and restores the flag with each thread.
 */
unsigned char x86_in_syscall;

unsigned long x86_fpu_size = 512;
unsigned char x86_fpu_xsave;
unsigned char x86_fpu_avx;	/* XCR0 enables AVX: the ymm registers */

void ukplat_ctx_init(struct ukplat_ctx *ctx, void *stack_top,
		     unsigned long tls, void (*entry)(void *), void *arg)
{
	unsigned long *sp = (unsigned long *)UK_ALIGN_DOWN(
		(uintptr_t)stack_top, 16);

	/* see ukplat_ctx_switch: after its ret, rsp is 16-aligned */
	*--sp = (unsigned long)x86_ctx_start;
	*--sp = 0;			/* rbp */
	*--sp = 0;			/* rbx */
	*--sp = (unsigned long)entry;	/* r12 */
	*--sp = (unsigned long)arg;	/* r13 */
	*--sp = 0;			/* r14 */
	*--sp = 0;			/* r15 */
	*--sp = MXCSR_DEFAULT | ((unsigned long)FCW_DEFAULT << 32);
	ctx->sp = (unsigned long)sp;
	ctx->tls = tls;
}

unsigned long ukplat_tls_get(void)
{
	return rdmsr(X86_MSR_FS_BASE);
}

int ukplat_syscall_regs_get(struct ukplat_syscall_regs *r)
{
	if (!x86_syscall_frame)
		return -UK_ENOTSUP;
	uk_memset(r, 0, sizeof(*r));
	uk_memcpy(r, x86_syscall_frame, sizeof(struct x86_regs));
	return 0;
}

void ukplat_syscall_regs_resume(struct ukplat_syscall_regs *r, long ret,
				unsigned long sp)
{
	struct x86_regs *regs = (struct x86_regs *)r;

	regs->rax = ret;
	regs->rsp = sp;
	x86_regs_resume(regs);
}

void x86_fpu_init(void)
{
	uint32_t a, b, c, d;
	unsigned long cr4;

	__asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
	if (!(cr4 & X86_CR4_OSXSAVE))
		return;		/* fxsave: 512 bytes */
	__asm__ __volatile__("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
	x86_fpu_avx = !!(a & 4);
	cpuid(0xd, 0, &a, &b, &c, &d);
	if (b < 576)
		return;
	x86_fpu_size = b;
	x86_fpu_xsave = 1;
}

size_t ukplat_fpu_state_size(void)
{
	return x86_fpu_size;
}

void ukplat_fpu_state_save(void *area)
{
	x86_fpu_save(area);
}

void ukplat_fpu_state_restore(const void *area)
{
	x86_fpu_restore(area);
}
