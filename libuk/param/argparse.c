/* SPDX-License-Identifier: BSD-3-Clause */
/* Shell-style splitting of the command line (contract in uk/param.h). */
#include <uk/param.h>
#include <uk/errno.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Characters a backslash escapes inside double quotes (as in sh). */
static bool dq_escapable(char c)
{
	return c == '"' || c == '\\' || c == '$' || c == '`';
}

int uk_argparse(char *line, char **argv, int max)
{
	char *in = line, *out = line;
	int argc = 0;

	for (;;) {
		char quote = 0;

		while (is_blank(*in))
			in++;
		if (!*in)
			break;
		if (argc == max)
			return -UK_E2BIG;
		argv[argc++] = out;
		/* copy one word, removing quotes, until an unquoted blank */
		for (; *in && (quote || !is_blank(*in)); in++) {
			if (quote == '\'') {
				if (*in == '\'')
					quote = 0;
				else
					*out++ = *in;
			} else if (quote == '"') {
				if (*in == '"')
					quote = 0;
				else if (*in == '\\' && dq_escapable(in[1]))
					*out++ = *++in;
				else
					*out++ = *in;
			} else if (*in == '\'' || *in == '"') {
				quote = *in;
			} else if (*in == '\\') {
				if (!in[1])
					return -UK_EINVAL;
				*out++ = *++in;
			} else {
				*out++ = *in;
			}
		}
		if (quote)
			return -UK_EINVAL;
		/* the terminator may overwrite the blank we stopped at */
		if (*in)
			in++;
		*out++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}
