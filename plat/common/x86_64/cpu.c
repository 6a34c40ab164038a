/* SPDX-License-Identifier: BSD-3-Clause */
/* GDT task segment, IST stacks and the IDT. */
#include <x86/cpu.h>
#include <x86/irq.h>
#include <uk/string.h>
#include <uk/plat/bootstrap.h>
#include <plat/common.h>

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

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

static struct tss tss __aligned(16);
static struct idt_gate idt[256] __aligned(16);
static uint8_t ist_trap[IST_TRAP_SIZE] __aligned(16);
static uint8_t ist_crit[IST_CRIT_SIZE] __aligned(16);

extern uint64_t x86_gdt[];
extern const char x86_trap_stubs[];
#define TRAP_STUB_SIZE	16

static void tss_install(void)
{
	uint64_t base = (uint64_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	tss.ist[X86_IST_TRAP - 1] = (uint64_t)(ist_trap + IST_TRAP_SIZE);
	tss.ist[X86_IST_CRIT - 1] = (uint64_t)(ist_crit + IST_CRIT_SIZE);
	tss.iomap_base = sizeof(tss);
	/* 16-byte system descriptor: type 9 (available 64-bit TSS) */
	x86_gdt[X86_GDT_TSS / 8] = (limit & 0xffff) |
		((base & 0xffffff) << 16) | (0x89ULL << 40) |
		(((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	x86_gdt[X86_GDT_TSS / 8 + 1] = base >> 32;
	__asm__ __volatile__("ltr %w0" : : "r"(X86_GDT_TSS));
}

static int ist_for(int vec)
{
	/* NMI, double fault and machine check get their own stack */
	return (vec == 2 || vec == 8 || vec == 18) ? X86_IST_CRIT
						    : X86_IST_TRAP;
}

static void idt_install(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed ptr = { sizeof(idt) - 1, (uint64_t)idt };

	for (int v = 0; v < 256; v++) {
		uint64_t a = (uint64_t)(x86_trap_stubs + v * TRAP_STUB_SIZE);

		idt[v].offset_lo = a & 0xffff;
		idt[v].selector = X86_GDT_CODE;
		idt[v].ist = ist_for(v);
		idt[v].type = 0x8e;
		idt[v].offset_mid = (a >> 16) & 0xffff;
		idt[v].offset_hi = a >> 32;
	}
	__asm__ __volatile__("lidt %0" : : "m"(ptr));
}

unsigned char x86_fsgsbase;

/*
 * RDFSBASE/WRFSBASE (CPUID.(7,0):EBX[0]), enabled when present: a thread
 * switch reads and writes the FS base with them instead of RDMSR/WRMSR,
 * which cost far more (an exit under KVM, a generic helper under TCG).
 * Applications may use them too, as on Linux 5.9 and later.
 */
static void fsgsbase_enable(void)
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
	tss_install();
	idt_install();
	fsgsbase_enable();
	x86_fpu_init();
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
