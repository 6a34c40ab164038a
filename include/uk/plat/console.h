/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform console: the serial port (COM1 on x86_64, PL011 on aarch64). */
#ifndef UK_PLAT_CONSOLE_H
#define UK_PLAT_CONSOLE_H

#include <uk/essentials.h>

/* Writes @len bytes; "\n" goes out as "\r\n". Returns @len. */
int ukplat_coutk(const char *buf, unsigned int len);

/*
 * Reads up to @maxlen bytes that are already waiting, without blocking.
 * Returns the number of bytes read (0 when none is waiting).
 */
int ukplat_cink(char *buf, unsigned int maxlen);

#endif /* UK_PLAT_CONSOLE_H */
