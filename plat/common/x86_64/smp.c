/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The secondary CPUs (uk/plat/smp.h), with --enable-smp.
 *
 * Enumeration: the local APICs of ACPI's MADT (processor local APIC and
 * local x2APIC entries, enabled ones only); CPU 0 is the boot CPU, the
 * others are numbered in MADT order. Without a MADT there is one CPU.
 *
 * Per-CPU data: the GS base of every CPU points at its struct percpu
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
 * enabled, and then waits for a function to run (ukplat_cpu_run):
 * interrupts masked but in `sti; hlt`, where only X86_VEC_WAKEUP comes
 * (no device interrupt and no timer is routed to it), so it runs no
 * handler but the wake-up's EOI. The page tables are shared; nothing
 * flushes other CPUs' TLBs yet, so a function run there must not touch
 * memory whose mapping changes (no shootdown).
 */
#include <uk/plat/smp.h>
#include <uk/plat/time.h>
#include <uk/plat/paging.h>
#include <uk/plat/irq.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/param.h>
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
#define START_TIMEOUT_NS	(5 * UKPLAT_NSEC_PER_SEC)
#define SIPI_RETRY_NS		(10 * 1000 * 1000)
#define INIT_WAIT_NS		(10 * 1000 * 1000)

#define MADT_LAPIC		0
#define MADT_X2APIC		9
#define MADT_ENABLED		1

#define MSR_PAT			0x277
#define EFER_LMA		(1 << 10)

UK_CTASSERT(X86_SMP_TR_SIZE % 8 == 0);

enum { CPU_OFF, CPU_STARTING, CPU_ONLINE, CPU_FAILED };

/* ukplat_cpu_run's mailbox: idle, claimed by a caller, ready to run */
enum { CALL_IDLE, CALL_CLAIMED, CALL_READY };

struct percpu {
	struct percpu *self;		/* %gs:0 */
	unsigned int id;
	uint32_t apic_id;
	int state;			/* CPU_...; atomic */
	int call;			/* CALL_...; atomic */
	void (*fn)(void *);		/* written in CALL_CLAIMED only */
	void *arg;
	uint64_t gdt[X86_GDT_WORDS] __aligned(16);
	struct x86_tss tss __aligned(16);
};

static struct percpu cpus[UKPLAT_CPU_MAX];
static unsigned int found = 1;
static unsigned int online = 1;
extern uint64_t x86_gdt[];
extern uint64_t x86_pml4[];

/* What every CPU copies from the boot CPU. */
static struct {
	uint64_t cr4, xcr0, star, lstar, fmask, pat;
} boot_regs;

static uint64_t max_cpus;
UK_PARAM_U64_MAX(smp, max_cpus, max_cpus, UKPLAT_CPU_MAX,
		 "start at most this many CPUs, CPU 0 included (0: all)");
static uint64_t refuse;
UK_PARAM_U64_MAX(smp, refuse, refuse, UKPLAT_CPU_MAX - 1,
		 "for tests: CPU N gets no start-up IPI, so fails to start (0: none)");

void x86_smp_boot_cpu(void)
{
	cpus[0].self = &cpus[0];
	cpus[0].state = CPU_ONLINE;
	wrmsr(X86_MSR_GS_BASE, (uint64_t)&cpus[0]);
}

unsigned int ukplat_cpu_id(void)
{
	unsigned int id;

	__asm__ __volatile__("movl %%gs:%c1, %0"
			     : "=r"(id) : "i"(offsetof(struct percpu, id)));
	return id;
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
	       CPU_ONLINE;
}

/* Adds the CPU with local APIC ID @apic_id, unless known or too many. */
static void cpu_add(uint32_t apic_id)
{
	for (unsigned int i = 0; i < found; i++)
		if (cpus[i].apic_id == apic_id)
			return;
	if (found == UKPLAT_CPU_MAX) {
		uk_pr_warn("CPU with APIC ID %u ignored: at most %u CPUs\n",
			   apic_id, UKPLAT_CPU_MAX);
		return;
	}
	cpus[found].self = &cpus[found];
	cpus[found].id = found;
	cpus[found].apic_id = apic_id;
	found++;
}

