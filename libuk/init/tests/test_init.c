/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Init calls run before main in class order, then priority order,
 * whatever the order in which they were registered.
 */
#include <uk/test.h>
#include <uk/init.h>

static char order[16];
static int pos;

#define RECORD(fn, c)				\
	static int fn(void)			\
	{					\
		if (pos < 15)			\
			order[pos++] = (c);	\
		return 0;			\
	}

RECORD(late_one, 'L')
RECORD(lib_prio7, 'b')
RECORD(lib_prio2, 'a')
RECORD(early_one, 'E')
RECORD(plat_one, 'P')
RECORD(sys_one, 'S')
RECORD(rootfs_one, 'R')

uk_late_initcall(late_one);
uk_initcall_prio(lib_prio7, 3, 7);
uk_initcall_prio(lib_prio2, 3, 2);
uk_early_initcall(early_one);
uk_sys_initcall(sys_one);
uk_plat_initcall(plat_one);
uk_rootfs_initcall(rootfs_one);

UK_TESTCASE(init, class_then_priority_order)
{
	UK_TEST_EXPECT_STR_EQ(order, "EPabRSL");
}

UK_TESTCASE(init, each_ran_once)
{
	UK_TEST_EXPECT_EQ(pos, 7);
}

UK_TEST_MAIN()
