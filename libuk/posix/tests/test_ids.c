/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process identity (libuk/posix/process.c): root, no supplementary
 * groups. Keeping it succeeds (what a server started as root does
 * before serving: setgroups(0, NULL), setgid(0), setuid(0)); changing
 * it fails with EPERM, bad arguments with EINVAL or EFAULT, and the
 * identity afterwards is still root. Through syscall(), not musl's
 * wrappers (which broadcast setuid to every thread).
 */
#define _GNU_SOURCE
#include <uk/test.h>
#include <errno.h>
#include <grp.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FAILS_WITH(r, e) UK_TEST_EXPECT_((r) == -1 && errno == (e),	\
	"%s: %ld, errno %d, expected -1 and %s", #r, (long)(r), errno, #e)

UK_TESTCASE(ids, keep_root)
{
	unsigned int zero = 0;

	UK_TEST_EXPECT_EQ(syscall(SYS_setgroups, 0, NULL), 0);
	UK_TEST_EXPECT_EQ(syscall(SYS_setgroups, 1, &zero), 0);
	UK_TEST_EXPECT_EQ(syscall(SYS_setgid, 0), 0);
	UK_TEST_EXPECT_EQ(syscall(SYS_setuid, 0), 0);
	/* and the way memcached -u root does it, through musl */
	UK_TEST_EXPECT_EQ(setgroups(0, NULL), 0);
	UK_TEST_EXPECT_EQ(setgid(0), 0);
	UK_TEST_EXPECT_EQ(setuid(0), 0);
	UK_TEST_EXPECT_EQ(getgroups(0, NULL), 0);
}

UK_TESTCASE(ids, change_refused)
{
	unsigned int groups[2] = { 0, 100 };

	FAILS_WITH(syscall(SYS_setuid, 65534), EPERM);
	FAILS_WITH(syscall(SYS_setgid, 65534), EPERM);
	FAILS_WITH(syscall(SYS_setgroups, 2, groups), EPERM);
	UK_TEST_EXPECT_EQ(getuid(), 0);
	UK_TEST_EXPECT_EQ(geteuid(), 0);
	UK_TEST_EXPECT_EQ(getgid(), 0);
	UK_TEST_EXPECT_EQ(getegid(), 0);
}

UK_TESTCASE(ids, bad_arguments)
{
	FAILS_WITH(syscall(SYS_setuid, -1), EINVAL);
	FAILS_WITH(syscall(SYS_setgid, -1), EINVAL);
	FAILS_WITH(syscall(SYS_setgroups, -1, NULL), EINVAL);
	FAILS_WITH(syscall(SYS_setgroups, 65537, NULL), EINVAL);
	FAILS_WITH(syscall(SYS_setgroups, 1, (void *)16), EFAULT);
	FAILS_WITH(syscall(SYS_getgroups, -1, NULL), EINVAL);
}

UK_TEST_MAIN();
