/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI on x86_64: ECAM when the ACPI MCFG has one (q35), else the
 * 0xCF8/0xCFC ports (pc); MSI messages to the boot CPU's local APIC;
 * INTx through the IOAPIC: q35's ICH9 routes slot S pin P (0-based) to
 * PIRQ (S + P) % 4 + 4, which is GSI 16 + PIRQ; pc's PIIX to the ISA
 * IRQ the firmware wrote in the interrupt line register.
 */
#include <pci/pci.h>
#include <acpi/acpi.h>
#include <ioapic/ioapic.h>
#include <uk/string.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <x86/cpu.h>

#define CF8_ADDR	0xcf8
#define CF8_DATA	0xcfc
#define CF8_ENABLE	0x80000000u
#define CFG_INT_LINE	0x3c
#define MSI_ADDR_BASE	0xfee00000u	/* destination APIC ID 0 */
#define ICH9_MCH	0x29c08086u	/* q35 host bridge vendor:device */

static volatile uint8_t *ecam;
static unsigned int ecam_bus_first, ecam_bus_last;
static bool ich9;

struct mcfg_entry {
	uint64_t base;
	uint16_t segment;
	uint8_t bus_first, bus_last;
	uint32_t reserved;
} __packed;

static void ecam_find(void)
{
	const struct acpi_header *m = acpi_table_find("MCFG");
	struct mcfg_entry e;
	uint64_t len;

	if (!m || m->length < sizeof(*m) + 8 + sizeof(e))
		return;
	uk_memcpy(&e, (const uint8_t *)(m + 1) + 8, sizeof(e));
	len = (uint64_t)(e.bus_last + 1) << 20;
	if (e.segment != 0 || e.bus_first > e.bus_last ||
	    e.base + len > (4ULL << 30)) {
		uk_pr_warn("MCFG: unusable ECAM at 0x%llx: ports are used\n",
			   (unsigned long long)e.base);
		return;
	}
	ecam = (volatile uint8_t *)(uintptr_t)e.base;
	ecam_bus_first = e.bus_first;
	ecam_bus_last = e.bus_last;
}

uint32_t pci_arch_read(unsigned int bus, unsigned int devfn,
		       unsigned int off)
{
	if (ecam) {
		if (bus < ecam_bus_first || bus > ecam_bus_last || off > 4092)
			return 0xffffffff;
		return *(volatile uint32_t *)(ecam + ((uint64_t)bus << 20 |
						      devfn << 12 | off));
	}
	if (off > 252)
		return 0xffffffff;
	outl(CF8_ADDR, CF8_ENABLE | bus << 16 | devfn << 8 | off);
	return inl(CF8_DATA);
}

void pci_arch_write(unsigned int bus, unsigned int devfn, unsigned int off,
		    uint32_t v)
{
	if (ecam) {
		if (bus < ecam_bus_first || bus > ecam_bus_last || off > 4092)
			return;
		*(volatile uint32_t *)(ecam + ((uint64_t)bus << 20 |
					       devfn << 12 | off)) = v;
		return;
	}
	if (off > 252)
		return;
	outl(CF8_ADDR, CF8_ENABLE | bus << 16 | devfn << 8 | off);
	outl(CF8_DATA, v);
}

bool pci_arch_init(void)
{
	uint32_t id;

	ecam_find();
	if (!ecam) {
		/* the address register reads back only where it exists */
		outl(CF8_ADDR, CF8_ENABLE);
		if (inl(CF8_ADDR) != CF8_ENABLE)
			return false;
	}
	id = pci_arch_read(0, 0, 0);
	if ((id & 0xffff) == 0xffff)
		return false;
	ich9 = id == ICH9_MCH;
	uk_pr_info("PCI: configuration through %s\n",
		   ecam ? "ECAM" : "ports 0xcf8/0xcfc");
	return true;
}

int pci_arch_msi(int *irq, uint64_t *addr, uint32_t *data)
{
	int vec = ioapic_vector_alloc();

	if (vec < 0)
		return vec;
	*irq = vec;
	*addr = MSI_ADDR_BASE;
	*data = (uint32_t)vec;		/* fixed delivery, edge */
	return 0;
}

int pci_arch_intx(const struct pci_dev *d)
{
	const unsigned int flags = IOAPIC_LEVEL | IOAPIC_ACTIVE_LOW;
	unsigned int line, gsi, f;

	if (ich9) {
		if (d->bus != 0)
			return -UK_ENOTSUP;	/* behind a bridge: swizzled */
		gsi = 16 + (d->dev + d->irq_pin - 1) % 4 + 4;
		return ioapic_route(gsi, flags);
	}
	line = pci_read8(d, CFG_INT_LINE);
	if (line >= 16)
		return -UK_ENODEV;	/* 0xff: the firmware set none */
	gsi = ioapic_isa_gsi(line, &f);
	return ioapic_route(gsi, flags);
}

int pci_arch_bar_alloc(uint64_t size, bool io, uint64_t *bus, uint64_t *cpu)
{
	return -UK_ENOTSUP;	/* the firmware (SeaBIOS) assigned them */
}

uint8_t pci_io_read8(uint32_t port)
{
	return inb((uint16_t)port);
}

uint16_t pci_io_read16(uint32_t port)
{
	return inw((uint16_t)port);
}

uint32_t pci_io_read32(uint32_t port)
{
	return inl((uint16_t)port);
}

void pci_io_write8(uint32_t port, uint8_t v)
{
	outb((uint16_t)port, v);
}

void pci_io_write16(uint32_t port, uint16_t v)
{
	outw((uint16_t)port, v);
}

void pci_io_write32(uint32_t port, uint32_t v)
{
	outl((uint16_t)port, v);
}
