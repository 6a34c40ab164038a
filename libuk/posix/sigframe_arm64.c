/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * aarch64 signal frames, in Linux's layout (arch/arm64/kernel/signal.c,
 * arch/arm64/include/uapi/asm/sigcontext.h; a C library reads them as
 * ucontext_t):
 *
 *          a frame record {x29, x30} of the interrupted code, 16-aligned
 *          below the interrupted sp (or the top of the alternate stack)
 *   sp ->  siginfo_t
 *          struct ucontext: flags, link, the alternate stack, the
 *          signal mask (a 128-byte sigset), then struct sigcontext:
 *          fault_address, x0..x30, sp, pc, pstate and 4096 bytes of
 *          records: fpsimd_context (FPSR, FPCR, v0..v31), for a fault
 *          esr_context, then a null record that ends them
 *
 * The handler runs with x0 = signo, x1 = &info, x2 = &uc, x29 = the
 * frame record and x30 = sa_restorer (musl always gives one); without
 * SA_RESTORER, Linux returns through its vDSO, here through
 * sigreturn_tramp below.
 */
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/syscall_nr.h>
#include "sigframe.h"

#define PSTATE_NZCV	0xf0000000UL	/* what a handler may change */

#define FPSIMD_MAGIC	0x46508001
#define ESR_MAGIC	0x45535201
#define RESERVED_SIZE	4096

struct l_sigcontext {
	uint64_t fault_address;
	uint64_t regs[31];
	uint64_t sp, pc, pstate;
	uint8_t reserved[RESERVED_SIZE] __attribute__((aligned(16)));
};

struct l_ucontext {
	unsigned long flags;
	struct l_ucontext *link;
	struct l_sigaltstack stack;
	uint64_t sigmask;
	uint8_t sigmask_unused[128 - 8];	/* glibc's and musl's sigset_t */
	struct l_sigcontext mcontext;
};

struct rt_sigframe {
	struct l_siginfo info;
	struct l_ucontext uc;
};

struct frame_record {
	uint64_t fp, lr;
};

/* the header of each record in sigcontext.reserved */
struct ctx_head {
	uint32_t magic, size;
};

/* the record of a fault's syndrome */
struct esr_context {
	struct ctx_head head;
	uint64_t esr;
};

/* the offsets a C library's ucontext_t and siginfo_t have */
UK_CTASSERT(offsetof(struct l_ucontext, sigmask) == 40);
UK_CTASSERT(offsetof(struct l_ucontext, mcontext) == 176);
UK_CTASSERT(offsetof(struct l_sigcontext, reserved) == 288);
UK_CTASSERT(sizeof(struct rt_sigframe) == 4688);
UK_CTASSERT(sizeof(struct l_siginfo) == 128);
UK_CTASSERT(offsetof(struct l_siginfo, kill.pid) == 16);
UK_CTASSERT(sizeof(struct ukplat_sysregs) <=
	    sizeof(struct ukplat_syscall_regs));

/* rt_sigreturn, for handlers installed without SA_RESTORER */
void sigreturn_tramp(void);
__asm__(".pushsection .text\n"
	".balign 4\n"
	".type sigreturn_tramp, %function\n"
	"sigreturn_tramp:\n"
	"	mov x8, #" UK_STRINGIFY(UK_NR_rt_sigreturn) "\n"
	"	svc #0\n"
	".popsection\n");

long sigframe_result(const struct ukplat_syscall_regs *r)
{
	return sigframe_cregs(r)->x[0];
}

void sigframe_set_result(struct ukplat_syscall_regs *r, long ret)
{
	sigframe_regs(r)->x[0] = ret;
}

void sigframe_restart(struct ukplat_syscall_regs *r)
{
	struct ukplat_sysregs *x = sigframe_regs(r);

	x->x[0] = x->orig_x0;	/* x8 still holds the number */
	x->pc -= 4;		/* back onto the svc */
}

unsigned long sigframe_sp(const struct ukplat_syscall_regs *r)
{
	return sigframe_cregs(r)->sp;
}

static bool on_stack(const struct l_sigaltstack *ss, unsigned long sp)
{
	return sp > (unsigned long)ss->sp &&
	       sp - (unsigned long)ss->sp <= ss->size;
}

/*
 * The records: the FP/SIMD state (ukplat_fpu_state_save fills Linux's
 * fpsimd_context but its header), for a fault its syndrome (Linux's
 * esr_context) and fault_address, then the terminator (zeroed).
 */
