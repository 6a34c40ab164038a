/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * aarch64 signal frames: not yet. The SVC entry has no exit hook
 * (UKPLAT_SIGNAL_HOOK is 0 in uk/plat/signal.h), so signal.c never
 * enters a handler there and never calls these.
 */
#include <uk/errno.h>
#include "sigframe.h"

long sigframe_nr(const struct ukplat_syscall_regs *r)
{
	return -1;
}

long sigframe_result(const struct ukplat_syscall_regs *r)
{
	return 0;
}

void sigframe_set_result(struct ukplat_syscall_regs *r, long ret)
{
}

void sigframe_restart(struct ukplat_syscall_regs *r)
{
}

unsigned long sigframe_sp(const struct ukplat_syscall_regs *r)
{
	return 0;
}

int sigframe_push(struct ukplat_syscall_regs *r, const struct l_siginfo *info,
		  const struct l_sigaction *ka, uint64_t mask,
		  const struct l_sigaltstack *ss)
{
	return -UK_ENOTSUP;
}

int sigframe_pop(struct ukplat_syscall_regs *r, uint64_t *mask)
{
	return -UK_ENOTSUP;
}
