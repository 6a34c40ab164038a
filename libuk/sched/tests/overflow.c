/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * overflow main|thread|own: recurses without end on the main stack, on
 * a thread's ("overflower", 16 KiB), or on a stack of the caller's with
 * an inaccessible page below that the scheduler does not know of (as
 * musl makes for pthreads), until that page faults. overflow.test
 * checks the crash report.
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
	uk_pr_err("usage: overflow main|thread|own\n");
	return 2;
}
