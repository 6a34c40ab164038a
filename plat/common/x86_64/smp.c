/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_64's secondary CPUs (plat/smp.h), with --enable-smp.
 *
 * Enumeration: the local APICs of ACPI's MADT (processor local APIC and
 * local x2APIC entries, enabled ones only); CPU 0 is the boot CPU, the
 * others are numbered in MADT order. Without a MADT there is one CPU.
 *
 * Per-CPU data: the GS base of every CPU points at its struct plat_cpu
 * (self pointer first), from x86_cpu_init on for CPU 0. So the GS base
 * belongs to the kernel: arch_prctl(ARCH_SET_GS) is refused.
 *
 * Start-up (a PLAT init call, after W^X and before the first megabyte
 * is unmapped): one CPU at a time, INIT then up to two start-up IPIs
 * (SDM 8.4.4.1) at the code of smp_boot.S, copied to TRAMPOLINE_PAGE.
 * The page is borrowed: its contents are saved first and put back when
 * every CPU has answered or been given up. A CPU that does not reach its
 * C entry within START_TIMEOUT_NS is sent INIT again (back to waiting
 * for a start-up IPI), reported, and left out; its stacks are not freed.
 *
 * A started CPU gets its own stack, IST stacks, GDT and TSS, the boot
 * CPU's control registers, XCR0 and system call MSRs, its local APIC
 * enabled, and then serves ukplat_cpu_run (plat/common/smp.c):
 * interrupts masked but in `sti; hlt`, where only X86_VEC_WAKEUP comes
 * (no device interrupt and no timer is routed to it), so it runs no
 * handler but the wake-up's EOI. The page tables are shared; nothing
 * flushes other CPUs' TLBs yet, so a function run there must not touch
 * memory whose mapping changes (no shootdown).
 */
#include <plat/smp.h>
#include <uk/plat/time.h>
#include <uk/plat/paging.h>
#include <uk/plat/irq.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <x86/cpu.h>
#include <x86/irq.h>
#include <x86/smp.h>
#include <acpi/acpi.h>

#define TRAMPOLINE_PAGE		0x8000UL	/* start-up IPI vector 0x08 */
#define STACK_SIZE		(16 * 1024)
#define IST_TRAP_SIZE		(16 * 1024)
#define IST_CRIT_SIZE		(8 * 1024)
#define START_TIMEOUT_NS	(10 * UKPLAT_NSEC_PER_SEC)
#define SIPI_RETRY_NS		(10 * 1000 * 1000)
#define INIT_WAIT_NS		(10 * 1000 * 1000)

#define MADT_LAPIC		0
#define MADT_X2APIC		9
#define MADT_ENABLED		1

#define MSR_PAT			0x277
#define EFER_LMA		(1 << 10)

UK_CTASSERT(X86_SMP_TR_SIZE % 8 == 0);
UK_CTASSERT(offsetof(struct plat_cpu, self) == 0);

extern uint64_t x86_gdt[];
extern uint64_t x86_pml4[];

/* What every CPU copies from the boot CPU. */
static struct {
	uint64_t cr4, xcr0, star, lstar, fmask, pat;
} boot_regs;
/* the start-up page's data block, while CPUs are started */
static uint64_t *tr_data;

void x86_smp_boot_cpu(void)
{
	wrmsr(X86_MSR_GS_BASE, (uint64_t)plat_cpu(0));
}

unsigned int ukplat_cpu_id(void)
{
	unsigned int id;

	__asm__ __volatile__("movl %%gs:%c1, %0"
			     : "=r"(id) : "i"(offsetof(struct plat_cpu, id)));
	return id;
}

/* The enabled local APICs of the MADT, the boot CPU's first. */
static void madt_scan(void)
{
	const struct acpi_header *madt = acpi_table_find("APIC");
	const uint8_t *p, *end;
	uint32_t id, flags;

	plat_cpu_boot_hwid(x86_apic_id());
	if (!madt)
		return;
	p = (const uint8_t *)(madt + 1) + 8;	/* local APIC address, flags */
	end = (const uint8_t *)madt + madt->length;
	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		if (p[0] == MADT_LAPIC && p[1] >= 8) {
			id = p[3];
			uk_memcpy(&flags, p + 4, 4);
			if (flags & MADT_ENABLED)
				plat_cpu_add(id);
		} else if (p[0] == MADT_X2APIC && p[1] >= 16) {
			uk_memcpy(&id, p + 4, 4);
			uk_memcpy(&flags, p + 8, 4);
			if (flags & MADT_ENABLED)
				plat_cpu_add(id);
		}
		p += p[1];
	}
}

void arch_cpu_park(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

void arch_cpu_wait(void)
{
	/* a wake-up sent before the hlt ends it at once */
	__asm__ __volatile__("sti; hlt; cli" ::: "memory");
}

int arch_cpu_wake(struct plat_cpu *c)
{
	return x86_apic_ipi(c->hwid, X86_ICR_LEVEL_ASSERT | X86_VEC_WAKEUP);
}

static uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%cr0, %0" : "=r"(v));
	return v;
}

static uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%cr4, %0" : "=r"(v));
	return v;
}

/*
 * The C entry of a secondary CPU, from smp_boot.S: long mode, the boot
 * CPU's page tables, interrupts masked, on the stack arch_cpu_start gave.
 */
