/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Synchronous exceptions other than system calls: a fault of the
 * application's code is its signal (uk/plat/signal.h's fault hook);
 * anything else is the crash report: the exception class, the fault
 * address, the registers and a frame-pointer backtrace, then
 * ukplat_terminate(UK_STATUS_CRASH).
 */
#include <uk/plat/smp.h>
#include <arm64/cpu.h>
#include <arm64/thread.h>
#include <uk/assert.h>
#include <uk/thread.h>
#include <uk/plat/bootstrap.h>
#include <uk/uaccess.h>
#include <uk/plat/paging.h>
#include <uk/plat/signal.h>
#include <plat/common.h>

int arm64_sync_handler(struct arm64_regs *regs);
void arm64_bad_exception(struct arm64_regs *regs, unsigned long kind);
void arm64_stack_fault(struct arm64_regs *regs);

/* The hlt instruction of the semihosting call (semihost.c). */
extern const char arm64_semihost_insn[];
bool arm64_semihost_missing;

static bool crashing;

static const char *ec_name(unsigned int ec)
{
	switch (ec) {
	case ESR_EC_UNKNOWN:	return "undefined instruction";
	case 0x01:		return "trapped WFI/WFE";
	case 0x07:		return "trapped FP/SIMD access";
	case 0x0e:		return "illegal execution state";
	case 0x18:		return "trapped system register access";
	case 0x20:		return "instruction abort from a lower EL";
	case ESR_EC_IABT_CUR:	return "instruction abort";
	case ESR_EC_PC_ALIGN:	return "PC alignment fault";
	case 0x24:		return "data abort from a lower EL";
	case ESR_EC_DABT_CUR:	return "data abort";
	case ESR_EC_SP_ALIGN:	return "SP alignment fault";
	case 0x2c:		return "floating-point exception";
	case 0x2f:		return "SError";
	case ESR_EC_BRK64:	return "breakpoint (BRK)";
	default:		return ec >= 0x30 && ec <= 0x35
				       ? "debug exception" : "exception";
	}
}

/* Fault status code of an abort (ESR_EL1.ISS[5:0]). */
static const char *fsc_name(unsigned int fsc)
{
	switch (fsc >> 2) {
	case 0:	return "address size fault";
	case 1:	return "translation fault";
	case 2:	return "access flag fault";
	case 3:	return "permission fault";
	}
	if (fsc == 0x10)
		return "synchronous external abort";
	if (fsc == 0x21)
		return "alignment fault";
	return "fault";
}

static bool frame_ok(uint64_t fp)
{
	return fp && !(fp & 7) && arm64_mmu_is_ram(fp, 16);
}

void arm64_backtrace(uint64_t pc, uint64_t fp)
{
	int n = 0;

	uk_crash_print("backtrace:");
	uk_crash_print(" #%d 0x%016lx", n++, pc);
	while (n < 32 && frame_ok(fp)) {
		uint64_t next = ((uint64_t *)fp)[0];
		uint64_t ret = ((uint64_t *)fp)[1];

		if (!ret)
			break;
		/* a return address; uk-run looks up the call before it */
		uk_crash_print(" #%d 0x%016lx", n++, ret);
		/* frames go up the stack; anything else is a broken chain */
		if (next <= fp || next - fp > (1 << 20))
			break;
		fp = next;
	}
}

void ukplat_backtrace(void)
{
	uint64_t *fp = __builtin_frame_address(0);

	arm64_backtrace(fp[1], fp[0]);
}

static void print_regs(const struct arm64_regs *r)
{
	uk_crash_print("PC  %016lx  SP  %016lx  PSTATE %08lx",
		       r->elr, r->sp, r->spsr);
	for (int i = 0; i < 30; i += 3)
		uk_crash_print("X%-2d %016lx  X%-2d %016lx  X%-2d %016lx",
			       i, r->x[i], i + 1, r->x[i + 1],
			       i + 2, r->x[i + 2]);
	uk_crash_print("X30 %016lx (LR)", r->x[30]);
}

/*
 * A data abort at @far with stack pointer @sp: names the thread whose
 * stack overflowed, if it was one. A guard gap the scheduler made names
 * its thread; any other fault on an unmapped or inaccessible page that
 * holds sp or lies at most a page below it is taken for the running
 * thread's own (musl
 * makes such guards below pthread stacks). Runs after the registers
 * are printed and reads the scheduler's state defensively.
 */
