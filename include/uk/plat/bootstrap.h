/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform entry and termination. */
#ifndef UK_PLAT_BOOTSTRAP_H
#define UK_PLAT_BOOTSTRAP_H

#include <uk/essentials.h>

/*
 * Stops the VM with @status (0..255: the application's exit status;
 * UK_STATUS_CRASH for a kernel crash). On QEMU the status reaches the
 * host (isa-debug-exit on x86_64, semihosting on aarch64) and uk-run
 * exits with it. Never returns.
 */
void ukplat_terminate(int status) __noreturn;

/* Halts the CPU until the next interrupt. */
void ukplat_halt(void);

/* The kernel command line ("" when there is none); never NULL. */
const char *ukplat_cmdline(void);

/* Name of the platform and architecture, e.g. "kvm", "x86_64". */
const char *ukplat_name(void);
const char *ukplat_arch(void);

/*
 * Sets the stack pointer to @sp and jumps to @fn, with no frame to return
 * to. On x86_64, @sp must be 8 modulo 16 to look like a call.
 */
void ukarch_jump(void *sp, void (*fn)(void)) __noreturn;

/*
 * The boot chart: ukplat_boot_mark(@what) records that boot step @what
 * (a string that stays valid: a literal, an init call's name) has just
 * ended, with the time since platform entry. Cheap (a counter read), so
 * always on; the first UKPLAT_BOOT_MARKS steps are kept. The kernel
 * prints them at main with boot.chart=1 (uk-run --boot-chart).
 * ukplat_boot_step() gives the @i-th step: 0, or -1 past the last.
 */
#define UKPLAT_BOOT_MARKS	40
void ukplat_boot_mark(const char *what);
int ukplat_boot_step(unsigned int i, const char **what, uint64_t *ns);

/*
 * Entry into the platform-independent kernel, called by the platform
 * once the CPU, console and memory map are set up. Never returns.
 */
void uk_boot_entry(void) __noreturn;

#endif /* UK_PLAT_BOOTSTRAP_H */
