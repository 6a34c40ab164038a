/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ARM Generic Interrupt Controller, version 2 (distributor and CPU
 * interface in MMIO) or 3 (distributor and redistributors in MMIO, CPU
 * interface in system registers), as the device tree describes it. Only
 * the boot CPU is set up. All interrupts go to group 1 (IRQ, not FIQ)
 * with one priority; lines are enabled when a handler is registered.
 * Two drivers, gicv3 and gicv2, each bound when the device tree has its
 * node.
 */
#include <arm64/cpu.h>
#include <uk/print.h>
#include <uk/plat/driver.h>
#include <uk/errno.h>
#include <uk/fdt.h>
#include <plat/common.h>

#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_IPRIORITYR		0x0400
#define GICD_ITARGETSR		0x0800
#define GICD_IROUTER		0x6100
#define GICD_CTLR_RWP		(1U << 31)

#define GICD_SGIR		0x0f00
#define GICC_CTLR		0x0000
#define GICC_PMR		0x0004
#define GICC_BPR		0x0008
#define GICC_IAR		0x000c
#define GICC_EOIR		0x0010

#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_SGI		0x10000
#define GICR_TYPER_VLPIS	(1 << 1)
#define GICR_TYPER_LAST		(1 << 4)
#define GICR_WAKER_SLEEP	(1 << 1)
#define GICR_WAKER_ASLEEP	(1 << 2)

#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_IAR1_EL1		S3_0_C12_C12_0
#define ICC_EOIR1_EL1		S3_0_C12_C12_1
#define ICC_BPR1_EL1		S3_0_C12_C12_3
#define ICC_CTLR_EL1		S3_0_C12_C12_4
#define ICC_SRE_EL1		S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7
#define ICC_SGI1R_EL1		S3_0_C12_C11_5

#define PRIO_DEFAULT		0xa0
#define PRIO_MASK_ALL_ON	0xf0
#define SPURIOUS_FIRST		1020

static uint64_t dist, cpuif, redist;
/* GICv3: where the redistributors are, for the secondary CPUs' own */
static uint64_t redist_base, redist_size;
static unsigned int nr_irqs;
static uint32_t v2_last_iar;

static void prio_set(uint64_t base, unsigned int irq)
{
	mmio_write8(base + GICD_IPRIORITYR + irq, PRIO_DEFAULT);
}

/* Interrupt lines the distributor implements (GICD_TYPER.ITLinesNumber). */
static unsigned int dist_lines(void)
{
	unsigned int n = 32 * ((mmio_read32(dist + GICD_TYPER) & 0x1f) + 1);

	return UK_MIN(n, SPURIOUS_FIRST);
}

static void dist_wait(void)
{
	for (int i = 0; i < 1000000 &&
	     (mmio_read32(dist + GICD_CTLR) & GICD_CTLR_RWP); i++)
		;
}

/* ---- GICv2 ---- */

static unsigned int v2_ack(void)
{
	uint32_t iar = mmio_read32(cpuif + GICC_IAR);

	if ((iar & 0x3ff) >= SPURIOUS_FIRST)
		return ARM64_IRQ_NONE;
	v2_last_iar = iar;
	return iar & 0x3ff;
}

static void v2_eoi(unsigned int irq)
{
	mmio_write32(cpuif + GICC_EOIR, v2_last_iar);
}

static void v2_unmask(unsigned int irq)
{
	prio_set(dist, irq);
	if (irq >= 32)
		mmio_write8(dist + GICD_ITARGETSR + irq, 1);	/* CPU 0 */
	mmio_write32(dist + GICD_ISENABLER + irq / 32 * 4, 1U << (irq % 32));
}

static void v2_mask(unsigned int irq)
{
	mmio_write32(dist + GICD_ICENABLER + irq / 32 * 4, 1U << (irq % 32));
}


static void v2_init(void)
{
	mmio_write32(dist + GICD_CTLR, 0);
	for (unsigned int i = 0; i < nr_irqs; i += 32)
		mmio_write32(dist + GICD_ICENABLER + i / 8, ~0U);
	mmio_write32(dist + GICD_CTLR, 1);
	mmio_write32(cpuif + GICC_PMR, PRIO_MASK_ALL_ON);
	mmio_write32(cpuif + GICC_BPR, 0);
	mmio_write32(cpuif + GICC_CTLR, 1);
}

/*
 * A secondary CPU's CPU interface and its wake-up SGI (banked per CPU);
 * returns its CPU interface's bit in GICD_ITARGETSR, the SGI target.
 */
