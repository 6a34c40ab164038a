/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel messages: every line goes to the console with a "# " prefix, so
 * that a TAP consumer reads kernel output as comments.
 */
#include <uk/print.h>
#include <uk/param.h>
#include <uk/assert.h>
#include <uk/string.h>
#include <uk/errno.h>
#include <uk/plat/console.h>

static int threshold = UK_LOG_INFO;

static const char *const level_names[] = {
	"crit", "err", "warn", "info", "debug"
};

static const char *const level_tags[] = {
	"CRIT: ", "error: ", "warning: ", "", "debug: "
};

int uk_print_level(void)
{
	return threshold;
}

void uk_print_set_level(int level)
{
	threshold = level < UK_LOG_CRIT ? UK_LOG_CRIT
		  : level > UK_LOG_DEBUG ? UK_LOG_DEBUG : level;
}

static int parse_level(const char *v)
{
	uint64_t n;

	for (unsigned int i = 0; i < UK_ARRAY_SIZE(level_names); i++) {
		if (!uk_strcmp(v, level_names[i])) {
			threshold = i;
			return 0;
		}
	}
	if (uk_parse_u64(v, &n, false) == 0 && n <= UK_LOG_DEBUG) {
		threshold = n;
		return 0;
	}
	return -UK_EINVAL;
}
UK_PARAM_PARSE(print, level, parse_level,
	       "crit|err|warn|info|debug or 0..4: messages shown");

void uk_console_write(const char *s, size_t len)
{
	ukplat_coutk(s, len);
}

/* Splits output into lines and puts "# " in front of each one. */
struct line_state {
	bool at_start;
	const char *tag;
};

static void line_out(void *arg, const char *s, size_t len)
{
	struct line_state *st = arg;

	while (len) {
		const char *nl;
		size_t n;

		if (st->at_start) {
			ukplat_coutk("# ", 2);
			if (st->tag && *st->tag)
				ukplat_coutk(st->tag, uk_strlen(st->tag));
			st->at_start = false;
		}
		nl = s;
		while (nl < s + len && *nl != '\n')
			nl++;
		n = nl - s + (nl < s + len);
		ukplat_coutk(s, n);
		if (nl < s + len)
			st->at_start = true;
		s += n;
		len -= n;
	}
}

static void vprint_tagged(const char *tag, const char *fmt, va_list ap)
{
	struct line_state st = { true, tag };

	uk_vcbprintf(line_out, &st, fmt, ap);
	if (!st.at_start)
		ukplat_coutk("\n", 1);
}

void uk_vprintk(int level, const char *fmt, va_list ap)
{
	if (level > threshold)
		return;
	if (level < UK_LOG_CRIT || level > UK_LOG_DEBUG)
		level = UK_LOG_CRIT;
	vprint_tagged(level_tags[level], fmt, ap);
}

void uk_vcomment(const char *fmt, va_list ap)
{
	vprint_tagged(NULL, fmt, ap);
}

void uk_crash_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_tagged("[crash] ", fmt, ap);
	va_end(ap);
}

void uk_printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	uk_vprintk(level, fmt, ap);
	va_end(ap);
}
