/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ACPI table lookup (ACPI 6.5, 5.2): RSDP -> XSDT (or RSDT) -> tables.
 * Everything the firmware wrote is checked: signatures, lengths (within
 * the first 4 GiB, which the boot map covers) and checksums.
 */
#include <acpi/acpi.h>
#include <uk/string.h>
#include <uk/print.h>

#define BIOS_START	0xe0000UL
#define BIOS_END	0x100000UL
#define TABLE_MAX	(1UL << 20)	/* a sane bound for any table */
#define MAPPED_END	(4ULL << 30)

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;	/* revision >= 2 */
	uint64_t xsdt;
	uint8_t xchecksum;
	uint8_t reserved[3];
} __packed;

static uint64_t rsdp_paddr;

void acpi_rsdp_set(uint64_t paddr)
{
	rsdp_paddr = paddr;
}

static bool sum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	while (len--)
		s += *b++;
	return s == 0;
}

static bool in_map(uint64_t pa, uint64_t len)
{
	return pa >= 0x1000 && len <= MAPPED_END && pa <= MAPPED_END - len;
}

static const struct rsdp *rsdp_check(uint64_t pa)
{
	const struct rsdp *r = (const struct rsdp *)(uintptr_t)pa;

	if (!in_map(pa, sizeof(*r)) ||
	    uk_memcmp(r->signature, "RSD PTR ", 8) || !sum_ok(r, 20))
		return NULL;
	if (r->revision >= 2 && (r->length < sizeof(*r) ||
				 !sum_ok(r, sizeof(*r))))
		return NULL;
	return r;
}

static const struct rsdp *rsdp_find(void)
{
	const struct rsdp *r;

	if (rsdp_paddr && (r = rsdp_check(rsdp_paddr)))
		return r;
	for (uint64_t pa = BIOS_START; pa < BIOS_END; pa += 16)
		if ((r = rsdp_check(pa)))
			return r;
	return NULL;
}

static const struct acpi_header *table_at(uint64_t pa, const char *sig)
{
	const struct acpi_header *h = (const void *)(uintptr_t)pa;

	if (!in_map(pa, sizeof(*h)))
		return NULL;
	if (h->length < sizeof(*h) || h->length > TABLE_MAX ||
	    !in_map(pa, h->length) || (sig && uk_memcmp(h->signature, sig, 4)))
		return NULL;
	return sum_ok(h, h->length) ? h : NULL;
}

const struct acpi_header *acpi_table_find(const char *sig)
{
	const struct rsdp *r = rsdp_find();
	const struct acpi_header *root, *t;
	unsigned int esize;
	const uint8_t *e;
	uint64_t pa;

	if (!r)
		return NULL;
	if (r->revision >= 2 && r->xsdt) {
		root = table_at(r->xsdt, "XSDT");
		esize = 8;
	} else {
		root = table_at(r->rsdt, "RSDT");
		esize = 4;
	}
	if (!root)
		return NULL;
	e = (const uint8_t *)(root + 1);
	for (size_t i = 0; i + esize <= root->length - sizeof(*root);
	     i += esize) {
		pa = 0;
		uk_memcpy(&pa, e + i, esize);
		t = table_at(pa, sig);
		if (t)
			return t;
	}
	return NULL;
}