static void report_overflow(uint64_t far, uint64_t sp, bool translation)
{
	const char *owner = uk_thread_guard_owner(far);
	struct uk_thread *t;

	if (owner) {
		uk_crash_print("stack overflow in thread %s",
			       uk_crash_name(owner));
		return;
	}
	if (!translation || !uk_stack_fault_near(far, sp))
		return;
	t = uk_thread_current();
	if (t && ukplat_page_accessible((uintptr_t)t, 1, UKPLAT_PROT_READ))
		uk_crash_print("stack overflow in thread %s (the fault is just below its stack pointer)",
			       uk_crash_name(uk_thread_name(t)));
}

/* True for a translation or permission fault (ESR_EL1.ISS.DFSC). */
static bool inaccessible(uint64_t esr)
{
	unsigned int fsc = (esr & 0x3f) >> 2;

	return fsc == 1 || fsc == 3;
}

/* The report of exception @r; @who says whose code it was. */
static void report(const struct arm64_regs *r, const char *who)
{
	unsigned int ec = (r->esr >> ESR_EC_SHIFT) & 0x3f;

	uk_crash_print("%s: %s (ESR 0x%08lx, class 0x%02x)", who,
		       ec_name(ec), r->esr, ec);
	if (ec == ESR_EC_DABT_CUR || ec == ESR_EC_IABT_CUR ||
	    ec == 0x20 || ec == 0x24)
		uk_crash_print("fault address (FAR): 0x%016lx (%s, level %lu, %s)",
			       r->far, fsc_name(r->esr & 0x3f),
			       r->esr & 3,
			       ec == ESR_EC_IABT_CUR || ec == 0x20 ? "fetch"
			       : (r->esr & (1 << 6)) ? "write" : "read");
	else if (ec == ESR_EC_PC_ALIGN)
		uk_crash_print("fault address (FAR): 0x%016lx", r->far);
	print_regs(r);
	arm64_backtrace(r->elr, r->x[29]);
	if (ec == ESR_EC_DABT_CUR)
		report_overflow(r->far, r->sp, inaccessible(r->esr));
}

static void __noreturn crash(const struct arm64_regs *r)
{
	report(r, "kernel crash");
	ukplat_terminate(UK_STATUS_CRASH);
}

/* Crashing while printing a crash: stop at once. */
static void enter_crash(void)
{
	if (crashing) {
		uk_crash_print("kernel crash while reporting a crash");
		ukplat_terminate(UK_STATUS_CRASH);
	}
	crashing = true;
	if (ukplat_cpu_found() > 1)
		uk_crash_print("on CPU %u", ukplat_cpu_id());
}

void ukplat_fault_report(const struct ukplat_syscall_regs *r,
			 const struct ukplat_fault *f)
{
	enter_crash();
	report((const struct arm64_regs *)r, "fault in the application");
	crashing = false;
}

enum { SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGSEGV = 11 };

/* Where an exception's si_addr comes from */
enum { ADDR_PC = 1, ADDR_FAR, ADDR_SP };

/*
 * Linux's signal, si_code and si_addr for each exception class of
 * user-mode code (arch/arm64/kernel/traps.c) but the aborts, whose
 * signal depends on their fault status code (abort_signal()). A class
 * without a signal is never the application's.
 */
static const struct {
	uint8_t signo;
	uint8_t code;
	uint8_t addr;
} ec_signal[] = {
	[ESR_EC_UNKNOWN] = { SIGILL, 1 /* ILL_ILLOPC */, ADDR_PC },
	[ESR_EC_PC_ALIGN] = { SIGBUS, 1 /* BUS_ADRALN */, ADDR_FAR },
	[ESR_EC_SP_ALIGN] = { SIGBUS, 1 /* BUS_ADRALN */, ADDR_SP },
	[ESR_EC_BRK64] = { SIGTRAP, 1 /* TRAP_BRKPT */, ADDR_PC },
};

/* An instruction or data abort (arch/arm64/mm/fault.c) into @f. */
static void abort_signal(const struct arm64_regs *r, struct ukplat_fault *f)
{
	unsigned int fsc = r->esr & 0x3f;

	f->addr = r->far;
	f->fault_address = r->far;
	f->error = r->esr - (1UL << ESR_EC_SHIFT);	/* from EL0 */
	if (fsc == 0x21) {
		f->signo = SIGBUS;
		f->code = 1;	/* BUS_ADRALN */
	} else if (fsc == 0x10) {
		f->signo = SIGBUS;
		f->code = 3;	/* BUS_OBJERR */
	} else {
		f->signo = SIGSEGV;
		/* translation (and address size): MAPERR */
		f->code = (fsc >> 2) == 2 || (fsc >> 2) == 3
			  ? 2 /* SEGV_ACCERR */ : 1 /* SEGV_MAPERR */;
	}
}

