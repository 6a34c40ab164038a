/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt handler registration and dispatch (uk/plat/irq.h), and the
 * preemption request (uk/plat/thread.h). Every vector enters through
 * entry.S on the IST stack; x86_trap_handler sends vectors >= 32 here.
 */
#include <uk/plat/irq.h>
#include <uk/plat/thread.h>
#include <uk/plat/signal.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <x86/irq.h>

#define RFLAGS_IF	(1UL << 9)

struct handler {
	unsigned int irq;
	ukplat_irq_handler_t fn;
	void *arg;
};

static struct handler handlers[UKPLAT_IRQ_HANDLERS];
static unsigned int nhandlers;
static uint64_t counts[256];
static uint8_t reported[256 / 8];
static ukplat_preempt_fn_t preempt_fn;
static bool preempt_requested;

int ukplat_irq_register(unsigned int irq, ukplat_irq_handler_t fn,
			void *arg)
{
	unsigned long flags;

	if (!fn || irq < X86_VEC_FIRST_IRQ || irq >= X86_VEC_SPURIOUS)
		return -UK_EINVAL;
	flags = ukplat_irq_save();
	if (nhandlers == UKPLAT_IRQ_HANDLERS) {
		ukplat_irq_restore(flags);
		return -UK_ENOMEM;
	}
	handlers[nhandlers++] = (struct handler){ irq, fn, arg };
	ukplat_irq_restore(flags);
	return 0;
}

uint64_t ukplat_irq_count(unsigned int irq)
{
	return irq < UK_ARRAY_SIZE(counts) ? counts[irq] : 0;
}

void x86_irq_handle(struct x86_regs *regs)
{
	unsigned int vec = regs->vector;
	bool handled = false;

	if (vec == X86_VEC_SPURIOUS)
		return;
	counts[vec]++;
	if (vec == X86_VEC_TIMER && !x86_apic_timer_due()) {
		x86_apic_eoi();
		return;
	}
	for (unsigned int i = 0; i < nhandlers; i++)
		if (handlers[i].irq == vec && handlers[i].fn(handlers[i].arg))
			handled = true;
	if (!handled && !(reported[vec / 8] & (1 << (vec % 8)))) {
		reported[vec / 8] |= 1 << (vec % 8);
		uk_pr_warn("interrupt %u: no handler took it (reported once)\n",
			   vec);
	}
	x86_apic_eoi();
	if (preempt_requested && preempt_fn && (regs->rflags & RFLAGS_IF)) {
		preempt_requested = false;
		x86_irq_preempt(regs);	/* and x86_irq_exit after it */
	}
	x86_irq_exit(regs);	/* @regs is on the interrupt stack */
}

/*
 * uk/plat/signal.h: the exit hooks' request (syscall_entry.S tests it
 * after every system call, x86_irq_exit and switch.S after interrupts)
 * and the interrupt hook.
 */
unsigned char x86_syscall_exit_pending;
static ukplat_syscall_exit_fn_t irq_exit_fn;

void ukplat_irq_exit_set(ukplat_syscall_exit_fn_t fn)
{
	irq_exit_fn = fn;
}

/*
 * The end of an interrupt (x86_irq_handle, or after a preemption on the
 * exit stack): the interrupt hook, when it returns to the application's
 * code and the hooks are requested.
 */
void x86_irq_exit(struct x86_regs *regs)
{
	if (x86_syscall_exit_pending && irq_exit_fn &&
	    (regs->rflags & RFLAGS_IF) && !ukplat_kernel_text(regs->rip))
		irq_exit_fn((struct ukplat_syscall_regs *)regs);
}

void ukplat_preempt_set(ukplat_preempt_fn_t fn)
{
	preempt_fn = fn;
}

void ukplat_preempt_request(void)
{
	preempt_requested = true;
}

/* Called by x86_irq_preempt on the interrupted thread's stack. */
void x86_irq_preempt_call(void);
void x86_irq_preempt_call(void)
{
	preempt_fn();
}

void ukplat_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

void ukplat_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

unsigned long ukplat_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

void ukplat_irq_restore(unsigned long flags)
{
	if (flags & RFLAGS_IF)
		__asm__ __volatile__("sti" ::: "memory");
	else
		__asm__ __volatile__("cli" ::: "memory");
}

bool ukplat_irq_enabled(void)
{
	unsigned long flags;

	__asm__ __volatile__("pushfq; popq %0" : "=r"(flags));
	return flags & RFLAGS_IF;
}
