/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * aarch64's secondary CPUs (plat/smp.h), with --enable-smp (aarch64-kvm).
 *
 * Enumeration: the device tree's /cpus children of device_type "cpu"
 * (status okay), their reg being the MPIDR affinity; CPU 0 is the boot
 * CPU, the others are numbered in tree order. Only enable-method "psci"
 * is started; others are listed but reported and left out.
 *
 * Per-CPU data: TPIDR_EL1 of every CPU points at its struct plat_cpu,
 * from entry.S on for CPU 0.
 *
 * Start-up: PSCI CPU_ON (the /psci node's conduit) at
 * arm64_secondary_entry (entry.S) with the CPU's struct plat_cpu as
 * context: EL2 -> EL1 when needed, the boot CPU's MAIR, TCR, TTBR0 and
 * SCTLR (the same page tables), its stack, then arm64_smp_entry. A CPU
 * not online within START_TIMEOUT_NS is reported and left out (should
 * it arrive later, it parks itself).
 *
 * A started CPU sets up its GIC CPU interface with ARM64_SGI_WAKEUP
 * enabled and serves ukplat_cpu_run: interrupts masked, in wfi, which
 * an SGI ends; no other interrupt is routed to it and its timer is not
 * used. The page tables are shared and nothing flushes other CPUs' TLBs
 * yet: a function run there must not touch memory whose mapping changes.
 */
#include <plat/smp.h>
#include <plat/common.h>
#include <uk/plat/driver.h>
#include <uk/plat/time.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/fdt.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <arm64/cpu.h>
#include <psci/psci.h>

#define STACK_SIZE		(16 * 1024)
#define START_TIMEOUT_NS	(10 * UKPLAT_NSEC_PER_SEC)
#define MPIDR_AFF_MASK		0xff00ffffffULL

UK_CTASSERT(offsetof(struct plat_cpu, self) == 0);
UK_CTASSERT(offsetof(struct plat_cpu, arch.stack) == ARM64_PCPU_STACK);
UK_CTASSERT(offsetof(struct plat_cpu, arch.mair) == ARM64_PCPU_MAIR);
UK_CTASSERT(offsetof(struct plat_cpu, arch.tcr) == ARM64_PCPU_TCR);
UK_CTASSERT(offsetof(struct plat_cpu, arch.ttbr0) == ARM64_PCPU_TTBR0);
UK_CTASSERT(offsetof(struct plat_cpu, arch.sctlr) == ARM64_PCPU_SCTLR);

extern const char arm64_secondary_entry[];
void arm64_smp_boot_cpu(void);
void arm64_smp_entry(struct plat_cpu *c) __noreturn;

void arm64_smp_boot_cpu(void)
{
	SYSREG_WRITE(tpidr_el1, (uint64_t)plat_cpu(0));
}

unsigned int ukplat_cpu_id(void)
{
	return ((const struct plat_cpu *)SYSREG_READ(tpidr_el1))->id;
}

static const struct arm64_irqchip *irqchip(void)
{
	return ukplat_driver_ops(UKPLAT_DRIVER_IRQCHIP);
}

/* The C entry of a secondary CPU: MMU on, interrupts masked. */
void arm64_smp_entry(struct plat_cpu *c)
{
	const struct arm64_irqchip *chip = irqchip();

	c->arch.sgi_target = chip->cpu_init();
	plat_cpu_serve(c);
}

void arch_cpu_park(void)
{
	for (;;)
		__asm__ __volatile__("msr daifset, #0xf; wfi" ::: "memory");
}

void arch_cpu_wait(void)
{
	/* a pending interrupt ends wfi even while masked; then it goes */
	__asm__ __volatile__("dsb sy; wfi" ::: "memory");
	irqchip()->sgi_clear();
}

int arch_cpu_wake(struct plat_cpu *c)
{
	irqchip()->sgi_send(c->arch.sgi_target, ARM64_SGI_WAKEUP);
	return 0;
}

int arch_cpu_start(struct plat_cpu *c)
{
	uint8_t *stack = uk_memalign(uk_alloc_get_default(), 16, STACK_SIZE);
	int rc;

	if (!stack)
		return -UK_ENOMEM;
	c->arch.stack = (uint64_t)stack + STACK_SIZE;
	c->arch.mair = SYSREG_READ(mair_el1);
	c->arch.tcr = SYSREG_READ(tcr_el1);
	c->arch.ttbr0 = SYSREG_READ(ttbr0_el1);
	c->arch.sctlr = SYSREG_READ(sctlr_el1);
	/* it reads them with its MMU and caches off */
	arm64_dcache_flush(c, sizeof(*c));
	if (!plat_cpu_refused(c)) {
		rc = psci_cpu_on(c->hwid, (uint64_t)arm64_secondary_entry,
				 (uint64_t)c);
		if (rc)
			return rc;
	}
	if (plat_cpu_wait_online(c, START_TIMEOUT_NS) ||
	    !plat_cpu_give_up(c))
		return 0;
	return -UK_ETIMEDOUT;
}

/* The CPUs of /cpus that PSCI can start, after the boot CPU. */
static void cpus_scan(const struct uk_fdt *fdt)
{
	int cpus = uk_fdt_path_offset(fdt, "/cpus");
	uint64_t mpidr, size;

	for (int off = cpus >= 0 ? uk_fdt_first_child(fdt, cpus) : -1;
	     off >= 0; off = uk_fdt_next_sibling(fdt, off)) {
		const char *type = uk_fdt_getprop_str(fdt, off, "device_type");
		const char *st = uk_fdt_getprop_str(fdt, off, "status");
		const char *method;

		if (!type || uk_strcmp(type, "cpu") ||
		    (st && uk_strcmp(st, "okay") && uk_strcmp(st, "ok")) ||
		    uk_fdt_reg(fdt, off, 0, &mpidr, &size) < 0)
			continue;
		method = uk_fdt_getprop_str(fdt, off, "enable-method");
		if ((mpidr & MPIDR_AFF_MASK) == plat_cpu(0)->hwid)
			continue;
		if (!method || uk_strcmp(method, "psci")) {
			uk_pr_warn("SMP: CPU 0x%lx: enable-method %s is not supported: left out\n",
				   (unsigned long)mpidr,
				   method ? method : "(none)");
			continue;
		}
		plat_cpu_add(mpidr & MPIDR_AFF_MASK);
	}
}

static int smp_init(void)
{
	const struct uk_fdt *fdt = plat_fdt();
	const struct arm64_irqchip *chip = irqchip();

	plat_cpu_boot_hwid(SYSREG_READ(mpidr_el1) & MPIDR_AFF_MASK);
	if (!fdt)
		return 0;
	cpus_scan(fdt);
	if (ukplat_cpu_found() == 1)
		return 0;
	if (!chip || !chip->cpu_init) {
		uk_pr_err("SMP: no interrupt controller to wake CPUs: one CPU\n");
		return 0;
	}
	plat_smp_start();
	return 0;
}
uk_plat_initcall(smp_init);
