/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * aarch64-rpi3 early C. The firmware (or QEMU's raspi3b) loads the image
 * at 0x80000. The UART pins and clock are set up as on the board; the
 * memory size comes from the VideoCore (ARM memory tag), not from a
 * constant. A device tree, when there is one (the board's firmware
 * passes it in x0; QEMU puts a -dtb at address 0 for an ELF image),
 * only gives the command line (/chosen/bootargs) and reservations.
 */
#include <arm64/cpu.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/driver.h>
#include <uk/plat/memory.h>
#include <uk/plat/paging.h>
#include <uk/fdt.h>
#include <uk/print.h>
#include <uk/assert.h>
#include <plat/common.h>
#include "rpi3.h"

#define GPFSEL1		(RPI3_GPIO_BASE + 0x04)
#define GPPUD		(RPI3_GPIO_BASE + 0x94)
#define GPPUDCLK0	(RPI3_GPIO_BASE + 0x98)
#define GPIO_ALT0	4
#define UART_CLOCK_HZ	48000000
#define UART_BAUD	115200
#define DTB_MAX_SIZE	(1 * UK_MiB)
/* the generic timer's clock on the BCM2837 (a 19.2 MHz crystal) */
#define TIMER_HZ	19200000

extern char __uk_image_start[], __uk_image_end[];

/*
 * RAM below the peripherals (the VideoCore's share at its top is mapped
 * too, but never given to the allocator), the peripherals and the
 * BCM2836 local block as device memory.
 */
static const struct arm64_mem_range boot_map[] = {
	{ 0, RPI3_PERIPH_BASE, ARM64_MEM_NORMAL },
	{ RPI3_PERIPH_BASE, RPI3_PERIPH_SIZE, ARM64_MEM_DEVICE },
	{ RPI3_LOCAL_BASE, UK_GiB, ARM64_MEM_DEVICE },
};

static struct uk_fdt fdt;
static bool have_fdt;

/* The SoC's devices, for the drivers of the board's list. */
static struct plat_fixed_dev devs[] = {
	{ .compatible = "arm,pl011", .base = RPI3_UART0_BASE,
	  .baud = UART_BAUD },
	{ .compatible = "brcm,bcm2836-l1-intc", .base = RPI3_LOCAL_BASE },
	{ .compatible = "brcm,bcm2835-pm-wdt", .base = RPI3_PM_BASE },
};

const struct arm64_mem_range *arm64_plat_boot_map(int *count)
{
	*count = UK_ARRAY_SIZE(boot_map);
	return boot_map;
}

static void delay(int cycles)
{
	while (cycles--)
		__asm__ __volatile__("nop");
}

/*
 * GPIO 14/15 to ALT0 (TXD0/RXD0), pulls off; the UART clock at 48 MHz,
 * given to the PL011 driver with the UART.
 */
static void uart_init(void)
{
	uint32_t sel = mmio_read32(GPFSEL1), clk[3] = { MBOX_CLOCK_UART,
						       UART_CLOCK_HZ, 0 };

	sel &= ~((7U << 12) | (7U << 15));
	sel |= (GPIO_ALT0 << 12) | (GPIO_ALT0 << 15);
	mmio_write32(GPFSEL1, sel);
	mmio_write32(GPPUD, 0);
	delay(150);
	mmio_write32(GPPUDCLK0, (1U << 14) | (1U << 15));
	delay(150);
	mmio_write32(GPPUDCLK0, 0);
	if (rpi3_mbox_property(MBOX_TAG_SET_CLOCK_RATE, clk, 3, 3) < 0)
		clk[1] = UART_CLOCK_HZ;	/* the firmware's default */
	devs[0].clock_hz = clk[1] ? clk[1] : UART_CLOCK_HZ;
}

static void dtb_find(uint64_t x0)
{
	/* x0 == 0 is also where QEMU puts a -dtb for an ELF image */
	uint64_t p = x0, max;

	if (!arm64_mmu_is_ram(p, 64))
		return;
	max = UK_MIN(DTB_MAX_SIZE, RPI3_PERIPH_BASE - p);
	if (p < (uint64_t)__uk_image_start)
		max = UK_MIN(max, (uint64_t)__uk_image_start - p);
	have_fdt = uk_fdt_init(&fdt, (const void *)p, max) == 0;
}

static void cmdline_init(void)
{
	int len, chosen;
	const char *args;

	if (!have_fdt)
		return;
	chosen = uk_fdt_path_offset(&fdt, "/chosen");
	args = chosen >= 0 ? uk_fdt_getprop(&fdt, chosen, "bootargs", &len)
			   : NULL;
	if (args && len > 0)
		plat_cmdline_copy(args, args[len - 1] ? len : len - 1);
}

static void memory_init(void)
{
	uint32_t mem[2];
	uint64_t base, size;
	int err;

	plat_mem_reserve((uint64_t)__uk_image_start,
			  __uk_image_end - __uk_image_start,
			  UKPLAT_MEMRT_KERNEL, "image");
	/* unmapped after boot (plat/common/arm64/mmu.c) */
	plat_mem_reserve(UK_ALIGN_UP((uint64_t)__uk_image_end, UK_PAGE_SIZE),
			  ARM64_HEAP_GAP, UKPLAT_MEMRT_RESERVED, "gap");
	if (have_fdt) {
		plat_mem_reserve((uint64_t)fdt.blob, uk_fdt_used_size(&fdt),
				  UKPLAT_MEMRT_RESERVED, "dtb");
		for (int i = 0; uk_fdt_rsvmap_get(&fdt, i, &base, &size) == 0;
		     i++)
			plat_mem_reserve(base, size, UKPLAT_MEMRT_RESERVED,
					  "reserved");
	}
	err = rpi3_mbox_property(MBOX_TAG_GET_ARM_MEMORY, mem, 2, 0);
	if (err < 0 || !mem[1]) {
		uk_pr_crit("aarch64-rpi3: the VideoCore did not tell the ARM memory size (%d)\n",
			   err);
		ukplat_terminate(UK_STATUS_CRASH);
	}
	if ((uint64_t)mem[0] + mem[1] > RPI3_PERIPH_BASE) {
		uk_pr_warn("ARM memory 0x%x+0x%x overlaps the peripherals: cut\n",
			   mem[0], mem[1]);
		mem[1] = RPI3_PERIPH_BASE - mem[0];
	}
	plat_mem_add_ram(mem[0], mem[1]);
}

void arm64_plat_entry(uint64_t x0)
{
	uart_init();
	plat_fixed_devs_set(devs, UK_ARRAY_SIZE(devs));
	ukplat_driver_probe(UKPLAT_DRIVER_CONSOLE);
	ukplat_driver_probe(UKPLAT_DRIVER_EXIT);
	dtb_find(x0);
	if (have_fdt)
		plat_fdt_set(&fdt);
	memory_init();
	cmdline_init();
	ukplat_driver_probe(UKPLAT_DRIVER_IRQCHIP);
	arm64_timer_init(TIMER_HZ, RPI3_IRQ_CNTV);
	ukplat_driver_probe(UKPLAT_DRIVER_CLOCK);
	ukplat_driver_probe(UKPLAT_DRIVER_TIMER);
	ukplat_driver_probe(UKPLAT_DRIVER_WALLCLOCK);
	/* NULL dereferences fault (the DTB there is no longer needed) */
	if (ukplat_page_protect(0, UK_PAGE_SIZE, UKPLAT_PROT_NONE) < 0)
		uk_pr_warn("page 0 stays mapped\n");
	uk_boot_entry();
}
