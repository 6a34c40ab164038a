/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * measure: run one command and report its wall time and peak RSS.
 *
 *     measure OUTFILE TIMEOUT_S COMMAND [ARG...]
 *
 * Runs COMMAND (stdin, stdout and stderr inherited) and, once it has
 * exited, writes one line to OUTFILE:
 *
 *     <wall ns> <peak RSS KiB>
 *
 * The wall time runs from just before fork() to the return of wait4();
 * the peak RSS is ru_maxrss of that child (Linux: its VmHWM at exit,
 * including any children it waited for). Exits with COMMAND's exit
 * status, 124 if it ran longer than TIMEOUT_S seconds (it is then
 * killed with SIGKILL, like timeout -s KILL), 127 if it could not start.
 *
 * This replaces GNU time (which may be missing) and polling /proc: the
 * kernel records the high-water mark exactly, at no cost to the run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig)
{
	(void)sig;
	timed_out = 1;
	kill(child, SIGKILL);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct rusage ru;
	long long t0, t1;
	FILE *out;
	int status;

	if (argc < 4) {
		fprintf(stderr, "usage: measure OUTFILE TIMEOUT_S COMMAND [ARG...]\n");
		return 127;
	}
	sigaction(SIGALRM, &sa, NULL);
	t0 = now_ns();
	child = fork();
	if (child < 0) {
		perror("measure: fork");
		return 127;
	}
	if (child == 0) {
		execvp(argv[3], argv + 3);
		perror(argv[3]);
		_exit(127);
	}
	alarm((unsigned int)atoi(argv[2]));
	while (wait4(child, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("measure: wait4");
			return 127;
		}
	t1 = now_ns();
	alarm(0);

	out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 127;
	}
	fprintf(out, "%lld %ld\n", t1 - t0, ru.ru_maxrss);
	fclose(out);
	if (timed_out)
		return 124;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
