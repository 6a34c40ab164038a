/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The system-call table. Libraries register entries in .uk_syscalltab;
 * an early init call scatters them into a table indexed by number, so a
 * dispatch is one bounds check and one indirect call.
 */
#include <uk/syscall.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/errno.h>
#include <uk/sched.h>

extern const struct uk_syscall_entry __uk_syscalltab_start[],
	__uk_syscalltab_end[];

static uk_syscall_fn_t table[UK_SYSCALL_MAX];
static uint64_t reported[(UK_SYSCALL_MAX + 63) / 64];
static bool reported_bad_number;
/* dispatches so far; only changed inside a system call */
static uint64_t dispatched;

static const char *const names[UK_SYSCALL_MAX] = {
#include "syscall_names.h"
};

/* The calls of the on-demand archive (uk/link.h): a call with no entry
 * may only be unlinked, and ondemand_hints[hint] says what links it. */
struct ondemand {
	short nr;
	unsigned char hint;
};
#include "syscall_ondemand.h"

/* What links system call @nr into an image, or NULL. */
static const char *ondemand_hint(long nr)
{
	for (size_t i = 0; i < UK_ARRAY_SIZE(ondemand); i++)
		if (ondemand[i].nr == nr)
			return ondemand_hints[ondemand[i].hint];
	return NULL;
}

const char *uk_syscall_name(long nr)
{
	if (nr < 0 || nr >= UK_SYSCALL_MAX || !names[nr])
		return "?";
	return names[nr];
}

static long enosys(long nr)
{
	if (nr < 0 || nr >= UK_SYSCALL_MAX) {
		if (!reported_bad_number)
			uk_pr_warn("system call number %ld does not exist: ENOSYS (reported once)\n",
				   nr);
		reported_bad_number = true;
	} else if (!(reported[nr / 64] & (1ULL << (nr % 64)))) {
		const char *hint = ondemand_hint(nr);

		reported[nr / 64] |= 1ULL << (nr % 64);
		if (hint)
			uk_pr_warn("system call %s (%ld) is not linked into this image: ENOSYS (libuk links it into programs that call %s)\n",
				   uk_syscall_name(nr), nr, hint);
		else
			uk_pr_warn("system call %s (%ld) is not implemented: ENOSYS\n",
				   uk_syscall_name(nr), nr);
	}
	return -UK_ENOSYS;
}

long uk_syscall6(long nr, long a0, long a1, long a2, long a3, long a4,
		 long a5)
{
	dispatched++;
	if (unlikely(nr < 0 || nr >= UK_SYSCALL_MAX || !table[nr]))
		return enosys(nr);
	return table[nr](a0, a1, a2, a3, a4, a5);
}

long uk_syscall(long nr, ...)
{
	long a[6];
	va_list ap;

	long r;

	/* like the C library's syscall(): always six arguments */
	va_start(ap, nr);
	for (int i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	/* the trap runs with interrupts off; a direct call must not be
	 * preempted either */
	uk_preempt_disable();
	r = uk_syscall6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
	uk_preempt_enable();
	return r;
}

uint64_t uk_syscall_count(void)
{
	return __atomic_load_n(&dispatched, __ATOMIC_RELAXED);
}

static int syscall_table_init(void)
{
	const struct uk_syscall_entry *e;

	for (e = __uk_syscalltab_start; e < __uk_syscalltab_end; e++) {
		if (e->nr < 0 || e->nr >= UK_SYSCALL_MAX) {
			uk_pr_err("system call %s: bad number %ld\n",
				  e->name, e->nr);
			return -UK_EINVAL;
		}
		if (table[e->nr])
			uk_pr_warn("system call %s registered twice\n",
				   e->name);
		table[e->nr] = e->fn;
	}
	return 0;
}
uk_early_initcall(syscall_table_init);
