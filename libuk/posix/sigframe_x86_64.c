/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64 signal frames, in Linux's layout (arch/x86/include/uapi/asm/
 * sigcontext.h and ucontext.h; a C library reads them as ucontext_t):
 *
 *   sp ->  return address (sa_restorer: musl's __restore_rt, which
 *          calls rt_sigreturn)
 *          struct ucontext: flags, link, the alternate stack, the
 *          registers (struct sigcontext), the signal mask
 *          siginfo_t
 *          ... the FPU/SIMD state (FXSAVE layout, XSAVE beyond it),
 *          64-byte aligned, pointed to by sigcontext.fpstate
 *
 * placed below the interrupted stack pointer's 128-byte red zone, with
 * the handler entered as if called (sp + 8 is 16-byte aligned).
 */
#include <uk/string.h>
#include <uk/errno.h>
#include "sigframe.h"

#define RED_ZONE	128

#define RFLAGS_CF	0x00001
#define RFLAGS_PF	0x00004
#define RFLAGS_AF	0x00010
#define RFLAGS_ZF	0x00040
#define RFLAGS_SF	0x00080
#define RFLAGS_TF	0x00100
#define RFLAGS_DF	0x00400
#define RFLAGS_OF	0x00800
#define RFLAGS_RF	0x10000
#define RFLAGS_AC	0x40000
/* what a handler may change in the interrupted flags (not TF: ring 0) */
#define RFLAGS_USER	(RFLAGS_CF | RFLAGS_PF | RFLAGS_AF | RFLAGS_ZF | \
			 RFLAGS_SF | RFLAGS_DF | RFLAGS_OF | RFLAGS_AC)

/* FXSAVE bytes 464..511 are software's: Linux's XSAVE marker goes there */
#define FX_SW_OFFSET	464
#define FX_SW_SIZE	48

struct l_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	uint64_t eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;
	uint64_t reserved1[8];
};

struct l_ucontext {
	unsigned long flags;
	struct l_ucontext *link;
	struct l_sigaltstack stack;
	struct l_sigcontext mcontext;
	uint64_t sigmask;
};

struct rt_sigframe {
	unsigned long pretcode;
	struct l_ucontext uc;
	struct l_siginfo info;
};

/* the offsets a C library's ucontext_t and siginfo_t have */
UK_CTASSERT(sizeof(struct l_sigcontext) == 256);
UK_CTASSERT(offsetof(struct l_ucontext, mcontext) == 40);
UK_CTASSERT(offsetof(struct l_ucontext, sigmask) == 296);
UK_CTASSERT(sizeof(struct l_siginfo) == 128);
UK_CTASSERT(offsetof(struct l_siginfo, kill.pid) == 16);
UK_CTASSERT(sizeof(struct ukplat_sysregs) <=
	    sizeof(struct ukplat_syscall_regs));

long sigframe_result(const struct ukplat_syscall_regs *r)
{
	return sigframe_cregs(r)->rax;
}

void sigframe_set_result(struct ukplat_syscall_regs *r, long ret)
{
	sigframe_regs(r)->rax = ret;
}

void sigframe_restart(struct ukplat_syscall_regs *r)
{
	struct ukplat_sysregs *x = sigframe_regs(r);

	x->rax = x->nr;
	x->rip -= 2;		/* back onto the 2-byte SYSCALL */
}

unsigned long sigframe_sp(const struct ukplat_syscall_regs *r)
{
	return sigframe_cregs(r)->rsp;
}

static bool on_stack(const struct l_sigaltstack *ss, unsigned long sp)
{
	return sp > (unsigned long)ss->sp &&
	       sp - (unsigned long)ss->sp <= ss->size;
}

static void save_regs(struct l_sigcontext *mc, const struct ukplat_sysregs *x)
{
	mc->r8 = x->r8;
	mc->r9 = x->r9;
	mc->r10 = x->r10;
	mc->r11 = x->r11;
	mc->r12 = x->r12;
	mc->r13 = x->r13;
	mc->r14 = x->r14;
	mc->r15 = x->r15;
	mc->rdi = x->rdi;
	mc->rsi = x->rsi;
	mc->rbp = x->rbp;
	mc->rbx = x->rbx;
	mc->rdx = x->rdx;
	mc->rax = x->rax;
	mc->rcx = x->rcx;
	mc->rsp = x->rsp;
	mc->rip = x->rip;
	mc->eflags = x->rflags;
	mc->cs = x->cs;
	mc->ss = x->ss;
}

