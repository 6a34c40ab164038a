/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * boot: the program bench/run boots to measure booting, built as a libuk
 * image, as the Linux VM's /init and for the host.
 *
 *     boot              returns 0 at once: launch to exit is all boot
 *     boot at-main      prints "at_main TSC BOOTTIME_NS": the time stamp
 *                       counter and CLOCK_BOOTTIME as main starts
 *     boot tsc-hz       prints "tsc_hz HZ": the TSC against
 *                       CLOCK_MONOTONIC over 100 ms (run on the host)
 *
 * Why the TSC: under QEMU (TCG, and KVM alike) a VM's TSC starts at 0
 * when QEMU starts the virtual CPU and then runs at the host's TSC rate,
 * so the TSC at main, divided by the host's rate, is the time from the
 * VM's first instruction (its firmware's) to main, read the same way in
 * both guests whatever their kernel thinks of time. CLOCK_BOOTTIME is
 * each kernel's own view: libuk's counts from its entry point, Linux's
 * from its timekeeping set-up, well after its entry and decompression.
 *
 * On aarch64 "TSC" is the virtual counter CNTVCT_EL0, alike under QEMU
 * (TCG): it counts from 0 when the VM starts, at 62.5 MHz, and neither
 * guest can move it (CNTVOFF_EL2 is 0: on -M virt without
 * virtualization=on both kernels run at EL1). Linux lets EL0 read it.
 * Natively (tsc-hz) the program runs under qemu-aarch64, whose counter
 * runs at the same rate.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}
#elif defined(__aarch64__)
#include "../cntvct.h"

/* the virtual counter, aarch64's TSC here: see above */
static inline uint64_t rdtsc(void)
{
	return cntvct();
}
#endif

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double tsc_hz(void)
{
	uint64_t t0, t1, k0;

	t0 = clock_ns(CLOCK_MONOTONIC);
	k0 = rdtsc();
	while ((t1 = clock_ns(CLOCK_MONOTONIC)) - t0 < 100000000)
		;
	return (double)(rdtsc() - k0) * 1e9 / (double)(t1 - t0);
}

int main(int argc, char **argv)
{
	uint64_t tsc = rdtsc();

	if (argc < 2)
		return 0;
	if (!strcmp(argv[1], "at-main")) {
		printf("at_main %llu %llu\n", (unsigned long long)tsc,
		       (unsigned long long)clock_ns(CLOCK_BOOTTIME));
		return 0;
	}
	if (!strcmp(argv[1], "tsc-hz")) {
		printf("tsc_hz %.0f\n", tsc_hz());
		return 0;
	}
	fprintf(stderr, "usage: boot [at-main | tsc-hz]\n");
	return 2;
}
