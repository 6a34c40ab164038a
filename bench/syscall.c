/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The cost of one system call, in TSC ticks per call.
 *
 * Prints one line per measurement, "NAME MEDIAN", MEDIAN being the median
 * over BATCHES batches of the ticks per call in a batch of CALLS calls:
 *
 *   floor   an empty function called through a volatile function pointer
 *   trap    syscall(SYS_getppid) through the C library: musl's SYSCALL
 *           instruction, then the kernel's entry (libuk) or Linux
 *   direct  uk_syscall(UK_NR_getppid), the function-call entry (libuk
 *           only: built when <uk/syscall.h> is on the include path)
 *
 * The batches of the measurements are interleaved, so that a slow phase
 * of the machine hits all of them alike. Under QEMU TCG the TSC is the
 * host's, so only ratios measured in one run mean something.
 *
 * Built by bench/syscall, for libuk (pkg-config uk-kvm) and for the host
 * (musl-gcc -static): the same source on both sides.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<uk/syscall.h>)
#include <uk/syscall.h>
#define HAVE_UK_SYSCALL 1
#endif
#endif

#define BATCHES	101
#define CALLS	1000

static __attribute__((noinline)) void empty(void)
{
	__asm__ volatile("" ::: "memory");
}

static void (*volatile empty_ptr)(void) = empty;

static inline uint64_t ticks(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)
			 :: "memory");
	return (uint64_t)hi << 32 | lo;
}

static uint64_t batch_floor(void)
{
	uint64_t t0 = ticks();

	for (int i = 0; i < CALLS; i++)
		empty_ptr();
	return ticks() - t0;
}

static uint64_t batch_trap(void)
{
	uint64_t t0 = ticks();

	for (int i = 0; i < CALLS; i++)
		syscall(SYS_getppid);
	return ticks() - t0;
}

#ifdef HAVE_UK_SYSCALL
static uint64_t batch_direct(void)
{
	uint64_t t0 = ticks();

	for (int i = 0; i < CALLS; i++)
		uk_syscall(UK_NR_getppid);
	return ticks() - t0;
}
#endif

struct bench {
	const char *name;
	uint64_t (*batch)(void);
	uint64_t t[BATCHES];
};

static struct bench benches[] = {
	{ "floor", batch_floor, { 0 } },
	{ "trap", batch_trap, { 0 } },
#ifdef HAVE_UK_SYSCALL
	{ "direct", batch_direct, { 0 } },
#endif
};

#define NBENCH	(sizeof(benches) / sizeof(benches[0]))

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(void)
{
	size_t i, b;

	/* warm up: first-call costs (page faults, translation) stay out */
	for (i = 0; i < NBENCH; i++)
		benches[i].batch();

	for (b = 0; b < BATCHES; b++)
		for (i = 0; i < NBENCH; i++)
			benches[i].t[b] = benches[i].batch();

	for (i = 0; i < NBENCH; i++) {
		qsort(benches[i].t, BATCHES, sizeof(uint64_t), cmp_u64);
		printf("%s %.1f\n", benches[i].name,
		       (double)benches[i].t[BATCHES / 2] / CALLS);
	}
	return 0;
}
