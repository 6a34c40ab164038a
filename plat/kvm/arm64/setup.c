/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * aarch64-kvm early C, for QEMU's virt machine: everything comes from
 * the device tree. QEMU puts it at the start of RAM for an ELF kernel
 * (x0 = 0) and passes its address in x0 for a Linux-style one; both are
 * accepted. The DTB stays where it is (reserved: the drivers find their
 * devices there); the rest of RAM, minus the image, goes to the
 * allocator.
 */
#include <arm64/cpu.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/driver.h>
#include <uk/plat/memory.h>
#include <uk/fdt.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/assert.h>
#include <plat/common.h>

#define VIRT_RAM_BASE		0x40000000ULL
#define VIRT_MMIO_BASE		0x08000000ULL
/* only if the DTB is missing: QEMU virt's first UART, to say so */
#define VIRT_UART_FALLBACK	0x09000000ULL
#define DTB_MAX_SIZE		(2 * UK_MiB)
#define PPI_BASE		16
#define SPI_BASE		32
/* the virtual timer's PPI when the device tree does not say */
#define VTIMER_PPI_DEFAULT	11
/* the architecture's suggestion when CNTFRQ_EL0 was not set */
#define TIMER_HZ_FALLBACK	62500000
#define VA_LIMIT		(512 * UK_GiB)

extern char __uk_image_start[], __uk_image_end[];

/*
 * MMIO below RAM (GIC, UARTs, RTC, virtio-mmio, PCIe windows) as
 * device memory, the flash at 0 unmapped (NULL dereferences fault), and
 * RAM as far as the addresses go; arm64_mmu_trim_ram() removes what has
 * no RAM once the device tree said where it is.
 */
static const struct arm64_mem_range boot_map[] = {
	{ VIRT_MMIO_BASE, VIRT_RAM_BASE - VIRT_MMIO_BASE, ARM64_MEM_DEVICE },
	{ VIRT_RAM_BASE, VA_LIMIT - VIRT_RAM_BASE, ARM64_MEM_NORMAL },
};

static struct uk_fdt fdt;

const struct arm64_mem_range *arm64_plat_boot_map(int *count)
{
	*count = UK_ARRAY_SIZE(boot_map);
	return boot_map;
}

static void __noreturn boot_fail(const char *what)
{
	uk_pr_crit("aarch64-kvm: %s\n", what);
	ukplat_terminate(UK_STATUS_CRASH);
}

/* The DTB: at x0 when the loader passed one, else at the start of RAM. */
static int dtb_find(uint64_t x0)
{
	uint64_t cand[2] = { x0, VIRT_RAM_BASE };

	for (int i = 0; i < 2; i++) {
		uint64_t p = cand[i], max;

		if (!p || !arm64_mmu_is_ram(p, 64))
			continue;
		max = UK_MIN(DTB_MAX_SIZE, UK_ALIGN_UP(p + 1, UK_GiB) - p);
		if (p < (uint64_t)__uk_image_start)
			max = UK_MIN(max, (uint64_t)__uk_image_start - p);
		if (uk_fdt_init(&fdt, (const void *)p, max) == 0)
			return 0;
	}
	return -1;
}

/* Without a DTB, QEMU virt's first UART, to say so. */
static const struct plat_fixed_dev fallback_uart[] = {
	{ .compatible = "arm,pl011", .base = VIRT_UART_FALLBACK },
};

/* The virtual timer is the third of the /timer node's four interrupts. */
static unsigned int vtimer_irq(void)
{
	int len, off = uk_fdt_node_by_compatible(&fdt, -1, "arm,armv8-timer");
	const uint8_t *v;

	if (off < 0)
		off = uk_fdt_node_by_compatible(&fdt, -1, "arm,armv7-timer");
	v = off >= 0 ? uk_fdt_getprop(&fdt, off, "interrupts", &len) : NULL;
	if (!v || len < 3 * 12)
		return PPI_BASE + VTIMER_PPI_DEFAULT;
	v += 2 * 12;
	/* <type number flags>: type 1 is a PPI, 0 an SPI */
	return (uk_fdt_be32(v) == 1 ? PPI_BASE : SPI_BASE) +
	       uk_fdt_be32(v + 4);
}

static void cmdline_init(void)
{
	int len, chosen = uk_fdt_path_offset(&fdt, "/chosen");
	const char *args = chosen >= 0
		? uk_fdt_getprop(&fdt, chosen, "bootargs", &len) : NULL;

	if (args && len > 0)
		plat_cmdline_copy(args, args[len - 1] ? len : len - 1);
}

/* A big-endian property of 1 or 2 cells; false if absent or odd. */
static bool prop_u64(int node, const char *name, uint64_t *v)
{
	int len;
	const uint8_t *p = uk_fdt_getprop(&fdt, node, name, &len);

	if (!p || (len != 4 && len != 8))
		return false;
	*v = 0;
	for (int i = 0; i < len; i++)
		*v = *v << 8 | p[i];
	return true;
}

/* A number at *@p (0x... hex, else decimal); advances *@p. */
static uint64_t parse_num(const char **p)
{
	const char *s = *p;
	int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	for (;; s++) {
		int d = *s >= '0' && *s <= '9' ? *s - '0' :
			base == 16 && *s >= 'a' && *s <= 'f' ? *s - 'a' + 10 :
			-1;

		if (d < 0)
			break;
		v = v * base + d;
	}
	*p = s;
	return v;
}