static void save_records(struct l_sigcontext *mc,
			 const struct ukplat_fault *fault)
{
	struct ctx_head *h = (struct ctx_head *)mc->reserved;
	struct esr_context *esr;

	ukplat_fpu_state_save(h);
	h->magic = FPSIMD_MAGIC;
	h->size = ukplat_fpu_state_size();
	if (!fault)
		return;
	mc->fault_address = fault->fault_address;
	if (!fault->error)
		return;	/* no syndrome (an undefined instruction) */
	esr = (struct esr_context *)((char *)h + h->size);
	esr->head.magic = ESR_MAGIC;
	esr->head.size = sizeof(*esr);
	esr->esr = fault->error;
}

int sigframe_push(struct ukplat_syscall_regs *r, const struct l_siginfo *info,
		  const struct l_sigaction *ka, uint64_t mask,
		  const struct l_sigaltstack *ss,
		  const struct ukplat_fault *fault)
{
	struct ukplat_sysregs *x = sigframe_regs(r);
	bool enabled = !(ss->flags & L_SS_DISABLE) && ss->size;
	unsigned long sp = x->sp;
	struct frame_record *rec;
	struct rt_sigframe *f;

	if ((ka->flags & L_SA_ONSTACK) && enabled && !on_stack(ss, x->sp)) {
		if (!sigframe_altstack_ok(ss))
			return -UK_EFAULT;
		sp = (unsigned long)ss->sp + ss->size;
	}
	rec = (struct frame_record *)UK_ALIGN_DOWN(sp - sizeof(*rec), 16);
	f = (struct rt_sigframe *)((unsigned long)rec - sizeof(*f));
	if ((unsigned long)f > sp ||
	    !sigframe_writable((unsigned long)f, (unsigned long)(rec + 1)))
		return -UK_EFAULT;

	uk_memset(f, 0, sizeof(*f));
	rec->fp = x->x[29];
	rec->lr = x->x[30];
	f->info = *info;
	f->uc.stack.sp = ss->sp;
	f->uc.stack.size = ss->size;
	f->uc.stack.flags = !enabled ? L_SS_DISABLE
			    : on_stack(ss, x->sp) ? L_SS_ONSTACK : 0;
	f->uc.sigmask = mask;
	uk_memcpy(f->uc.mcontext.regs, x->x, sizeof(x->x));
	f->uc.mcontext.sp = x->sp;
	f->uc.mcontext.pc = x->pc;
	f->uc.mcontext.pstate = x->pstate;
	save_records(&f->uc.mcontext, fault);

	x->sp = (unsigned long)f;
	x->pc = ka->handler;
	x->x[0] = info->signo;
	x->x[1] = (unsigned long)&f->info;
	x->x[2] = (unsigned long)&f->uc;
	x->x[29] = (unsigned long)rec;
	x->x[30] = (ka->flags & L_SA_RESTORER) && ka->restorer
		   ? ka->restorer : (unsigned long)sigreturn_tramp;
	return 0;
}

/*
 * The FP/SIMD record among @mc's records (as a handler may have left
 * them: an fpsimd_context, any esr_context, a null record at the end),
 * or NULL for records that cannot be ours.
 */
static const struct ctx_head *find_fpsimd(const struct l_sigcontext *mc)
{
	const struct ctx_head *h, *fpsimd = NULL;
	size_t off = 0;

	for (;;) {
		if (off > RESERVED_SIZE - sizeof(*h))
			return NULL;
		h = (const struct ctx_head *)(mc->reserved + off);
		if (h->magic == 0)
			return h->size == 0 ? fpsimd : NULL;
		if (h->size < sizeof(*h) || (h->size & 15) ||
		    h->size > RESERVED_SIZE - off)
			return NULL;
		if (h->magic == FPSIMD_MAGIC) {
			if (fpsimd || h->size != ukplat_fpu_state_size())
				return NULL;
			fpsimd = h;
		} else if (h->magic != ESR_MAGIC) {
			return NULL;
		}
		off += h->size;
	}
}

int sigframe_pop(struct ukplat_syscall_regs *r, uint64_t *mask)
{
	struct ukplat_sysregs *x = sigframe_regs(r);
	const struct rt_sigframe *f = (const struct rt_sigframe *)x->sp;
	const struct l_sigcontext *mc = &f->uc.mcontext;
	const struct ctx_head *fpsimd;

	if ((x->sp & 15) ||
	    !ukplat_page_accessible(x->sp, sizeof(*f), UKPLAT_PROT_READ))
		return -UK_EFAULT;
	fpsimd = find_fpsimd(mc);
	if (!fpsimd)
		return -UK_EFAULT;
	uk_memcpy(x->x, mc->regs, sizeof(x->x));
	x->sp = mc->sp;
	x->pc = mc->pc;
	/* the interrupt mask and the exception level stay the kernel's */
	x->pstate = (x->pstate & ~PSTATE_NZCV) | (mc->pstate & PSTATE_NZCV);
	ukplat_fpu_state_restore(fpsimd);
	*mask = f->uc.sigmask;
	return 0;
}
