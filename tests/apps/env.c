/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * argv and the environment as a program receives them: every argument
 * byte for byte (spaces, quotes, backslashes, empty arguments), the whole
 * environ array in order, and getenv/setenv/unsetenv/putenv/clearenv.
 * argv[0] is shown as its basename without the .img/.host suffix, which
 * is all that the two runs have in common.
 * Compared with the host's static musl build by tests/apps-compare.test.
 */
#define _GNU_SOURCE	/* clearenv */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

/* Prints @s between brackets with its bytes made visible. */
static void show(const char *s)
{
	putchar('[');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c >= 0x7f)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	putchar(']');
}

static void show_args(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	size_t n;
	int i;

	base = base ? base + 1 : argv[0];
	n = strlen(base);
	if (n > 4 && (!strcmp(base + n - 4, ".img") ||
		      !strcmp(base + n - 5, ".host")))
		n -= base[n - 4] == '.' ? 4 : 5;
	printf("argc = %d\nargv[0] basename = %.*s\n", argc, (int)n, base);
	for (i = 1; i < argc; i++) {
		printf("argv[%d] = ", i);
		show(argv[i]);
		printf(" (%zu bytes)\n", strlen(argv[i]));
	}
	printf("argv[argc] is NULL: %s\n", argv[argc] ? "no" : "yes");
}

static void show_environ(const char *when)
{
	char **e;
	int n = 0;

	printf("environ %s:\n", when);
	if (!environ) {
		/* what musl's clearenv leaves */
		printf("  (NULL)\n");
		return;
	}
	for (e = environ; *e; e++, n++) {
		printf("  ");
		show(*e);
		printf("\n");
	}
	printf("  (%d entries)\n", n);
}

static void show_var(const char *name)
{
	const char *v = getenv(name);

	printf("getenv(\"%s\") = ", name);
	if (v)
		show(v);
	else
		printf("NULL");
	printf("\n");
}

static void edit(void)
{
	static char put[] = "PUT=by putenv";
	int r;

	r = setenv("NEWVAR", "new value", 0);
	printf("setenv(NEWVAR, no overwrite) = %d\n", r);
	show_var("NEWVAR");
	r = setenv("NEWVAR", "ignored", 0);
	printf("setenv(NEWVAR again, no overwrite) = %d\n", r);
	show_var("NEWVAR");
	r = setenv("NEWVAR", "replaced", 1);
	printf("setenv(NEWVAR, overwrite) = %d\n", r);
	show_var("NEWVAR");
	r = setenv("EMPTY", "", 1);
	printf("setenv(EMPTY, \"\") = %d\n", r);
	show_var("EMPTY");
	r = putenv(put);
	printf("putenv(PUT=...) = %d\n", r);
	show_var("PUT");
	put[4] = 'B';	/* putenv keeps the string itself */
	show_var("PUT");
	r = unsetenv("NEWVAR");
	printf("unsetenv(NEWVAR) = %d\n", r);
	show_var("NEWVAR");
	r = unsetenv("NEVER_SET");
	printf("unsetenv(NEVER_SET) = %d\n", r);
	errno = 0;
	r = setenv("BAD=NAME", "x", 1);
	printf("setenv(\"BAD=NAME\") = %d, errno %s\n", r,
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	errno = 0;
	r = setenv("", "x", 1);
	printf("setenv(\"\") = %d, errno %s\n", r,
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	errno = 0;
	r = unsetenv("");
	printf("unsetenv(\"\") = %d, errno %s\n", r,
	       errno == EINVAL ? "EINVAL" : strerror(errno));
	show_environ("after the edits");
	r = clearenv();
	printf("clearenv() = %d\n", r);
	show_environ("after clearenv");
	setenv("AFTER", "clear", 1);
	show_environ("after one more setenv");
}

int main(int argc, char **argv)
{
	show_args(argc, argv);
	show_environ("at start");
	show_var("GREETING");
	show_var("EMPTY_AT_START");
	show_var("MISSING");
	show_var("GREETING=");
	edit();
	return 0;
}
