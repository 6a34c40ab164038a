/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Faults on purpose: tests/crash.test checks the crash report (vector,
 * fault address, registers, a backtrace naming these functions) and the
 * crash exit status.
 */
#include <uk/essentials.h>

#define BAD_ADDRESS 0x7ffff0000000UL	/* never mapped */

__noinline int deliberate_fault(volatile int *p);
__noinline int deliberate_fault(volatile int *p)
{
	return *p + 1;
}

__noinline int crash_caller(void);
__noinline int crash_caller(void)
{
	return deliberate_fault((volatile int *)BAD_ADDRESS) + 1;
}

int main(void)
{
	return crash_caller();
}
