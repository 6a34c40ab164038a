/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process: one process (pid 1); its threads (the first is tid 1) are
 * in thread.c. exit_group ends the VM.
 */
#include <uk/syscall.h>
#include <uk/boot.h>
#include <uk/errno.h>
#include "posix.h"

#define PID	1

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
