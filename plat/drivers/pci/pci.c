/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI bus enumeration (PCI Local Bus 3.0, 6): every function of every
 * bus reachable from bus 0 through bridges, its BARs sized, and the
 * drivers of .uk_pci_drivers bound. BARs are used as the firmware
 * assigned them (SeaBIOS on pc and q35).
 */
#include <pci/pci.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <uk/string.h>

#define CFG_VENDOR	0x00
#define CFG_COMMAND	0x04
#define CFG_STATUS	0x06
#define CFG_REVISION	0x08
#define CFG_HEADER	0x0e
#define CFG_BAR0	0x10
#define CFG_SUBSYS_ID	0x2e
#define CFG_CAP_PTR	0x34
#define CFG_INT_PIN	0x3d
#define CFG_SECONDARY	0x19	/* bridges: secondary bus number */

#define CMD_IO		(1 << 0)
#define CMD_MEM		(1 << 1)
#define CMD_MASTER	(1 << 2)
#define CMD_INTX_OFF	(1 << 10)
#define STATUS_CAPS	(1 << 4)

#define MSIX_CTRL	2
#define MSIX_TABLE	4
#define MSIX_ENABLE	(1 << 15)
#define MSIX_MASKALL	(1 << 14)

/* The kernel maps the first 4 GiB (device memory included). */
#define MAPPED_END	(4ULL << 30)

extern const struct pci_driver *const __uk_pci_drivers_start[];
extern const struct pci_driver *const __uk_pci_drivers_end[];

static struct pci_dev *devices;
static unsigned int ndevices;

static unsigned int devfn(const struct pci_dev *d)
{
	return d->dev << 3 | d->fn;
}

uint32_t pci_read32(const struct pci_dev *d, unsigned int off)
{
	return pci_arch_read(d->bus, devfn(d), off & ~3u);
}

uint16_t pci_read16(const struct pci_dev *d, unsigned int off)
{
	return (uint16_t)(pci_read32(d, off) >> (8 * (off & 2)));
}

uint8_t pci_read8(const struct pci_dev *d, unsigned int off)
{
	return (uint8_t)(pci_read32(d, off) >> (8 * (off & 3)));
}

void pci_write32(const struct pci_dev *d, unsigned int off, uint32_t v)
{
	pci_arch_write(d->bus, devfn(d), off & ~3u, v);
}

void pci_write16(const struct pci_dev *d, unsigned int off, uint16_t v)
{
	unsigned int sh = 8 * (off & 2);
	uint32_t w = pci_read32(d, off);

	w = (w & ~(0xffffu << sh)) | (uint32_t)v << sh;
	pci_write32(d, off, w);
}

unsigned int pci_dev_count(void)
{
	return ndevices;
}

uint8_t pci_cap_next(const struct pci_dev *d, uint8_t id, uint8_t from)
{
	uint8_t off;

	if (!(pci_read16(d, CFG_STATUS) & STATUS_CAPS))
		return 0;
	off = from ? pci_read8(d, from + 1) : pci_read8(d, CFG_CAP_PTR);
	for (int steps = 0; off >= 0x40 && steps < 48; steps++) {
		off &= ~3;
		if (pci_read8(d, off) == id)
			return off;
		off = pci_read8(d, off + 1);
	}
	return 0;
}

volatile void *pci_bar_map(const struct pci_dev *d, unsigned int bar,
			   uint64_t off, uint64_t len)
{
	const struct pci_bar *b;

	if (bar >= PCI_BARS)
		return NULL;
	b = &d->bar[bar];
	if (b->io || !b->addr || off > b->size || len > b->size - off ||
	    b->addr + off + len > MAPPED_END)
		return NULL;
	return (volatile void *)(uintptr_t)(b->addr + off);
}

void pci_enable(const struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, CFG_COMMAND);

	pci_write16(d, CFG_COMMAND, cmd | CMD_IO | CMD_MEM | CMD_MASTER);
}

int pci_msix_enable(struct pci_dev *d, unsigned int n, int *irqs)
{
	uint8_t cap = pci_cap_next(d, PCI_CAP_MSIX, 0);
	volatile uint32_t *table;
	uint32_t loc, data;
	uint16_t ctrl;
	uint64_t addr;
	int rc;

	if (!cap)
		return -UK_ENOTSUP;
	ctrl = pci_read16(d, cap + MSIX_CTRL);
	if ((unsigned int)(ctrl & 0x7ff) + 1 < n)
		return -UK_ENOSPC;
	loc = pci_read32(d, cap + MSIX_TABLE);
	table = pci_bar_map(d, loc & 7, loc & ~7u, 16ULL * n);
	if (!table)
		return -UK_EINVAL;
	pci_write16(d, cap + MSIX_CTRL, ctrl | MSIX_ENABLE | MSIX_MASKALL);
	for (unsigned int i = 0; i < n; i++) {
		rc = pci_arch_msi(&irqs[i], &addr, &data);
		if (rc) {
			pci_write16(d, cap + MSIX_CTRL, ctrl & ~MSIX_ENABLE);
			return rc;
		}
		table[4 * i + 0] = (uint32_t)addr;
		table[4 * i + 1] = (uint32_t)(addr >> 32);
		table[4 * i + 2] = data;
		table[4 * i + 3] = 0;		/* unmasked */
	}
	pci_write16(d, cap + MSIX_CTRL,
		    (ctrl | MSIX_ENABLE) & ~MSIX_MASKALL);
	/* INTx off: MSI-X replaces it */
	pci_write16(d, CFG_COMMAND, pci_read16(d, CFG_COMMAND) | CMD_INTX_OFF);
	return 0;
}

int pci_intx_irq(const struct pci_dev *d)
{
	if (!d->irq_pin || d->irq_pin > 4)
		return -UK_ENODEV;
	return pci_arch_intx(d);
}

