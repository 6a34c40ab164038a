/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * mlock, mlock2, munlock, mlockall, munlockall, compared with Linux
 * (tests/apps-compare.test): memory of every kind locks, a range with
 * an unmapped page is ENOMEM, bad flags are EINVAL. Small ranges only:
 * a program that is not root may lock RLIMIT_MEMLOCK bytes (8 MiB).
 *
 *   mlock          ranges (mlock2 without flags)
 *   mlock onfault  mlock2's flags (QEMU's user mode has only flags 0)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "compare.h"

static int data_var[4096];

static void onfault(void)
{
	char *heap = malloc(4096);
	char *none = mmap(NULL, 2 * 4096, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	result("mlock2(PROT_NONE mapping, MLOCK_ONFAULT)",
	       mlock2(none, 2 * 4096, MLOCK_ONFAULT));
	result("mlock2(heap, MLOCK_ONFAULT)", mlock2(heap, 4096, MLOCK_ONFAULT));
	result("mlock2(heap, 2)", mlock2(heap, 4096, 2));
}

int main(int argc, char **argv)
{
	char stack_buf[256];
	char *heap = malloc(20000);
	char *m = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *none = mmap(NULL, 2 * 4096, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1 && !strcmp(argv[1], "onfault")) {
		onfault();
		return 0;
	}
	result("mlock(heap, 20000)", mlock(heap, 20000));
	result("munlock(heap, 20000)", munlock(heap, 20000));
	result("mlock(stack, 256)", mlock(stack_buf, sizeof(stack_buf)));
	result("mlock(data, 16 KiB)", mlock(data_var, sizeof(data_var)));
	result("mlock(main's code, 100)", mlock((void *)(uintptr_t)main, 100));
	result("mlock(mapping + 100, 3 pages)", mlock(m + 100, 3 * 4096));
	result("munlock(mapping, 4 pages)", munlock(m, 4 * 4096));
	result("mlock(PROT_NONE mapping)", mlock(none, 2 * 4096));
	result("munlock(PROT_NONE mapping)", munlock(none, 2 * 4096));
	result("mlock2(PROT_NONE mapping, 0)", mlock2(none, 2 * 4096, 0));
	result("mlock(length 0)", mlock(m, 0));
	result("mlock(page 1, 4096)", mlock((void *)4096, 4096));
	result("mlock(length SIZE_MAX)", mlock(m, SIZE_MAX));
	result("mlock(mapping, 2^63)", mlock(m, (size_t)1 << 63));
	result("mlock(end of the address space)",
	       mlock((void *)(UINTPTR_MAX - 8191), 4096));

	munmap(m + 4096, 4096);
	result("mlock(4 pages, the second unmapped)", mlock(m, 4 * 4096));
	result("munlock(4 pages, the second unmapped)", munlock(m, 4 * 4096));
	result("mlock(the first page)", mlock(m, 4096));
	result("mlock(the last two pages)", mlock(m + 2 * 4096, 2 * 4096));

	result("mlock2(heap, 0)", mlock2(heap, 4096, 0));
	result("mlock2(unmapped page, 0)", mlock2(m + 4096, 4096, 0));

	result("mlockall(0)", mlockall(0));
	result("mlockall(MCL_ONFAULT)", mlockall(MCL_ONFAULT));
	result("mlockall(8)", mlockall(8));
	result("mlockall(MCL_CURRENT)", mlockall(MCL_CURRENT));
	result("mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)",
	       mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT));
	result("munlockall()", munlockall());
	return 0;
}
