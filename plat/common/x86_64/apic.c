/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The local APIC and its timer (uk/plat/timer.h).
 *
 * The APIC runs in x2APIC mode (MSRs) when CPUID.1:ECX[21] says so, else
 * in xAPIC mode (MMIO at the address in IA32_APIC_BASE, mapped uncached
 * by the boot page tables). The timer is one-shot, never periodic:
 *   - TSC-deadline mode when CPUID.1:ECX[24] is set: the deadline is an
 *     absolute TSC value, exact and without range limit;
 *   - else one-shot mode, divide by 16, whose frequency comes from the
 *     hypervisor leaf 0x40000010 or is measured against the TSC for 10 ms
 *     the first time a deadline is set. The 32-bit count limits one shot
 *     to about a minute; farther deadlines take several.
 * Either way an interrupt that comes before the deadline (range limit,
 * calibration error) re-arms the timer and reaches no handler.
 * The timer driver binds after a paravirtual one; x86_apic_init, called
 * by the board, sets the APIC up either way (EOIs, self IPIs).
 */
#include <uk/plat/driver.h>
#include <uk/plat/timer.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <x86/cpu.h>
#include <x86/irq.h>

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_EXTD		(1 << 10)
#define APIC_BASE_EN		(1 << 11)
#define APIC_BASE_ADDR		0xfffff000ULL
#define MSR_TSC_DEADLINE	0x6e0
#define MSR_X2APIC_FIRST	0x800

#define APIC_ID			0x020
#define APIC_TPR		0x080
#define APIC_EOI		0x0b0
#define APIC_SVR		0x0f0
#define APIC_ESR		0x280
#define APIC_ICR_LO		0x300
#define APIC_ICR_HI		0x310
#define APIC_LVT_TIMER		0x320
#define APIC_LVT_ERROR		0x370
#define APIC_TMICT		0x380
#define APIC_TMCCT		0x390
#define APIC_TDCR		0x3e0

#define ICR_PENDING		(1 << 12)
#define SVR_ENABLE		(1 << 8)
#define LVT_MASKED		(1 << 16)
#define LVT_TSC_DEADLINE	(2 << 17)
#define TDCR_DIV16		0x3
#define APIC_DIV		16

#define CPUID1_ECX_X2APIC	(1 << 21)
#define CPUID1_ECX_TSCDL	(1 << 24)
#define CPUID1_EDX_APIC		(1 << 9)

#define NSEC			UKPLAT_NSEC_PER_SEC

static bool present;
static bool x2apic;
static bool tsc_deadline;
static volatile uint32_t *xapic;
/* one-shot mode: timer ticks per second (after the divider); 0 unknown */
static uint64_t timer_hz;
/* the deadline (ns) the timer is armed for, 0 when disarmed */
static uint64_t armed;

static uint32_t apic_read(unsigned int reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
	return xapic[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_FIRST + (reg >> 4), v);
	else
		xapic[reg / 4] = v;
}

void x86_apic_eoi(void)
{
	if (present)
		apic_write(APIC_EOI, 0);
}

const char *x86_apic_mode(void)
{
	if (!present)
		return "none";
	return x2apic ? "x2APIC" : "xAPIC";
}

const char *x86_apic_timer_mode(void)
{
	if (!present)
		return "none";
	return tsc_deadline ? "TSC-deadline" : "one-shot";
}

uint32_t x86_apic_id(void)
{
	if (!present)
		return 0;
	return x2apic ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24;
}

int x86_apic_ipi(uint32_t apic_id, uint32_t cmd)
{
	if (!present)
		return -UK_ENODEV;
	if (x2apic) {
		/* one MSR write; no delivery status to wait for */
		wrmsr(MSR_X2APIC_FIRST + (APIC_ICR_LO >> 4),
		      ((uint64_t)apic_id << 32) | cmd);
		return 0;
	}
	if (apic_id > 0xff)
		return -UK_EINVAL;
	apic_write(APIC_ICR_HI, apic_id << 24);
	apic_write(APIC_ICR_LO, cmd);
	for (int i = 0; i < 1000000; i++)
		if (!(apic_read(APIC_ICR_LO) & ICR_PENDING))
			return 0;
	return -UK_ETIMEDOUT;
}

void x86_apic_init(void)
{
	uint32_t a, b, c, d;
	uint64_t base;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & CPUID1_EDX_APIC)) {
		uk_pr_warn("no local APIC: no timer interrupts\n");
		return;
	}
	present = true;
	base = rdmsr(MSR_APIC_BASE);
	if (!(base & APIC_BASE_EN)) {
		base |= APIC_BASE_EN;
		wrmsr(MSR_APIC_BASE, base);
	}
	if (c & CPUID1_ECX_X2APIC) {
		/* xAPIC -> x2APIC is the only legal way in */
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_EXTD);
		x2apic = true;
	} else {
		xapic = (volatile uint32_t *)(uintptr_t)(base & APIC_BASE_ADDR);
	}
	tsc_deadline = c & CPUID1_ECX_TSCDL;

	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_ERROR, LVT_MASKED | X86_VEC_ERROR);
	apic_write(APIC_SVR, SVR_ENABLE | X86_VEC_SPURIOUS);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_LVT_TIMER, LVT_MASKED | X86_VEC_TIMER);
	if (tsc_deadline) {
		apic_write(APIC_LVT_TIMER, LVT_TSC_DEADLINE | X86_VEC_TIMER);
		/* SDM 10.5.4.1: order the LVT write before deadline writes */
		__asm__ __volatile__("mfence" ::: "memory");
	} else {
		apic_write(APIC_TDCR, TDCR_DIV16);
		apic_write(APIC_TMICT, 0);
		apic_write(APIC_LVT_TIMER, X86_VEC_TIMER);
	}
}

