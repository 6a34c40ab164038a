/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Trap dispatch and the crash report. Vectors 0..31 are exceptions: a
 * signal when the application's code faults (uk/plat/signal.h's fault
 * hook), else fatal; 32..255 are interrupts, for irq.c.
 */
#include <x86/cpu.h>
#include <x86/irq.h>
#include <uk/assert.h>
#include <uk/thread.h>
#include <uk/plat/bootstrap.h>
#include <uk/uaccess.h>
#include <uk/plat/paging.h>
#include <uk/plat/smp.h>
#include <uk/plat/signal.h>
#include <plat/common.h>

void x86_trap_handler(struct x86_regs *regs);

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault",
	"general protection fault", "page fault", "reserved",
	"x87 floating-point error", "alignment check", "machine check",
	"SIMD floating-point error", "virtualization exception",
	"control protection exception",
};

/* True if [p, p + 16) is readable memory that a frame could live in. */
static bool frame_ok(uint64_t p)
{
	return p >= 0x1000 && p < (3ULL << 30) - 16 && !(p & 7) &&
	       ukplat_page_accessible(p, 16, UKPLAT_PROT_READ);
}

void x86_backtrace(uint64_t rip, uint64_t rbp)
{
	int n = 0;

	uk_crash_print("backtrace:");
	uk_crash_print(" #%d 0x%016lx", n++, rip);
	while (n < 32 && frame_ok(rbp)) {
		uint64_t next = ((uint64_t *)rbp)[0];
		uint64_t ret = ((uint64_t *)rbp)[1];

		if (!ret)
			break;
		uk_crash_print(" #%d 0x%016lx", n++, ret - 1);
		/* frames go up the stack; anything else is a broken chain */
		if (next <= rbp || next - rbp > (1 << 20))
			break;
		rbp = next;
	}
}

void ukplat_backtrace(void)
{
	uint64_t *fp = __builtin_frame_address(0);

	x86_backtrace(fp[1] - 1, fp[0]);
}

/*
 * Names the thread whose stack overflowed, when page fault address @cr2
 * is in a guard gap the scheduler made, or (a guard it does not know,
 * such as musl's below a pthread's stack) an inaccessible page that
 * holds the stack pointer or lies at most a page below it. Runs after the registers are printed:
 * the scheduler's state is read defensively, and a fault here ends the
 * report without losing what was printed.
 */
static void report_overflow(const struct x86_regs *r, uint64_t cr2)
{
	const char *owner = uk_thread_guard_owner(cr2);
	struct uk_thread *t;

	if (owner) {
		uk_crash_print("stack overflow in thread %s",
			       uk_crash_name(owner));
		return;
	}
	if ((r->error & 1) || !uk_stack_fault_near(cr2, r->rsp))
		return;
	t = uk_thread_current();
	if (t && ukplat_page_accessible((uintptr_t)t, 1, UKPLAT_PROT_READ))
		uk_crash_print("stack overflow in thread %s (the fault is just below its stack pointer)",
			       uk_crash_name(uk_thread_name(t)));
}

static void print_regs(const struct x86_regs *r)
{
	uk_crash_print("RIP %016lx  RSP %016lx  RFLAGS %016lx",
		       r->rip, r->rsp, r->rflags);
	uk_crash_print("RAX %016lx  RBX %016lx  RCX %016lx",
		       r->rax, r->rbx, r->rcx);
	uk_crash_print("RDX %016lx  RSI %016lx  RDI %016lx",
		       r->rdx, r->rsi, r->rdi);
	uk_crash_print("RBP %016lx  R8  %016lx  R9  %016lx",
		       r->rbp, r->r8, r->r9);
	uk_crash_print("R10 %016lx  R11 %016lx  R12 %016lx",
		       r->r10, r->r11, r->r12);
	uk_crash_print("R13 %016lx  R14 %016lx  R15 %016lx",
		       r->r13, r->r14, r->r15);
	uk_crash_print("CS %04lx  SS %04lx", r->cs, r->ss);
}

/*
 * The report of trap @r: the exception and the fault address, the
 * registers, the backtrace, then what the scheduler says; @who says
 * whose code faulted. A fault while reporting (a corrupted frame chain
 * or thread) ends it there, with the first fault's report already out.
 */
static void report(const struct x86_regs *r, const char *who)
{
	static bool crashing;
	const char *name = r->vector < 32 ? exception_names[r->vector]
					  : "unexpected interrupt";
	uint64_t cr2 = r->vector == 14 ? read_cr2() : 0;

	if (crashing) {
		uk_crash_print("kernel crash while reporting a crash (vector %lu at RIP %016lx, CR2 %016lx)",
			       r->vector, r->rip, cr2);
		ukplat_terminate(UK_STATUS_CRASH);
	}
	crashing = true;
	if (ukplat_cpu_found() > 1)
		uk_crash_print("on CPU %u", ukplat_cpu_id());
	uk_crash_print("%s: %s (vector %lu, error code 0x%lx)", who,
		       name ? name : "reserved", r->vector, r->error);
	if (r->vector == 14)
		uk_crash_print("page fault address (CR2): 0x%016lx (%s, %s)",
			       cr2,
			       (r->error & 1) ? "protection" : "not present",
			       (r->error & 16) ? "fetch" :
			       (r->error & 2) ? "write" : "read");
	print_regs(r);
	x86_backtrace(r->rip, r->rbp);
	if (r->vector == 14)
		report_overflow(r, cr2);
	crashing = false;
}

