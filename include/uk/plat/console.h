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

/*
 * Calls @fn from the console's receive interrupt whenever input arrives
 * (@fn then reads it with ukplat_cink). Returns 0, or -ENOTSUP when the
 * console has no receive interrupt (input must then be polled).
 */
int ukplat_cin_notify(void (*fn)(void));

#endif /* UK_PLAT_CONSOLE_H */