/* Gives BAR @i, sized but unassigned, space in the bridge's windows. */
static void bar_assign(struct pci_dev *d, unsigned int i, bool mem64)
{
	unsigned int off = CFG_BAR0 + 4 * i;
	uint64_t bus, cpu;
	uint32_t lo = pci_read32(d, off);
	int rc;

	rc = pci_arch_bar_alloc(d->bar[i].size, d->bar[i].io, &bus, &cpu);
	if (rc) {
		if (rc != -UK_ENOTSUP)
			uk_pr_warn("pci %s: no space for BAR %u (%llu bytes)\n",
				   d->name, i,
				   (unsigned long long)d->bar[i].size);
		d->bar[i].size = 0;
		return;
	}
	pci_write32(d, off, (uint32_t)bus | (lo & (d->bar[i].io ? 3 : 0xf)));
	if (mem64)
		pci_write32(d, off + 4, (uint32_t)(bus >> 32));
	d->bar[i].addr = d->bar[i].io ? bus : cpu;
}

/* Sizes BAR @i; returns how many BAR registers it takes (1 or 2). */
static unsigned int bar_size(struct pci_dev *d, unsigned int i)
{
	unsigned int off = CFG_BAR0 + 4 * i;
	uint32_t lo = pci_read32(d, off), hi = 0, szlo, szhi = 0xffffffff;
	bool mem64 = !(lo & 1) && ((lo >> 1) & 3) == 2;
	uint64_t size;

	pci_write32(d, off, 0xffffffff);
	szlo = pci_read32(d, off);
	pci_write32(d, off, lo);
	if (mem64 && i + 1 < PCI_BARS) {
		hi = pci_read32(d, off + 4);
		pci_write32(d, off + 4, 0xffffffff);
		szhi = pci_read32(d, off + 4);
		pci_write32(d, off + 4, hi);
	}
	if (lo & 1) {
		d->bar[i].io = true;
		d->bar[i].addr = lo & ~3u;
		size = ~(uint64_t)(szlo & ~3u) & 0xffff;
	} else {
		d->bar[i].addr = ((uint64_t)hi << 32) | (lo & ~0xfu);
		size = ~(((uint64_t)szhi << 32) | (szlo & ~0xfu));
		if (!mem64)
			size &= 0xffffffff;
	}
	d->bar[i].size = szlo ? size + 1 : 0;
	if (!d->bar[i].size)
		d->bar[i].addr = 0;
	else if (!d->bar[i].addr)
		bar_assign(d, i, mem64);
	return mem64 ? 2 : 1;
}

static void bind(struct pci_dev *d)
{
	const struct pci_driver *const *drv;
	int rc;

	for (drv = __uk_pci_drivers_start; drv < __uk_pci_drivers_end;
	     drv++) {
		if (!(*drv)->match(d))
			continue;
		rc = (*drv)->probe(d);
		if (rc)
			uk_pr_err("pci %s: %s probe failed (%d)\n", d->name,
				  (*drv)->name, rc);
		return;
	}
}

static void scan_bus(unsigned int bus, unsigned int depth);

static void scan_fn(unsigned int bus, unsigned int dev, unsigned int fn,
		    uint8_t header, unsigned int depth)
{
	struct pci_dev *d = uk_calloc(uk_alloc_get_default(), 1, sizeof(*d));
	uint32_t id;

	if (!d)
		return;
	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	id = pci_read32(d, CFG_VENDOR);
	d->vendor = (uint16_t)id;
	d->device = (uint16_t)(id >> 16);
	d->revision = pci_read8(d, CFG_REVISION);
	uk_snprintf(d->name, sizeof(d->name), "%02x:%02x.%u", bus, dev, fn);
	if ((header & 0x7f) == 1) {		/* a bridge */
		uint8_t sec = pci_read8(d, CFG_SECONDARY);

		uk_free(uk_alloc_get_default(), d);
		if (sec > bus && depth < 8)
			scan_bus(sec, depth + 1);
		return;
	}
	if ((header & 0x7f) == 0) {
		uint16_t cmd = pci_read16(d, CFG_COMMAND);

		/* no decoding while the BARs hold all-ones */
		pci_write16(d, CFG_COMMAND, cmd & ~(CMD_IO | CMD_MEM));
		for (unsigned int i = 0; i < PCI_BARS; )
			i += bar_size(d, i);
		pci_write16(d, CFG_COMMAND, cmd);
		d->subsys_id = pci_read16(d, CFG_SUBSYS_ID);
		d->irq_pin = pci_read8(d, CFG_INT_PIN);
	}
	d->next = devices;
	devices = d;
	ndevices++;
	uk_pr_debug("pci %s: %04x:%04x\n", d->name, d->vendor, d->device);
	bind(d);
}

static void scan_bus(unsigned int bus, unsigned int depth)
{
	for (unsigned int dev = 0; dev < 32; dev++) {
		struct pci_dev probe = { .bus = bus, .dev = dev };
		unsigned int nfn = 1;
		uint8_t header;

		if ((uint16_t)pci_read32(&probe, CFG_VENDOR) == 0xffff)
			continue;
		header = pci_read8(&probe, CFG_HEADER);
		if (header & 0x80)
			nfn = 8;
		for (unsigned int fn = 0; fn < nfn; fn++) {
			probe.fn = fn;
			if ((uint16_t)pci_read32(&probe, CFG_VENDOR) == 0xffff)
				continue;
			scan_fn(bus, dev, fn, pci_read8(&probe, CFG_HEADER),
				depth);
		}
	}
}

static int pci_scan(void)
{
	if (pci_arch_init())
		scan_bus(0, 0);
	return 0;
}
uk_initcall_prio(pci_scan, 2, 8);