int sigframe_push(struct ukplat_syscall_regs *r, const struct l_siginfo *info,
		  const struct l_sigaction *ka, uint64_t mask,
		  const struct l_sigaltstack *ss,
		  const struct ukplat_fault *fault)
{
	struct ukplat_sysregs *x = sigframe_regs(r);
	bool enabled = !(ss->flags & L_SS_DISABLE) && ss->size;
	unsigned long sp = x->rsp - RED_ZONE, fp, top;
	struct rt_sigframe *f;

	/* x86_64 has no default trampoline: Linux refuses too */
	if (!(ka->flags & L_SA_RESTORER) || !ka->restorer)
		return -UK_EFAULT;
	if ((ka->flags & L_SA_ONSTACK) && enabled && !on_stack(ss, x->rsp)) {
		if (!sigframe_altstack_ok(ss))
			return -UK_EFAULT;
		sp = (unsigned long)ss->sp + ss->size;
	}
	top = sp;
	fp = UK_ALIGN_DOWN(sp - ukplat_fpu_state_size(), 64);
	sp = UK_ALIGN_DOWN(fp - sizeof(*f), 16) - 8;
	f = (struct rt_sigframe *)sp;
	if (sp > top || !sigframe_writable(sp, top))
		return -UK_EFAULT;

	uk_memset(f, 0, sizeof(*f));
	f->pretcode = ka->restorer;
	f->uc.stack.sp = ss->sp;
	f->uc.stack.size = ss->size;
	f->uc.stack.flags = !enabled ? L_SS_DISABLE
			    : on_stack(ss, x->rsp) ? L_SS_ONSTACK : 0;
	save_regs(&f->uc.mcontext, x);
	f->uc.mcontext.oldmask = mask;
	if (fault) {
		f->uc.mcontext.trapno = fault->trapno;
		f->uc.mcontext.err = fault->error;
		f->uc.mcontext.cr2 = fault->fault_address;
	}
	f->uc.mcontext.fpstate = fp;
	f->uc.sigmask = mask;
	f->info = *info;
	uk_memset((char *)fp + FX_SW_OFFSET, 0, FX_SW_SIZE);
	ukplat_fpu_state_save((void *)fp);

	x->rsp = sp;
	x->rip = ka->handler;
	x->rdi = info->signo;
	x->rsi = (unsigned long)&f->info;
	x->rdx = (unsigned long)&f->uc;
	x->rax = 0;	/* as Linux: for handlers declared without prototype */
	x->rflags &= ~(RFLAGS_DF | RFLAGS_TF | RFLAGS_RF);
	return 0;
}

/* MXCSR bits 16-31 are reserved: FXRSTOR and XRSTOR fault on them */
#define MXCSR_RESERVED	0xffff0000U
#define XSAVE_HDR	512	/* XSTATE_BV, XCOMP_BV, 48 reserved bytes */

static uint64_t xcr0(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

/*
 * Whether the FPU state at @fp (64-byte aligned) can be restored: it is
 * readable, and restoring it cannot fault (#GP) in the kernel - MXCSR's
 * reserved bits clear and, with XSAVE, a standard-form header naming
 * only components XCR0 enables. Linux answers SIGSEGV otherwise too.
 */
static bool fpstate_ok(unsigned long fp)
{
	size_t size = ukplat_fpu_state_size();
	const uint64_t *hdr = (const uint64_t *)(fp + XSAVE_HDR);
	uint32_t mxcsr;

	if (!ukplat_page_accessible(fp, size, UKPLAT_PROT_READ))
		return false;
	uk_memcpy(&mxcsr, (const void *)(fp + 24), 4);
	if (mxcsr & MXCSR_RESERVED)
		return false;
	if (size <= XSAVE_HDR)
		return true;			/* FXSAVE */
	if (hdr[0] & ~xcr0())
		return false;
	for (int i = 1; i < 8; i++)		/* XCOMP_BV, reserved */
		if (hdr[i])
			return false;
	return true;
}

int sigframe_pop(struct ukplat_syscall_regs *r, uint64_t *mask)
{
	struct ukplat_sysregs *x = sigframe_regs(r);
	struct rt_sigframe *f = (struct rt_sigframe *)(x->rsp - 8);
	const struct l_sigcontext *mc = &f->uc.mcontext;

	if ((x->rsp & 7) || !ukplat_page_accessible(x->rsp - 8, sizeof(*f),
						    UKPLAT_PROT_READ))
		return -UK_EFAULT;
	if ((mc->fpstate & 63) || (mc->fpstate && !fpstate_ok(mc->fpstate)))
		return -UK_EFAULT;
	x->r8 = mc->r8;
	x->r9 = mc->r9;
	x->r10 = mc->r10;
	x->r11 = mc->r11;
	x->r12 = mc->r12;
	x->r13 = mc->r13;
	x->r14 = mc->r14;
	x->r15 = mc->r15;
	x->rdi = mc->rdi;
	x->rsi = mc->rsi;
	x->rbp = mc->rbp;
	x->rbx = mc->rbx;
	x->rdx = mc->rdx;
	x->rax = mc->rax;
	x->rcx = mc->rcx;
	x->rsp = mc->rsp;
	x->rip = mc->rip;
	/* the interrupt flag and the rest stay the kernel's */
	x->rflags = (x->rflags & ~RFLAGS_USER) | (mc->eflags & RFLAGS_USER);
	if (mc->fpstate)
		ukplat_fpu_state_restore((const void *)mc->fpstate);
	*mask = f->uc.sigmask;
	return 0;
}
