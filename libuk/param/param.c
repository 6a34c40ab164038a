/* SPDX-License-Identifier: BSD-3-Clause */
/* Kernel arguments: lib.name=value sets a registered parameter. */
#include <uk/param.h>
#include <uk/print.h>
#include <uk/string.h>
#include <uk/errno.h>

extern const struct uk_param __uk_params_start[], __uk_params_end[];

static const struct uk_param *find(const char *name, size_t len)
{
	const struct uk_param *p;

	for (p = __uk_params_start; p < __uk_params_end; p++)
		if (!uk_strncmp(p->name, name, len) && !p->name[len])
			return p;
	return NULL;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "1", "yes", "on", "true" };
	static const char *const no[] = { "0", "no", "off", "false" };

	for (unsigned int i = 0; i < UK_ARRAY_SIZE(yes); i++) {
		if (!uk_strcmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!uk_strcmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -UK_EINVAL;
}

/* A number, refused (-ERANGE, the parameter untouched) above p->max. */
static int set_u64(const struct uk_param *p, const char *v)
{
	uint64_t n;
	int rc = uk_parse_u64(v, &n, true);

	if (rc < 0)
		return rc;
	if (p->max && n > p->max)
		return -UK_ERANGE;
	*(uint64_t *)p->addr = n;
	return 0;
}

static int set(const struct uk_param *p, const char *v)
{
	switch (p->type) {
	case UK_PARAM_STR:
		*(const char **)p->addr = v;
		return 0;
	case UK_PARAM_BOOL:
		return parse_bool(v, p->addr);
	case UK_PARAM_U64:
		return set_u64(p, v);
	case UK_PARAM_FUNC:
		return p->parse(v);
	default:
		return -UK_EINVAL;
	}
}

int uk_param_apply(int argc, char **argv, char **envp, int envmax)
{
	int envc = 0;

	for (int i = 0; i < argc; i++) {
		char *arg = argv[i], *eq = uk_strchr(arg, '=');
		const struct uk_param *p;
		int rc;

		if (!uk_strncmp(arg, "env.", 4) && eq && eq > arg + 4) {
			if (envc < envmax)
				envp[envc++] = arg + 4;
			else
				uk_pr_warn("too many env.* arguments; '%s' ignored\n",
					   arg);
			continue;
		}
		if (!eq) {
			uk_pr_warn("kernel argument '%s' is not lib.name=value; ignored\n",
				   arg);
			continue;
		}
		p = find(arg, eq - arg);
		if (!p) {
			uk_pr_warn("unknown kernel parameter '%.*s'; ignored\n",
				   (int)(eq - arg), arg);
			continue;
		}
		rc = set(p, eq + 1);
		if (rc == -UK_ERANGE && p->max)
			uk_pr_warn("bad value '%s' for kernel parameter %s (at most %lu); ignored\n",
				   eq + 1, p->name, (unsigned long)p->max);
		else if (rc < 0)
			uk_pr_warn("bad value '%s' for kernel parameter %s (%s); ignored\n",
				   eq + 1, p->name, p->help ? p->help : "");
	}
	envp[envc] = NULL;
	return envc;
}
