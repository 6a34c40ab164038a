/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * How a program ends, and what its parent sees: the exit status of
 * return/exit/_exit, atexit handlers (reverse order, stdout flushed after
 * them), abort() and a signal's default action (status 128 + signal, as
 * a shell reports it).
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   exit return N | exit N | _exit N     end with status N
 *   atexit N                             handlers, then exit(N)
 *   atexit-exit                          a handler calls exit(7)
 *   abort                                abort() with output pending
 *   raise SIG                            raise(SIG) (a number)
 *   kill SIG                             kill(getpid(), SIG)
 *   handler                              a SIGUSR1 handler runs on raise
 *   segv                                 a store through a NULL pointer
 *                                        (status 139: SIGSEGV)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void first(void)
{
	printf("handler registered first runs last\n");
	/* no newline: exit must still flush it after the handlers */
	printf("unterminated line from the last handler");
}

static void second(void)
{
	printf("handler registered second\n");
}

static void third(void)
{
	printf("handler registered third runs first\n");
}

static void exiting(void)
{
	printf("handler calls exit(7) from inside exit\n");
	exit(7);
}

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
}

static int usage(void)
{
	printf("usage: exit MODE [N]\n");
	return 2;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int n = argc > 2 ? atoi(argv[2]) : 0;

	printf("mode %s %d\n", mode, n);
	if (!strcmp(mode, "return"))
		return n;
	if (!strcmp(mode, "exit"))
		exit(n);
	if (!strcmp(mode, "_exit")) {
		/* the line is still in stdio's buffer: _exit drops it */
		printf("not flushed by _exit");
		_exit(n);
	}
	if (!strcmp(mode, "atexit")) {
		atexit(first);
		atexit(second);
		atexit(third);
		printf("registered 3 handlers\n");
		exit(n);
	}
	if (!strcmp(mode, "atexit-exit")) {
		atexit(second);
		atexit(exiting);
		return 3;
	}
	if (!strcmp(mode, "abort")) {
		atexit(first);
		printf("flushed before abort\n");
		fflush(stdout);
		printf("still buffered at abort: lost");
		abort();
		printf("abort returned\n");
		return 1;
	}
	if (!strcmp(mode, "raise")) {
		fflush(stdout);
		printf("raise returned %d\n", raise(n));
		return 0;
	}
	if (!strcmp(mode, "kill")) {
		fflush(stdout);
		printf("kill returned %d\n", kill(getpid(), n));
		return 0;
	}
	if (!strcmp(mode, "handler")) {
		signal(SIGUSR1, on_signal);
		printf("raise returned %d\n", raise(SIGUSR1));
		printf("handler ran: %s\n", caught == SIGUSR1 ? "yes" : "no");
		return 0;
	}
	if (!strcmp(mode, "segv")) {
		/* volatile: the compiler must not see that it is NULL */
		volatile int *volatile null = NULL;

		fflush(stdout);
		*null = 1;
		printf("the store through NULL went unnoticed\n");
		return 0;
	}
	return usage();
}
