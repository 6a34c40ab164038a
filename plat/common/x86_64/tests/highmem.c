/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RAM above 4 GiB (booted by highmem.test with -m 8G: on microvm 3 GiB
 * below 4 GiB and 5 GiB above). Checks that the kernel counts it, that a
 * 4 GiB anonymous mapping -- larger than all RAM below 4 GiB, so it must
 * lie above -- is usable, and that page protection works there (a 1 GiB
 * page split down to 4 KiB pages).
 *
 * Prints "highmem: ..." lines and exits 0 when every check passed; the
 * number of the first failed check otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/sysinfo.h>

#define GIB	(1ULL << 30)
#define STEP	(64ULL << 20)	/* touch sparsely: QEMU backs RAM lazily */

int main(void)
{
	struct sysinfo si;
	size_t len = 4 * GIB;
	volatile uint64_t *w;
	unsigned char *p;

	if (sysinfo(&si) || (uint64_t)si.totalram * si.mem_unit < 7 * GIB) {
		printf("highmem: total RAM %llu bytes, want >= 7 GiB\n",
		       (unsigned long long)si.totalram * si.mem_unit);
		return 1;
	}
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("highmem: mmap of 4 GiB failed\n");
		return 2;
	}
	printf("highmem: 4 GiB at %p\n", (void *)p);
	if ((uintptr_t)p + len <= 4 * GIB) {
		printf("highmem: mapping below 4 GiB\n");
		return 3;
	}
	for (size_t off = 0; off < len; off += STEP) {
		w = (volatile uint64_t *)(p + off);
		*w = off ^ 0x5a5a5a5a5a5a5a5aULL;
	}
	for (size_t off = 0; off < len; off += STEP) {
		w = (volatile uint64_t *)(p + off);
		if (*w != (off ^ 0x5a5a5a5a5a5a5a5aULL)) {
			printf("highmem: word at +0x%zx lost\n", off);
			return 4;
		}
	}
	/* the last page: above 4 GiB whatever the allocator chose */
	if (mprotect(p + len - 4096, 4096, PROT_READ) ||
	    mprotect(p + len - 4096, 4096, PROT_READ | PROT_WRITE)) {
		printf("highmem: mprotect above 4 GiB failed\n");
		return 5;
	}
	p[len - 1] = 7;
	if (p[len - 1] != 7 || munmap(p, len)) {
		printf("highmem: last byte or munmap failed\n");
		return 6;
	}
	printf("highmem: ok\n");
	return 0;
}
