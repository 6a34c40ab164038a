/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the compare-with-Linux programs of tests/apps print for a call's
 * result, so that libuk's answer and the host's read the same way:
 *
 *   errname(e)         the symbolic name of errno value @e ("ENOENT"),
 *                      "0" for 0, "errno N" for one not in the table
 *   result(what, r)    "WHAT = R" for R >= 0, "WHAT = R, ENAME" for a
 *                      failure (R < 0), with the errno the call left
 *   report(what, r)    "WHAT: R", or "WHAT: -1 ENAME" for a failure;
 *                      returns @r (pipes.c, unix.c)
 *   compare_main(argc, argv, prog, modes)
 *                      the programs with modes ("faults segv", "timers
 *                      queue 1000"): runs the function of @modes (a
 *                      table ended by { NULL }) named by argv[1] and
 *                      returns its status; the function gets argv + 1,
 *                      the mode's name then its arguments (NULL after
 *                      the last). No mode or an unknown one: "usage:
 *                      PROG MODE|MODE...", status 2
 *
 * Built into both sides (the libuk image and the host's static musl
 * program) from the same source; musl has no strerrorname_np.
 */
#ifndef TESTS_APPS_COMPARE_H
#define TESTS_APPS_COMPARE_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define COMPARE_ERRNO(e)	{ e, #e }

static inline const char *errname(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ 0, "0" },
		COMPARE_ERRNO(EPERM), COMPARE_ERRNO(ENOENT),
		COMPARE_ERRNO(ESRCH), COMPARE_ERRNO(EINTR),
		COMPARE_ERRNO(EIO), COMPARE_ERRNO(ENXIO),
		COMPARE_ERRNO(E2BIG), COMPARE_ERRNO(ENOEXEC),
		COMPARE_ERRNO(EBADF), COMPARE_ERRNO(ECHILD),
		COMPARE_ERRNO(EAGAIN), COMPARE_ERRNO(ENOMEM),
		COMPARE_ERRNO(EACCES), COMPARE_ERRNO(EFAULT),
		COMPARE_ERRNO(EBUSY), COMPARE_ERRNO(EEXIST),
		COMPARE_ERRNO(EXDEV), COMPARE_ERRNO(ENODEV),
		COMPARE_ERRNO(ENOTDIR), COMPARE_ERRNO(EISDIR),
		COMPARE_ERRNO(EINVAL), COMPARE_ERRNO(ENFILE),
		COMPARE_ERRNO(EMFILE), COMPARE_ERRNO(ENOTTY),
		COMPARE_ERRNO(ETXTBSY), COMPARE_ERRNO(EFBIG),
		COMPARE_ERRNO(ENOSPC), COMPARE_ERRNO(ESPIPE),
		COMPARE_ERRNO(EROFS), COMPARE_ERRNO(EMLINK),
		COMPARE_ERRNO(EPIPE), COMPARE_ERRNO(EDOM),
		COMPARE_ERRNO(ERANGE), COMPARE_ERRNO(EDEADLK),
		COMPARE_ERRNO(ENAMETOOLONG), COMPARE_ERRNO(ENOLCK),
		COMPARE_ERRNO(ENOSYS), COMPARE_ERRNO(ENOTEMPTY),
		COMPARE_ERRNO(ELOOP), COMPARE_ERRNO(ENOMSG),
		COMPARE_ERRNO(EOVERFLOW), COMPARE_ERRNO(EILSEQ),
		COMPARE_ERRNO(ENOTSOCK), COMPARE_ERRNO(EDESTADDRREQ),
		COMPARE_ERRNO(EMSGSIZE), COMPARE_ERRNO(EPROTOTYPE),
		COMPARE_ERRNO(ENOPROTOOPT), COMPARE_ERRNO(EPROTONOSUPPORT),
		COMPARE_ERRNO(EOPNOTSUPP), COMPARE_ERRNO(EAFNOSUPPORT),
		COMPARE_ERRNO(EADDRINUSE), COMPARE_ERRNO(EADDRNOTAVAIL),
		COMPARE_ERRNO(ENETUNREACH), COMPARE_ERRNO(ECONNABORTED),
		COMPARE_ERRNO(ECONNRESET), COMPARE_ERRNO(ENOBUFS),
		COMPARE_ERRNO(EISCONN), COMPARE_ERRNO(ENOTCONN),
		COMPARE_ERRNO(ETIMEDOUT), COMPARE_ERRNO(ECONNREFUSED),
		COMPARE_ERRNO(EHOSTUNREACH), COMPARE_ERRNO(EALREADY),
		COMPARE_ERRNO(EINPROGRESS), COMPARE_ERRNO(ECANCELED),
		COMPARE_ERRNO(EOWNERDEAD), COMPARE_ERRNO(ENOTRECOVERABLE),
	};
	static char buf[32];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(buf, sizeof(buf), "errno %d", e);
	return buf;
}

static inline void result(const char *what, long r)
{
	int e = errno;

	if (r < 0)
		printf("%s = %ld, %s\n", what, r, errname(e));
	else
		printf("%s = %ld\n", what, r);
}

static inline long report(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
	return r;
}

struct compare_mode {
	const char *name;
	int (*run)(char **argv);
};

static inline int compare_main(int argc, char **argv, const char *prog,
			       const struct compare_mode *modes)
{
	const struct compare_mode *m;

	for (m = modes; argc > 1 && m->name; m++)
		if (!strcmp(m->name, argv[1]))
			return m->run(argv + 1);
	printf("usage: %s ", prog);
	for (m = modes; m->name; m++)
		printf("%s%s", m->name, m[1].name ? "|" : "\n");
	return 2;
}

#endif /* TESTS_APPS_COMPARE_H */