/*
 * The initrd: /chosen linux,initrd-start/end (QEMU sets them for a
 * Linux kernel only), else vfs.initrd=ADDR:LEN on the command line
 * (uk-run loads the archive there with QEMU's loader device, since
 * QEMU ignores -initrd for an ELF kernel).
 */
static void initrd_init(void)
{
	int len, chosen = uk_fdt_path_offset(&fdt, "/chosen");
	const char *args = chosen >= 0
		? uk_fdt_getprop(&fdt, chosen, "bootargs", &len) : NULL;
	uint64_t start, end;

	if (chosen < 0)
		return;
	if (!prop_u64(chosen, "linux,initrd-start", &start) ||
	    !prop_u64(chosen, "linux,initrd-end", &end)) {
		/* "vfs.initrd=" at the start or after a blank */
		for (int i = 0; args && i + 11 < len && args[i]; i++) {
			const char *p = args + i + 11;

			if ((i && args[i - 1] != ' ') ||
			    uk_strncmp(args + i, "vfs.initrd=", 11))
				continue;
			start = parse_num(&p);
			if (*p++ != ':')
				break;
			end = start + parse_num(&p);
			goto found;
		}
		return;
	}
found:
	if (end <= start || start < VIRT_RAM_BASE || end > VA_LIMIT ||
	    start % UK_PAGE_SIZE) {
		uk_pr_warn("initrd 0x%lx-0x%lx outside RAM or unaligned: not used\n",
			   start, end);
		return;
	}
	plat_mem_reserve(start, end - start, UKPLAT_MEMRT_INITRD, "initrd");
}

static void memory_init(void)
{
	uint64_t base, size, ram_lo = ~0ULL, ram_hi = 0;
	int off = -1, nram = 0;

	plat_mem_reserve((uint64_t)__uk_image_start,
			  __uk_image_end - __uk_image_start,
			  UKPLAT_MEMRT_KERNEL, "image");
	/* unmapped after boot (plat/common/arm64/mmu.c) */
	plat_mem_reserve(UK_ALIGN_UP((uint64_t)__uk_image_end, UK_PAGE_SIZE),
			  ARM64_HEAP_GAP, UKPLAT_MEMRT_RESERVED, "gap");
	plat_mem_reserve((uint64_t)fdt.blob, uk_fdt_used_size(&fdt),
			  UKPLAT_MEMRT_RESERVED, "dtb");
	for (int i = 0; uk_fdt_rsvmap_get(&fdt, i, &base, &size) == 0; i++)
		plat_mem_reserve(base, size, UKPLAT_MEMRT_RESERVED,
				  "reserved");
	initrd_init();

	while ((off = uk_fdt_next_node(&fdt, off, NULL)) >= 0) {
		const char *type = uk_fdt_getprop_str(&fdt, off, "device_type");
		const char *status = uk_fdt_getprop_str(&fdt, off, "status");

		/* secure-only memory (virt,secure=on) is "disabled" */
		if (!type || uk_strcmp(type, "memory") ||
		    (status && uk_strcmp(status, "okay") &&
		     uk_strcmp(status, "ok")))
			continue;
		for (int i = 0; uk_fdt_reg(&fdt, off, i, &base, &size) == 0;
		     i++) {
			if (base < VIRT_RAM_BASE || base + size > VA_LIMIT ||
			    base + size < base) {
				uk_pr_warn("RAM 0x%lx+0x%lx outside the map: not used\n",
					   base, size);
				continue;
			}
			plat_mem_add_ram(base, size);
			ram_lo = UK_MIN(ram_lo, base);
			ram_hi = UK_MAX(ram_hi, base + size);
			nram++;
		}
	}
	if (!nram)
		boot_fail("the device tree has no memory node");
	arm64_mmu_trim_ram(ram_lo, ram_hi);
}

void arm64_plat_entry(uint64_t x0)
{
	if (dtb_find(x0) < 0) {
		plat_fixed_devs_set(fallback_uart, 1);
		ukplat_driver_probe(UKPLAT_DRIVER_CONSOLE);
		boot_fail("no device tree (neither at x0 nor at the start of RAM)");
	}
	plat_fdt_set(&fdt);
	ukplat_driver_probe(UKPLAT_DRIVER_CONSOLE);
	memory_init();
	cmdline_init();
	ukplat_driver_probe(UKPLAT_DRIVER_EXIT);
	if (ukplat_driver_probe(UKPLAT_DRIVER_IRQCHIP) < 0)
		uk_pr_warn("no usable GIC in the device tree: no interrupts\n");
	arm64_timer_init(TIMER_HZ_FALLBACK, vtimer_irq());
	ukplat_driver_probe(UKPLAT_DRIVER_CLOCK);
	ukplat_driver_probe(UKPLAT_DRIVER_TIMER);
	if (ukplat_driver_probe(UKPLAT_DRIVER_WALLCLOCK) < 0)
		uk_pr_warn("no RTC: the wall clock starts at the epoch\n");
	uk_boot_entry();
}