static uint64_t v2_cpu_init(void)
{
	prio_set(dist, ARM64_SGI_WAKEUP);
	mmio_write32(dist + GICD_ISENABLER, 1U << ARM64_SGI_WAKEUP);
	mmio_write32(cpuif + GICC_PMR, PRIO_MASK_ALL_ON);
	mmio_write32(cpuif + GICC_BPR, 0);
	mmio_write32(cpuif + GICC_CTLR, 1);
	/* GICD_ITARGETSR0..7 read as this CPU's own bit */
	return mmio_read8(dist + GICD_ITARGETSR);
}

static void v2_sgi_send(uint64_t target, unsigned int sgi)
{
	__asm__ __volatile__("dsb ish" ::: "memory");
	mmio_write32(dist + GICD_SGIR, (uint32_t)(target & 0xff) << 16 | sgi);
}

static void v2_sgi_clear(void)
{
	uint32_t iar;

	while (((iar = mmio_read32(cpuif + GICC_IAR)) & 0x3ff) <
	       SPURIOUS_FIRST)
		mmio_write32(cpuif + GICC_EOIR, iar);
}

/* ---- GICv3 ---- */

static unsigned int v3_ack(void)
{
	unsigned int irq = SYSREG_READ(ICC_IAR1_EL1) & 0xffffff;

	return irq >= SPURIOUS_FIRST && irq < 8192 ? ARM64_IRQ_NONE : irq;
}

static void v3_eoi(unsigned int irq)
{
	SYSREG_WRITE(ICC_EOIR1_EL1, irq);
	isb();
}

static void v3_unmask(unsigned int irq)
{
	if (irq < 32) {
		prio_set(redist + GICR_SGI, irq);
		mmio_write32(redist + GICR_SGI + GICD_ISENABLER, 1U << irq);
		return;
	}
	prio_set(dist, irq);
	/* route to affinity 0.0.0.0, the boot CPU */
	mmio_write32(dist + GICD_IROUTER + irq * 8, 0);
	mmio_write32(dist + GICD_IROUTER + irq * 8 + 4, 0);
	mmio_write32(dist + GICD_ISENABLER + irq / 32 * 4, 1U << (irq % 32));
}

static void v3_mask(unsigned int irq)
{
	uint64_t base = irq < 32 ? redist + GICR_SGI : dist;

	mmio_write32(base + GICD_ICENABLER + irq / 32 * 4, 1U << (irq % 32));
}

/* This CPU's redistributor among the GIC's, or 0. */
static uint64_t v3_find_redist(void)
{
	uint64_t mpidr = SYSREG_READ(mpidr_el1);
	uint32_t aff = (mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000);
	uint64_t base = redist_base, size = redist_size;

	for (uint64_t p = base; p + 2 * GICR_SGI <= base + size;) {
		uint32_t lo = mmio_read32(p + GICR_TYPER);
		uint32_t hi = mmio_read32(p + GICR_TYPER + 4);

		if (hi == aff)
			return p;
		if (lo & GICR_TYPER_LAST)
			break;
		p += (lo & GICR_TYPER_VLPIS) ? 4 * GICR_SGI : 2 * GICR_SGI;
	}
	return 0;
}

/*
 * This CPU's redistributor @r awake, its SGIs and PPIs disabled and in
 * group 1, and its CPU interface (system registers) on.
 */
