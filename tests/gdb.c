/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The image tests/gdb.test debugs: two kernel threads, "gdb-worker-a"
 * and "gdb-worker-b", that block on a semaphore inside worker_wait(),
 * then main() calls gdb_stop_here(), where the test's breakpoint sits.
 * The test lists the threads with uk-threads, takes a backtrace of a
 * blocked one with uk-bt (it must pass through worker_wait) and reads
 * the allocator statistics with uk-alloc. No libc: it builds with
 * --with-libc=none too.
 */
#include <uk/sched.h>
#include <uk/semaphore.h>
#include <uk/thread.h>

static struct uk_semaphore never;

__attribute__((noinline)) static void worker_wait(void)
{
	uk_semaphore_down(&never);
	__asm__ volatile("" ::: "memory");	/* no tail call */
}

static void *worker(void *arg)
{
	(void)arg;
	worker_wait();
	return NULL;
}

__attribute__((noinline)) void gdb_stop_here(void)
{
	__asm__ volatile("" ::: "memory");
}

int main(void)
{
	uk_semaphore_init(&never, 0);
	if (!uk_thread_create("gdb-worker-a", worker, NULL, NULL) ||
	    !uk_thread_create("gdb-worker-b", worker, NULL, NULL))
		return 1;	/* no threads: the test sees no workers */
	uk_sched_yield();
	gdb_stop_here();
	return 0;
}
