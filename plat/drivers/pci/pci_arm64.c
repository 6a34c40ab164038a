/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI on aarch64 (QEMU virt): the "pci-host-ecam-generic" node of the
 * device tree gives the ECAM window (reg), the I/O and memory windows
 * (ranges) and the INTx routing to GIC SPIs (interrupt-map). Booted
 * with -kernel nothing assigns BARs: pci.c asks pci_arch_bar_alloc()
 * for space, taken here from the windows (64-bit BARs too go into the
 * 32-bit memory window: the kernel maps only device memory below RAM).
 * No MSI-X (it would need the GICv2m frame or the ITS): INTx only.
 */
#include <pci/pci.h>
#include <arm64/bootinfo.h>
#include <uk/fdt.h>
#include <uk/print.h>
#include <uk/errno.h>

/* Device memory the kernel maps on virt: from the flash end to RAM. */
#define MAPPED_DEV_START	0x08000000ULL
#define MAPPED_DEV_END		0x40000000ULL

#define SPACE_IO		1
#define SPACE_MEM32		2
#define SPACE_MEM64		3
#define IO_FIRST		0x1000	/* port 0 stays unused */

struct window {
	uint64_t bus, cpu, size;
	uint64_t next;			/* next free bus address */
};

static const struct uk_fdt *fdt;
static int host;
static volatile uint8_t *ecam;
static unsigned int bus_first, bus_last;
static struct window io, mem;

static bool mapped(uint64_t base, uint64_t size)
{
	return base >= MAPPED_DEV_START && size <= MAPPED_DEV_END &&
	       base <= MAPPED_DEV_END - size;
}

/* The windows of "ranges": 3 child cells, 2 parent cells, 2 size cells. */
static void ranges_parse(void)
{
	const uint8_t *p;
	int len;

	p = uk_fdt_getprop(fdt, host, "ranges", &len);
	for (; p && len >= 28; p += 28, len -= 28) {
		unsigned int space = (uk_fdt_be32(p) >> 24) & 3;
		struct window w = {
			.bus = uk_fdt_cells(p + 4, 2),
			.cpu = uk_fdt_cells(p + 12, 2),
			.size = uk_fdt_cells(p + 20, 2),
		};

		if (!mapped(w.cpu, w.size))
			continue;	/* e.g. the 64-bit window above 512 GiB */
		w.next = w.bus;
		if (space == SPACE_IO && !io.size) {
			io = w;
			if (io.next < IO_FIRST)
				io.next = IO_FIRST;
		} else if ((space == SPACE_MEM32 || space == SPACE_MEM64) &&
			   !mem.size) {
			mem = w;
		}
	}
}

bool pci_arch_init(void)
{
	const uint8_t *br;
	uint64_t base, size;
	int len;

	fdt = arm64_fdt();
	if (!fdt)
		return false;
	host = uk_fdt_node_by_compatible(fdt, -1, "pci-host-ecam-generic");
	if (host < 0 || uk_fdt_reg(fdt, host, 0, &base, &size) < 0)
		return false;
	if (!mapped(base, size)) {
		uk_pr_warn("PCI: the ECAM at 0x%llx is not mapped: no PCI (QEMU virt: -M virt,highmem=off puts it below RAM)\n",
			   (unsigned long long)base);
		return false;
	}
	ecam = (volatile uint8_t *)(uintptr_t)base;
	bus_first = 0;
	bus_last = (unsigned int)UK_MIN(size >> 20, 256) - 1;
	br = uk_fdt_getprop(fdt, host, "bus-range", &len);
	if (br && len >= 8) {
		bus_first = uk_fdt_be32(br);
		bus_last = UK_MIN(uk_fdt_be32(br + 4), bus_last);
	}
	ranges_parse();
	uk_pr_info("PCI: ECAM at 0x%llx, buses %u-%u\n",
		   (unsigned long long)base, bus_first, bus_last);
	return bus_first <= bus_last;
}

static volatile uint32_t *cfg(unsigned int bus, unsigned int devfn,
			      unsigned int off)
{
	if (bus < bus_first || bus > bus_last || off > 4092)
		return NULL;
	return (volatile uint32_t *)(ecam + ((uint64_t)(bus - bus_first) << 20 |
					     devfn << 12 | off));
}

uint32_t pci_arch_read(unsigned int bus, unsigned int devfn,
		       unsigned int off)
{
	volatile uint32_t *p = cfg(bus, devfn, off);

	return p ? *p : 0xffffffff;
}

