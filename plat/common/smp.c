/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The CPU list, start-up loop and ukplat_cpu_run (uk/plat/smp.h) of
 * --enable-smp builds; the architecture enumerates, starts, wakes
 * (plat/common/ARCH/smp.c).
 *
 * ukplat_cpu_run's mailbox per CPU: IDLE -> CLAIMED (one caller won it
 * by compare-and-swap, writes fn and arg) -> READY (published with
 * release) -> the CPU runs fn -> IDLE (release: fn's writes are visible
 * to whoever sees IDLE).
 */
#include <plat/smp.h>
#include <uk/plat/time.h>
#include <uk/plat/irq.h>
#include <uk/param.h>
#include <uk/print.h>
#include <uk/errno.h>

enum { CALL_IDLE, CALL_CLAIMED, CALL_READY };

static struct plat_cpu cpus[UKPLAT_CPU_MAX] = {
	[0] = { .self = &cpus[0], .state = PLAT_CPU_ONLINE },
};
static unsigned int found = 1;
static unsigned int online = 1;

static uint64_t max_cpus;
UK_PARAM_U64_MAX(smp, max_cpus, max_cpus, UKPLAT_CPU_MAX,
		 "start at most this many CPUs, CPU 0 included (0: all)");
static uint64_t refuse;
UK_PARAM_U64_MAX(smp, refuse, refuse, UKPLAT_CPU_MAX - 1,
		 "for tests: CPU N is not sent its start, so fails to start (0: none)");

struct plat_cpu *plat_cpu(unsigned int i)
{
	return &cpus[i];
}

void plat_cpu_boot_hwid(uint64_t hwid)
{
	cpus[0].hwid = hwid;
}

struct plat_cpu *plat_cpu_add(uint64_t hwid)
{
	struct plat_cpu *c;

	for (unsigned int i = 0; i < found; i++)
		if (cpus[i].hwid == hwid)
			return NULL;
	if (found == UKPLAT_CPU_MAX) {
		uk_pr_warn("SMP: CPU 0x%lx ignored: at most %u CPUs\n",
			   (unsigned long)hwid, UKPLAT_CPU_MAX);
		return NULL;
	}
	c = &cpus[found];
	c->self = c;
	c->id = found++;
	c->hwid = hwid;
	return c;
}

bool plat_cpu_refused(const struct plat_cpu *c)
{
	return c->id == refuse;
}

unsigned int ukplat_cpu_count(void)
{
	return __atomic_load_n(&online, __ATOMIC_ACQUIRE);
}

unsigned int ukplat_cpu_found(void)
{
	return found;
}

bool ukplat_cpu_online(unsigned int cpu)
{
	return cpu < found &&
	       __atomic_load_n(&cpus[cpu].state, __ATOMIC_ACQUIRE) ==
	       PLAT_CPU_ONLINE;
}

bool plat_cpu_wait_online(struct plat_cpu *c, uint64_t ns)
{
	uint64_t end = ukplat_monotonic_clock() + ns;

	do {
		if (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) ==
		    PLAT_CPU_ONLINE)
			return true;
		uk_cpu_relax();
	} while (ukplat_monotonic_clock() < end);
	return false;
}

bool plat_cpu_give_up(struct plat_cpu *c)
{
	int starting = PLAT_CPU_STARTING;

	/* fails only when the CPU's own STARTING -> ONLINE came first */
	return __atomic_compare_exchange_n(&c->state, &starting,
					   PLAT_CPU_FAILED, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE) ||
	       starting != PLAT_CPU_ONLINE;
}

void plat_smp_start(void)
{
	unsigned int n = max_cpus && max_cpus < found ? max_cpus : found;
	int rc;

	for (unsigned int i = 1; i < n; i++) {
		__atomic_store_n(&cpus[i].state, PLAT_CPU_STARTING,
				 __ATOMIC_RELEASE);
		rc = arch_cpu_start(&cpus[i]);
		if (!rc || !plat_cpu_give_up(&cpus[i])) {
			__atomic_add_fetch(&online, 1, __ATOMIC_RELEASE);
			continue;
		}
		uk_pr_err("SMP: CPU %u (hardware ID 0x%lx) did not start (%d): left out\n",
			  i, (unsigned long)cpus[i].hwid, rc);
	}
	uk_pr_info("SMP: %u of %u CPUs online\n", online, found);
}

void plat_cpu_serve(struct plat_cpu *c)
{
	int starting = PLAT_CPU_STARTING;

	/* too late (the boot CPU gave up on this one): stay out */
	if (!__atomic_compare_exchange_n(&c->state, &starting,
					 PLAT_CPU_ONLINE, false,
					 __ATOMIC_RELEASE, __ATOMIC_RELAXED))
		arch_cpu_park();
	for (;;) {
		if (__atomic_load_n(&c->call, __ATOMIC_ACQUIRE) == CALL_READY) {
			c->fn(c->arg);
			__atomic_store_n(&c->call, CALL_IDLE, __ATOMIC_RELEASE);
			continue;
		}
		arch_cpu_wait();
	}
}

int ukplat_cpu_run(unsigned int cpu, void (*fn)(void *), void *arg)
{
	struct plat_cpu *c;
	int idle = CALL_IDLE;

	if (!fn || cpu == ukplat_cpu_id() || !ukplat_cpu_online(cpu))
		return -UK_EINVAL;
	c = &cpus[cpu];
	if (!__atomic_compare_exchange_n(&c->call, &idle, CALL_CLAIMED,
					 false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return -UK_EBUSY;
	c->fn = fn;
	c->arg = arg;
	__atomic_store_n(&c->call, CALL_READY, __ATOMIC_RELEASE);
	return arch_cpu_wake(c);
}

bool ukplat_cpu_busy(unsigned int cpu)
{
	return cpu < found &&
	       __atomic_load_n(&cpus[cpu].call, __ATOMIC_ACQUIRE) != CALL_IDLE;
}
