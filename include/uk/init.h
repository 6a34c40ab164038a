/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Init calls: a library registers a function that the boot sequence calls
 * before main(), in class order EARLY, PLAT, LIB, ROOTFS, SYS, LATE and,
 * within a class, in priority order 0..9 (then link order). An init call
 * returns 0 or a negative errno; a failure stops the boot with a crash
 * report naming the function.
 *
 * Termination hooks run at exit in the reverse of their registration
 * order (reverse class, then reverse priority), before the platform
 * terminates the VM.
 */
#ifndef UK_INIT_H
#define UK_INIT_H

#include <uk/essentials.h>

typedef int (*uk_init_func_t)(void);
typedef void (*uk_term_func_t)(int status);

struct uk_initcall {
	uk_init_func_t fn;
	const char *name;
};

#define UK_INIT_CLASS_EARLY	1
#define UK_INIT_CLASS_PLAT	2
#define UK_INIT_CLASS_LIB	3
#define UK_INIT_CLASS_ROOTFS	4
#define UK_INIT_CLASS_SYS	5
#define UK_INIT_CLASS_LATE	6

#define UK_INIT_SECTION_(cls, prio) ".uk_inittab." #cls #prio
#define UK_TERM_SECTION_(cls, prio) ".uk_termtab." #cls #prio

#define uk_initcall_prio(fn_, cls, prio)				\
	static const struct uk_initcall					\
	__used __section(UK_INIT_SECTION_(cls, prio)) __aligned(8)	\
	UK_CONCAT(__uk_initcall_, fn_) = { (fn_), #fn_ }

#define uk_termcall_prio(fn_, cls, prio)				\
	static const uk_term_func_t					\
	__used __section(UK_TERM_SECTION_(cls, prio)) __aligned(8)	\
	UK_CONCAT(__uk_termcall_, fn_) = (fn_)

#define uk_early_initcall(fn)	uk_initcall_prio(fn, 1, 5)
#define uk_plat_initcall(fn)	uk_initcall_prio(fn, 2, 5)
#define uk_lib_initcall(fn)	uk_initcall_prio(fn, 3, 5)
#define uk_rootfs_initcall(fn)	uk_initcall_prio(fn, 4, 5)
#define uk_sys_initcall(fn)	uk_initcall_prio(fn, 5, 5)
#define uk_late_initcall(fn)	uk_initcall_prio(fn, 6, 5)

/* Runs every init call; returns 0 or the first failure's error. */
int uk_init_run(void);
/* Runs the termination hooks in reverse order. */
void uk_term_run(int status);

#endif /* UK_INIT_H */
