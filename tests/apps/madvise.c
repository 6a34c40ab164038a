/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * madvise as Linux serves it on anonymous memory: MADV_DONTNEED makes
 * private pages read back as zeroes (also read-only ones) and leaves
 * shared ones alone, MADV_REMOVE zeroes shared pages and refuses private
 * ones, the other advice keeps the contents, a range with a hole is
 * ENOMEM (after the mapped part took the advice), bad arguments EINVAL.
 * Compared with the host's static musl build by tests/apps-compare.test.
 */
#define _GNU_SOURCE	/* MADV_FREE, MADV_REMOVE */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "compare.h"

static long pg;

/* What page @i of @p holds: "zero", "0xNN" (all that byte), or "mixed". */
static const char *page(const unsigned char *p, int i)
{
	static char buf[8];
	const unsigned char *q = p + i * pg;

	for (long k = 1; k < pg; k++)
		if (q[k] != q[0])
			return "mixed";
	if (!q[0])
		return "zero";
	snprintf(buf, sizeof(buf), "0x%02x", q[0]);
	return buf;
}

static unsigned char *map(int flags)
{
	unsigned char *p = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE,
				flags | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		return NULL;
	}
	memset(p, 0xaa, 4 * pg);
	return p;
}

int main(void)
{
	unsigned char *p;

	pg = sysconf(_SC_PAGESIZE);

	p = map(MAP_PRIVATE);
	if (!p)
		return 1;
	result("private: MADV_DONTNEED on pages 1-2",
	       madvise(p + pg, 2 * pg, MADV_DONTNEED));
	printf("pages: %s %s %s %s\n", page(p, 0), page(p, 1), page(p, 2),
	       page(p, 3));
	p[pg + 5] = 7;
	printf("a dropped page is writable again: %d\n", p[pg + 5]);
	result("mprotect page 3 PROT_READ", mprotect(p + 3 * pg, pg, PROT_READ));
	result("MADV_DONTNEED on the read-only page",
	       madvise(p + 3 * pg, pg, MADV_DONTNEED));
	printf("page 3: %s\n", page(p, 3));
	result("MADV_WILLNEED", madvise(p, 4 * pg, MADV_WILLNEED));
	result("MADV_SEQUENTIAL", madvise(p, 4 * pg, MADV_SEQUENTIAL));
	result("MADV_NORMAL", madvise(p, 4 * pg, MADV_NORMAL));
	printf("page 0 after them: %s\n", page(p, 0));
	result("MADV_REMOVE on private pages", madvise(p, pg, MADV_REMOVE));
	result("advice 999", madvise(p, pg, 999));
	result("unaligned address", madvise(p + 1, pg, MADV_DONTNEED));
	result("length 0", madvise(p, 0, MADV_DONTNEED));

	/* a hole: pages 0 and 2 are mapped, 1 is not */
	memset(p, 0x55, pg);
	memset(p + 2 * pg, 0x55, pg);
	result("munmap page 1", munmap(p + pg, pg));
	result("MADV_DONTNEED over the hole",
	       madvise(p, 3 * pg, MADV_DONTNEED));
	printf("pages 0 and 2 after it: %s %s\n", page(p, 0), page(p, 2));
	result("MADV_WILLNEED on the hole alone",
	       madvise(p + pg, pg, MADV_WILLNEED));
	munmap(p, 4 * pg);

	p = map(MAP_SHARED);
	if (!p)
		return 1;
	result("shared: MADV_DONTNEED on page 0", madvise(p, pg, MADV_DONTNEED));
	printf("page 0 keeps its contents: %s\n", page(p, 0));
	result("shared: MADV_REMOVE on page 1", madvise(p + pg, pg, MADV_REMOVE));
	printf("pages: %s %s %s\n", page(p, 0), page(p, 1), page(p, 2));
	munmap(p, 4 * pg);
	return 0;
}
