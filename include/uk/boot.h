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

/* What the auxiliary vector says about the program being started. */
struct uk_app_exec {
	const void *phdr;		/* AT_PHDR: its program headers, loaded */
	unsigned long phent, phnum;	/* AT_PHENT, AT_PHNUM */
	unsigned long entry;		/* AT_ENTRY */
	unsigned long base;		/* AT_BASE: its interpreter's base, or 0 */
	const char *execfn;		/* AT_EXECFN: the path it was run by */
};

/*
 * Builds a Linux initial stack below @sp (argc, argv, envp, the
 * auxiliary vector with @ex's values, AT_RANDOM's bytes, the vDSO) and
 * returns the stack pointer to enter the program's entry point with
 * (16-aligned, pointing at argc). The strings of @argv and @envp are not
 * copied: they must outlive the program. Provided with the C library
 * (libuk/musl/start.c); uk_app_start() uses it for the image itself,
 * the ELF loader for the executable it loads.
 */
void *uk_app_stack(char *sp, int argc, char **argv, char **envp,
		   const struct uk_app_exec *ex);

/* Allocates the application's main stack; returns its top (16-aligned). */
void *uk_boot_app_stack(void);

/* Monotonic time (ns) at which main() was entered, 0 before. */
uint64_t uk_boot_main_time(void);
void uk_boot_mark_main(void);

/* The application's argv[0] (kernel argument boot.argv0, "app"). */
const char *uk_boot_argv0(void);

#endif /* UK_BOOT_H */