void x86_trap_crash(struct x86_regs *r)
{
	report(r, "kernel crash");
	ukplat_terminate(UK_STATUS_CRASH);
}

void ukplat_fault_report(const struct ukplat_syscall_regs *r,
			 const struct ukplat_fault *f)
{
	report((const struct x86_regs *)r, "fault in the application");
}

/* Linux's si_code for a SIMD floating-point exception: by MXCSR. */
static int simd_code(void)
{
	uint32_t mxcsr, raised;

	__asm__ __volatile__("stmxcsr %0" : "=m"(mxcsr));
	raised = mxcsr & ~(mxcsr >> 7) & 0x3f;	/* unmasked, raised */
	if (raised & 0x01)
		return 7;	/* FPE_FLTINV */
	if (raised & 0x04)
		return 3;	/* FPE_FLTDIV */
	if (raised & 0x08)
		return 4;	/* FPE_FLTOVF */
	if (raised & 0x12)
		return 5;	/* FPE_FLTUND */
	if (raised & 0x20)
		return 6;	/* FPE_FLTRES */
	return 0;
}

enum { SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11,
       SI_KERNEL = 0x80 };

/*
 * Linux's signal and si_code for each exception vector in user mode
 * (arch/x86/kernel/traps.c); at_ip: si_addr is the faulting instruction.
 * A vector without a signal (NMI, double fault, machine check ...) is
 * never the application's. The page fault's si_code and si_addr and the
 * SIMD exception's si_code depend on more than the vector: to_signal().
 */
static const struct {
	uint8_t signo;
	uint8_t code;
	bool at_ip;
} vector_signal[] = {
	[0] = { SIGFPE, 1 /* FPE_INTDIV */, true },
	[1] = { SIGTRAP, SI_KERNEL },
	[3] = { SIGTRAP, SI_KERNEL },
	[4] = { SIGSEGV, SI_KERNEL },
	[5] = { SIGSEGV, SI_KERNEL },
	[6] = { SIGILL, 2 /* ILL_ILLOPN */, true },
	[10] = { SIGSEGV, SI_KERNEL },
	[11] = { SIGBUS, SI_KERNEL },
	[12] = { SIGBUS, SI_KERNEL },
	[13] = { SIGSEGV, SI_KERNEL },
	[14] = { SIGSEGV, 1 /* SEGV_MAPERR */ },
	[16] = { SIGFPE, 0, true },
	[17] = { SIGBUS, 1 /* BUS_ADRALN */ },
	[19] = { SIGFPE, 0, true },
};

/*
 * What Linux makes of exception @r in user mode (arch/x86/kernel/
 * traps.c, mm/fault.c) into @f; false for one that is never the
 * application's.
 */
static bool to_signal(const struct x86_regs *r, struct ukplat_fault *f)
{
	if (r->vector >= UK_ARRAY_SIZE(vector_signal) ||
	    !vector_signal[r->vector].signo)
		return false;
	f->trapno = r->vector;
	f->error = r->error;
	f->signo = vector_signal[r->vector].signo;
	f->code = vector_signal[r->vector].code;
	f->addr = vector_signal[r->vector].at_ip ? r->rip : 0;
	f->fault_address = 0;
	if (r->vector == 14) {
		if (r->error & 1)	/* a protection violation */
			f->code = 2;	/* SEGV_ACCERR */
		f->addr = read_cr2();
		f->fault_address = f->addr;
		f->error |= 4;	/* a user-mode access */
	} else if (r->vector == 19) {
		f->code = simd_code();
	}
	return true;
}

/* An exception of the application's code: its signal, if it takes it. */
static bool app_fault(struct x86_regs *r)
{
	struct ukplat_fault f;

	if (!plat_fault_is_app(r->rip) || !to_signal(r, &f))
		return false;
	return plat_fault_to_app(r->rip, (struct ukplat_syscall_regs *)r, &f);
}

/*
 * A page fault or general protection fault (a non-canonical address) at
 * an access of the copy routines (uk/uaccess.h) resumes at the access's
 * continuation: the system call gets -EFAULT. Every other exception is
 * a crash, unless the application's code faulted (app_fault: a signal).
 */
static bool fixup(struct x86_regs *regs)
{
	uintptr_t cont;

	if (regs->vector != 14 && regs->vector != 13)
		return false;
	cont = uk_extable_find(regs->rip);
	if (!cont)
		return false;
	regs->rip = cont;
	return true;
}

void x86_trap_handler(struct x86_regs *regs)
{
	if (regs->vector == X86_VEC_WAKEUP)
		x86_apic_eoi();	/* the halt it ended was its purpose */
	else if (regs->vector >= X86_VEC_FIRST_IRQ)
		x86_irq_handle(regs);
	else if (!fixup(regs) && !app_fault(regs))
		x86_trap_crash(regs);
}
