/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel printing: a freestanding formatter and leveled log messages.
 *
 * Every console line the kernel prints starts with "# ", so that kernel
 * messages are TAP comments and can be told apart from application output.
 *
 * The formatter understands %d %i %u %x %X %o %c %s %p %% with the flags
 * '-' '0' '+' ' ' '#', a width and a precision (both may be '*'), and the
 * length modifiers hh h l ll z t j. Unknown conversions are printed
 * verbatim. A NULL %s prints "(null)".
 */
#ifndef UK_PRINT_H
#define UK_PRINT_H

#include <uk/essentials.h>

#define UK_LOG_CRIT	0
#define UK_LOG_ERR	1
#define UK_LOG_WARN	2
#define UK_LOG_INFO	3
#define UK_LOG_DEBUG	4

/*
 * Formats into @buf of @size bytes, always NUL-terminated when size > 0.
 * Returns the length the complete output would have had (like C99
 * vsnprintf), so a return value >= size means it was truncated.
 */
int uk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int uk_snprintf(char *buf, size_t size, const char *fmt, ...)
	__printf_like(3, 4);

/*
 * Formats through a callback that receives the output in pieces;
 * returns the number of characters produced.
 */
typedef void (*uk_print_out_t)(void *arg, const char *s, size_t len);
int uk_vcbprintf(uk_print_out_t out, void *arg, const char *fmt, va_list ap);

/* Writes raw text to the kernel console (no prefix). */
void uk_console_write(const char *s, size_t len);

/*
 * Prints a kernel message at @level if it passes the threshold (kernel
 * argument print.level=crit|err|warn|info|debug or 0..4; default info).
 * Each line of the message is prefixed with "# ".
 */
void uk_vprintk(int level, const char *fmt, va_list ap);
void uk_printk(int level, const char *fmt, ...) __printf_like(2, 3);

/* Prints "# "-prefixed lines whatever the threshold (test diagnostics). */
void uk_vcomment(const char *fmt, va_list ap);

/* Returns the current threshold / sets it (clamped to 0..4). */
int uk_print_level(void);
void uk_print_set_level(int level);

#define uk_pr_crit(...)		uk_printk(UK_LOG_CRIT, __VA_ARGS__)
#define uk_pr_err(...)		uk_printk(UK_LOG_ERR, __VA_ARGS__)
#define uk_pr_warn(...)		uk_printk(UK_LOG_WARN, __VA_ARGS__)
#define uk_pr_info(...)		uk_printk(UK_LOG_INFO, __VA_ARGS__)
#define uk_pr_debug(...)	uk_printk(UK_LOG_DEBUG, __VA_ARGS__)

/* uk_pr_warn the first time this line runs, nothing after; an expression. */
#define uk_pr_warn_once(...)						\
	({								\
		static bool uk_pr_once_;				\
		if (!uk_pr_once_) {					\
			uk_pr_once_ = true;				\
			uk_pr_warn(__VA_ARGS__);			\
		}							\
	})

#endif /* UK_PRINT_H */
