/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * idle MS [THREADS]: sleeps MS milliseconds through the scheduler, with
 * THREADS more threads (default 0) sleeping as long, then exits 0.
 * idle.test measures the host CPU time QEMU spends meanwhile.
 */
#include <uk/sched.h>
#include <uk/string.h>
#include <uk/print.h>

#define MS	1000000ULL

static uint64_t ms;

static void *sleeper(void *arg)
{
	uk_sched_sleep(ms * MS);
	return NULL;
}

int main(int argc, char **argv)
{
	uint64_t threads = 0;
	struct uk_thread *t[8];

	if (argc < 2 || uk_parse_u64(argv[1], &ms, false) < 0 ||
	    (argc > 2 && uk_parse_u64(argv[2], &threads, false) < 0) ||
	    threads > 8) {
		uk_pr_err("usage: idle MS [THREADS <= 8]\n");
		return 2;
	}
	for (uint64_t i = 0; i < threads; i++)
		t[i] = uk_thread_create(NULL, sleeper, NULL, NULL);
	uk_sched_sleep(ms * MS);
	for (uint64_t i = 0; i < threads; i++)
		if (t[i])
			uk_thread_join(t[i], NULL);
	return 0;
}
