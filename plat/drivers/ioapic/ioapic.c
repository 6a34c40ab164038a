/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * I/O APIC (82093AA datasheet, 3.2): redirection entries for the GSIs
 * devices use, fixed delivery to the boot CPU (APIC ID 0, physical).
 * The IOAPICs are read from the MADT the first time a GSI is routed.
 */
#include <ioapic/ioapic.h>
#include <acpi/acpi.h>
#include <uk/errno.h>
#include <uk/string.h>
#include <uk/print.h>

#define IOAPIC_DEFAULT_BASE	0xfec00000UL
#define IOREGSEL		0x00
#define IOWIN			0x10
#define REG_VER			0x01
#define REG_REDTBL(n)		(0x10 + 2 * (n))
#define RTE_ACTIVE_LOW		(1U << 13)
#define RTE_LEVEL		(1U << 15)
#define RTE_MASKED		(1U << 16)

/* Vectors 0x30.. for device lines, below the APIC timer (0xef). */
#define VEC_FIRST		0x30
#define VEC_LAST		0xdf

#define IOAPICS_MAX		4
#define MADT_IOAPIC		1
#define MADT_OVERRIDE		2

static struct ioapic {
	volatile uint32_t *base;
	unsigned int gsi_base, lines;
} ioapics[IOAPICS_MAX];
static unsigned int nioapics;
static bool scanned;

static struct {
	uint8_t isa;
	unsigned int gsi, flags;
} overrides[16];
static unsigned int noverrides;

static uint8_t gsi_vec[256];	/* 0: not routed */
static unsigned int next_vec = VEC_FIRST;

static uint32_t reg_read(struct ioapic *io, unsigned int reg)
{
	io->base[IOREGSEL / 4] = reg;
	return io->base[IOWIN / 4];
}

static void reg_write(struct ioapic *io, unsigned int reg, uint32_t v)
{
	io->base[IOREGSEL / 4] = reg;
	io->base[IOWIN / 4] = v;
}

static void ioapic_add(uint64_t base, unsigned int gsi_base)
{
	struct ioapic *io;
	uint32_t ver;

	if (nioapics == IOAPICS_MAX || base >= (4ULL << 30))
		return;
	io = &ioapics[nioapics];
	io->base = (volatile uint32_t *)(uintptr_t)base;
	ver = reg_read(io, REG_VER);
	if (ver == 0xffffffff || ver == 0)
		return;
	io->gsi_base = gsi_base;
	io->lines = ((ver >> 16) & 0xff) + 1;
	for (unsigned int i = 0; i < io->lines; i++)
		reg_write(io, REG_REDTBL(i), RTE_MASKED);
	nioapics++;
}

/* MPS INTI flags of an override -> IOAPIC_* flags */
static unsigned int inti_flags(uint16_t f, unsigned int dflt)
{
	unsigned int r = dflt;

	if ((f & 3) == 1)
		r &= ~IOAPIC_ACTIVE_LOW;
	else if ((f & 3) == 3)
		r |= IOAPIC_ACTIVE_LOW;
	if (((f >> 2) & 3) == 1)
		r &= ~IOAPIC_LEVEL;
	else if (((f >> 2) & 3) == 3)
		r |= IOAPIC_LEVEL;
	return r;
}

static void madt_scan(void)
{
	const struct acpi_header *madt = acpi_table_find("APIC");
	const uint8_t *p, *end;

	scanned = true;
	if (!madt) {
		ioapic_add(IOAPIC_DEFAULT_BASE, 0);
		return;
	}
	p = (const uint8_t *)(madt + 1) + 8;	/* local APIC address, flags */
	end = (const uint8_t *)madt + madt->length;
	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		if (p[0] == MADT_IOAPIC && p[1] >= 12) {
			uint32_t addr, gsib;

			uk_memcpy(&addr, p + 4, 4);
			uk_memcpy(&gsib, p + 8, 4);
			ioapic_add(addr, gsib);
		} else if (p[0] == MADT_OVERRIDE && p[1] >= 10 &&
			   noverrides < UK_ARRAY_SIZE(overrides)) {
			uint16_t f;

			overrides[noverrides].isa = p[3];
			uk_memcpy(&overrides[noverrides].gsi, p + 4, 4);
			uk_memcpy(&f, p + 8, 2);
			overrides[noverrides].flags = inti_flags(f, 0);
			noverrides++;
		}
		p += p[1];
	}
}

int ioapic_vector_alloc(void)
{
	if (next_vec > VEC_LAST)
		return -UK_ENOSPC;
	return (int)next_vec++;
}

unsigned int ioapic_isa_gsi(unsigned int isa_irq, unsigned int *flags)
{
	if (!scanned)
		madt_scan();
	for (unsigned int i = 0; i < noverrides; i++)
		if (overrides[i].isa == isa_irq) {
			if (flags)
				*flags = overrides[i].flags;
			return overrides[i].gsi;
		}
	if (flags)
		*flags = 0;
	return isa_irq;
}

int ioapic_route(unsigned int gsi, unsigned int flags)
{
	struct ioapic *io = NULL;
	uint32_t rte;
	int vec;

	if (!scanned)
		madt_scan();
	if (gsi < UK_ARRAY_SIZE(gsi_vec) && gsi_vec[gsi])
		return gsi_vec[gsi];
	for (unsigned int i = 0; i < nioapics; i++)
		if (gsi >= ioapics[i].gsi_base &&
		    gsi - ioapics[i].gsi_base < ioapics[i].lines)
			io = &ioapics[i];
	if (!io || gsi >= UK_ARRAY_SIZE(gsi_vec))
		return -UK_ENODEV;
	vec = ioapic_vector_alloc();
	if (vec < 0)
		return vec;
	gsi_vec[gsi] = (uint8_t)vec;
	rte = gsi_vec[gsi];
	if (flags & IOAPIC_LEVEL)
		rte |= RTE_LEVEL;
	if (flags & IOAPIC_ACTIVE_LOW)
		rte |= RTE_ACTIVE_LOW;
	reg_write(io, REG_REDTBL(gsi - io->gsi_base) + 1, 0);	/* APIC 0 */
	reg_write(io, REG_REDTBL(gsi - io->gsi_base), rte);
	uk_pr_debug("GSI %u -> vector %u\n", gsi, gsi_vec[gsi]);
	return gsi_vec[gsi];
}
