/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process: one process (pid 1) with one thread (tid 1) until a
 * scheduler brings threads. exit of the only thread ends the VM.
 */
#include <uk/syscall.h>
#include <uk/boot.h>
#include <uk/errno.h>
#include "posix.h"

#define PID	1
#define TID	1

static int *clear_child_tid;

static long uk_sys_exit_group(int status)
{
	uk_boot_exit(status & 0xff);
}
UK_SYSCALL_REGISTER(exit_group, uk_sys_exit_group);

static long uk_sys_exit(int status)
{
	/* the only thread exiting ends the process */
	uk_boot_exit(status & 0xff);
}
UK_SYSCALL_REGISTER(exit, uk_sys_exit);

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

static long uk_sys_gettid(void)
{
	return TID;
}
UK_SYSCALL_REGISTER(gettid, uk_sys_gettid);

static long uk_sys_getuid(void)
{
	return 0;
}
UK_SYSCALL_REGISTER(getuid, uk_sys_getuid);
UK_SYSCALL_REGISTER(geteuid, uk_sys_getuid);
UK_SYSCALL_REGISTER(getgid, uk_sys_getuid);
UK_SYSCALL_REGISTER(getegid, uk_sys_getuid);

static long uk_sys_set_tid_address(int *tidptr)
{
	clear_child_tid = tidptr;
	return TID;
}
UK_SYSCALL_REGISTER(set_tid_address, uk_sys_set_tid_address);

static long uk_sys_set_robust_list(void *head, size_t len)
{
	return 0;
}
UK_SYSCALL_REGISTER(set_robust_list, uk_sys_set_robust_list);

static long uk_sys_sched_yield(void)
{
	return 0;
}
UK_SYSCALL_REGISTER(sched_yield, uk_sys_sched_yield);

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

bool uk_posix_is_self_tid(long tid)
{
	return tid == TID;
}
