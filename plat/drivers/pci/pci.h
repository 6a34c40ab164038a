/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI: configuration space (x86_64: ports 0xCF8/0xCFC, or ECAM from the
 * ACPI MCFG; aarch64: ECAM from the device tree), bus enumeration, BARs
 * (assigned here from the host bridge's windows where no firmware did),
 * capabilities, MSI-X (x86_64) and INTx, and the
 * drivers of PCI functions, registered with UK_PCI_DRIVER in the
 * section .uk_pci_drivers. The bus is scanned in an init call of class
 * PLAT, priority 8; a driver's probe runs from there.
 */
#ifndef PCI_PCI_H
#define PCI_PCI_H

#include <uk/essentials.h>

#define PCI_CAP_MSIX		0x11
#define PCI_CAP_VENDOR		0x09

#define PCI_BARS		6

struct pci_bar {
	uint64_t addr;		/* CPU address, or port for I/O; 0: none */
	uint64_t size;
	bool io;		/* an I/O port range: see pci_io_read8 ... */
};

struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint16_t subsys_id;
	uint8_t revision;
	uint8_t irq_pin;	/* 1..4 = INTA..INTD, 0 none */
	struct pci_bar bar[PCI_BARS];
	char name[12];		/* "00:03.0" */
	void *priv;		/* the driver's */
	struct pci_dev *next;
};

struct pci_driver {
	const char *name;
	/* Whether the driver wants @dev; then probe: 0 or -errno. */
	bool (*match)(const struct pci_dev *dev);
	int (*probe)(struct pci_dev *dev);
};

#define UK_PCI_DRIVER(drv)						\
	static const struct pci_driver *const				\
	__used __section(".uk_pci_drivers") __aligned(8)		\
	UK_CONCAT(__uk_pci_driver_, drv) = &(drv)

/* Configuration space of @dev (off < 4096 with ECAM, < 256 with CF8). */
uint8_t pci_read8(const struct pci_dev *dev, unsigned int off);
uint16_t pci_read16(const struct pci_dev *dev, unsigned int off);
uint32_t pci_read32(const struct pci_dev *dev, unsigned int off);
void pci_write16(const struct pci_dev *dev, unsigned int off, uint16_t v);
void pci_write32(const struct pci_dev *dev, unsigned int off, uint32_t v);

/*
 * The offset of the first capability @id after @from (0: the first),
 * or 0 when there is none. The list is walked at most 48 steps (a loop
 * in it ends there).
 */
uint8_t pci_cap_next(const struct pci_dev *dev, uint8_t id, uint8_t from);

/*
 * A pointer to [@off, @off + @len) of memory BAR @bar, or NULL when the
 * BAR is not a memory BAR, is not assigned, is too small, or lies where
 * the kernel has no mapping.
 */
volatile void *pci_bar_map(const struct pci_dev *dev, unsigned int bar,
			   uint64_t off, uint64_t len);

/* Enables memory and I/O decoding and bus mastering (DMA). */
void pci_enable(const struct pci_dev *dev);

/*
 * Enables MSI-X with @n vectors, table entry i raising platform IRQ
 * irqs[i] (allocated here). Returns 0, -ENOTSUP (no MSI-X capability,
 * or none on this architecture), -ENOSPC (fewer table entries or
 * vectors than @n), -EINVAL (the table is not reachable).
 */
int pci_msix_enable(struct pci_dev *dev, unsigned int n, int *irqs);

/*
 * The platform IRQ of the function's INTx line (level-triggered,
 * shared), or -ENOTSUP / -ENODEV.
 */
int pci_intx_irq(const struct pci_dev *dev);

/* Number of PCI functions found (for tests). */
unsigned int pci_dev_count(void);

/*
 * The PCI I/O space (I/O BARs): port instructions on x86_64, the host
 * bridge's I/O window elsewhere.
 */
uint8_t pci_io_read8(uint32_t port);
uint16_t pci_io_read16(uint32_t port);
uint32_t pci_io_read32(uint32_t port);
void pci_io_write8(uint32_t port, uint8_t v);
void pci_io_write16(uint32_t port, uint16_t v);
void pci_io_write32(uint32_t port, uint32_t v);

/* ---- architecture back end (pci_x86.c, pci_arm64.c) ---- */
/* Finds the configuration mechanism; false when there is no PCI bus. */
bool pci_arch_init(void);
uint32_t pci_arch_read(unsigned int bus, unsigned int devfn,
		       unsigned int off);
void pci_arch_write(unsigned int bus, unsigned int devfn, unsigned int off,
		    uint32_t v);
/* An MSI message raising a new platform IRQ: 0 or -ENOSPC/-ENOTSUP. */
int pci_arch_msi(int *irq, uint64_t *addr, uint32_t *data);
int pci_arch_intx(const struct pci_dev *dev);
/*
 * Space for a BAR the firmware left unassigned: @size bytes (a power of
 * two, also the alignment) of I/O (@io) or memory space. 0 with the
 * address to write into the BAR in *@bus and the one to use in *@cpu;
 * -ENOSPC; -ENOTSUP where the firmware assigns BARs (x86_64).
 */
int pci_arch_bar_alloc(uint64_t size, bool io, uint64_t *bus, uint64_t *cpu);

#endif /* PCI_PCI_H */
