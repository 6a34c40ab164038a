/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The monotonic clock from the TSC. Its frequency comes from CPUID
 * (leaf 0x15 crystal ratio, leaf 0x16 base MHz, or the hypervisor leaf
 * 0x40000010) or else is measured against PIT channel 2 for 10 ms. The
 * measurement is done the first time the clock is read, not at boot, so
 * an image that never asks for the time does not pay for it.
 */
#include <uk/plat/time.h>
#include <uk/print.h>
#include <x86/cpu.h>

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
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PIT_GATE	0x61

/* Counts TSC ticks while PIT channel 2 counts down 10 ms. */
static uint64_t tsc_hz_pit(void)
{
	const uint32_t count = PIT_HZ / 100;
	uint64_t t0, t1;
	uint32_t spins = 0;

	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);	/* gate on */
	outb(PIT_CMD, 0xb0);		/* ch2, lo/hi, mode 0, binary */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	t0 = rdtsc();
	while (!(inb(PIT_GATE) & 0x20) && ++spins < 100000000)
		;
	t1 = rdtsc();
	if (spins >= 100000000)
		return 0;
	return (t1 - t0) * 100;
}

uint64_t x86_tsc_hz(void)
{
	if (tsc_hz)
		return tsc_hz;
	tsc_hz = tsc_hz_cpuid();
	if (!tsc_hz)
		tsc_hz = tsc_hz_pit();
	if (!tsc_hz) {
		uk_pr_warn("TSC frequency unknown (no CPUID leaf, no PIT); assuming 1 GHz\n");
		tsc_hz = UKPLAT_NSEC_PER_SEC;
	}
	tsc_mult = (UKPLAT_NSEC_PER_SEC << 32) / tsc_hz;
	return tsc_hz;
}

static uint64_t ticks_to_ns(uint64_t ticks)
{
	x86_tsc_hz();
	return (uint64_t)(((unsigned __int128)ticks * tsc_mult) >> 32);
}

uint64_t ukplat_monotonic_clock(void)
{
	return ticks_to_ns(rdtsc() - x86_boot_tsc);
}

uint64_t ukplat_clock_resolution(void)
{
	uint64_t hz = x86_tsc_hz();

	return hz >= UKPLAT_NSEC_PER_SEC ? 1 : UKPLAT_NSEC_PER_SEC / hz;
}

uint64_t ukplat_boot_entry_time(void)
{
	return 0;
}