/*
 * What Linux makes of exception @r of user-mode code (arch/arm64/mm/
 * fault.c, kernel/traps.c) into @f; false for one that is never the
 * application's. The syndrome is given as an exception from EL0 gives
 * it (the application runs at EL1 here).
 */
static bool to_signal(const struct arm64_regs *r, struct ukplat_fault *f)
{
	unsigned int ec = (r->esr >> ESR_EC_SHIFT) & 0x3f;

	f->trapno = 0;
	f->error = 0;
	f->fault_address = 0;
	if (ec == ESR_EC_DABT_CUR || ec == ESR_EC_IABT_CUR) {
		abort_signal(r, f);
		return true;
	}
	if (ec >= UK_ARRAY_SIZE(ec_signal) || !ec_signal[ec].signo)
		return false;
	f->signo = ec_signal[ec].signo;
	f->code = ec_signal[ec].code;
	f->addr = ec_signal[ec].addr == ADDR_PC ? r->elr
		  : ec_signal[ec].addr == ADDR_FAR ? r->far : r->sp;
	return true;
}

void arm64_fault_exit(struct ukplat_syscall_regs *r);

/* On the exit stack of vectors.S (fault_exit), interrupts masked. */
void arm64_fault_exit(struct ukplat_syscall_regs *r)
{
	struct arm64_regs *regs = (struct arm64_regs *)r;
	struct ukplat_fault f;

	if (!to_signal(regs, &f) || !plat_fault_to_app(regs->elr, r, &f)) {
		enter_crash();
		crash(regs);
	}
}

/*
 * Returns 1 when the exception is a fault of the application's code to
 * be made its signal (vectors.S then calls arm64_fault_exit), 0 when it
 * was dealt with here and the code resumes.
 */
int arm64_sync_handler(struct arm64_regs *regs)
{
	struct ukplat_fault f;
	unsigned int ec = (regs->esr >> ESR_EC_SHIFT) & 0x3f;

	/* hlt #0xf000 is undefined when QEMU has no semihosting */
	if (ec == ESR_EC_UNKNOWN &&
	    regs->elr == (uint64_t)arm64_semihost_insn) {
		arm64_semihost_missing = true;
		regs->x[0] = (uint64_t)-1;
		regs->elr += 4;
		return 0;
	}
	/* an access of the copy routines (uk/uaccess.h): -EFAULT */
	if (ec == ESR_EC_DABT_CUR) {
		uintptr_t cont = uk_extable_find(regs->elr);

		if (cont) {
			regs->elr = cont;
			return 0;
		}
	}
	if (plat_fault_is_app(regs->elr) && to_signal(regs, &f))
		return 1;
	enter_crash();
	crash(regs);
}

void arm64_bad_exception(struct arm64_regs *regs, unsigned long kind)
{
	static const char *const where[] = {
		"EL1 with SP_EL0", "EL1 with SP_EL1", "EL0 (AArch64)",
		"EL0 (AArch32)",
	};
	static const char *const what[] = {
		"synchronous", "IRQ", "FIQ", "SError",
	};

	enter_crash();
	uk_crash_print("kernel crash: unexpected %s exception from %s",
		       what[kind & 3], where[(kind >> 2) & 3]);
	crash(regs);
}

/* vectors.S: the first exception's ELR, SPSR, ESR, FAR */
extern const uint64_t arm64_sync_first[4];

/*
 * The frame of a synchronous exception did not fit on the stack (the
 * nested fault was its store): @regs becomes the first exception's. A
 * fault of the application's code (a stack overflow, typically) is its
 * signal, whose handler can only run on an alternate stack; anything
 * else is a crash.
 */
void arm64_stack_fault(struct arm64_regs *regs)
{
	struct {
		struct arm64_regs regs;
		uint64_t orig_x0, nr;	/* ukplat_sysregs: no system call */
	} r = { .regs = *regs };
	struct ukplat_fault f;

	r.regs.elr = arm64_sync_first[0];
	r.regs.spsr = arm64_sync_first[1];
	r.regs.esr = arm64_sync_first[2];
	r.regs.far = arm64_sync_first[3];
	r.regs.sp = regs->sp + ARM64_REGS_SIZE;
	if (plat_fault_is_app(r.regs.elr) && to_signal(&r.regs, &f) &&
	    plat_fault_to_app(r.regs.elr, (struct ukplat_syscall_regs *)&r,
			      &f))
		arm64_regs_resume(&r.regs);
	enter_crash();
	uk_crash_print("kernel crash: the stack pointer 0x%016lx is not writable (stack overflow?)",
		       regs->sp);
	uk_crash_print("the exception frame below it did not fit; the registers below are those of the exception that needed it");
	crash(&r.regs);
}
