/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * SYSCALL set-up, the system-call exit hook (uk/plat/signal.h) and the
 * x86_64-only system calls.
 */
#include <uk/config.h>
#include <x86/cpu.h>
#include <x86/irq.h>
#include <uk/syscall.h>
#include <uk/init.h>
#include <uk/errno.h>
#include <uk/uaccess.h>
#include <uk/plat/signal.h>

void x86_syscall_entry(void);
void x86_syscall_exit(struct x86_regs *regs);

/* Tested by syscall_entry.S after every system call: 1 takes the hook
 * (defined in irq.c: the end of an interrupt tests it too). */
extern unsigned char x86_syscall_exit_pending;
static ukplat_syscall_exit_fn_t exit_fn;

/* TF | DF | IF | IOPL | NT | AC are cleared on entry, as on Linux. */
#define SYSCALL_FMASK	0x47700

void x86_syscall_init(void)
{
	wrmsr(X86_MSR_STAR, (uint64_t)X86_GDT_CODE << 32);
	wrmsr(X86_MSR_LSTAR, (uint64_t)x86_syscall_entry);
	wrmsr(X86_MSR_FMASK, SYSCALL_FMASK);
	wrmsr(X86_MSR_EFER, rdmsr(X86_MSR_EFER) | X86_EFER_SCE);
}

static int syscall_entry_init(void)
{
	x86_syscall_init();
	return 0;
}
uk_early_initcall(syscall_entry_init);

void ukplat_syscall_exit_set(ukplat_syscall_exit_fn_t fn)
{
	exit_fn = fn;
}

void ukplat_syscall_exit_request(bool on)
{
	x86_syscall_exit_pending = on;
}

extern unsigned long x86_syscall_sp;	/* syscall_entry.S */
extern unsigned char x86_in_syscall;	/* thread.c */

unsigned long ukplat_syscall_sp(void)
{
	return x86_in_syscall ? x86_syscall_sp : 0;
}

/* The slow exit of syscall_entry.S, on its own stack, interrupts off. */
void x86_syscall_exit(struct x86_regs *regs)
{
	if (exit_fn)
		exit_fn((struct ukplat_syscall_regs *)regs);
	else
		x86_syscall_exit_pending = 0;
}

#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

static long uk_sys_arch_prctl(int code, unsigned long addr)
{
	unsigned long base;

	switch (code) {
	case ARCH_SET_FS:
		wrmsr(X86_MSR_FS_BASE, addr);
		return 0;
	case ARCH_SET_GS:
		/* with SMP, the GS base is the kernel's per-CPU pointer */
		if (UK_CONFIG_SMP)
			return -UK_EPERM;
		wrmsr(X86_MSR_GS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		base = rdmsr(X86_MSR_FS_BASE);
		return uk_copy_to_user((void *)addr, &base, sizeof(base));
	case ARCH_GET_GS:
		base = rdmsr(X86_MSR_GS_BASE);
		return uk_copy_to_user((void *)addr, &base, sizeof(base));
	default:
		return -UK_EINVAL;
	}
}
UK_SYSCALL_REGISTER(arch_prctl, uk_sys_arch_prctl);

long ukplat_syscall_trap(long nr, long a0, long a1, long a2, long a3,
			 long a4, long a5)
{
	register long r10 __asm__("r10") = a3;
	register long r8 __asm__("r8") = a4;
	register long r9 __asm__("r9") = a5;
	long ret;

	__asm__ __volatile__("syscall"
			     : "=a"(ret)
			     : "a"(nr), "D"(a0), "S"(a1), "d"(a2), "r"(r10),
			       "r"(r8), "r"(r9)
			     : "rcx", "r11", "memory");
	return ret;
}
