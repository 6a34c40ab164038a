/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ACPI tables (x86_64), read-only: found from the RSDP that the PVH
 * start info gives (or the BIOS area), every table's length and
 * checksum checked before it is returned.
 */
#ifndef ACPI_ACPI_H
#define ACPI_ACPI_H

#include <uk/essentials.h>

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __packed;

/* The platform tells where the RSDP is (0: search the BIOS area). */
void acpi_rsdp_set(uint64_t paddr);

/*
 * The first table with signature @sig ("APIC", "MCFG" ...), checked, or
 * NULL when there is none or no ACPI.
 */
const struct acpi_header *acpi_table_find(const char *sig);

#endif /* ACPI_ACPI_H */
