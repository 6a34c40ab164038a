/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory calls with sizes and addresses at their limits, as an attacker
 * would pass them, and mremap and munmap across several mappings; mmap
 * of /dev/zero. Compared with the host's static musl build by
 * tests/apps-compare.test: every call prints its result and errno, and
 * what memory holds afterwards, never an address.
 *
 *   mm SECTION...   limits mremap munmap zero (default: all)
 */
#define _GNU_SOURCE	/* mremap */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compare.h"

static long pg;

static void mresult(const char *what, void *p)
{
	if (p == MAP_FAILED)
		printf("%s = MAP_FAILED, %s\n", what, errname(errno));
	else
		printf("%s = a new address\n", what);
}

static unsigned char *map(int pages, int prot)
{
	unsigned char *p = mmap(NULL, pages * pg, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		return NULL;
	}
	for (int i = 0; i < pages; i++)
		memset(p + i * pg, 0x10 + i, pg);
	if (prot != (PROT_READ | PROT_WRITE))
		mprotect(p, pages * pg, prot);
	return p;
}

/* What the pages of @p hold: "10 11 12", "zero", "mixed". */
static void show(const char *what, const unsigned char *p, int pages)
{
	printf("%s:", what);
	for (int i = 0; i < pages; i++) {
		const unsigned char *q = p + i * pg;
		long k;

		for (k = 1; k < pg && q[k] == q[0]; k++)
			;
		if (k < pg)
			printf(" mixed");
		else
			printf(" %02x", q[0]);
	}
	printf("\n");
}