void pci_arch_write(unsigned int bus, unsigned int devfn, unsigned int off,
		    uint32_t v)
{
	volatile uint32_t *p = cfg(bus, devfn, off);

	if (p)
		*p = v;
}

int pci_arch_bar_alloc(uint64_t size, bool is_io, uint64_t *bus,
		       uint64_t *cpu)
{
	struct window *w = is_io ? &io : &mem;
	uint64_t a;

	if (!w->size || !UK_IS_POW2(size))
		return -UK_ENOSPC;
	a = UK_ALIGN_UP(w->next, size);
	if (a < w->next || a - w->bus > w->size || size > w->size - (a - w->bus))
		return -UK_ENOSPC;
	w->next = a + size;
	*bus = a;
	*cpu = w->cpu + (a - w->bus);
	return 0;
}

int pci_arch_msi(int *irq, uint64_t *addr, uint32_t *data)
{
	return -UK_ENOTSUP;
}

/* The #address-cells of the node with phandle @ph (the GIC), or -1. */
static int parent_addr_cells(uint32_t ph)
{
	int off = -1;

	while ((off = uk_fdt_next_node(fdt, off, NULL)) >= 0)
		if (uk_fdt_getprop_u32(fdt, off, "phandle", 0) == ph)
			return (int)uk_fdt_getprop_u32(fdt, off,
						       "#address-cells", 0);
	return -1;
}

/*
 * interrupt-map entries: child address (3 cells), pin (1), parent
 * phandle (1), parent address (#address-cells of the parent), parent
 * interrupt (3 cells: type, number, flags). Masked by
 * interrupt-map-mask.
 */
int pci_arch_intx(const struct pci_dev *d)
{
	uint32_t mask[4] = { 0xffffffff, 0xffffffff, 0xffffffff, 7 };
	uint32_t want_hi = (uint32_t)(d->bus << 16 | d->dev << 11 | d->fn << 8);
	const uint8_t *m, *p;
	int len, mlen, pac;

	m = uk_fdt_getprop(fdt, host, "interrupt-map-mask", &mlen);
	if (m && mlen >= 16)
		for (int i = 0; i < 4; i++)
			mask[i] = uk_fdt_be32(m + 4 * i);
	p = uk_fdt_getprop(fdt, host, "interrupt-map", &len);
	while (p && len >= 20) {
		uint32_t hi = uk_fdt_be32(p), pin = uk_fdt_be32(p + 12);
		size_t entry;

		pac = parent_addr_cells(uk_fdt_be32(p + 16));
		if (pac < 0 || pac > 3)
			return -UK_EINVAL;
		entry = 4 * (5 + (size_t)pac + 3);
		if ((size_t)len < entry)
			return -UK_EINVAL;
		if ((hi & mask[0]) == (want_hi & mask[0]) &&
		    (pin & mask[3]) == (d->irq_pin & mask[3])) {
			const uint8_t *irq = p + 4 * (5 + pac);

			if (uk_fdt_be32(irq) != 0)	/* not an SPI */
				return -UK_ENOTSUP;
			return 32 + (int)uk_fdt_be32(irq + 4);
		}
		p += entry;
		len -= (int)entry;
	}
	return -UK_ENODEV;
}

static volatile uint8_t *io_at(uint32_t port, unsigned int width)
{
	uint64_t off = port - io.bus;

	if (!io.size || port < io.bus || off + width > io.size)
		return NULL;
	return (volatile uint8_t *)(uintptr_t)(io.cpu + off);
}

uint8_t pci_io_read8(uint32_t port)
{
	volatile uint8_t *p = io_at(port, 1);

	return p ? *p : 0xff;
}

uint16_t pci_io_read16(uint32_t port)
{
	volatile uint8_t *p = io_at(port, 2);

	return p ? *(volatile uint16_t *)p : 0xffff;
}

uint32_t pci_io_read32(uint32_t port)
{
	volatile uint8_t *p = io_at(port, 4);

	return p ? *(volatile uint32_t *)p : 0xffffffff;
}

void pci_io_write8(uint32_t port, uint8_t v)
{
	volatile uint8_t *p = io_at(port, 1);

	if (p)
		*p = v;
}

void pci_io_write16(uint32_t port, uint16_t v)
{
	volatile uint8_t *p = io_at(port, 2);

	if (p)
		*(volatile uint16_t *)p = v;
}

void pci_io_write32(uint32_t port, uint32_t v)
{
	volatile uint8_t *p = io_at(port, 4);

	if (p)
		*(volatile uint32_t *)p = v;
}
