/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Failures a program must see as Linux reports them: a system call
 * nobody implements (-1, ENOSYS, and the program goes on), missing
 * files (ENOENT), bad descriptors (EBADF), bad mmap requests, invalid
 * signals; and the C library's error texts (strerror, strerror_r,
 * perror). Nothing host-specific is printed.
 * Compared with the host's static musl build by tests/apps-compare.test.
 *
 *   errors [SECTION...]   syscall files fds mmap signals misc texts
 *                         (all of them when none is named)
 */
#define _GNU_SOURCE	/* syscall */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "compare.h"

#define MISSING "/nonexistent-libuk-test-dir/no-such-file.txt"

static void no_such_syscall(void)
{
	/* 999, 100000 and -1 are no system call on any architecture; on
	 * x86_64, 184 (tuxcall) and 236 (vserver) are numbers that Linux
	 * reserves and never implements */
	static const long nrs[] = { 999, -1, 100000,
#ifdef __x86_64__
		184, 236,
#endif
	};
	size_t i;

	for (i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++) {
		char what[40];

		errno = 0;
		snprintf(what, sizeof(what), "syscall(%ld, 1, 2, 3)", nrs[i]);
		result(what, syscall(nrs[i], 1, 2, 3));
	}
	printf("still running after unimplemented system calls\n");
}

static void missing_files(void)
{
	struct stat st;
	FILE *f;

	errno = 0;
	f = fopen(MISSING, "r");
	printf("fopen(missing, \"r\") = %s, %s\n", f ? "FILE" : "NULL",
	       errname(errno));
	errno = 0;
	f = fopen(MISSING, "w");
	printf("fopen(missing dir, \"w\") = %s, %s\n", f ? "FILE" : "NULL",
	       errname(errno));
	errno = 0;
	result("open(missing, O_RDONLY)", open(MISSING, O_RDONLY));
	errno = 0;
	result("stat(missing)", stat(MISSING, &st));
	errno = 0;
	result("access(missing, F_OK)", access(MISSING, F_OK));
	errno = 0;
	f = fopen(MISSING, "r");
	fflush(stdout);
	perror("perror after fopen");
	fprintf(stderr, "stderr and stdout stay in order\n");
}

static void bad_descriptors(void)
{
	char c;

	errno = 0;
	result("write(42)", write(42, "x", 1));
	errno = 0;
	result("read(-1)", read(-1, &c, 1));
	errno = 0;
	result("close(42)", close(42));
	errno = 0;
	result("fcntl(42, F_GETFD)", fcntl(42, F_GETFD));
	errno = 0;
	result("write(1, NULL, 0)", write(1, NULL, 0));
}

static void bad_mappings(void)
{
	void *p;
	long r;

	errno = 0;
	p = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	result("mmap(length 0)", p == MAP_FAILED ? -1 : 0);
	errno = 0;
	p = mmap(NULL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
	result("mmap(neither private nor shared)", p == MAP_FAILED ? -1 : 0);
	errno = 0;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, -1, 0);
	result("mmap(fd -1, not anonymous)", p == MAP_FAILED ? -1 : 0);
	errno = 0;
	p = mmap(NULL, (size_t)1 << 47, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	result("mmap(128 TiB)", p == MAP_FAILED ? -1 : 0);
	errno = 0;
	p = mmap(NULL, (size_t)1 << 62, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	result("mmap(2^62 bytes)", p == MAP_FAILED ? -1 : 0);
	errno = 0;
	p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	result("mmap(12 KiB)", p == MAP_FAILED ? -1 : 0);
	if (p != MAP_FAILED) {
		size_t i, nonzero = 0;

		for (i = 0; i < 3 * 4096; i++)
			nonzero += ((unsigned char *)p)[i] != 0;
		printf("  non-zero bytes in it: %zu\n", nonzero);
		memset(p, 0xaa, 3 * 4096);
		errno = 0;
		result("  munmap(unaligned)", munmap((char *)p + 1, 4096));
		errno = 0;
		result("  munmap(length 0)", munmap(p, 0));
		errno = 0;
		result("  munmap", munmap(p, 3 * 4096));
	}
	errno = 0;
	r = syscall(SYS_mmap, 0, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 1);
	result("mmap system call with offset 1", r < 0 ? r : 0);
}

static void bad_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	errno = 0;
	result("sigaction(SIGKILL, SIG_IGN)", sigaction(SIGKILL, &sa, NULL));
	errno = 0;
	result("sigaction(SIGSTOP, SIG_IGN)", sigaction(SIGSTOP, &sa, NULL));
	errno = 0;
	result("sigaction(0)", sigaction(0, &sa, NULL));
	errno = 0;
	result("sigaction(65)", sigaction(65, &sa, NULL));
	errno = 0;
	result("raise(1000)", raise(1000));
	errno = 0;
	result("sigaction(SIGUSR1, SIG_IGN)", sigaction(SIGUSR1, &sa, NULL));
	errno = 0;
	result("raise(SIGUSR1) while ignored", raise(SIGUSR1));
}

static void texts(void)
{
	char buf[64];
	int e, r;

	for (e = 0; e < 134; e++)
		printf("strerror(%d) = %s\n", e, strerror(e));
	printf("strerror(-1) = %s\n", strerror(-1));
	printf("strerror(4096) = %s\n", strerror(4096));
	r = strerror_r(ENOENT, buf, sizeof(buf));
	printf("strerror_r(ENOENT, 64 bytes) = %d \"%s\"\n", r, buf);
	r = strerror_r(ENOENT, buf, 5);
	printf("strerror_r(ENOENT, 5 bytes) = %s \"%s\"\n", errname(r), buf);
}

static void misc(void)
{
	unsigned char rnd[16];
	ssize_t n;

	printf("sysconf(_SC_PAGESIZE) = %ld\n", sysconf(_SC_PAGESIZE));
	errno = 0;
	n = getrandom(rnd, sizeof(rnd), 0);
	result("getrandom(16 bytes)", n);
}

static const struct {
	const char *name;
	void (*fn)(void);
} sections[] = {
	{ "syscall", no_such_syscall }, { "files", missing_files },
	{ "fds", bad_descriptors }, { "mmap", bad_mappings },
	{ "signals", bad_signals }, { "misc", misc }, { "texts", texts },
};

int main(int argc, char **argv)
{
	size_t i;
	int a;

	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		for (a = 1; a < argc; a++)
			if (!strcmp(argv[a], sections[i].name))
				break;
		if (argc == 1 || a < argc)
			sections[i].fn();
	}
	return 0;
}