static void limits(void)
{
	unsigned char *p = map(2, PROT_READ | PROT_WRITE);

	if (!p)
		return;
	result("munmap(p, SIZE_MAX)", munmap(p, SIZE_MAX));
	result("munmap(p, 0xfffffffffffff000)",
	       munmap(p, 0xfffffffffffff000UL));
	result("munmap(p, 1 << 62)", munmap(p, 1UL << 62));
	result("munmap(0xfffffffffffff000, 4096)",
	       munmap((void *)0xfffffffffffff000UL, 4096));
	result("mprotect(p, SIZE_MAX, PROT_READ)",
	       mprotect(p, SIZE_MAX, PROT_READ));
	result("mprotect(p, -8192, PROT_READ)",
	       mprotect(p, (size_t)-8192, PROT_READ));
	/* musl's mprotect rounds the range itself: the system call sees
	 * what it gets */
	result("SYS_mprotect(p, SIZE_MAX, PROT_READ)",
	       syscall(SYS_mprotect, p, SIZE_MAX, PROT_READ));
	result("SYS_mprotect(p, -4096, PROT_READ)",
	       syscall(SYS_mprotect, p, -4096L, PROT_READ));
	result("SYS_madvise(p, SIZE_MAX, MADV_NORMAL)",
	       syscall(SYS_madvise, p, SIZE_MAX, MADV_NORMAL));
	result("SYS_mremap(p, 4096, SIZE_MAX, MREMAP_MAYMOVE)",
	       syscall(SYS_mremap, p, 4096, SIZE_MAX, MREMAP_MAYMOVE));
	result("SYS_mremap(p, 4096, 1 << 62, MREMAP_MAYMOVE)",
	       syscall(SYS_mremap, p, 4096, 1UL << 62, MREMAP_MAYMOVE));
	result("SYS_mmap(0, -4096)",
	       syscall(SYS_mmap, 0, -4096L, PROT_READ,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	result("madvise(p, SIZE_MAX, MADV_NORMAL)",
	       madvise(p, SIZE_MAX, MADV_NORMAL));
	result("madvise(p, -8192, MADV_DONTNEED)",
	       madvise(p, (size_t)-8192, MADV_DONTNEED));
	result("madvise(0x1000, 1 << 47, MADV_NORMAL)",
	       madvise((void *)0x1000, 1UL << 47, MADV_NORMAL));
	result("mprotect(0x1000, 1 << 47, PROT_READ)",
	       mprotect((void *)0x1000, 1UL << 47, PROT_READ));
	mresult("mmap(SIZE_MAX)", mmap(NULL, SIZE_MAX, PROT_READ,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	mresult("mmap(-4096)", mmap(NULL, (size_t)-4096, PROT_READ,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
	mresult("mremap(p, 4096, SIZE_MAX)",
		mremap(p, 4096, SIZE_MAX, MREMAP_MAYMOVE));
	mresult("mremap(p, SIZE_MAX, 4096)", mremap(p, SIZE_MAX, 4096, 0));
	/* the mapping survived all of it */
	show("the mapping after them", p, 2);
	p[5] = 1;
	result("munmap(p, 2 pages)", munmap(p, 2 * pg));
}

static void remaps(void)
{
	unsigned char *p, *q;

	/* a second mapping made by the move must not be read instead */
	p = map(2, PROT_READ | PROT_WRITE);
	q = mremap(p, 2 * pg, 4 * pg, MREMAP_MAYMOVE);
	mresult("mremap 2 -> 4 pages", q);
	if (q != MAP_FAILED) {
		show("moved", q, 4);
		munmap(q, 4 * pg);
	}

	/* more than the mapping holds */
	p = map(1, PROT_READ | PROT_WRITE);
	mresult("mremap 4 pages of a 1-page mapping",
		mremap(p, 4 * pg, 8 * pg, MREMAP_MAYMOVE));
	mresult("mremap without MREMAP_MAYMOVE",
		mremap(p, pg, 8 * pg, 0));
	mresult("mremap of an unmapped address",
		mremap((void *)(16 * pg), pg, 2 * pg, MREMAP_MAYMOVE));
	mresult("mremap with old_len 0 (private)",
		mremap(p, 0, 2 * pg, MREMAP_MAYMOVE));
	mresult("mremap with unknown flags", mremap(p, pg, 2 * pg, 8));
	munmap(p, pg);

	/* a PROT_NONE mapping moves, and stays PROT_NONE until changed */
	p = map(2, PROT_NONE);
	q = mremap(p, 2 * pg, 3 * pg, MREMAP_MAYMOVE);
	mresult("mremap of a PROT_NONE mapping", q);
	if (q != MAP_FAILED) {
		result("mprotect it read/write",
		       mprotect(q, 3 * pg, PROT_READ | PROT_WRITE));
		show("its contents", q, 3);
		munmap(q, 3 * pg);
	}

	/* a read-only one keeps its contents */
	p = map(3, PROT_READ);
	q = mremap(p, 3 * pg, 5 * pg, MREMAP_MAYMOVE);
	mresult("mremap of a PROT_READ mapping", q);
	if (q != MAP_FAILED) {
		show("its contents", q, 5);
		munmap(q, 5 * pg);
	}

	/* part of a mapping; shrinking in place */
	p = map(4, PROT_READ | PROT_WRITE);
	q = mremap(p, 2 * pg, 3 * pg, MREMAP_MAYMOVE);
	mresult("mremap of the first half of a mapping", q);
	if (q != MAP_FAILED) {
		show("moved", q, 3);
		show("what stayed", p + 2 * pg, 2);
		munmap(q, 3 * pg);
	}
	q = mremap(p + 2 * pg, 2 * pg, pg, 0);
	printf("shrinking stays in place: %s\n",
	       q == p + 2 * pg ? "yes" : "no");
	show("the page left", p + 2 * pg, 1);
	result("munmap it", munmap(p + 2 * pg, pg));
}

/* munmap across several mappings leaves none of them mapped: a later
 * mprotect of any page of the range is ENOMEM. */
static void unmaps(void)
{
	unsigned char *p;
	int i, n = 0;

	p = map(6, PROT_READ | PROT_WRITE);
	/* six one-page mappings side by side: split by mprotect, then
	 * unmapped as one range */
	for (i = 0; i < 6; i += 2)
		mprotect(p + i * pg, pg, PROT_READ);
	result("munmap of pages 1-4", munmap(p + pg, 4 * pg));
	for (i = 0; i < 6; i++)
		if (mprotect(p + i * pg, pg, PROT_READ | PROT_WRITE) == 0)
			n |= 1 << i;
	printf("pages still mapped: %s%s%s%s%s%s\n", n & 1 ? "0 " : "",
	       n & 2 ? "1 " : "", n & 4 ? "2 " : "", n & 8 ? "3 " : "",
	       n & 16 ? "4 " : "", n & 32 ? "5" : "");
	show("pages 0 and 5", p, 1);
	show("", p + 5 * pg, 1);
	munmap(p, 6 * pg);

	/* three separate mappings in one range, and what lies between */
	unsigned char *a = map(1, PROT_READ | PROT_WRITE);
	unsigned char *b = map(1, PROT_READ | PROT_WRITE);
	unsigned char *c = map(1, PROT_READ | PROT_WRITE);
	unsigned char *lo = a < b ? (a < c ? a : c) : (b < c ? b : c);
	unsigned char *hi = a > b ? (a > c ? a : c) : (b > c ? b : c);

	result("munmap over three mappings",
	       munmap(lo, (size_t)(hi - lo) + pg));
	n = !mprotect(a, pg, PROT_READ) + !mprotect(b, pg, PROT_READ) +
	    !mprotect(c, pg, PROT_READ);
	printf("of the three, still mapped: %d\n", n);
}

static void zero(void)
{
	int fd = open("/dev/zero", O_RDWR), ro = open("/dev/zero", O_RDONLY);
	int wo = open("/dev/zero", O_WRONLY), nul = open("/dev/null", O_RDWR);
	unsigned char *p;

	p = mmap(NULL, 3 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	mresult("mmap of /dev/zero, private", p);
	if (p != MAP_FAILED) {
		show("it reads", p, 3);
		memset(p + pg, 0x5a, pg);
		show("written", p, 3);
		result("munmap", munmap(p, 3 * pg));
	}
	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	mresult("mmap of /dev/zero, shared", p);
	if (p != MAP_FAILED) {
		memset(p, 0x33, pg);
		result("MADV_DONTNEED", madvise(p, 2 * pg, MADV_DONTNEED));
		show("shared pages keep it", p, 2);
		munmap(p, 2 * pg);
	}
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0);
	mresult("read-only descriptor, private writable", p);
	if (p != MAP_FAILED)
		munmap(p, pg);
	mresult("read-only descriptor, shared writable",
		mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0));
	mresult("write-only descriptor",
		mmap(NULL, pg, PROT_READ, MAP_PRIVATE, wo, 0));
	mresult("/dev/null", mmap(NULL, pg, PROT_READ, MAP_PRIVATE, nul, 0));
	mresult("a closed descriptor",
		mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 77, 0));
	mresult("the console (stdout)",
		mmap(NULL, pg, PROT_READ, MAP_PRIVATE, 1, 0));
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} sections[] = {
		{ "limits", limits }, { "mremap", remaps },
		{ "munmap", unmaps }, { "zero", zero },
	};
	int n = sizeof(sections) / sizeof(sections[0]);

	pg = sysconf(_SC_PAGESIZE);
	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < n; i++) {
		int run = argc < 2;

		for (int k = 1; k < argc; k++)
			run |= !strcmp(argv[k], sections[i].name);
		if (run) {
			printf("-- %s\n", sections[i].name);
			sections[i].fn();
		}
	}
	return 0;
}
