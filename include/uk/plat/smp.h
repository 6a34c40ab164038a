/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPUs of the machine (uk/plat/smp.h).
 *
 * CPU 0 is the boot CPU. With UK_CONFIG_SMP (configure --enable-smp) the
 * platform starts every other CPU the firmware lists, during the PLAT
 * init calls, one at a time; a CPU that does not answer within a bound
 * is reported on the console and left out. The secondary CPUs then
 * wait, halted, for a function to run (ukplat_cpu_run): they run no
 * threads yet, so every scheduler, allocator and driver still runs on
 * CPU 0 alone. Without UK_CONFIG_SMP these are constants (one CPU,
 * number 0) and ukplat_cpu_run always fails.
 */
#ifndef UK_PLAT_SMP_H
#define UK_PLAT_SMP_H

#include <uk/config.h>
#include <uk/essentials.h>
#include <uk/errno.h>

/* The most CPUs the platform keeps track of; more are ignored. */
#define UKPLAT_CPU_MAX	64

#if UK_CONFIG_SMP
/* The CPUs that are online (CPU 0 and those that started), >= 1. */
unsigned int ukplat_cpu_count(void);
/* The CPUs the firmware lists as usable, started or not, >= 1. */
unsigned int ukplat_cpu_found(void);
/* The number of the CPU running the caller: 0 .. ukplat_cpu_found()-1. */
unsigned int ukplat_cpu_id(void);
/*
 * True when CPU @cpu is online. A CPU that failed to start is not, and
 * never becomes so.
 */
bool ukplat_cpu_online(unsigned int cpu);
/*
 * Runs @fn(@arg) on online CPU @cpu, which is not the caller's, with
 * interrupts masked there, on that CPU's own stack; returns at once,
 * without waiting for @fn. Returns 0, -EINVAL when @cpu is not online or
 * is the caller's, -EBUSY while @cpu still runs an earlier function.
 * @fn MUST NOT block, touch threads or the scheduler, allocate, or print
 * (none of those are SMP-safe yet): atomics, spinlocks and data of its
 * own only. It MUST return; its CPU does nothing else meanwhile.
 */
int ukplat_cpu_run(unsigned int cpu, void (*fn)(void *), void *arg);
/* True from a successful ukplat_cpu_run on @cpu until its @fn returned. */
bool ukplat_cpu_busy(unsigned int cpu);
#else
static inline unsigned int ukplat_cpu_count(void)
{
	return 1;
}

static inline unsigned int ukplat_cpu_found(void)
{
	return 1;
}

static inline unsigned int ukplat_cpu_id(void)
{
	return 0;
}

static inline bool ukplat_cpu_online(unsigned int cpu)
{
	return cpu == 0;
}

static inline int ukplat_cpu_run(unsigned int cpu __unused,
				 void (*fn)(void *) __unused,
				 void *arg __unused)
{
	return -UK_EINVAL;	/* no other CPU is online */
}

static inline bool ukplat_cpu_busy(unsigned int cpu __unused)
{
	return false;
}
#endif

#endif /* UK_PLAT_SMP_H */