/*
 * Reads the current count with the TSC at that moment: the midpoint of
 * two TSC reads around it, so that the slow register access (an MSR or
 * MMIO exit) is not counted on one side only.
 */
static uint32_t tmcct_at(uint64_t *tsc)
{
	uint64_t before = rdtsc();
	uint32_t count = apic_read(APIC_TMCCT);

	*tsc = before + (rdtsc() - before) / 2;
	return count;
}

/*
 * One-shot mode: the timer's frequency, measured once against the TSC
 * over 10 ms, from the first count read to the last (not from the write
 * that started the timer).
 */
static uint64_t apic_timer_hz(void)
{
	uint32_t a, b, c, d, max, c0, c1;
	uint64_t tsc_hz, t0, t1;

	if (timer_hz)
		return timer_hz;
	cpuid(0x40000000, 0, &max, &b, &c, &d);
	if (max >= 0x40000010 && max < 0x40010000) {
		cpuid(0x40000010, 0, &a, &b, &c, &d);
		if (b) /* bus frequency in kHz */
			return timer_hz = (uint64_t)b * 1000 / APIC_DIV;
	}
	tsc_hz = x86_tsc_hz();
	apic_write(APIC_LVT_TIMER, LVT_MASKED | X86_VEC_TIMER);
	apic_write(APIC_TMICT, 0xffffffff);
	c0 = tmcct_at(&t0);
	while (rdtsc() - t0 < tsc_hz / 100)
		;
	c1 = tmcct_at(&t1);
	apic_write(APIC_TMICT, 0);
	apic_write(APIC_LVT_TIMER, X86_VEC_TIMER);
	if (t1 > t0)
		timer_hz = (uint64_t)((unsigned __int128)(c0 - c1) * tsc_hz /
				      (t1 - t0));
	if (!timer_hz) {
		uk_pr_warn("APIC timer does not count; assuming 62.5 MHz\n");
		timer_hz = NSEC / APIC_DIV;
	}
	uk_pr_debug("APIC timer: %lu Hz (after the divider)\n", timer_hz);
	return timer_hz;
}

/* ceil(@ns * @hz / 1e9) */
static uint64_t ns_to_ticks(uint64_t ns, uint64_t hz)
{
	return (uint64_t)(((unsigned __int128)ns * hz + NSEC - 1) / NSEC);
}

static void arm(uint64_t deadline)
{
	uint64_t now, ticks;

	if (tsc_deadline) {
		ticks = x86_boot_tsc + ns_to_ticks(deadline, x86_tsc_hz());
		wrmsr(MSR_TSC_DEADLINE, ticks ? ticks : 1);
		return;
	}
	ticks = apic_timer_hz();	/* calibrate before reading the clock */
	now = ukplat_monotonic_clock();
	ticks = deadline > now ? ns_to_ticks(deadline - now, ticks) : 1;
	/*
	 * The measured frequency is off by up to about 1% (under TCG), so a
	 * long shot aims 1/64 short: it ends a little early and re-arms
	 * for the rest, instead of ending late by up to 1% of its length.
	 */
	if (ticks > 64 * 1024)
		ticks -= ticks / 64;
	apic_write(APIC_TMICT, ticks > 0xffffffffULL ? 0xffffffff
			       : (uint32_t)UK_MAX(ticks, 1));
}

static unsigned int timer_irq(void)
{
	return X86_VEC_TIMER;
}

static void timer_set(uint64_t deadline_ns)
{
	if (!present)
		return;
	armed = deadline_ns ? deadline_ns : 1;
	arm(armed);
}

static void timer_stop(void)
{
	if (!present)
		return;
	armed = 0;
	if (tsc_deadline)
		wrmsr(MSR_TSC_DEADLINE, 0);
	else
		apic_write(APIC_TMICT, 0);
}

bool x86_apic_timer_due(void)
{
	if (!armed)
		return false;	/* stopped while the interrupt was pending */
	if (ukplat_monotonic_clock() < armed) {
		arm(armed);
		return false;
	}
	armed = 0;
	return true;
}

static int timer_probe(void)
{
	return 0;
}

static const struct ukplat_timer_ops timer_ops = {
	.irq = timer_irq,
	.set = timer_set,
	.stop = timer_stop,
};

UKPLAT_DRIVER(lapic_timer, UKPLAT_DRIVER_TIMER, UKPLAT_DRIVER_PRIO_HW,
	      timer_probe, &timer_ops);
