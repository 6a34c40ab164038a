/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Assertions and kernel crashes. A crash prints the reason, the location,
 * the registers when known and a backtrace, then terminates the VM with
 * the crash status (UK_STATUS_CRASH), which uk-run reports as its own exit
 * status 125.
 */
#ifndef UK_ASSERT_H
#define UK_ASSERT_H

#include <uk/essentials.h>

/* The status a kernel crash terminates with (see ukplat_terminate). */
#define UK_STATUS_CRASH		(-1)
/* The status of a boot that has too little memory (uk_boot_nomem). */
#define UK_STATUS_NOMEM		(-2)

/*
 * The exit code for @status where only a number leaves the machine
 * (semihosting, PSCI, a board's reset): the status, 125 for a crash,
 * 126 for too little memory (uk-run's own codes for these).
 */
static inline int uk_status_code(int status)
{
	if (status == UK_STATUS_CRASH)
		return 125;
	if (status == UK_STATUS_NOMEM)
		return 126;
	return status & 0xff;
}

void uk_crash(const char *file, int line, const char *fmt, ...)
	__noreturn __printf_like(3, 4);

/*
 * Prints crash-report lines, each as "# [crash] ..." whatever the log
 * level (uk-run symbolizes the backtrace lines among them).
 */
void uk_crash_print(const char *fmt, ...) __printf_like(1, 2);

/* Platform: prints "#N 0xADDR" backtrace lines from the caller's frame. */
void ukplat_backtrace(void);

#define UK_CRASH(...)		uk_crash(__FILE__, __LINE__, __VA_ARGS__)

#define UK_ASSERT(x)							\
	do {								\
		if (unlikely(!(x)))					\
			uk_crash(__FILE__, __LINE__,			\
				 "assertion failed: %s", #x);		\
	} while (0)

#define UK_BUGON(x)		UK_ASSERT(!(x))

#endif /* UK_ASSERT_H */
