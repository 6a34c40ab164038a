/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt handler registration and dispatch, on top of the interrupt
 * controller driver the board bound (UKPLAT_DRIVER_IRQCHIP, whose ops
 * are a struct arm64_irqchip).
 */
#include <arm64/cpu.h>
#include <uk/plat/driver.h>
#include <uk/plat/irq.h>
#include <uk/plat/thread.h>
#include <uk/plat/bootstrap.h>
#include <uk/assert.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <plat/common.h>

#define DAIF_I		(1 << 7)
#define IRQ_COUNTED	64

struct handler {
	unsigned int irq;
	ukplat_irq_handler_t fn;
	void *arg;
};

static struct handler handlers[UKPLAT_IRQ_HANDLERS];
static unsigned int nhandlers;
static uint64_t counts[IRQ_COUNTED];
static ukplat_preempt_fn_t preempt_fn;
static bool preempt_requested;

int arm64_irq_handler(struct arm64_regs *regs);
void arm64_preempt_call(void);

static const struct arm64_irqchip *irqchip(void)
{
	return ukplat_driver_ops(UKPLAT_DRIVER_IRQCHIP);
}

int ukplat_irq_register(unsigned int irq, ukplat_irq_handler_t fn,
			void *arg)
{
	const struct arm64_irqchip *chip = irqchip();
	unsigned long flags;

	if (!chip || !fn || irq >= chip->nr_irqs)
		return -UK_EINVAL;
	flags = ukplat_irq_save();
	if (nhandlers == UKPLAT_IRQ_HANDLERS) {
		ukplat_irq_restore(flags);
		return -UK_ENOMEM;
	}
	handlers[nhandlers++] = (struct handler){ irq, fn, arg };
	chip->unmask(irq);
	ukplat_irq_restore(flags);
	return 0;
}

uint64_t ukplat_irq_count(unsigned int irq)
{
	return irq < IRQ_COUNTED ? counts[irq] : 0;
}

/*
 * Runs the handlers of one pending interrupt: another one still pending
 * is taken again right after the return. (A loop over every pending
 * interrupt would never end when a handler arms the timer for a
 * deadline already past, as the scheduler does to preempt at once, and
 * the preemption it asks for would never come.) Returns 1 when vectors.S
 * must now preempt the interrupted code: a preemption was requested and
 * that code ran with interrupts enabled (the application under
 * `preempt`, or the idle thread's halt), never kernel code that had
 * them off.
 */
int arm64_irq_handler(struct arm64_regs *regs)
{
	const struct arm64_irqchip *chip = irqchip();
	unsigned int irq;
	bool handled;

	if (!chip)
		return 0;
	irq = chip->ack();
	if (irq != ARM64_IRQ_NONE) {
		handled = false;
		if (irq < IRQ_COUNTED)
			counts[irq]++;
		for (unsigned int i = 0; i < nhandlers; i++)
			if (handlers[i].irq == irq &&
			    handlers[i].fn(handlers[i].arg))
				handled = true;
		if (!handled) {
			/* nobody wants it: silence the line for good */
			uk_pr_warn("unhandled interrupt %u: masked\n", irq);
			chip->mask(irq);
		}
		chip->eoi(irq);
	}
	if (preempt_requested && preempt_fn && !(regs->spsr & DAIF_I)) {
		preempt_requested = false;
		return 1;
	}
	return 0;
}

void ukplat_preempt_set(ukplat_preempt_fn_t fn)
{
	preempt_fn = fn;
}

void ukplat_preempt_request(void)
{
	preempt_requested = true;
}

/*
 * Called by vectors.S on the interrupted thread's stack, below its
 * saved registers and FP/SIMD state, interrupts masked.
 */
void arm64_preempt_call(void)
{
	preempt_fn();
}

void ukplat_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}

void ukplat_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #2" ::: "memory");
}

unsigned long ukplat_irq_save(void)
{
	unsigned long daif = SYSREG_READ(daif);

	ukplat_irq_disable();
	return daif;
}

void ukplat_irq_restore(unsigned long flags)
{
	if (!(flags & DAIF_I))
		ukplat_irq_enable();
}

bool ukplat_irq_enabled(void)
{
	return !(SYSREG_READ(daif) & DAIF_I);
}

/*
 * Waits for an interrupt and lets it be handled, then returns with
 * interrupts as they were. wfi wakes up on a pending interrupt even when
 * it is masked, so there is no window in which one could be missed.
 */
void ukplat_halt(void)
{
	unsigned long flags = ukplat_irq_save();

	__asm__ __volatile__("dsb sy; wfi" ::: "memory");
	ukplat_irq_enable();
	isb();
	if (flags & DAIF_I)
		ukplat_irq_disable();
}

void ukarch_irq_mask_all(void)
{
	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
}

void ukarch_stop(void)
{
	for (;;)
		__asm__ __volatile__("wfi");
}