static void __noreturn ap_entry(struct plat_cpu *c)
{
	uint8_t *ist = c->arch.stacks + STACK_SIZE;

	wrmsr(X86_MSR_GS_BASE, (uint64_t)c);
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(boot_regs.cr4));
	if (boot_regs.cr4 & X86_CR4_OSXSAVE)
		__asm__ __volatile__("xsetbv" : : "c"(0),
				     "a"((uint32_t)boot_regs.xcr0),
				     "d"((uint32_t)(boot_regs.xcr0 >> 32)));
	__asm__ __volatile__("fninit");
	uk_memcpy(c->arch.gdt, x86_gdt, sizeof(c->arch.gdt));
	x86_cpu_tables_load(c->arch.gdt, &c->arch.tss,
			    (uintptr_t)ist + IST_TRAP_SIZE,
			    (uintptr_t)ist + IST_TRAP_SIZE + IST_CRIT_SIZE);
	wrmsr(X86_MSR_STAR, boot_regs.star);
	wrmsr(X86_MSR_LSTAR, boot_regs.lstar);
	wrmsr(X86_MSR_FMASK, boot_regs.fmask);
	wrmsr(MSR_PAT, boot_regs.pat);
	x86_apic_init();
	plat_cpu_serve(c);
}

static void delay(uint64_t ns)
{
	uint64_t end = ukplat_monotonic_clock() + ns;

	while (ukplat_monotonic_clock() < end)
		uk_cpu_relax();
}

/* INIT, then start-up IPIs until @c answers or the time is up. */
int arch_cpu_start(struct plat_cpu *c)
{
	uint32_t sipi = X86_ICR_STARTUP | (TRAMPOLINE_PAGE >> 12);
	uint32_t init = X86_ICR_INIT | X86_ICR_LEVEL_TRIGGER;
	uint64_t end;
	int rc;

	c->arch.stacks = uk_memalign(uk_alloc_get_default(), 16,
				     STACK_SIZE + IST_TRAP_SIZE +
				     IST_CRIT_SIZE);
	if (!c->arch.stacks)
		return -UK_ENOMEM;
	tr_data[X86_SMP_TR_STACK / 8] = (uint64_t)c->arch.stacks + STACK_SIZE;
	tr_data[X86_SMP_TR_ARG / 8] = (uint64_t)c;

	rc = x86_apic_ipi(c->hwid, init | X86_ICR_LEVEL_ASSERT);
	if (rc)
		goto out_fail;
	x86_apic_ipi(c->hwid, init);	/* de-assert (older CPUs need it) */
	delay(INIT_WAIT_NS);
	end = ukplat_monotonic_clock() + START_TIMEOUT_NS;
	for (int n = 0; n < 2; n++) {
		if (!plat_cpu_refused(c)) {
			rc = x86_apic_ipi(c->hwid, sipi);
			if (rc)
				goto out_fail;
		}
		if (plat_cpu_wait_online(c, SIPI_RETRY_NS))
			return 0;
	}
	if (plat_cpu_wait_online(c, end - ukplat_monotonic_clock()))
		return 0;
	rc = -UK_ETIMEDOUT;
out_fail:
	if (!plat_cpu_give_up(c))
		return 0;	/* it just made it */
	/* late or never: back to waiting for a start-up IPI, for good */
	x86_apic_ipi(c->hwid, init | X86_ICR_LEVEL_ASSERT);
	return rc;
}

static void boot_regs_save(uint64_t *data)
{
	uint32_t lo, hi;

	boot_regs.cr4 = read_cr4();
	if (boot_regs.cr4 & X86_CR4_OSXSAVE) {
		__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
		boot_regs.xcr0 = ((uint64_t)hi << 32) | lo;
	}
	boot_regs.star = rdmsr(X86_MSR_STAR);
	boot_regs.lstar = rdmsr(X86_MSR_LSTAR);
	boot_regs.fmask = rdmsr(X86_MSR_FMASK);
	boot_regs.pat = rdmsr(MSR_PAT);
	data[X86_SMP_TR_CR3 / 8] = (uint64_t)x86_pml4;
	data[X86_SMP_TR_EFER / 8] = rdmsr(X86_MSR_EFER) & ~EFER_LMA;
	data[X86_SMP_TR_CR0 / 8] = read_cr0();
	data[X86_SMP_TR_ENTRY / 8] = (uint64_t)ap_entry;
}

static int smp_init(void)
{
	static uint8_t saved[UK_PAGE_SIZE];
	size_t len = x86_smp_trampoline_end - x86_smp_trampoline;
	uint8_t *page = (uint8_t *)TRAMPOLINE_PAGE;
	int rc;

	madt_scan();
	if (ukplat_cpu_found() == 1)
		return 0;
	if (len > UK_PAGE_SIZE) {
		uk_pr_err("SMP: start-up code of %zu bytes: one CPU\n", len);
		return 0;
	}
	rc = ukplat_page_protect(TRAMPOLINE_PAGE, UK_PAGE_SIZE,
				 UKPLAT_PROT_READ | UKPLAT_PROT_WRITE |
				 UKPLAT_PROT_EXEC);
	if (rc) {
		uk_pr_err("SMP: no start-up page (%d): one CPU\n", rc);
		return 0;
	}
	uk_memcpy(saved, page, sizeof(saved));
	uk_memcpy(page, x86_smp_trampoline, len);
	tr_data = (uint64_t *)(page + len - X86_SMP_TR_SIZE);
	boot_regs_save(tr_data);
	plat_smp_start();
	uk_memcpy(page, saved, sizeof(saved));
	ukplat_page_protect(TRAMPOLINE_PAGE, UK_PAGE_SIZE,
			    UKPLAT_PROT_READ | UKPLAT_PROT_WRITE);
	return 0;
}
uk_plat_initcall(smp_init);
