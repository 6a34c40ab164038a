/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What plat/common gives the boards and the drivers (inside plat/ only):
 * the boot information a board fills from its boot protocol, and the
 * few CPU operations the common dispatch needs from plat/common/ARCH.
 */
#ifndef PLAT_COMMON_H
#define PLAT_COMMON_H

#include <uk/essentials.h>

/* ---- boot information (bootinfo.c), filled by the board ---- */

struct uk_fdt;

/*
 * Records region [@base, @base + @len) of @type (UKPLAT_MEMRT_...) as it
 * is, for ukplat_memregion_get(). A full table drops it with a warning.
 */
void plat_memregion_add(uint64_t base, uint64_t len, int type,
			const char *name);
/*
 * Records [@base, @base + @len), rounded out to pages, as a region that
 * is not free (the image, a DTB, firmware reservations).
 */
void plat_mem_reserve(uint64_t base, uint64_t len, int type,
		      const char *name);
/*
 * Adds RAM [@base, @base + @len), rounded in to pages, as free regions,
 * minus page 0 and the page-rounded extent of every region that is not
 * free and was recorded before.
 */
void plat_mem_add_ram(uint64_t base, uint64_t len);

/*
 * The command line: @s itself, which must stay valid and unchanged
 * (plat_cmdline_set), or a copy of its first @len bytes, truncated with
 * a warning to what the platform keeps (plat_cmdline_copy).
 */
void plat_cmdline_set(const char *s);
void plat_cmdline_copy(const char *s, size_t len);

/* The device tree the board found, for the drivers; NULL without one. */
void plat_fdt_set(const struct uk_fdt *fdt);
const struct uk_fdt *plat_fdt(void);

/*
 * A device at a fixed address, for a board that knows it without a
 * device tree (a SoC's UART): @compatible as in a device tree, and what
 * its driver needs (0 where a field does not apply).
 */
struct plat_fixed_dev {
	const char *compatible;
	uint64_t base;
	uint32_t clock_hz;
	uint32_t baud;
};
/* The board's fixed devices (@devs stays valid); call before probing. */
void plat_fixed_devs_set(const struct plat_fixed_dev *devs, int n);
/* The fixed device compatible with @compatible, or NULL. */
const struct plat_fixed_dev *plat_fixed_dev(const char *compatible);

/* ---- the CPU (plat/common/ARCH) ---- */

/* Masks every interrupt (and, on arm64, every asynchronous exception). */
void ukarch_irq_mask_all(void);
/* Stops the CPU for good, interrupts masked. */
void ukarch_stop(void) __noreturn;
/*
 * The CPU's counter since platform entry (TSC on x86_64, CNTVCT on
 * aarch64): readable from the first instruction, before any clock
 * driver binds; for the boot chart (bootchart.c). The conversion to
 * nanoseconds is valid once the platform set up its timer.
 */
uint64_t plat_boot_ticks(void);
uint64_t plat_boot_ticks_to_ns(uint64_t ticks);

/* ---- faults of the application's code (fault.c) ---- */

struct ukplat_syscall_regs;
struct ukplat_fault;
/* True when a fault at @pc is the application's and a hook is set. */
bool plat_fault_is_app(unsigned long pc);
/*
 * For a fault at @pc: when plat_fault_is_app(), the hook's answer (true:
 * resume @r); false otherwise (a kernel crash).
 */
bool plat_fault_to_app(unsigned long pc, struct ukplat_syscall_regs *r,
		       const struct ukplat_fault *f);

#endif /* PLAT_COMMON_H */
