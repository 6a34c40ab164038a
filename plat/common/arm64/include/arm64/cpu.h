/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * AArch64 CPU helpers shared by the aarch64 platforms (kvm on QEMU virt,
 * rpi3), and the interface between the architecture code in
 * plat/common/arm64 and a platform.
 *
 * Boot: plat/common/arm64/entry.S drops to EL1, parks the secondary
 * cores, zeroes .bss, installs the vectors, enables FP/ASIMD, builds the
 * identity map from the platform's arm64_plat_boot_map() and turns the
 * MMU and caches on, then calls the platform's arm64_plat_entry() with
 * the x0 the loader passed (a DTB pointer on Linux-style boots, else 0).
 */
#ifndef ARM64_CPU_H
#define ARM64_CPU_H

/* Exception-class values of ESR_EL1 (bits 31:26). */
#define ESR_EC_SHIFT		26
#define ESR_EC_UNKNOWN		0x00
#define ESR_EC_SVC64		0x15
#define ESR_EC_IABT_CUR		0x21
#define ESR_EC_PC_ALIGN		0x22
#define ESR_EC_DABT_CUR		0x25
#define ESR_EC_SP_ALIGN		0x26
#define ESR_EC_BRK64		0x3c

/* Size of struct arm64_regs; a multiple of 16 (the stack alignment). */
#define ARM64_REGS_SIZE		(38 * 8)
#define ARM64_REGS_SP		(31 * 8)
#define ARM64_REGS_ELR		(32 * 8)
#define ARM64_REGS_SPSR		(33 * 8)
#define ARM64_REGS_ESR		(34 * 8)
#define ARM64_REGS_FAR		(35 * 8)
#define ARM64_REGS_FRAME	(36 * 8)

#ifndef __ASSEMBLY__
#include <uk/essentials.h>

/* Registers saved by the exception entry (see vectors.S). */
struct arm64_regs {
	uint64_t x[31];		/* x0..x30 (x30 = lr) */
	uint64_t sp;		/* the interrupted stack pointer */
	uint64_t elr, spsr, esr, far;
	/*
	 * A frame record {interrupted x29, ELR}: x29 points here while the
	 * handler runs, so a backtrace taken inside it goes on through the
	 * interrupted code.
	 */
	uint64_t frame[2];
};
UK_CTASSERT(sizeof(struct arm64_regs) == ARM64_REGS_SIZE);

#define SYSREG_READ(name)						\
	({								\
		uint64_t __v;						\
		__asm__ __volatile__("mrs %0, " #name : "=r"(__v));	\
		__v;							\
	})
#define SYSREG_WRITE(name, v)						\
	__asm__ __volatile__("msr " #name ", %0" : : "r"((uint64_t)(v)))

static inline void isb(void)
{
	__asm__ __volatile__("isb" ::: "memory");
}

static inline void dsb_sy(void)
{
	__asm__ __volatile__("dsb sy" ::: "memory");
}

/* MMIO accessors (device memory; the accesses are never merged). */
static inline uint32_t mmio_read32(uint64_t addr)
{
	uint32_t v;

	__asm__ __volatile__("ldr %w0, [%1]"
			     : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(uint64_t addr, uint32_t v)
{
	__asm__ __volatile__("str %w0, [%1]" : : "rZ"(v), "r"(addr)
			     : "memory");
}

static inline uint8_t mmio_read8(uint64_t addr)
{
	uint8_t v;

	__asm__ __volatile__("ldrb %w0, [%1]"
			     : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write8(uint64_t addr, uint8_t v)
{
	__asm__ __volatile__("strb %w0, [%1]" : : "rZ"(v), "r"(addr)
			     : "memory");
}

/* Cleans and invalidates the data cache lines of [p, p + len). */
void arm64_dcache_flush(const void *p, size_t len);

/* ---- what a platform provides to the architecture code ---- */

#define ARM64_MEM_NORMAL	0	/* RAM: write-back cacheable */
#define ARM64_MEM_DEVICE	1	/* MMIO: device-nGnRE, no execute */

struct arm64_mem_range {
	uint64_t base, len;
	int type;
};

/*
 * The identity map the MMU is turned on with, before any other C code
 * of the platform runs (so it cannot depend on the device tree): RAM as
 * NORMAL, MMIO as DEVICE, everything else unmapped. Ranges are mapped
 * with 1 GiB and 2 MiB blocks, so they should be 2 MiB aligned.
 */
const struct arm64_mem_range *arm64_plat_boot_map(int *count);

/* C entry of the platform (MMU and caches on, on the boot stack). */
void arm64_plat_entry(uint64_t x0) __noreturn;

/* ---- what the architecture code provides to a platform ---- */

/*
 * Removes the NORMAL blocks of the boot map that hold no RAM between
 * [@ram_base, @ram_end) once the platform knows where its RAM is.
 */
void arm64_mmu_trim_ram(uint64_t ram_base, uint64_t ram_end);
/* True when [p, p + len) is mapped as NORMAL memory. */
bool arm64_mmu_is_ram(uint64_t p, uint64_t len);
/* An unmapped gap after the image, kept out of the heap by the boards. */
#define ARM64_HEAP_GAP	0x10000UL

/* Counter value at the entry point; the generic timer's frequency. */
extern uint64_t arm64_boot_cnt;
uint64_t arm64_timer_hz(void);
/*
 * Starts the timer code: @fallback_hz is used when CNTFRQ_EL0 reads 0
 * (firmware that did not set it); @irq is the virtual timer's interrupt
 * number on the platform's interrupt controller.
 */
void arm64_timer_init(uint64_t fallback_hz, unsigned int irq);

/*
 * An interrupt controller driver's ops (UKPLAT_DRIVER_IRQCHIP, see
 * uk/plat/driver.h): numbers are the controller's. ack returns the
 * pending interrupt or ARM64_IRQ_NONE.
 */
#define ARM64_IRQ_NONE		(~0U)
struct arm64_irqchip {
	const char *name;
	unsigned int nr_irqs;
	unsigned int (*ack)(void);
	void (*eoi)(unsigned int irq);
	void (*unmask)(unsigned int irq);
	void (*mask)(unsigned int irq);
	/*
	 * SMP (optional): on a secondary CPU, interrupts masked, sets up
	 * its CPU interface with ARM64_SGI_WAKEUP enabled and returns what
	 * sgi_send needs to reach it; sends SGI @sgi to such a target;
	 * acknowledges and ends every interrupt pending at this CPU.
	 */
	uint64_t (*cpu_init)(void);
	void (*sgi_send)(uint64_t target, unsigned int sgi);
	void (*sgi_clear)(void);
};

/* The SGI that wakes a secondary CPU (plat/common/arm64/smp.c). */
#define ARM64_SGI_WAKEUP	1

/*
 * A semihosting call (semihost.c): operation @op with parameter block
 * @arg; returns what the host answers, or -1 when nobody serves
 * semihosting (arm64_semihost_missing is then set).
 */
long arm64_semihost_call(unsigned long op, void *arg);
extern bool arm64_semihost_missing;

/* Prints a frame-pointer backtrace starting at @pc with frame @fp. */
void arm64_backtrace(uint64_t pc, uint64_t fp);

#endif

#endif /* ARM64_CPU_H */
