/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A work queue on POSIX threads: WORKERS threads take chunks of the
 * range [2, LIMIT) from a shared cursor under a mutex, count the primes
 * in each chunk, and add their counts to a total; main waits on a
 * condition variable until every chunk is done, then joins the workers.
 *
 * Build it like any program (the library must be configured with
 * --with-sched=coop or --with-sched=preempt):
 *   cc threads.c $(pkg-config --cflags --libs uk-kvm) -o threads
 *   uk-run threads -- 4        # optional argument: number of workers
 * With --with-sched=none there are no threads: pthread_create fails and
 * the program says so and exits with status 1.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIMIT	200000
#define CHUNK	4000
#define MAX_WORKERS	64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t all_done = PTHREAD_COND_INITIALIZER;
static long next = 2;		/* first number not yet handed out */
static long chunks_left = (LIMIT - 2 + CHUNK - 1) / CHUNK;
static long total;

static int is_prime(long n)
{
	if (n < 4)
		return n > 1;
	if (n % 2 == 0)
		return 0;
	for (long d = 3; d * d <= n; d += 2)
		if (n % d == 0)
			return 0;
	return 1;
}

static void *worker(void *arg)
{
	long done = 0, from, to, count;

	(void)arg;
	for (;;) {
		pthread_mutex_lock(&lock);
		from = next;
		to = from + CHUNK < LIMIT ? from + CHUNK : LIMIT;
		next = to;
		pthread_mutex_unlock(&lock);
		if (from >= LIMIT)
			break;
		count = 0;
		for (long n = from; n < to; n++)
			count += is_prime(n);
		pthread_mutex_lock(&lock);
		total += count;
		if (--chunks_left == 0)
			pthread_cond_signal(&all_done);
		pthread_mutex_unlock(&lock);
		done++;
	}
	return (void *)done;
}

int main(int argc, char **argv)
{
	pthread_t t[MAX_WORKERS];
	long workers = argc > 1 ? strtol(argv[1], NULL, 10) : 4, chunks = 0;
	void *ret;
	int err;

	if (workers < 1 || workers > MAX_WORKERS) {
		fprintf(stderr, "threads: workers must be 1..%d\n",
			MAX_WORKERS);
		return 2;
	}
	for (long i = 0; i < workers; i++) {
		err = pthread_create(&t[i], NULL, worker, NULL);
		if (err) {
			printf("threads: cannot create a thread: %s\n",
			       strerror(err));
			return 1;
		}
	}
	pthread_mutex_lock(&lock);
	while (chunks_left)
		pthread_cond_wait(&all_done, &lock);
	pthread_mutex_unlock(&lock);
	for (long i = 0; i < workers; i++) {
		pthread_join(t[i], &ret);
		chunks += (long)ret;
	}
	printf("primes below %d: %ld (%ld workers, %ld chunks)\n", LIMIT,
	       total, workers, chunks);
	return 0;
}
