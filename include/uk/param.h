/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel parameters. The command line is "KERNEL-ARGS -- APP-ARGS"; a
 * kernel argument is lib.name=value and sets the parameter a library
 * registered with UK_PARAM. Unknown parameters and bad values get a
 * warning naming them and are otherwise ignored. env.NAME=value is
 * reserved: it puts NAME=value in the application's environment.
 */
#ifndef UK_PARAM_H
#define UK_PARAM_H

#include <uk/essentials.h>

#define UK_PARAM_STR	1	/* const char *: points into the cmdline */
#define UK_PARAM_BOOL	2	/* bool: 1/0, yes/no, on/off, true/false */
#define UK_PARAM_U64	3	/* uint64_t, with K/M/G suffixes, <= max */
/* int, by a name table: parse is called with the value text */
#define UK_PARAM_FUNC	4

struct uk_param {
	const char *name;	/* "lib.name" */
	int type;
	void *addr;
	/* for UK_PARAM_FUNC: returns 0 or -EINVAL */
	int (*parse)(const char *value);
	const char *help;
	/* for UK_PARAM_U64: the largest value accepted (0: any) */
	uint64_t max;
};

#define UK_PARAM_(lib, pname, type_, addr_, parse_, help_, max_)	\
	static const struct uk_param					\
	__used __section(".uk_params") __aligned(8)			\
	UK_CONCAT(__uk_param_##lib##_, pname) = {			\
		#lib "." #pname, type_, addr_, parse_, help_, max_	\
	}

#define UK_PARAM(lib, pname, type_, var, help)				\
	UK_PARAM_(lib, pname, type_, &(var), NULL, help, 0)
/* A uint64_t parameter whose values above @max are bad values */
#define UK_PARAM_U64_MAX(lib, pname, var, max, help)			\
	UK_PARAM_(lib, pname, UK_PARAM_U64, &(var), NULL, help, max)
#define UK_PARAM_PARSE(lib, pname, fn, help)				\
	UK_PARAM_(lib, pname, UK_PARAM_FUNC, NULL, fn, help, 0)

/*
 * Splits @line in place into words, shell style: blanks separate words,
 * '...' quotes literally, "..." quotes with \" \\ \$ \` escapes, and a
 * backslash outside quotes escapes the next character. Stores at most
 * @max pointers in @argv (NULL-terminated: @argv has room for max + 1).
 * Returns the number of words, -EINVAL for an unterminated quote or a
 * trailing backslash, -E2BIG when there are more than @max words.
 */
int uk_argparse(char *line, char **argv, int max);

/*
 * Applies kernel arguments @argv[0..argc) (the words before "--"):
 * sets registered parameters, collects env.NAME=value into @envp (at most
 * @envmax entries, NULL-terminated). Returns the number of environment
 * entries; reports every bad argument on the console.
 */
int uk_param_apply(int argc, char **argv, char **envp, int envmax);

#endif /* UK_PARAM_H */
