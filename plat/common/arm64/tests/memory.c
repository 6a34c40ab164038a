/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Prints the memory map the platform found and checks, as TAP, that RAM
 * ends where the caller says (argv[1], e.g. 0x44000000 for QEMU virt
 * with -m 64M): the size really comes from the device tree / mailbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <uk/plat/memory.h>

int main(int argc, char **argv)
{
	unsigned long long end = 0, free_bytes = 0, want;
	int n = ukplat_memregion_count(), fails = 0;

	if (argc < 2) {
		printf("usage: %s RAM-END\n", argv[0]);
		return 2;
	}
	want = strtoull(argv[1], NULL, 0);
	printf("TAP version 13\n1..2\n");
	for (int i = 0; i < n; i++) {
		const struct ukplat_memregion *r = ukplat_memregion_get(i);

		printf("# %-8s 0x%09llx-0x%09llx type %d\n", r->name,
		       (unsigned long long)r->base,
		       (unsigned long long)(r->base + r->len), r->type);
		if (r->type == UKPLAT_MEMRT_FREE) {
			free_bytes += r->len;
			if (r->base + r->len > end)
				end = r->base + r->len;
		}
	}
	if (end == want) {
		printf("ok 1 - free RAM ends at 0x%llx\n", want);
	} else {
		printf("not ok 1 - free RAM ends at 0x%llx, not 0x%llx\n",
		       end, want);
		fails++;
	}
	/* everything but the image, the DTB and page 0 is free */
	if (free_bytes + (4ULL << 20) >= want - (end - free_bytes) &&
	    free_bytes > (want & 0xfffffffULL) / 2) {
		printf("ok 2 - %llu KiB free\n", free_bytes >> 10);
	} else {
		printf("not ok 2 - only %llu KiB free\n", free_bytes >> 10);
		fails++;
	}
	return fails ? 1 : 0;
}
