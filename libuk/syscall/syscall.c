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
#include <uk/thread.h>

extern const struct uk_syscall_entry __uk_syscalltab_start[],
	__uk_syscalltab_end[];

static uk_syscall_fn_t table[UK_SYSCALL_MAX];
static uint64_t reported[(UK_SYSCALL_MAX + 63) / 64];
static bool reported_bad_number;
/* dispatches so far; only changed inside a system call */
static uint64_t dispatched;
/*
 * A direct call's result that the next trap of resume_thread returns
 * without running the handler again (uk_syscall_direct_exit).
 */
static struct uk_thread *resume_thread;
static long resume_result;

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
	if (unlikely(resume_thread) && resume_thread == uk_thread_current()) {
		resume_thread = NULL;
		return resume_result;
	}
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

long uk_syscall_direct(long nr, long a0, long a1, long a2, long a3,
		       long a4, long a5)
{
	if (unlikely(nr < 0 || nr >= UK_SYSCALL_MAX || !table[nr]))
		return enosys(nr);
	return uk_syscall_direct_call(nr, table[nr], a0, a1, a2, a3, a4, a5);
}

/*
 * The call is made again through the trap, with its number and
 * arguments, but the trap returns @r instead of running the handler: the
 * exit hook then sees what the trap of an unmodified libc would have
 * left (a restart rewinds onto the trap instruction, which runs the
 * call for real). Under `preempt` a thread preempted before its trap
 * leaves resume_thread to the next one that gets here: its call is then
 * run again, which is what a restart does anyway.
 */
long uk_syscall_direct_exit(long nr, long r, long a0, long a1, long a2,
			    long a3, long a4, long a5)
{
	resume_result = r;
	resume_thread = uk_thread_current();
	return ukplat_syscall_trap(nr, a0, a1, a2, a3, a4, a5);
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
