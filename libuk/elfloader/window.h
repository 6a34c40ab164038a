/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The memory the ELF loader keeps free for executables linked at fixed
 * addresses: [ELF_WINDOW_START, ELF_WINDOW_END), 4 MiB being where
 * x86_64 linkers put them by default.
 */
#ifndef UK_ELFLOADER_WINDOW_H
#define UK_ELFLOADER_WINDOW_H

#define ELF_WINDOW_START	0x400000UL
#if defined(__x86_64__)
#define ELF_WINDOW_SIZE		(16UL << 20)
#define ELF_WINDOW_ALIGN	ELF_WINDOW_START
#else	/* aarch64 virt has no RAM at 4 MiB: static PIE only, no window */
#define ELF_WINDOW_SIZE		4096UL
#define ELF_WINDOW_ALIGN	4096UL
#endif
#define ELF_WINDOW_END		(ELF_WINDOW_START + ELF_WINDOW_SIZE)

#endif
