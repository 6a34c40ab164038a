/* SPDX-License-Identifier: BSD-3-Clause */
/* x86_64 CPU helpers shared by the x86_64 platforms. */
#ifndef X86_CPU_H
#define X86_CPU_H

#define X86_CR0_PE		(1 << 0)
#define X86_CR0_MP		(1 << 1)
#define X86_CR0_EM		(1 << 2)
#define X86_CR0_TS		(1 << 3)
#define X86_CR0_NE		(1 << 5)
#define X86_CR0_WP		(1 << 16)
#define X86_CR0_PG		(1 << 31)
#define X86_CR4_PAE		(1 << 5)
#define X86_CR4_PGE		(1 << 7)
#define X86_CR4_OSFXSR		(1 << 9)
#define X86_CR4_OSXMMEXCPT	(1 << 10)
#define X86_CR4_FSGSBASE	(1 << 16)
#define X86_CR4_OSXSAVE		(1 << 18)
#define X86_MSR_EFER		0xc0000080
#define X86_EFER_SCE		(1 << 0)
#define X86_EFER_LME		(1 << 8)
#define X86_EFER_NXE		(1 << 11)
#define X86_MSR_STAR		0xc0000081
#define X86_MSR_LSTAR		0xc0000082
#define X86_MSR_FMASK		0xc0000084
#define X86_MSR_FS_BASE		0xc0000100
#define X86_MSR_GS_BASE		0xc0000101

#define X86_GDT_CODE		0x08
#define X86_GDT_DATA		0x10
#define X86_GDT_TSS		0x18

/* IST slots: 1 for exceptions and interrupts, 2 for #DF/NMI/#MC. */
#define X86_IST_TRAP		1
#define X86_IST_CRIT		2

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/* Registers saved by the trap entry, in push order reversed. */
struct x86_regs {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	/* pushed by the CPU */
	uint64_t rip, cs, rflags, rsp, ss;
};

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ __volatile__("wrmsr" : : "c"(msr), "a"((uint32_t)v),
			     "d"((uint32_t)(v >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t *a,
			 uint32_t *b, uint32_t *c, uint32_t *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(sub));
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

/* The 64-bit task state segment: the IST stacks. */
struct x86_tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

/* GDT entries: null, code, data, and the TSS's 16-byte descriptor. */
#define X86_GDT_WORDS		5

/* Sets up the GDT's TSS, the IDT and the IST stacks of the boot CPU. */
void x86_cpu_init(void);
/*
 * Loads GDT @gdt (X86_GDT_WORDS words, a copy of the boot GDT) with its
 * TSS descriptor pointing at @t, whose IST stacks end at @trap_top and
 * @crit_top, the TSS, and the IDT (filled by x86_cpu_init). For each
 * CPU once; @gdt and @t stay in use for good.
 */
void x86_cpu_tables_load(uint64_t *gdt, struct x86_tss *t,
			 uintptr_t trap_top, uintptr_t crit_top);
/* Enables RDFSBASE/WRFSBASE on this CPU when it has them. */
void x86_fsgsbase_enable(void);
/*
 * Unmaps page 0 so that NULL dereferences fault. Call once nothing the
 * loader left in page 0 is needed any more.
 */
void x86_mmu_guard_page0(void);
/*
 * Memory the heap never gets: the first megabyte (unmapped once the
 * drivers probed) and a gap after the image (unmapped at once).
 */
#define X86_LOW_END	0x100000UL
#define X86_HEAP_GAP	0x10000UL
/*
 * Identity-maps RAM [@base, @end) above the boot map's 4 GiB (with 1 GiB
 * pages) and returns the end of the part that is mapped now: @end, or
 * less when the CPU has no 1 GiB pages (then @base) or beyond 512 GiB.
 */
uint64_t x86_mmu_map_ram(uint64_t base, uint64_t end);
/* Enables the SYSCALL instruction entry (libuk/syscall). */
void x86_syscall_init(void);
/* Prints a crash report for a trap and terminates. */
void x86_trap_crash(struct x86_regs *regs) __noreturn;
/* Prints a frame-pointer backtrace starting at @rbp. */
void x86_backtrace(uint64_t rip, uint64_t rbp);
/* TSC: ticks at boot entry, and the calibrated frequency (lazy). */
extern uint64_t x86_boot_tsc;
/* 1 when CR4.FSGSBASE is on: RDFSBASE/WRFSBASE may be used */
extern unsigned char x86_fsgsbase;
uint64_t x86_tsc_hz(void);
#endif

#endif /* X86_CPU_H */
