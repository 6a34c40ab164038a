/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU list and ukplat_cpu_run's mailboxes, shared by the
 * architectures (plat/common/smp.c), and what each architecture gives
 * (plat/common/ARCH/smp.c). Inside plat/ only; UK_CONFIG_SMP builds.
 *
 * Life of a secondary CPU: OFF; STARTING while arch_cpu_start waits for
 * it; ONLINE once its own entry, set up, called plat_cpu_serve; FAILED
 * when it did not get there in time (it may arrive later: it then stays
 * out, parked). An ONLINE CPU runs plat_cpu_serve for good.
 */
#ifndef PLAT_SMP_H
#define PLAT_SMP_H

#include <uk/plat/smp.h>
#include <plat/smp_arch.h>	/* struct plat_cpu_arch */

enum { PLAT_CPU_OFF, PLAT_CPU_STARTING, PLAT_CPU_ONLINE, PLAT_CPU_FAILED };

struct plat_cpu {
	struct plat_cpu *self;	/* first: the per-CPU register points here */
	unsigned int id;
	uint64_t hwid;		/* local APIC ID, MPIDR affinity */
	int state;		/* PLAT_CPU_...; atomic */
	int call;		/* the mailbox's state; atomic */
	void (*fn)(void *);
	void *arg;
	struct plat_cpu_arch arch;
};

/* CPU @i (0 .. ukplat_cpu_found()-1). */
struct plat_cpu *plat_cpu(unsigned int i);
/* Sets CPU 0's hardware ID, for the enumeration that follows. */
void plat_cpu_boot_hwid(uint64_t hwid);
/*
 * Adds a CPU the firmware lists, unless its @hwid is known already or
 * the list is full (reported). Returns it, or NULL.
 */
struct plat_cpu *plat_cpu_add(uint64_t hwid);
/*
 * Starts the CPUs found, one at a time, as smp.max_cpus allows: each
 * through arch_cpu_start; a failure is reported and the CPU left out.
 * Then says how many are online. Call once, from an init call.
 */
void plat_smp_start(void);
/*
 * True when smp.refuse names @c: arch_cpu_start then sends it nothing,
 * so that it fails to start (a test of that path).
 */
bool plat_cpu_refused(const struct plat_cpu *c);
/* Polls until @c is ONLINE (true) or @ns passed (false). */
bool plat_cpu_wait_online(struct plat_cpu *c, uint64_t ns);
/*
 * Marks @c, which did not come ONLINE in time, FAILED: it stays out
 * even if it arrives later. False when it came ONLINE meanwhile.
 */
bool plat_cpu_give_up(struct plat_cpu *c);
/* The end of a secondary CPU's entry: ONLINE, then serves its mailbox. */
void plat_cpu_serve(struct plat_cpu *c) __noreturn;

/* ---- each architecture ---- */

/*
 * Starts @c (STARTING already) and waits, bounded, for it to come
 * ONLINE: 0, or -errno when it did not (it is then left out; a CPU
 * that may still arrive is given up with plat_cpu_give_up first).
 */
int arch_cpu_start(struct plat_cpu *c);
/* Wakes @c from arch_cpu_wait. */
int arch_cpu_wake(struct plat_cpu *c);
/*
 * On a secondary CPU, interrupts masked: halts until arch_cpu_wake may
 * have been called (spurious returns are fine; none is lost).
 */
void arch_cpu_wait(void);
/* Stops this CPU for good. */
void arch_cpu_park(void) __noreturn;

#endif /* PLAT_SMP_H */
