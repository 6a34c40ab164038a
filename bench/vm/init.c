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
 * The status goes out the way libuk's x86_64 platform sends it: a write
 * to QEMU's isa-debug-exit device (iobase 0xf4), which makes QEMU exit
 * with (status << 1) | 1. Process 1 runs as root, so ioperm() lets it
 * write the port. Without that device the VM is powered off instead
 * (QEMU exits 0) and, should even that fail, the real _Exit() makes the
 * kernel panic, which with panic=-1 and QEMU's -no-reboot ends QEMU too.
 *
 * The console is already there: the kernel opens /dev/console (a node
 * in the initramfs) as descriptors 0, 1 and 2 of /init.
 */
#include <sys/io.h>
#include <sys/reboot.h>
#include <unistd.h>

#define DEBUG_EXIT_PORT	0xf4

_Noreturn void __real__Exit(int status);
_Noreturn void __wrap__Exit(int status);
int __real_reboot(int cmd);
int __wrap_reboot(int cmd);

_Noreturn void __wrap__Exit(int status)
{
	if (getpid() == 1) {
		if (!ioperm(DEBUG_EXIT_PORT, 4, 1))
			outl((unsigned int)status & 0xff, DEBUG_EXIT_PORT);
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
