/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The window (window.h) is a bss array aligned to its own start: the
 * image's bss then starts at 4 MiB (the image's code and data end below
 * it), and this file, the first of the link, puts the window first in
 * it. The boot zeroes it with the rest of the bss; the kernel's heap
 * keeps out of the image, so the memory stays free until the loader
 * gives what the program does not use to the heap. On aarch64 it is one
 * page: virt has no RAM at 4 MiB (window.h).
 */
#include "window.h"

char uk_elfloader_window[ELF_WINDOW_SIZE]
	__attribute__((aligned(ELF_WINDOW_ALIGN)));