static void v3_cpu_setup(uint64_t r)
{
	mmio_write32(r + GICR_WAKER,
		     mmio_read32(r + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	for (int i = 0; i < 1000000 &&
	     (mmio_read32(r + GICR_WAKER) & GICR_WAKER_ASLEEP); i++)
		;
	mmio_write32(r + GICR_SGI + GICD_ICENABLER, ~0U);
	mmio_write32(r + GICR_SGI + GICD_IGROUPR, ~0U);

	SYSREG_WRITE(ICC_SRE_EL1, SYSREG_READ(ICC_SRE_EL1) | 1);
	isb();
	SYSREG_WRITE(ICC_PMR_EL1, PRIO_MASK_ALL_ON);
	SYSREG_WRITE(ICC_BPR1_EL1, 0);
	SYSREG_WRITE(ICC_CTLR_EL1, 0);
	SYSREG_WRITE(ICC_IGRPEN1_EL1, 1);
	isb();
}

/* A secondary CPU's redistributor, wake-up SGI on; the SGI target. */
static uint64_t v3_cpu_init(void)
{
	uint64_t r = v3_find_redist();

	if (r) {
		v3_cpu_setup(r);
		prio_set(r + GICR_SGI, ARM64_SGI_WAKEUP);
		mmio_write32(r + GICR_SGI + GICD_ISENABLER,
			     1U << ARM64_SGI_WAKEUP);
	}
	return SYSREG_READ(mpidr_el1);
}

/* ICC_SGI1R_EL1 (GICv3 12.11.21): affinity path, target list, SGI. */
static void v3_sgi_send(uint64_t mpidr, unsigned int sgi)
{
	uint64_t aff0 = mpidr & 0xff;
	uint64_t v = ((mpidr >> 32) & 0xff) << 48 |
		     ((mpidr >> 16) & 0xff) << 32 |
		     ((mpidr >> 8) & 0xff) << 16 |
		     (aff0 >> 4) << 44 | (uint64_t)sgi << 24 |
		     1U << (aff0 & 15);

	__asm__ __volatile__("dsb ish" ::: "memory");
	SYSREG_WRITE(ICC_SGI1R_EL1, v);
	isb();
}

static void v3_sgi_clear(void)
{
	unsigned int irq;

	while ((irq = v3_ack()) != ARM64_IRQ_NONE)
		v3_eoi(irq);
}

static int v3_init(uint64_t rbase, uint64_t rsize)
{
	redist_base = rbase;
	redist_size = rsize;
	redist = v3_find_redist();
	if (!redist)
		return -UK_ENODEV;
	mmio_write32(dist + GICD_CTLR, 0);
	dist_wait();
	for (unsigned int i = 32; i < nr_irqs; i += 32) {
		mmio_write32(dist + GICD_ICENABLER + i / 8, ~0U);
		mmio_write32(dist + GICD_IGROUPR + i / 8, ~0U);
	}
	/* ARE, EnableGrp1 (non-secure view: bits 4 and 1), EnableGrp0 */
	mmio_write32(dist + GICD_CTLR, (1 << 4) | (1 << 1) | 1);
	dist_wait();

	v3_cpu_setup(redist);
	return 0;
}

static struct arm64_irqchip gicv2 = {
	.name = "GICv2", .ack = v2_ack, .eoi = v2_eoi,
	.unmask = v2_unmask, .mask = v2_mask,
	.cpu_init = v2_cpu_init, .sgi_send = v2_sgi_send,
	.sgi_clear = v2_sgi_clear,
};

static struct arm64_irqchip gicv3 = {
	.name = "GICv3", .ack = v3_ack, .eoi = v3_eoi,
	.unmask = v3_unmask, .mask = v3_mask,
	.cpu_init = v3_cpu_init, .sgi_send = v3_sgi_send,
	.sgi_clear = v3_sgi_clear,
};

static const char *const v2_compat[] = {
	"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic",
	"arm,cortex-a7-gic",
};

static int v3_probe(void)
{
	const struct uk_fdt *fdt = plat_fdt();
	uint64_t a, b, sa, sb;
	int off, err;

	off = fdt ? uk_fdt_node_by_compatible(fdt, -1, "arm,gic-v3") : -1;
	if (off < 0)
		return -UK_ENODEV;
	if (uk_fdt_reg(fdt, off, 0, &a, &sa) < 0 ||
	    uk_fdt_reg(fdt, off, 1, &b, &sb) < 0)
		return -UK_EINVAL;
	/* the CPU interface is in system registers */
	if (!(SYSREG_READ(id_aa64pfr0_el1) & (0xfULL << 24)))
		return -UK_ENOTSUP;
	dist = a;
	nr_irqs = dist_lines();
	err = v3_init(b, sb);
	if (err < 0)
		return err;
	gicv3.nr_irqs = nr_irqs;
	return 0;
}

static int v2_probe(void)
{
	const struct uk_fdt *fdt = plat_fdt();
	uint64_t a, b, sa, sb;
	int off = -1;

	for (unsigned int i = 0; fdt && i < UK_ARRAY_SIZE(v2_compat); i++) {
		off = uk_fdt_node_by_compatible(fdt, -1, v2_compat[i]);
		if (off >= 0)
			break;
	}
	if (off < 0)
		return -UK_ENODEV;
	if (uk_fdt_reg(fdt, off, 0, &a, &sa) < 0 ||
	    uk_fdt_reg(fdt, off, 1, &b, &sb) < 0)
		return -UK_EINVAL;
	dist = a;
	cpuif = b;
	nr_irqs = dist_lines();
	v2_init();
	gicv2.nr_irqs = nr_irqs;
	return 0;
}

UKPLAT_DRIVER(gicv3, UKPLAT_DRIVER_IRQCHIP, UKPLAT_DRIVER_PRIO_HW, v3_probe,
	      &gicv3);
UKPLAT_DRIVER(gicv2, UKPLAT_DRIVER_IRQCHIP, UKPLAT_DRIVER_PRIO_HW, v2_probe,
	      &gicv2);
