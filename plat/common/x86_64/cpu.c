/* SPDX-License-Identifier: BSD-3-Clause */
/* GDT task segment, IST stacks and the IDT. */
#include <x86/cpu.h>
#include <x86/irq.h>
#include <x86/smp.h>
#include <uk/string.h>
#include <uk/plat/bootstrap.h>
#include <plat/common.h>

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;		/* 0x8e: present, DPL 0, interrupt gate */
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

#define IST_TRAP_SIZE	(16 * 1024)
#define IST_CRIT_SIZE	(8 * 1024)

static struct x86_tss tss __aligned(16);
static struct idt_gate idt[256] __aligned(16);
static uint8_t ist_trap[IST_TRAP_SIZE] __aligned(16);
static uint8_t ist_crit[IST_CRIT_SIZE] __aligned(16);

extern uint64_t x86_gdt[];
extern const char x86_trap_stubs[];
#define TRAP_STUB_SIZE	16

void x86_cpu_tables_load(uint64_t *gdt, struct x86_tss *t,
			 uintptr_t trap_top, uintptr_t crit_top)
{
	uint64_t base = (uint64_t)t;
	uint64_t limit = sizeof(*t) - 1;
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed gdtr = { X86_GDT_WORDS * 8 - 1, (uint64_t)gdt },
		 idtr = { sizeof(idt) - 1, (uint64_t)idt };

	t->ist[X86_IST_TRAP - 1] = trap_top;
	t->ist[X86_IST_CRIT - 1] = crit_top;
	t->iomap_base = sizeof(*t);
	/* 16-byte system descriptor: type 9 (available 64-bit TSS) */
	gdt[X86_GDT_TSS / 8] = (limit & 0xffff) |
		((base & 0xffffff) << 16) | (0x89ULL << 40) |
		(((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[X86_GDT_TSS / 8 + 1] = base >> 32;
	__asm__ __volatile__("lgdt %0" : : "m"(gdtr));
	__asm__ __volatile__("ltr %w0" : : "r"(X86_GDT_TSS));
	__asm__ __volatile__("lidt %0" : : "m"(idtr));
}

static int ist_for(int vec)
{
	/* NMI, double fault and machine check get their own stack */
	return (vec == 2 || vec == 8 || vec == 18) ? X86_IST_CRIT
						    : X86_IST_TRAP;
}

static void idt_fill(void)
{
	for (int v = 0; v < 256; v++) {
		uint64_t a = (uint64_t)(x86_trap_stubs + v * TRAP_STUB_SIZE);

		idt[v].offset_lo = a & 0xffff;
		idt[v].selector = X86_GDT_CODE;
		idt[v].ist = ist_for(v);
		idt[v].type = 0x8e;
		idt[v].offset_mid = (a >> 16) & 0xffff;
		idt[v].offset_hi = a >> 32;
	}
}

unsigned char x86_fsgsbase;

/*
 * RDFSBASE/WRFSBASE (CPUID.(7,0):EBX[0]), enabled when present: a thread
 * switch reads and writes the FS base with them instead of RDMSR/WRMSR,
 * which cost far more (an exit under KVM, a generic helper under TCG).
 * Applications may use them too, as on Linux 5.9 and later.
 */
void x86_fsgsbase_enable(void)
{
	uint32_t a, b, c, d;
	unsigned long cr4;

	cpuid(0, 0, &a, &b, &c, &d);
	if (a < 7)
		return;
	cpuid(7, 0, &a, &b, &c, &d);
	if (!(b & 1))
		return;
	__asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
	__asm__ __volatile__("mov %0, %%cr4" : : "r"(cr4 | X86_CR4_FSGSBASE));
	x86_fsgsbase = 1;
}

void x86_cpu_init(void)
{
	idt_fill();
	x86_cpu_tables_load(x86_gdt, &tss, (uintptr_t)(ist_trap + IST_TRAP_SIZE),
			    (uintptr_t)(ist_crit + IST_CRIT_SIZE));
	x86_fsgsbase_enable();
	x86_fpu_init();
	x86_smp_boot_cpu();
}

/* AT_HWCAP on x86_64 is CPUID.1:EDX, as Linux reports it. */
unsigned long ukarch_hwcap(void);
unsigned long ukarch_hwcap(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return d;
}

void ukplat_halt(void)
{
	__asm__ __volatile__("sti; hlt; cli");
}

void ukarch_irq_mask_all(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

void ukarch_stop(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt");
}