/* The enabled local APICs of the MADT, the boot CPU's first. */
static void madt_scan(void)
{
	const struct acpi_header *madt = acpi_table_find("APIC");
	const uint8_t *p, *end;
	uint32_t id, flags;

	cpus[0].apic_id = x86_apic_id();
	if (!madt)
		return;
	p = (const uint8_t *)(madt + 1) + 8;	/* local APIC address, flags */
	end = (const uint8_t *)madt + madt->length;
	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		if (p[0] == MADT_LAPIC && p[1] >= 8) {
			id = p[3];
			uk_memcpy(&flags, p + 4, 4);
			if (flags & MADT_ENABLED)
				cpu_add(id);
		} else if (p[0] == MADT_X2APIC && p[1] >= 16) {
			uk_memcpy(&id, p + 4, 4);
			uk_memcpy(&flags, p + 8, 4);
			if (flags & MADT_ENABLED)
				cpu_add(id);
		}
		p += p[1];
	}
}

/* A secondary CPU's life once started: runs the functions it is given. */
static void __noreturn serve(struct percpu *c)
{
	for (;;) {
		if (__atomic_load_n(&c->call, __ATOMIC_ACQUIRE) == CALL_READY) {
			c->fn(c->arg);
			__atomic_store_n(&c->call, CALL_IDLE, __ATOMIC_RELEASE);
			continue;
		}
		/* a wake-up sent after the check ends the hlt at once */
		__asm__ __volatile__("sti; hlt; cli" ::: "memory");
	}
}

static void park(void) __noreturn;
static void park(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}

int ukplat_cpu_run(unsigned int cpu, void (*fn)(void *), void *arg)
{
	struct percpu *c;
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
	return x86_apic_ipi(c->apic_id, X86_ICR_LEVEL_ASSERT | X86_VEC_WAKEUP);
}

bool ukplat_cpu_busy(unsigned int cpu)
{
	return cpu < found &&
	       __atomic_load_n(&cpus[cpu].call, __ATOMIC_ACQUIRE) != CALL_IDLE;
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
 * CPU's page tables, interrupts masked, on the stack smp_start gave.
 */
static void __noreturn ap_entry(struct percpu *c)
{
	uint8_t *ist = (uint8_t *)c->tss.rsp[0];
	int starting = CPU_STARTING;

	wrmsr(X86_MSR_GS_BASE, (uint64_t)c);
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(boot_regs.cr4));
	if (boot_regs.cr4 & X86_CR4_OSXSAVE)
		__asm__ __volatile__("xsetbv" : : "c"(0),
				     "a"((uint32_t)boot_regs.xcr0),
				     "d"((uint32_t)(boot_regs.xcr0 >> 32)));
	__asm__ __volatile__("fninit");
	uk_memcpy(c->gdt, x86_gdt, sizeof(c->gdt));
	x86_cpu_tables_load(c->gdt, &c->tss, (uintptr_t)ist + IST_TRAP_SIZE,
			    (uintptr_t)ist + IST_TRAP_SIZE + IST_CRIT_SIZE);
	wrmsr(X86_MSR_STAR, boot_regs.star);
	wrmsr(X86_MSR_LSTAR, boot_regs.lstar);
	wrmsr(X86_MSR_FMASK, boot_regs.fmask);
	wrmsr(MSR_PAT, boot_regs.pat);
	x86_apic_init();
	/* too late (the boot CPU gave up on this one): stay out */
	if (__atomic_compare_exchange_n(&c->state, &starting, CPU_ONLINE,
					false, __ATOMIC_RELEASE,
					__ATOMIC_RELAXED))
		serve(c);
	park();
}

/* Busy-waits until @c leaves CPU_STARTING or @ns pass; true if online. */
static bool wait_online(struct percpu *c, uint64_t ns)
{
	uint64_t end = ukplat_monotonic_clock() + ns;

	do {
		if (__atomic_load_n(&c->state, __ATOMIC_ACQUIRE) == CPU_ONLINE)
			return true;
		uk_cpu_relax();
	} while (ukplat_monotonic_clock() < end);
	return false;
}

static void delay(uint64_t ns)
{
	uint64_t end = ukplat_monotonic_clock() + ns;

	while (ukplat_monotonic_clock() < end)
		uk_cpu_relax();
}

