/* SPDX-License-Identifier: BSD-3-Clause */
#include <uk/string.h>
#include <uk/errno.h>

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

static int suffix_shift(char c)
{
	switch (c) {
	case 'k': case 'K': return 10;
	case 'm': case 'M': return 20;
	case 'g': case 'G': return 30;
	default: return -1;
	}
}

int uk_parse_u64(const char *s, uint64_t *out, bool suffix)
{
	unsigned int base = 10;
	uint64_t v = 0;
	const char *p = s;
	int d, shift;

	if (!s || !*s)
		return -UK_EINVAL;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && p[2]) {
		base = 16;
		p += 2;
	}
	for (; *p && (d = digit_value(*p)) < (int)base; p++) {
		if (v > (UINT64_MAX - d) / base)
			return -UK_ERANGE;
		v = v * base + d;
	}
	if (p == s)
		return -UK_EINVAL;
	if (*p && suffix && (shift = suffix_shift(*p)) >= 0 && !p[1]) {
		if (v > (UINT64_MAX >> shift))
			return -UK_ERANGE;
		v <<= shift;
		p++;
	}
	if (*p)
		return -UK_EINVAL;
	*out = v;
	return 0;
}
