/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process: one process (pid 1); its threads (the first is tid 1) are
 * in thread.c. exit_group ends the VM.
 *
 * Identity: the process is root (uid and gid 0) with no supplementary
 * groups, and stays so. Setting the identity it already has succeeds
 * (a server started as root that "switches" to root: memcached -u root);
 * any other identity fails with EPERM rather than pretending privileges
 * were dropped.
 */
#include <uk/syscall.h>
#include <uk/boot.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include "posix.h"

#define PID	1
#define ROOT	0u
#define NGROUPS_MAX	65536	/* Linux's limit on a group list */

static long uk_sys_exit_group(int status)
{
	uk_boot_exit(status & 0xff);
}
UK_SYSCALL_REGISTER(exit_group, uk_sys_exit_group);

static long uk_sys_getpid(void)
{
	return PID;
}
UK_SYSCALL_REGISTER(getpid, uk_sys_getpid);

static long uk_sys_getppid(void)
{
	return 0;
}
UK_SYSCALL_REGISTER(getppid, uk_sys_getppid);

static long uk_sys_getuid(void)
{
	return 0;
}
UK_SYSCALL_REGISTER(getuid, uk_sys_getuid);
UK_SYSCALL_REGISTER(geteuid, uk_sys_getuid);
UK_SYSCALL_REGISTER(getgid, uk_sys_getuid);
UK_SYSCALL_REGISTER(getegid, uk_sys_getuid);

/* setuid(id) and setgid(id): id is a 32-bit uid_t / gid_t. */
static long uk_sys_setid(unsigned int id)
{
	if (id == (unsigned int)-1)
		return -UK_EINVAL;
	return id == ROOT ? 0 : -UK_EPERM;
}
UK_SYSCALL_REGISTER(setuid, uk_sys_setid);
UK_SYSCALL_REGISTER(setgid, uk_sys_setid);

/*
 * setgroups(size, list): an empty list, or one naming only group 0, is
 * what the process has already (root's own group is no supplementary
 * group to add); anything else is EPERM.
 */
static long uk_sys_setgroups(int size, const unsigned int *list)
{
	unsigned int g;
	int i;

	if (size < 0 || size > NGROUPS_MAX)
		return -UK_EINVAL;
	for (i = 0; i < size; i++) {
		if (uk_copy_from_user(&g, list + i, sizeof(g)))
			return -UK_EFAULT;
		if (g != ROOT)
			return -UK_EPERM;
	}
	return 0;
}
UK_SYSCALL_REGISTER(setgroups, uk_sys_setgroups);

/* getgroups(size, list): no supplementary groups, whatever size is. */
static long uk_sys_getgroups(int size, unsigned int *list)
{
	(void)list;
	return size < 0 ? -UK_EINVAL : 0;
}
UK_SYSCALL_REGISTER(getgroups, uk_sys_getgroups);

static long uk_sys_getpgid(int pid)
{
	return (pid == 0 || pid == PID) ? PID : -UK_ESRCH;
}
UK_SYSCALL_REGISTER(getpgid, uk_sys_getpgid);

static long uk_sys_getsid(int pid)
{
	return uk_sys_getpgid(pid);
}
UK_SYSCALL_REGISTER(getsid, uk_sys_getsid);

bool uk_posix_is_self(long pid)
{
	return pid == 0 || pid == PID || pid == -1;
}