/* INIT, then start-up IPIs until @c answers or the time is up. */
static int cpu_start(struct percpu *c, uint64_t *data)
{
	uint32_t sipi = X86_ICR_STARTUP | (TRAMPOLINE_PAGE >> 12);
	uint8_t *mem = uk_memalign(uk_alloc_get_default(), 16,
				   STACK_SIZE + IST_TRAP_SIZE + IST_CRIT_SIZE);
	uint64_t end;
	int rc;

	if (!mem)
		return -UK_ENOMEM;
	/* the IST stacks' base, for ap_entry; rsp[0] is never used */
	c->tss.rsp[0] = (uint64_t)(mem + STACK_SIZE);
	data[X86_SMP_TR_STACK / 8] = (uint64_t)(mem + STACK_SIZE);
	data[X86_SMP_TR_ARG / 8] = (uint64_t)c;
	__atomic_store_n(&c->state, CPU_STARTING, __ATOMIC_RELEASE);

	rc = x86_apic_ipi(c->apic_id, X86_ICR_INIT | X86_ICR_LEVEL_ASSERT |
			  X86_ICR_LEVEL_TRIGGER);
	if (rc)
		goto out_fail;
	x86_apic_ipi(c->apic_id, X86_ICR_INIT | X86_ICR_LEVEL_TRIGGER);
	delay(INIT_WAIT_NS);
	end = ukplat_monotonic_clock() + START_TIMEOUT_NS;
	for (int n = 0; n < 2; n++) {
		if (c->id != refuse) {
			rc = x86_apic_ipi(c->apic_id, sipi);
			if (rc)
				goto out_fail;
		}
		if (wait_online(c, SIPI_RETRY_NS))
			return 0;
	}
	if (wait_online(c, end - ukplat_monotonic_clock()))
		return 0;
	rc = -UK_ETIMEDOUT;
out_fail:
	/* late or never: back to waiting for a start-up IPI, for good */
	__atomic_store_n(&c->state, CPU_FAILED, __ATOMIC_RELEASE);
	x86_apic_ipi(c->apic_id, X86_ICR_INIT | X86_ICR_LEVEL_ASSERT |
		     X86_ICR_LEVEL_TRIGGER);
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

static void start_all(unsigned int n)
{
	static uint8_t saved[UK_PAGE_SIZE];
	size_t len = x86_smp_trampoline_end - x86_smp_trampoline;
	uint8_t *page = (uint8_t *)TRAMPOLINE_PAGE;
	uint64_t *data = (uint64_t *)(page + len - X86_SMP_TR_SIZE);
	int rc;

	if (len > UK_PAGE_SIZE) {
		uk_pr_err("SMP: start-up code of %zu bytes: one CPU\n", len);
		return;
	}
	rc = ukplat_page_protect(TRAMPOLINE_PAGE, UK_PAGE_SIZE,
				 UKPLAT_PROT_READ | UKPLAT_PROT_WRITE |
				 UKPLAT_PROT_EXEC);
	if (rc) {
		uk_pr_err("SMP: no start-up page (%d): one CPU\n", rc);
		return;
	}
	uk_memcpy(saved, page, sizeof(saved));
	uk_memcpy(page, x86_smp_trampoline, len);
	boot_regs_save(data);
	for (unsigned int i = 1; i < n; i++) {
		rc = cpu_start(&cpus[i], data);
		if (!rc) {
			__atomic_add_fetch(&online, 1, __ATOMIC_RELEASE);
			continue;
		}
		uk_pr_err("SMP: CPU %u (APIC ID %u) did not start (%d): left out\n",
			  i, cpus[i].apic_id, rc);
	}
	uk_memcpy(page, saved, sizeof(saved));
	ukplat_page_protect(TRAMPOLINE_PAGE, UK_PAGE_SIZE,
			    UKPLAT_PROT_READ | UKPLAT_PROT_WRITE);
}

static int smp_init(void)
{
	unsigned int n;

	madt_scan();
	n = max_cpus && max_cpus < found ? (unsigned int)max_cpus : found;
	if (n > 1)
		start_all(n);
	uk_pr_info("SMP: %u of %u CPUs online\n", online, found);
	return 0;
}
uk_plat_initcall(smp_init);
