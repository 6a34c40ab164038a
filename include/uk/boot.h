/* SPDX-License-Identifier: BSD-3-Clause */
/* The boot sequence and the hand-over to the application. */
#ifndef UK_BOOT_H
#define UK_BOOT_H

#include <uk/essentials.h>

/*
 * Starts the application with its arguments and environment on a stack
 * of its own. Provided by the C library glue (libuk/musl builds the
 * Linux initial stack and enters the libc) or, without a libc, by
 * libuk/boot (calls main directly). Never returns: the application ends
 * through uk_boot_exit().
 */
void uk_app_start(int argc, char **argv, char **envp) __noreturn;

/* Runs the termination hooks and stops the VM with @status. */
void uk_boot_exit(int status) __noreturn;

/*
 * Stops a boot that has too little memory: prints what @what needed
 * (@size bytes), what the heap could give and the shortfall ("need N
 * KiB more"), then terminates with UK_STATUS_NOMEM (uk-run: status 126
 * and a line saying to give the guest more memory). For what the boot
 * itself cannot do without.
 */
void uk_boot_nomem(const char *what, size_t size) __noreturn;

/* Allocates the application's main stack; returns its top (16-aligned). */
void *uk_boot_app_stack(void);

/* Monotonic time (ns) at which main() was entered, 0 before. */
uint64_t uk_boot_main_time(void);
void uk_boot_mark_main(void);

/* The application's argv[0] (kernel argument boot.argv0, "app"). */
const char *uk_boot_argv0(void);

#endif /* UK_BOOT_H */
