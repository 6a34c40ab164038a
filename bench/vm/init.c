/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * init: what makes a static musl program behave as /init, process 1 of
 * the reference Linux VM, the way a libuk image behaves in QEMU: its exit
 * status reaches the host as QEMU's exit status, and the VM ends.
 *
 * It is linked with the program's unmodified objects and
 *
 *     musl-gcc -static ... init.o -Wl,--wrap=_Exit -Wl,--wrap=reboot
 *
 * so that every way out of the program -- main returning, exit(), _exit()
 * -- ends in __wrap__Exit below once musl has run the atexit handlers and
 * flushed stdio (musl's exit() ends in _Exit()). Process 1 must not
 * exit: Linux would panic. A program that knows it may be process 1 and
 * powers the VM off itself (bench/micro.c does) ends in __wrap_reboot,
 * which reports status 0, as if it had returned from main.
 *
 * The status goes out the way libuk's platform sends it on the same
 * architecture, so that QEMU's exit status means the same for both VMs:
 *
 * x86_64: a write to QEMU's isa-debug-exit device (iobase 0xf4), which
 * makes QEMU exit with (status << 1) | 1. Process 1 runs as root, so
 * ioperm() lets it write the port.
 *
 * aarch64: the semihosting call SYS_EXIT_EXTENDED, which makes QEMU exit
 * with the status itself. /init runs at EL0, and QEMU serves semihosting
 * from EL0 only with -semihosting-config ...,userspace=on (QEMU 7.1 on);
 * bench/run passes it to the Linux VM. The virt machine has no device an
 * unprivileged write could end QEMU with, and PSCI SYSTEM_OFF (what
 * reboot() does) carries no status.
 *
 * Without the device (x86_64) the VM is powered off instead (QEMU exits
 * 0, a failure for bench/run there) and, should even that fail, the
 * real _Exit() makes the kernel panic, which with panic=-1 and QEMU's
 * -no-reboot ends QEMU too. Without semihosting (aarch64) the call is an
 * undefined instruction: SIGILL kills process 1 and the kernel panics
 * likewise. QEMU then exits 0 as for status 0, so bench/run also takes
 * a kernel panic on the console for a failure.
 *
 * The console is already there: the kernel opens /dev/console (a node
 * in the initramfs) as descriptors 0, 1 and 2 of /init.
 */
#include <sys/reboot.h>
#include <unistd.h>

_Noreturn void __real__Exit(int status);
_Noreturn void __wrap__Exit(int status);
int __real_reboot(int cmd);
int __wrap_reboot(int cmd);

#if defined(__x86_64__)
#include <sys/io.h>

#define DEBUG_EXIT_PORT	0xf4

/* end QEMU with exit status (status << 1) | 1, if it has the device */
static void vm_exit(int status)
{
	if (!ioperm(DEBUG_EXIT_PORT, 4, 1))
		outl((unsigned int)status & 0xff, DEBUG_EXIT_PORT);
}
#elif defined(__aarch64__)
#define SYS_EXIT_EXTENDED	0x20
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

/* end QEMU with exit status status (semihosting, from EL0) */
static void vm_exit(int status)
{
	unsigned long block[2] = { ADP_STOPPED_APPLICATION_EXIT,
				   (unsigned long)status & 0xff };
	register unsigned long x0 __asm__("x0") = SYS_EXIT_EXTENDED;
	register unsigned long *x1 __asm__("x1") = block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}
#else
#error "bench/vm/init.c: no way to end the VM with a status on this architecture"
#endif

_Noreturn void __wrap__Exit(int status)
{
	if (getpid() == 1) {
		vm_exit(status);
		__real_reboot(RB_POWER_OFF);
	}
	__real__Exit(status);
}

int __wrap_reboot(int cmd)
{
	if (cmd == RB_POWER_OFF && getpid() == 1)
		__wrap__Exit(0);
	return __real_reboot(cmd);
}
