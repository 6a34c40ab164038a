/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monotonic clock from the TSC. Its frequency comes from CPUID
 * (leaf 0x15 crystal ratio, leaf 0x16 base MHz, or the hypervisor leaf
 * 0x40000010) or else is measured against PIT channel 0 for 10 ms. The
 * measurement is done the first time the clock is read, not at boot, so
 * an image that never asks for the time does not pay for it.
 * The clock is the CPU's: it always binds, after a paravirtual one.
 * The clock keeps no other state: reading it is safe from application
 * context (the vDSO, libuk/posix/vdso.c).
 */
#include <uk/plat/driver.h>
#include <uk/plat/time.h>
#include <uk/plat/irq.h>
#include <uk/print.h>
#include <x86/cpu.h>
#include <plat/common.h>

static uint64_t tsc_hz;
/* ns = (ticks * mult) >> 32, avoiding a division per read */
static uint64_t tsc_mult;

static uint64_t tsc_hz_cpuid(void)
{
	uint32_t a, b, c, d, max;

	cpuid(0, 0, &max, &b, &c, &d);
	if (max >= 0x15) {
		cpuid(0x15, 0, &a, &b, &c, &d);
		if (a && b && c)
			return (uint64_t)c * b / a;
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, &a, &b, &c, &d);
		if (a)
			return (uint64_t)a * 1000000;
	}
	cpuid(0x40000000, 0, &max, &b, &c, &d);
	if (max >= 0x40000010 && max < 0x40010000) {
		cpuid(0x40000010, 0, &a, &b, &c, &d);
		if (a)
			return (uint64_t)a * 1000;
	}
	return 0;
}

#define PIT_HZ		1193182
#define PIT_CH0		0x40
#define PIT_CMD		0x43

/* Latches and reads PIT channel 0's counter. */
static uint16_t pit_read(void)
{
	uint8_t lo, hi;

	outb(PIT_CMD, 0x00);		/* latch channel 0 */
	lo = inb(PIT_CH0);
	hi = inb(PIT_CH0);
	return ((uint16_t)hi << 8) | lo;
}

/*
 * Counts TSC ticks while PIT channel 0 (programmed here as a rate
 * generator counting down from 0xffff) advances 10 ms. Channel 0 is the
 * one every PC-compatible machine has (microvm has no channel-2 gate);
 * its interrupt stays masked. Returns 0 when no PIT answers.
 */
static uint64_t tsc_hz_pit(void)
{
	const uint32_t want = PIT_HZ / 100;
	uint32_t elapsed = 0, spins = 0;
	uint16_t prev, now;
	uint64_t t0, t1;

	outb(PIT_CMD, 0x34);		/* ch0, lo/hi, mode 2, binary */
	outb(PIT_CH0, 0xff);
	outb(PIT_CH0, 0xff);
	prev = pit_read();
	t0 = rdtsc();
	while (elapsed < want) {
		now = pit_read();
		/* counting down, wrapping from 1 to 0xffff */
		elapsed += (uint16_t)(prev - now);
		prev = now;
		if (++spins > 10000000)
			return 0;	/* the counter does not move: no PIT */
	}
	t1 = rdtsc();
	return (t1 - t0) * PIT_HZ / elapsed;
}

/*
 * Safe in any context, the vDSO's too (application code, interrupts
 * enabled, preemptible anywhere): the calibration runs once with
 * interrupts disabled, and tsc_mult, written last, says it is done.
 */
uint64_t x86_tsc_hz(void)
{
	unsigned long flags;
	uint64_t hz;

	if (__atomic_load_n(&tsc_mult, __ATOMIC_ACQUIRE))
		return tsc_hz;
	flags = ukplat_irq_save();
	if (!tsc_mult) {
		hz = tsc_hz_cpuid();
		if (!hz)
			hz = tsc_hz_pit();
		if (!hz) {
			uk_pr_warn("TSC frequency unknown (no CPUID leaf, no PIT); assuming 1 GHz\n");
			hz = UKPLAT_NSEC_PER_SEC;
		}
		tsc_hz = hz;
		__atomic_store_n(&tsc_mult, (UKPLAT_NSEC_PER_SEC << 32) / hz,
				 __ATOMIC_RELEASE);
	}
	ukplat_irq_restore(flags);
	return tsc_hz;
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	x86_tsc_hz();
	return (uint64_t)(((unsigned __int128)ticks * tsc_mult) >> 32);
}

uint64_t plat_boot_ticks(void)
{
	return rdtsc() - x86_boot_tsc;
}

uint64_t plat_boot_ticks_to_ns(uint64_t ticks)
{
	return ticks_to_ns(ticks);
}

static uint64_t tsc_clock_raw(void)
{
	return rdtsc() - x86_boot_tsc;
}

static uint64_t tsc_clock_raw_to_ns(uint64_t raw)
{
	return ticks_to_ns(raw);
}

static uint64_t tsc_monotonic_clock(void)
{
	x86_tsc_hz();	/* calibrate (once) before sampling */
	return ticks_to_ns(rdtsc() - x86_boot_tsc);
}

static uint64_t tsc_clock_resolution(void)
{
	uint64_t hz = x86_tsc_hz();

	return hz >= UKPLAT_NSEC_PER_SEC ? 1 : UKPLAT_NSEC_PER_SEC / hz;
}

static int probe(void)
{
	return 0;
}

static const struct ukplat_clock_ops ops = {
	.monotonic = tsc_monotonic_clock,
	.raw = tsc_clock_raw,
	.raw_to_ns = tsc_clock_raw_to_ns,
	.resolution = tsc_clock_resolution,
};

UKPLAT_DRIVER(tsc, UKPLAT_DRIVER_CLOCK, UKPLAT_DRIVER_PRIO_HW, probe, &ops);
