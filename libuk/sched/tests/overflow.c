/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * overflow main|thread|own: recurses without end on the main stack, on
 * a thread's ("overflower", 16 KiB), or on a stack of the caller's with
 * an inaccessible page below that the scheduler does not know of (as
 * musl makes for pthreads), until that page faults.
 * overflow gap: a thread ("gapper", 16 KiB) moves its stack pointer 40
 * KiB past the bottom of its stack at once (a large alloca, built
 * without stack-clash probes) and writes there: the gap below the stack
 * must catch it.
 * overflow stray: the main thread writes into the gap below the stack
 * of a sleeping thread ("victim"): a stray write, not a stack overflow.
 * overflow.test checks the crash report.
 */
#include <uk/sched.h>
#include <uk/alloc.h>
#include <uk/string.h>
#include <uk/print.h>
#include <uk/plat/paging.h>

static int __noinline recurse(int n)
{
	volatile char frame[256];

	frame[0] = (char)n;
	return recurse(n + 1) + frame[0];
}

static void *overflower(void *arg)
{
	return (void *)(uintptr_t)recurse(0);
}

#define SMALL_STACK	(16 * UK_KiB)

static void *gapper(void *arg)
{
	volatile char here, *p;
	uintptr_t top = UK_ALIGN_UP((uintptr_t)&here, UK_PAGE_SIZE);

	p = __builtin_alloca((uintptr_t)&here - (top - SMALL_STACK) +
			     40 * UK_KiB);
	p[0] = 1;	/* the lowest byte: no page in between touched */
	return (void *)(uintptr_t)p[0];
}

static volatile uintptr_t victim_top;

static void *victim(void *arg)
{
	volatile char here;

	victim_top = UK_ALIGN_UP((uintptr_t)&here, UK_PAGE_SIZE);
	uk_sched_sleep(3600ULL * 1000000000ULL);
	return NULL;
}

static int run_thread(const char *name, void *(*fn)(void *))
{
	struct uk_thread_attr attr = { .stack_size = SMALL_STACK };
	struct uk_thread *t = uk_thread_create(name, fn, NULL, &attr);

	if (!t) {
		uk_pr_err("no threads under %s\n", uk_sched_name());
		return 3;
	}
	if (fn == victim) {
		while (!victim_top)
			uk_sched_yield();
		/* the last page of the gap below its stack */
		*(volatile char *)(victim_top - SMALL_STACK - 16) = 1;
		return 5;	/* it did not fault */
	}
	uk_thread_join(t, NULL);
	return 1;
}

int main(int argc, char **argv)
{
	struct uk_thread_attr attr = { .stack_size = 16 * UK_KiB };
	struct uk_thread *t;

	if (argc > 1 && !uk_strcmp(argv[1], "main"))
		return recurse(0);
	if (argc > 1 && !uk_strcmp(argv[1], "thread")) {
		t = uk_thread_create("overflower", overflower, NULL, &attr);
		if (!t) {
			uk_pr_err("no threads under %s\n", uk_sched_name());
			return 3;
		}
		uk_thread_join(t, NULL);
		return 1;
	}
	if (argc > 1 && !uk_strcmp(argv[1], "own")) {
		char *stack = uk_palloc(uk_alloc_get_default(), 5);

		if (!stack || ukplat_page_protect((uintptr_t)stack,
						  UK_PAGE_SIZE,
						  UKPLAT_PROT_NONE) < 0)
			return 4;
		attr.stack_top = stack + 5 * UK_PAGE_SIZE;
		t = uk_thread_create("ownstack", overflower, NULL, &attr);
		if (!t)
			return 3;
		uk_thread_join(t, NULL);
		return 1;
	}
	if (argc > 1 && !uk_strcmp(argv[1], "gap"))
		return run_thread("gapper", gapper);
	if (argc > 1 && !uk_strcmp(argv[1], "stray"))
		return run_thread("victim", victim);
	uk_pr_err("usage: overflow main|thread|own|gap|stray\n");
	return 2;
}
